"""Finding the tasks a document assigns, wherever Vietnamese administrative writing puts them.

- Assignment sentences: "Giao Sở X chủ trì, phối hợp với Sở Y ...", "Đề nghị X ...",
  "Yêu cầu X ...", or an agency as the subject: "Sở X có trách nhiệm ...".
- Sections per agency: "2. Sở Kế hoạch và Đầu tư" then its dash items, each a task.
- A sentence with no subject continues the previous subject when it starts a new action
  ("Đồng thời, tham mưu ..."); when it only gives a date or a report-back ("Báo cáo UBND tỉnh
  trước ngày 10/3") that date goes to the tasks before it.
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
from .clauses import (ISSUER_KEYS, TRIGGERS, directs_own, has_subject, only_subject, opens_intro, opens_with,
                      read_clauses, restates, trigger_length)
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
#: Words a subject-less sentence starts with when it is not a new action: it elaborates or
#: dates the one before ("Trong đó, ...", "Theo đó, ...", "Thời gian ...").
_NOT_ACTION = ("cac", "noi dung", "thoi gian", "thoi han", "ket qua", "viec", "truong hop", "tren day",
               "hoi nghi", "dia diem", "danh muc", "ten cong trinh", "xem chi tiet", "tac gia", "theo do",
               "trong do", "tai cong van", "ubnd", "day la", "qua do", "nhu vay", "muc tieu", "cu the",
               "hinh anh", "nguon", "ngay", "sang", "chieu", "toi")
#: Connectives that open a new action for the same agency.
_NEW_ACTION = ("dong thoi", "ben canh do", "ngoai ra", "sau do", "tiep theo", "them vao do")
#: The closing formula of a plan or letter restates, it does not assign.
_CLOSING = re.compile(r"^(?:Trên đây là|Trong quá trình (?:tổ chức )?thực hiện)", re.I)
#: Who attended a meeting is reported, not assigned ("Dự cuộc họp có ...", "Tham dự hội nghị có ...").
_ATTENDANCE = re.compile(r"^(?:Cùng )?(?:tham )?dự (?:cuộc họp|hội nghị|buổi (?:họp|làm việc)|phiên họp)", re.I)


@dataclass
class _Context:
    section: str = ""
    top_descriptive: bool = False
    sub_descriptive: bool = False
    heading_leads: list[Mention] = field(default_factory=list)
    colon_leads: list[Mention] = field(default_factory=list)
    since_heading: list[ProposedTask] = field(default_factory=list)
    #: The tasks of a colon sentence with an action of its own, kept unless the items below
    #: turn out to carry its leads (then the items are the tasks and it only introduced them).
    intro: list[ProposedTask] = field(default_factory=list)
    #: Keys of who speaks in this document (its issuer), never the lead of what it assigns.
    speakers: frozenset[str] = frozenset()
    #: Whether the document has assigned anything yet (a closing formula restates what it did).
    assigned_before: bool = False


def extract_tasks(lines: list[str], lexicon: Lexicon, year: int | None,
                  speakers: frozenset[str] = frozenset()) -> list[ProposedTask]:
    tasks: list[ProposedTask] = []
    ctx = _Context(speakers=speakers)
    content_sections: list[str] = []  # the plan's sections before its "Tổ chức thực hiện"
    implemented = False
    for line in lines:
        if match := _ROMAN.match(line):
            tasks.extend(_settled_intro(ctx))
            implemented = implemented or "to chuc thuc hien" in name_key(match.group("rest"))
            if not implemented:
                content_sections.append(match.group("n"))
        tasks.extend(_read_line(line, ctx, lexicon, year))
    tasks += _settled_intro(ctx)
    if implemented:
        tasks = [t for t in tasks if not (t.item_ref in content_sections and _unnamed(t))]
    return tasks


#: Nouns that name no kind of body: "các địa phương, đơn vị", "các cấp, các ngành".
_UNNAMED_WORDS = frozenset("cac nhung dia phuong don vi co quan cap nganh to chuc va duoc phan cong lien quan".split())


def _unnamed(task: ProposedTask) -> bool:
    """A plan's content section says what is to be done by "các địa phương, đơn vị" (everyone);
    its "Tổ chức thực hiện" section says who. A lead that names no kind of body, read in the
    content of a plan that has that section, is no assignment."""
    return task.lead_is_group and set(name_key(task.lead).split()) <= _UNNAMED_WORDS


def _settled_intro(ctx: _Context) -> list[ProposedTask]:
    settled, ctx.intro = ctx.intro, []
    return settled


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


def _directs(construction: str) -> bool:
    """Whether a clause was read from a verb of assigning ("giao", "yêu cầu", ...)."""
    return name_key(construction) in TRIGGERS


def _descriptive(ctx: _Context) -> bool:
    return ctx.top_descriptive or ctx.sub_descriptive


def _numbered(number: str, rest: str, ctx: _Context, lexicon: Lexicon, year: int | None) -> list[ProposedTask]:
    """A numbered line is an agency heading, a sub-section title, or an assignment itself."""
    tokens = tokenize(rest)
    mentions, end = parse_list(tokens, 0, lexicon)
    only_agencies = mentions and all(t.text in ".;:," for t in tokens[end:])
    if only_agencies or _is_factored_heading(tokens, mentions, end):
        _new_section(ctx, number, "", top=False)
        ctx.heading_leads = [m for m in mentions if not _is_issuer(m, ctx)]
        return []
    if mentions and len(tokens) - end <= 4 and not rest.rstrip().endswith("."):
        _new_section(ctx, number, "", top=False)  # "3. Sở chuyên ngành phụ trách: trình bày"
        ctx.heading_leads = [m for m in mentions if not _is_issuer(m, ctx)]
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
    """The tasks of one paragraph, sentence by sentence; a sentence without an agency of its own
    continues the one before it (a new action is a new task, a date or report-back dates it)."""
    if _CLOSING.match(text):
        return []
    descriptive = _descriptive(ctx)
    tasks: list[ProposedTask] = []
    previous: list[Mention] = []
    for sentence in split_sentences(text):
        if _ATTENDANCE.match(sentence):
            continue
        tokens = tokenize(sentence)
        if _left_open(sentence, tokens):
            continue
        spans = read_clauses(sentence, tokens, lexicon, ctx.speakers)
        if ctx.assigned_before:
            spans = [span for span in spans if not restates(span)]
        in_hand = previous or default_leads
        if spans and in_hand and (directs_own(tokens, 0) or _asks_as_own_step(tokens, spans, lexicon)):
            spans = []  # "- Chỉ đạo các phòng chuyên môn ...": the agency in hand directs its own
        if descriptive:
            # a section that describes ("Đánh giá tình hình", "Kết quả đạt được") tells what
            # agencies did; only an explicit verb of assigning (giao, yêu cầu, ...) in it assigns
            spans = [span for span in spans if _directs(span.construction)]
            if not spans:
                continue
        if spans:
            for span in spans:
                deadline = choose_deadline(find_deadlines(span.text, year)) or (
                    choose_deadline(find_deadlines(sentence[:span.offset], year)) if span.offset else None)
                tasks.extend(_tasks_for(span.leads, span.support, sentence, deadline, ctx, span.construction))
            previous = [m for span in spans for m in span.leads]
            if sentence.rstrip().endswith(":") and (not item or only_subject(tokens, lexicon)):
                # "Giao X có trách nhiệm:" / "- Chủ tịch UBND các huyện:" name who the items below are for
                if item:
                    ctx.colon_leads = previous
                else:
                    ctx.heading_leads = previous
                own = [t for t in tasks if t.source == sentence.strip()]
                tasks = [t for t in tasks if t.source != sentence.strip()]
                if _acts_before_colon(tokens, spans):
                    tasks = _settled_intro(ctx) + tasks
                    ctx.intro = own
            continue
        deadline = choose_deadline(find_deadlines(sentence, year))
        leads = previous or default_leads
        dated = deadline is not None and deadline.due is not None
        if deadline is not None and _only_dates(tokens) and (tasks or ctx.since_heading):
            _give_deadline_to_earlier(ctx.since_heading + tasks, deadline)
        elif leads and _starts_with_action(tokens) and not has_subject(tokens, lexicon):
            if not previous:
                ctx.intro = []  # the items carry the introduction's leads: it only introduced them
            tasks.extend(_tasks_for(leads, [], sentence, deadline, ctx, "tiếp nối" if previous else "tiêu đề mục"))
        elif dated:
            _give_deadline_to_earlier(ctx.since_heading + tasks, deadline)
    ctx.since_heading.extend(tasks)
    ctx.assigned_before = ctx.assigned_before or bool(tasks)
    return tasks


def _left_open(sentence: str, tokens: list[Token]) -> bool:
    """"Nhằm đánh giá các trạm y tế, bệnh viện tuyến huyện năm nay,": a paragraph that is only
    an introductory clause, closed by a comma, has its main clause in the next one; its commas
    list what the work is about, so no agency in it is a subject."""
    return sentence.rstrip().endswith(",") and opens_intro(tokens, 0) and not trigger_length(tokens, 0)


#: What a colon sentence may end with and still only introduce the items below it.
_INTRODUCING = frozenset(("cac", "nhung", "mot", "so", "noi", "dung", "nhiem", "vu", "viec", "cong", "yeu", "cau",
                          "sau", "nhu", "cu", "the", "chu", "trong", "tam", "gom", "voi", "theo", "thuc", "hien",
                          "trien", "khai", "tap", "trung", "co", "trach", "nhiem", "sau", "day", "la", "va",
                          "giai", "phap", "mot", "so"))


def _acts_before_colon(tokens: list[Token], spans: list) -> bool:
    """"… yêu cầu X tổ chức kiểm định các cầu trên đường tỉnh, gồm những việc sau:" assigns an
    action of its own (a task, whose contents follow); "Giao X có trách nhiệm:" or "… thực hiện
    các nội dung sau:" only says who the items below are for. Told apart by what is left after
    the last agency once the introducing words are set aside; only an assignment (giao, yêu
    cầu, ...) introduces an action of its own this way."""
    if any(span.construction == "chủ ngữ" for span in spans):
        return False  # an agency as subject before a colon names who the items are for
    named = [m for span in spans for m in span.leads + span.support]
    after = tokens[max(m.end for m in named):] if named else tokens
    words = [t.key for t in after if t.key and any(c.isalnum() for c in t.key)]
    return len([w for w in words if w not in _INTRODUCING]) >= 4


def _tasks_for(leads: list[Mention], support: list[Mention], sentence: str, deadline: Deadline | None,
               ctx: _Context, construction: str) -> list[ProposedTask]:
    names = [m.name for m in support if not _generic(m)]
    tasks = []
    for lead in leads:
        task = ProposedTask(lead=_capitalised(lead.name), lead_is_group=lead.is_group,
                            support=[n for n in names if n != lead.name], summary=sentence.strip(),
                            source=sentence.strip(), item_ref=ctx.section, construction=construction)
        _apply_deadline(task, deadline)
        tasks.append(task)
    return tasks


def _apply_deadline(task: ProposedTask, deadline: Deadline | None) -> None:
    if deadline is None:
        return
    task.due, task.recurrence, task.due_text = deadline.due, deadline.recurrence, deadline.text
    task.problem, task.relative = deadline.problem, deadline.relative


def _give_deadline_to_earlier(tasks: list[ProposedTask], deadline: Deadline) -> None:
    """"Báo cáo UBND tỉnh trước ngày 10/3": the date of the assignments before it."""
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
    return any(trigger_length(tokens, i) for i in range(len(tokens)))


_REPORT_BACK = ("bao cao", "gui bao cao", "gui ket qua", "hoan thanh", "thoi gian", "thoi han", "hoan tat", "tien do",
                "cac noi dung", "noi dung", "ket qua", "thoi diem")


def _only_dates(tokens: list[Token]) -> bool:
    """A sentence that gives a date or a report-back and nothing else to do ("Báo cáo UBND tỉnh
    trước ngày ...", "Thời gian hoàn thành: ...") dates the assignment before it."""
    return opens_with(" ".join(t.key for t in tokens[:4] if t.key), _REPORT_BACK) and len(tokens) <= 40


def _starts_with_action(tokens: list[Token]) -> bool:
    """A sentence without a subject that starts with a verb ("Chủ trì ...", "Đồng thời, tham mưu
    ...") is a new action of the subject before it."""
    words = [t for t in tokens if t.key]
    if not words or not tokens[0].text[:1].isalpha():
        return False
    opening = " ".join(t.key for t in words[:3])
    return opens_with(opening, _NEW_ACTION) or not opens_with(opening, _NOT_ACTION)


def _asks_as_own_step(tokens: list[Token], spans: list, lexicon: Lexicon) -> bool:
    """"- Phát hành công văn hướng dẫn và yêu cầu các phòng gửi số liệu": a sentence without a
    subject that opens with an action of the agency in hand asks others as a step of its own,
    and "các nhiệm vụ ... do X chủ trì" in it names whose tasks they are, not a new lead."""
    opening = " ".join(t.key for t in tokens[:3] if t.key)
    if trigger_length(tokens, 0) or opens_with(opening, _SUBORDINATE) or has_subject(tokens, lexicon):
        return False
    return _starts_with_action(tokens) and all(_directs(span.construction) or span.construction == "do … chủ trì"
                                               for span in spans)


#: Openers of a clause that sets the scene for the issuer's assignment ("Để ..., yêu cầu X").
_SUBORDINATE = ("de", "doi voi", "truong hop", "can cu", "tren co so", "sau khi", "nham", "theo", "qua", "khi", "neu",
                "thuc hien", "ngoai ra", "rieng")


def _is_issuer(mention: Mention, ctx: _Context) -> bool:
    """The issuer named as a heading or in a list is who speaks, not a lead."""
    key = name_key(mention.name)
    return key in ctx.speakers or key in ISSUER_KEYS
