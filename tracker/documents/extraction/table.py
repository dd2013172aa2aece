"""Task tables ("Biểu tổng hợp nhiệm vụ") whose cells arrive as loose paragraphs in plain text.

Columns run: index, index name, component ("a) Tri thức công dân"), lead ("Chủ trì"), tasks
(dash items), result/deadline (short dash items: "Thường xuyên", "Hoàn thành trước
30/5/2020"), implementing units (dash items that are only agency names). A row starts at a
line that is nothing but an agency name; one task per row and lead.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...core.text import name_key
from .deadlines import find_deadlines
from .lexicon import Lexicon
from .mentions import Mention, parse_list, parse_name, tokenize
from .model import ProposedTask

TABLE_TITLE = re.compile(r"^(?:BIỂU|BẢNG|PHỤ LỤC)\b.*NHIỆM VỤ", re.I)
_COMPONENT = re.compile(r"^([a-zđ])\)\s*(.+)$")
_ITEM = re.compile(r"^[-–—•+]\s*(.+)$")
_PLACE_WORDS = {"thanh pho", "tp", "tinh"}
_HEADER_CELLS = {"tt", "stt", "chi so noi dung", "noi dung thanh phan", "nhiem vu", "ket qua", "don vi thuc hien",
                 "noi dung nhiem vu", "don vi chu tri", "don vi phoi hop", "thoi han", "thoi gian hoan thanh",
                 "ghi chu", "san pham"}


@dataclass
class _Row:
    lead: Mention
    component: str
    items: list[str] = field(default_factory=list)


def is_table_title(line: str) -> bool:
    return bool(TABLE_TITLE.match(line.strip()))


def extract_table(lines: list[str], lexicon: Lexicon, year: int | None) -> list[ProposedTask]:
    rows: list[_Row] = []
    component = ""
    after_index = after_component = False
    for index, line in enumerate(lines):
        if name_key(line) in _HEADER_CELLS or line.startswith("("):
            continue
        if line.isdigit():  # the index number; the next line is the index's name
            after_index = True
            continue
        if after_index:
            after_index = False
            continue
        if match := _COMPONENT.match(line):
            component, after_component = f"{match.group(1)}) {match.group(2)}", True
            continue
        if rows and not rows[-1].items and name_key(line) in _PLACE_WORDS:
            rows[-1].lead = _rejoin(rows[-1].lead, line, lexicon)  # a lead cell wrapped: "Thanh tra" / "Thành phố"
            continue
        lead = _lead_cell(lines, index, after_component, lexicon, year)
        after_component = False
        if lead is not None:
            rows.append(_Row(lead, component))
        elif rows:
            rows[-1].items.append(_cell_text(line))
    return [_task(row, lexicon, year) for row in rows if row.items]


def _cell_text(line: str) -> str:
    item = _ITEM.match(line)
    return (item.group(1) if item else line).strip()


def _lead_cell(lines: list[str], index: int, after_component: bool, lexicon: Lexicon,
               year: int | None) -> Mention | None:
    """The "Chủ trì" cell: an agency alone, right after the component or before a task text.

    Implementer cells look the same ("- Sở Xây dựng.") but are followed by more names, a
    result, or the next component, never by a task description.
    """
    text = _cell_text(lines[index])
    bare = not _ITEM.match(lines[index]) and text.rstrip()[-1:] not in ",;."
    lead = _only_agency(text.rstrip(" .;,"), lexicon)
    if lead is None:
        return None
    if after_component and bare:
        return lead
    following = _cell_text(lines[index + 1]) if index + 1 < len(lines) else ""
    return lead if _is_task_text(following, lexicon, year) else None


#: Cells of names or deadlines are short; longer ones are descriptions (read only for tasks).
_LONGEST_CELL = 200


def _is_task_text(text: str, lexicon: Lexicon, year: int | None) -> bool:
    """A task description starts with what to do, not with who (implementer cells do)."""
    if len(text.split()) < 6 or _COMPONENT.match(text) or parse_name(tokenize(text), 0, lexicon) is not None:
        return False
    return not any(len(d.text) >= 0.5 * len(text) for d in find_deadlines(text, year))


def _rejoin(lead: Mention, place: str, lexicon: Lexicon) -> Mention:
    written = f"{lead.written} {place}"
    return Mention(written, lexicon.lookup(written) or written, lead.is_group, lead.start, lead.end)


def _only_agency(line: str, lexicon: Lexicon) -> Mention | None:
    """One agency name and nothing else."""
    if len(line) > _LONGEST_CELL or not (line[:1].isupper() or line[:4].lower() in ("các ", "nhữn")):
        return None  # a cell naming a body opens with its capital, or with "các"
    tokens = tokenize(line)
    mentions, end = parse_list(tokens, 0, lexicon)
    if len(mentions) == 1 and end == len(tokens):
        return mentions[0]
    return None


def _task(row: _Row, lexicon: Lexicon, year: int | None) -> ProposedTask:
    # a deadline cell is mostly its deadline: an item longer than twice any deadline phrase is not one
    results = [d for item in row.items if len(item) <= _LONGEST_CELL for d in find_deadlines(item, year)
               if len(d.text) >= 0.5 * len(item)]
    dated = [d for d in results if d.due is not None]
    recurrences = Counter(d.recurrence for d in results if d.recurrence)
    task = ProposedTask(lead=row.lead.name, lead_is_group=row.lead.is_group, item_ref=f"Biểu: {row.component}",
                        summary=row.items[0], source="\n".join(f"- {i}" for i in row.items),
                        construction="bảng")
    if dated:
        first = min(dated, key=lambda d: d.due)
        task.due, task.due_text = first.due, first.text
    if recurrences:
        task.recurrence = recurrences.most_common(1)[0][0]
        task.due_text = task.due_text or next(d.text for d in results if d.recurrence == task.recurrence)
    problems = [d.problem for d in results if d.problem]
    task.problem = problems[0] if problems and not dated else None
    task.support = _implementers(row, lexicon)
    return task


def _implementers(row: _Row, lexicon: Lexicon) -> list[str]:
    names: list[str] = []
    for item in row.items:
        if len(item) > 4 * _LONGEST_CELL:
            continue  # a description, not a list of implementers
        tokens = tokenize(item)
        mentions, end = parse_list(tokens, 0, lexicon)
        if mentions and all(t.text in ".;," for t in tokens[end:]):
            names += [m.name for m in mentions if m.name != row.lead.name and m.name not in names]
    return names
