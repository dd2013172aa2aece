"""The whole reading: normalise the text, read the header, then the tasks in text and tables."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter

from ...core.dates import WorkingCalendar
from .header import read_header
from .lexicon import Lexicon
from .model import Extraction, ProposedTask
from .table import extract_table, is_table_title
from .tasks import extract_tasks

_THIS_DOCUMENT = re.compile(r"ban hành|ngày ký|(?:văn bản|kế hoạch|công văn|thông báo|chỉ thị|quyết định) này", re.I)
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_RECIPIENTS = re.compile(r"^(?:Nơi nhận|Nơi gửi)\s*:", re.I)
_LIST_MARK = re.compile(r"^[a-zđ]\s*\)")
_FULL_DATE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*((?:19|20)\d{2})\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def extract(text: str, lexicon: Lexicon) -> Extraction:
    text = normalise(text)
    header = read_header(text)
    year = header.issued.year if header.issued else _likely_year(text)
    body, tables = _split_body_and_tables(_lines(text))
    tasks = extract_tasks(body, lexicon, year)
    for table in tables:
        tasks += extract_table(table, lexicon, year)
    if header.issued:
        for task in tasks:
            _date_from_this_document(task, header.issued)
    return Extraction(header, tasks)


def _date_from_this_document(task: ProposedTask, issued: dt.date) -> None:
    """"trong 03 ngày làm việc kể từ ngày ban hành văn bản này" counts from the document's own
    date, which we know: propose the date (weekends and holidays skipped). Counted from
    anything else (a report, a meeting) the date is unknown and stays as-required."""
    if task.relative is None or task.relative[0] not in ("working_days_after", "days_after"):
        return
    if not _THIS_DOCUMENT.search(task.due_text):
        return
    count = task.relative[1]
    if task.relative[0] == "working_days_after":
        task.due = WorkingCalendar().add_working_days(issued, count)
    else:
        task.due = issued + dt.timedelta(days=count)
    task.recurrence = None


def normalise(text: str) -> str:
    """NFC (windows-1258 text arrives decomposed), one kind of line break, no control chars."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return _CONTROL.sub("", text)


def _lines(text: str) -> list[str]:
    """Non-empty lines, with paragraphs broken by page breaks joined again ("gửi Sở" / "chuyên ngành")."""
    lines: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if lines and line[:1].islower() and not _LIST_MARK.match(line) \
                and not lines[-1].endswith((".", ":", ";", "!", "?")):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return lines


def _split_body_and_tables(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """The body up to "Nơi nhận:", and each task table after it (annexes follow the signature)."""
    body: list[str] = []
    tables: list[list[str]] = []
    in_body = True
    for line in lines:
        if is_table_title(line):
            tables.append([])
            in_body = False
            continue
        if _RECIPIENTS.match(line):
            in_body = False
            continue
        if tables:
            tables[-1].append(line)
        elif in_body:
            body.append(line)
    return body, tables


def _likely_year(text: str) -> int | None:
    """Without an issue date: the year of the first full date near the top (a portal's posting
    date), else the year full dates use most, else the year mentioned most."""
    full = [int(m.group(1)) for m in _FULL_DATE.finditer(text)]
    top = [int(m.group(1)) for m in _FULL_DATE.finditer(text[:400])]
    if top:
        return top[0]
    years = full or [int(y) for y in _YEAR.findall(text)]
    return Counter(years).most_common(1)[0][0] if years else None
