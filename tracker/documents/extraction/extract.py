"""The whole reading: normalise the text, read the header, then the tasks in text and tables."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter

from ...core.dates import WorkingCalendar
from ...core.text import name_key
from .header import read_header
from .lexicon import Lexicon
from .model import DocumentHeader, Extraction, ProposedTask
from .syllables import unglue
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
    body, tables = _split_body_and_tables(_without_headline(_lines(text)))
    tasks = extract_tasks(body, lexicon, year, speakers_of(header, text))
    for table in tables:
        tasks += extract_table(table, lexicon, year)
    if header.issued:
        for task in tasks:
            _date_from_this_document(task, header.issued)
            if task.due is not None and task.due < header.issued and not task.problem:
                task.problem = "Thời hạn trước ngày ban hành văn bản: kiểm tra lại năm hoặc ngày."
    return Extraction(header, tasks)


def speakers_of(header: DocumentHeader, text: str) -> frozenset[str]:
    """Keys of the issuer as the text may name it: "UBND tỉnh Quảng Ninh", "UBND tỉnh"."""
    # a news text names its issuer in its first lines; a document says it in its header
    key = name_key(header.issuer or _reported_issuer(text))
    if not key:
        return frozenset()
    keys = {key}
    words = key.split()
    for n in range(2, len(words)):
        if words[n - 1] in ("tinh", "huyen", "quan", "xa", "phuong") or " ".join(words[n - 2:n]) == "thanh pho":
            keys.add(" ".join(words[:n]))
    return frozenset(keys)


_REPORTED_ISSUER = re.compile(r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã)"
                              r"(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,3}")


def _reported_issuer(text: str) -> str:
    """News texts name the issuing committee early ("UBND tỉnh Sơn La vừa yêu cầu ...")."""
    match = _REPORTED_ISSUER.search(text[:3000])
    return match.group(0) if match else ""


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
    """NFC (windows-1258 text arrives decomposed), one kind of line break, no control chars,
    words glued by scraping given their space back."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return unglue(_CONTROL.sub("", text))


def _lines(text: str) -> list[str]:
    """Non-empty lines, with paragraphs broken by page breaks joined again ("gửi Sở" / "chuyên ngành")."""
    lines: list[str] = []
    blank_before = False
    raw_lines = text.split("\n")
    hard_wrapped = _is_hard_wrapped(raw_lines)
    for raw in raw_lines:
        line = " ".join(raw.split())
        if not line:
            blank_before = True
            continue
        if lines and _continues(lines[-1], line, wrapped=hard_wrapped and not blank_before):
            lines[-1] += " " + line
        else:
            lines.append(line)
        blank_before = False
    return lines


_RANGE_END = re.compile(r"^[-–]\s*\d")
_ITEM_START = re.compile(r"^(?:[IVX]+\s*[.\-/]|\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\s*\)|[-–—•+*])\s")


def _is_hard_wrapped(raw_lines: list[str]) -> bool:
    """Text copied from a PDF or a fixed-width page breaks sentences at the margin: most long
    lines end without punctuation and run straight into the next line."""
    long_lines = open_ended = 0
    for line, following in zip(raw_lines, raw_lines[1:], strict=False):
        if len(line.split()) >= 8:
            long_lines += 1
            open_ended += bool(following.strip()) and not line.rstrip().endswith((".", ":", ";", "!", "?"))
    return long_lines >= 3 and open_ended >= 0.6 * long_lines


def _continues(previous: str, line: str, wrapped: bool) -> bool:
    """A line that carries on the sentence before it: after a line with no closing punctuation,
    one that starts in lower case, or any line after a long hard-wrapped one that does not
    open an item or heading."""
    if previous.endswith((".", ":", ";", "!", "?", "|")):
        return False
    if wrapped and previous[-1:].isdigit() and _RANGE_END.match(line):
        return True  # "giai đoạn 2016" / "- 2020": a range broken at the margin, not a dashed item
    if _ITEM_START.match(line) or _LIST_MARK.match(line):
        return False
    if line[:1].islower():
        return True
    if not wrapped or line.isupper() or previous.isupper() or not line[:1].isalnum():
        return False
    # A long line runs on; so does a short one that is already mid-sentence (a comma in it:
    # headings have none), the indented first line of a justified paragraph.
    return len(previous.split()) >= 10 or "," in previous


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


def _without_headline(lines: list[str]) -> list[str]:
    """A news item's headline restates what its body says ("Phó Chủ tịch UBND tỉnh kiểm tra
    ..."): the first line, when it is not a sentence and text follows it."""
    if len(lines) > 1 and not lines[0].rstrip().endswith((".", ":", ";", "!", "?")) and len(lines[0].split()) > 3 \
            and not _ITEM_START.match(lines[0]) and not lines[0].isupper():
        return lines[1:]
    return lines


def _likely_year(text: str) -> int | None:
    """Without an issue date: the year of the first full date near the top (a portal's posting
    date), else the year full dates use most, else the year mentioned most."""
    full = [int(m.group(1)) for m in _FULL_DATE.finditer(text)]
    top = [int(m.group(1)) for m in _FULL_DATE.finditer(text[:400])]
    if top:
        return top[0]
    years = full or [int(y) for y in _YEAR.findall(text)]
    return Counter(years).most_common(1)[0][0] if years else None
