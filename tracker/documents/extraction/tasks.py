"""Finding the tasks a document assigns, wherever Vietnamese administrative writing puts them.

- Assignment sentences: "Giao Sở X chủ trì, phối hợp với Sở Y ...", "Đề nghị X ...",
  "Yêu cầu X ...", or an agency as the subject: "Sở X có trách nhiệm ...".
- Sections per agency: "2. Sở Kế hoạch và Đầu tư" then its dash items, each a task.
- A sentence with no subject continues the previous subject when it starts a new action
  ("Báo cáo UBND Thành phố ... trước ngày 31/10/2020"); when it only gives a date ("Các nội
  dung thực hiện báo cáo UBND TP trước 20/2/2019") that date goes to the tasks before it.
- One task per lead: a list of leads ("các Sở: A, B", "Các sở, ngành, UBND các quận,
  huyện") gives one task each; groups stay groups.
Sections about purpose, participants, venue or the meeting's agenda assign nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...core.text import name_key
from .deadlines import Deadline, choose_deadline, find_deadlines
from .lexicon import Lexicon
from .mentions import Mention, Token, parse_list, tokenize
from .model import ProposedTask

_ROMAN = re.compile(r"^(?P<n>[IVX]{1,5})\s*[.\-/]\s*(?P<rest>.+)$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})*)\s*[.)]\s*(?P<rest>.+)$")
_LETTERED = re.compile(r"^(?P<n>[a-zđ])\s*\)\s*(?P<rest>.+)$")
_DASH = re.compile(r"^[-–—•]\s*(?P<rest>.+)$")
_PLUS = re.compile(r"^\+\s*(?P<rest>.+)$")
_SENTENCE_END = re.compile(r"(?<![A-ZĐ]{2}\.)(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\"“(])")
#: Section titles whose content describes rather than assigns.
_DESCRIPTIVE = ("muc dich", "yeu cau", "thanh phan", "dia diem", "hinh thuc", "thoi gian", "chuong trinh",
                "can cu", "ket qua dat duoc", "tinh hinh", "danh gia", "quan diem", "noi nhan")
#: Names that are the issuer speaking, never a task's lead.
_ISSUER_KEYS = {"ubnd", "ubnd tinh", "ubnd thanh pho", "ubnd tp", "chu tich ubnd tinh", "chu tich ubnd thanh pho",
                "thu tuong chinh phu", "chinh phu"}
#: Words a subject-less sentence starts with when it is not a new action.
_NOT_ACTION = ("cac", "noi dung", "thoi gian", "thoi han", "ket qua", "viec", "truong hop", "doi voi", "tren day",
               "hoi nghi", "dia diem", "danh muc", "ten cong trinh", "xem chi tiet", "tac gia", "theo do",
               "trong do", "tai cong van", "ubnd", "day la", "qua do", "nhu vay", "muc tieu")
#: Words after a subject that show it is not being given a task.
_NOT_PREDICATE = ("da", "vua", "cua", "co y kien", "ban hanh", "la co quan thuong truc", "tai", "ve")
_TRIGGERS = ("giao", "yeu cau", "de nghi")
#: The closing formula of a plan or letter restates, it does not assign.
_CLOSING = re.compile(r"^(?:Trên đây là|Trong quá trình (?:tổ chức )?thực hiện)", re.I)
_NOT_TRIGGER_AFTER = ("ban", "thong", "dich", "dat", "luu", "nop", "duoc")  # giao ban, giao thông, ...
_INTRO = re.compile(r"^(?:Riêng\s+|(?:Trên cơ sở|Căn cứ|Theo đó|Cụ thể|Đồng thời|Ngoài ra|Ngoài các nhiệm vụ trên|Trong đó|"
                    r"Để|Sau khi|Sau|Trước|Ngày(?=\s+\d)|Chiều|Sáng|Định kỳ|Hằng năm|Hàng năm|Hằng tháng|Hàng tháng|Hằng quý)[^,]{0,160},\s*)")


@dataclass
class _Context:
    section: str = ""
    top_descriptive: bool = False
    sub_descriptive: bool = False
    heading_leads: list[Mention] = field(default_factory=list)
    colon_leads: list[Mention] = field(default_factory=list)
    since_heading: list[ProposedTask] = field(default_factory=list)


def extract_tasks(lines: list[str], lexicon: Lexicon, year: int | None) -> list[ProposedTask]:
    tasks: list[ProposedTask] = []
    ctx = _Context()
    for line in lines:
        tasks.extend(_read_line(line, ctx, lexicon, year))
    return tasks


def _read_line(line: str, ctx: _Context, lexicon: Lexicon, year: int | None) -> list[ProposedTask]:
    if match := _ROMAN.match(line):
        _new_section(ctx, match.group("n"), match.group("rest"), top=True)
        return []
    for pattern in (_NUMBERED, _LETTERED):
        if match := pattern.match(line):
            return _numbered(match.group("n"), match.group("rest"), ctx, lexicon, year)
    if match := _DASH.match(line):
        ctx.colon_leads = []
        return _paragraph(match.group("rest"), ctx.heading_leads, ctx, lexicon, year, item=True)
    if match := _PLUS.match(line):
        return _paragraph(match.group("rest"), ctx.colon_leads or ctx.heading_leads, ctx, lexicon, year, item=True)
    return _paragraph(line, ctx.heading_leads, ctx, lexicon, year, item=False)


def _new_section(ctx: _Context, number: str, title: str, top: bool) -> None:
    key = name_key(title)
    descriptive = any(word in key for word in _DESCRIPTIVE) and len(key.split()) <= 12
    if top:
        ctx.section, ctx.top_descriptive, ctx.sub_descriptive = number, descriptive, False
    else:
        ctx.sub_descriptive = descriptive
    ctx.heading_leads, ctx.colon_leads, ctx.since_heading = [], [], []


def _descriptive(ctx: _Context) -> bool:
    return ctx.top_descriptive or ctx.sub_descriptive


def _numbered(number: str, rest: str, ctx: _Context, lexicon: Lexicon, year: int | None) -> list[ProposedTask]:
    """A numbered line is an agency heading, a sub-section title, or an assignment itself."""
    tokens = tokenize(rest)
    mentions, end = parse_list(tokens, 0, lexicon)
    only_agencies = mentions and all(t.text in ".;:," for t in tokens[end:])
    if only_agencies or _is_factored_heading(tokens, mentions, end):
        _new_section(ctx, number, "", top=False)
        ctx.heading_leads = [m for m in mentions if name_key(m.name) not in _ISSUER_KEYS]
        return []
    if mentions and len(tokens) - end <= 4 and not rest.rstrip().endswith("."):
        _new_section(ctx, number, "", top=False)  # "3. Sở chuyên ngành phụ trách thảo luận chuyên đề"
        ctx.heading_leads = [m for m in mentions if name_key(m.name) not in _ISSUER_KEYS]
        return []
    if len(tokens) <= 14 and not rest.rstrip().endswith((".", ":")) and not mentions and not _has_trigger(tokens):
        _new_section(ctx, number, rest, top=False)
        return []
    _new_section(ctx, number, "", top=False)
    found = _paragraph(rest, [], ctx, lexicon, year, item=False)
    if found:
        ctx.heading_leads = _leads_of(found, lexicon)
    return found


def _is_factored_heading(tokens: list[Token], mentions: list[Mention], end: int) -> bool:
    """"3. Giám đốc, Thủ trưởng các Sở: A, B; các đơn vị: C, D." lists who the items are for."""
    return bool(mentions) and end < len(tokens) and tokens[end].key == "cac" and ":" in [t.text for t in tokens[end:]]


def _leads_of(tasks: list[ProposedTask], lexicon: Lexicon) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for task in tasks:
        seen.setdefault(task.lead, Mention(task.lead, task.lead, task.lead_is_group, 0, 0))
    return list(seen.values())


def _paragraph(text: str, default_leads: list[Mention], ctx: _Context, lexicon: Lexicon, year: int | None,
               item: bool) -> list[ProposedTask]:
    if _descriptive(ctx) or _CLOSING.match(text):
        return []
    tasks: list[ProposedTask] = []
    previous: list[Mention] = []
    for sentence in split_sentences(text):
        tokens = tokenize(sentence)
        assignments = find_assignments(sentence, tokens, lexicon)
        deadline = choose_deadline(find_deadlines(sentence, year))
        if assignments:
            for leads, support in assignments:
                tasks.extend(_tasks_for(leads, support, sentence, deadline, ctx))
            previous = [m for leads, _ in assignments for m in leads]
            if sentence.rstrip().endswith(":") and (not item or _only_subject(sentence, tokens, lexicon)):
                # "Giao X có trách nhiệm:" / "- Chủ tịch UBND các huyện:" name who the items below are for
                if item:
                    ctx.colon_leads = previous
                else:
                    ctx.heading_leads = previous
                tasks = [t for t in tasks if t.source != sentence.strip()]
            continue
        leads = previous or default_leads
        if leads and _starts_with_action(tokens):
            tasks.extend(_tasks_for(leads, [], sentence, deadline, ctx))
        elif deadline is not None and deadline.due is not None:
            _give_deadline_to_earlier(ctx.since_heading + tasks, deadline)
    ctx.since_heading.extend(tasks)
    return tasks


def _tasks_for(leads: list[Mention], support: list[Mention], sentence: str, deadline: Deadline | None,
               ctx: _Context) -> list[ProposedTask]:
    names = [m.name for m in support if not _generic(m)]
    tasks = []
    for lead in leads:
        task = ProposedTask(lead=_capitalised(lead.name), lead_is_group=lead.is_group,
                            support=[n for n in names if n != lead.name], summary=sentence.strip(),
                            source=sentence.strip(), item_ref=ctx.section)
        _apply_deadline(task, deadline)
        tasks.append(task)
    return tasks


def _apply_deadline(task: ProposedTask, deadline: Deadline | None) -> None:
    if deadline is None:
        return
    task.due, task.recurrence, task.due_text = deadline.due, deadline.recurrence, deadline.text
    task.problem, task.relative = deadline.problem, deadline.relative


def _give_deadline_to_earlier(tasks: list[ProposedTask], deadline: Deadline) -> None:
    """"Các nội dung ... báo cáo UBND TP trước 20/2/2019": the date of the assignments before it."""
    for task in tasks:
        if task.due is None and task.recurrence is None and not task.problem:
            _apply_deadline(task, deadline)


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _generic(mention: Mention) -> bool:
    key = name_key(mention.name)
    return mention.is_group and (key.endswith("lien quan") or key.startswith(("cac co quan", "cac don vi")))


def split_sentences(text: str) -> list[str]:
    text = text.strip().rstrip("/").strip()
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _has_trigger(tokens: list[Token]) -> bool:
    return any(_trigger_length(tokens, i) for i in range(len(tokens)))


def _trigger_length(tokens: list[Token], i: int) -> int:
    for trigger in _TRIGGERS:
        n = len(trigger.split())
        if " ".join(t.key for t in tokens[i:i + n]) == trigger:
            after = tokens[i + n].key if i + n < len(tokens) else ""
            before = tokens[i - 1].key if i > 0 else ""
            if trigger == "giao" and (after in _NOT_TRIGGER_AFTER or before in ("ban", "duoc", "da", "chuyen")):
                return 0
            return n
    return 0


def find_assignments(sentence: str, tokens: list[Token], lexicon: Lexicon) -> list[tuple[list[Mention], list[Mention]]]:
    """(leads, coordinating agencies) for each assignment in a sentence.

    The subject wins: in "Văn phòng UBND TP ... yêu cầu các đơn vị xây dựng báo cáo" the task is
    the office's. "Giao X" assigns wherever it stands; "yêu cầu X", "đề nghị X" only at the
    start of the sentence or when the issuer says them ("UBND Thành phố đề nghị X ...").
    """
    start = _subject_start(sentence, tokens)
    leads, end = parse_list(tokens, start, lexicon)
    issuer_speaks = bool(leads) and all(name_key(m.name) in _ISSUER_KEYS for m in leads)
    leads = [m for m in leads if name_key(m.name) not in _ISSUER_KEYS]
    if leads and end < len(tokens) and _is_predicate(tokens, end) and not _trigger_length(tokens, end):
        return [(leads, _support_after(tokens, end, lexicon))]
    if leads and all(t.text in ":" for t in tokens[end:]) and end < len(tokens):
        return [(leads, [])]  # "Chủ tịch UBND các quận, huyện, thị xã:" introduces the items below
    found = []
    i = start
    while i < len(tokens):
        n = _trigger_length(tokens, i)
        at_start = i == start or (issuer_speaks and i <= end + 2)
        if not n or (tokens[i].key != "giao" and not at_start):
            i += 1
            continue
        j = i + n
        while j < len(tokens) and tokens[j].key in ("cho", "nhiem", "vu"):
            j += 1
        found_leads, list_end = parse_list(tokens, j, lexicon)
        found_leads = [m for m in found_leads if name_key(m.name) not in _ISSUER_KEYS]
        if found_leads:
            found.append((found_leads, _support_after(tokens, list_end, lexicon)))
            i = list_end
        else:
            i = j
    return found


def _only_subject(sentence: str, tokens: list[Token], lexicon: Lexicon) -> bool:
    """"Ngoài các nhiệm vụ trên, Chủ tịch UBND các quận, huyện, thị xã:" names who the
    following "+" items are for, and assigns nothing itself."""
    if not sentence.rstrip().endswith(":"):
        return False
    _, end = parse_list(tokens, _subject_start(sentence, tokens), lexicon)
    return all(t.text in ":." for t in tokens[end:])


def _subject_start(sentence: str, tokens: list[Token]) -> int:
    """Skip an introductory clause ("Trước ngày 15 hằng tháng, ") before the subject."""
    match = _INTRO.match(sentence)
    if not match:
        return 0
    return next((k for k, t in enumerate(tokens) if t.start >= match.end()), len(tokens))


def _is_predicate(tokens: list[Token], end: int) -> bool:
    if tokens[end].text == ":" and end + 1 < len(tokens) and tokens[end + 1].text[:1].islower():
        end += 1  # "Công an tỉnh: phối hợp, hỗ trợ ..."
    token = tokens[end]
    if not token.text[:1].isalpha() or token.is_capitalised and token.key not in ("la",):
        return token.text == "(" or False
    window = " ".join(t.key for t in tokens[end:end + 4])
    return not any(window == p or window.startswith(p + " ") for p in _NOT_PREDICATE)


def _support_after(tokens: list[Token], end: int, lexicon: Lexicon) -> list[Mention]:
    """Coordinating agencies: the list after "phối hợp (với|cùng)" close to the lead."""
    for k in range(end, min(len(tokens), end + 8)):
        if tokens[k].key == "phoi" and k + 1 < len(tokens) and tokens[k + 1].key == "hop":
            j = k + 2
            if j < len(tokens) and tokens[j].key in ("voi", "cung"):
                j += 1
            support, _ = parse_list(tokens, j, lexicon)
            return support
    return []


def _starts_with_action(tokens: list[Token]) -> bool:
    if not tokens or not tokens[0].text[:1].isalpha():
        return False
    opening = " ".join(t.key for t in tokens[:3])
    return not any(opening == w or opening.startswith(w + " ") for w in _NOT_ACTION)
