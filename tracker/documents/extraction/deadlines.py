"""Deadlines as Vietnamese administrative documents write them.

"trước ngày 30/11/2021", "chậm nhất ngày 15/6", "trong tháng 8/2020", "quý II/2020",
"6 tháng đầu năm 2021", "trong năm 2020" are calendar deadlines (the last day of the
period). "thường xuyên", "hằng tháng", "trước ngày 15 hằng tháng", "định kỳ 6 tháng" are
recurrences. "theo quy định", "khi có yêu cầu", "ít nhất 02 ngày trước ngày họp
ban", "trong thời hạn 03 ngày làm việc kể từ ngày nhận được" depend on an event, so they are
"as-required" with the relation kept for the reviewer. A date without a year takes the
document's year; an impossible date (31/02) is reported, never guessed.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Deadline:
    """One deadline phrase found in a text."""

    text: str
    start: int
    end: int
    due: dt.date | None = None
    recurrence: str | None = None
    #: For event-relative deadlines: ("working_days_after", 3) or ("days_before_meeting", 3).
    relative: tuple[str, int] | None = None
    #: Why a date-looking phrase gave no date ("31/02/2021 không tồn tại").
    problem: str | None = None


_CUE = r"(?:trước|chậm nhất(?: là)?(?: vào)?|hạn chót|hoàn thành(?: trước)?|xong trước|đến|tới|trong|hạn|vào)"
_D = r"(?P<d>\d{1,2})"
_M = r"(?P<m>\d{1,2})"
_Y = r"(?P<y>\d{4})"
_YEAR_OPT = rf"(?:\s*[/.-]\s*{_Y})?"
#: "trước 14 giờ, ngày 05/12/2017", "trước 17h00 ngày 20/5".
_HOUR = r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?\s*,?\s*)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Recurrences that carry a day: "trước ngày 15 hằng tháng", "trước ngày 25/12 hằng năm".
    ("monthly_day", re.compile(rf"(?:định kỳ\s+)?(?:{_CUE}\s+)?ngày\s+\d{{1,2}}\s+(?:hằng|hàng|mỗi)\s+tháng", re.I)),
    ("annual_day", re.compile(rf"(?:định kỳ\s+)?(?:{_CUE}\s+)?(?:ngày\s+)?\d{{1,2}}\s*/\s*\d{{1,2}}\s+(?:hằng|hàng|mỗi)\s+năm", re.I)),
    ("relative_working", re.compile(
        r"(?:trong (?:thời hạn|vòng)\s+)?(?P<n>\d{1,3})\s+ngày(?P<work>\s+làm việc)?\s*,?\s*(?:kể từ|sau khi|từ)\s+(?:ngày\s+)?"
        r"(?:nhận|có|được|ban hành|kết thúc|tổ chức)[^,.;]{0,60}", re.I)),
    ("relative_before", re.compile(
        r"(?:ít nhất|tối thiểu|trước)\s+(?P<n>\d{1,3})\s+ngày(?:\s+làm việc)?\s+(?:trước|so với)\s+(?:ngày\s+)?"
        r"(?:diễn ra|tổ chức|họp|khai mạc)[^,.;]{0,40}|trước (?:ít nhất|tối thiểu)\s+(?P<n2>\d{1,3})\s+ngày", re.I)),
    ("relative_within", re.compile(r"trong (?:vòng|thời hạn|thời gian)\s+(?P<n>\d{1,3})\s+(?P<unit>ngày|tuần|tháng)"
                                   r"(?!\s+(?:đầu|cuối))(?P<work>\s+làm việc)?", re.I)),
    ("full_words", re.compile(rf"{_CUE}\s+{_HOUR}ngày\s+{_D}\s+tháng\s+{_M}\s+năm\s+{_Y}", re.I)),
    ("numeric", re.compile(rf"{_CUE}\s+{_HOUR}(?:ngày\s+)?{_D}\s*[/.-]\s*{_M}{_YEAR_OPT}(?![/\d]|\.\d)", re.I)),
    ("last_months", re.compile(rf"(?:{_CUE}\s+)?(?P<n>\d{{1,2}}|ba|sáu)\s+tháng\s+cuối\s+năm(?:\s+{_Y})?", re.I)),
    ("half_year", re.compile(rf"(?:{_CUE}\s+)?6\s+tháng\s+(?P<half>đầu|cuối)\s+năm(?:\s+{_Y})?", re.I)),
    ("quarter", re.compile(rf"(?:{_CUE}\s+)?quý\s+(?P<q>IV|III|II|I|[1-4])(?![\w])(?:\s*(?:/|-|năm)\s*{_Y})?", re.I)),
    ("month", re.compile(rf"{_CUE}\s+tháng\s+{_M}(?:\s*(?:/|năm)\s*{_Y})?(?![/\d])", re.I)),
    ("month", re.compile(rf"(?<![\w/])tháng\s+{_M}\s*(?:/|năm)\s*{_Y}", re.I)),
    ("year", re.compile(rf"(?:trong|trước|hoàn thành trong|đến hết|cuối)\s+năm\s+{_Y}", re.I)),
    ("semiannual", re.compile(r"(?:định kỳ\s+)?(?:6|06|sáu)\s+tháng(?:\s*(?:,|và|/)\s*(?:01|1|một)\s+năm)?(?!\s+(?:đầu|cuối))", re.I)),
    ("quarterly", re.compile(r"(?:định kỳ\s+)?(?:hằng|hàng|mỗi)\s+quý|định kỳ\s+(?:theo\s+)?quý", re.I)),
    ("monthly", re.compile(r"(?:định kỳ\s+)?(?:hằng|hàng|mỗi)\s+tháng|định kỳ\s+(?:theo\s+)?tháng", re.I)),
    ("weekly", re.compile(r"(?:định kỳ\s+)?(?:hằng|hàng|mỗi)\s+tuần|định kỳ\s+(?:theo\s+)?tuần", re.I)),
    ("annual", re.compile(r"(?:định kỳ\s+)?(?:hằng|hàng|mỗi)\s+năm|định kỳ\s+(?:theo\s+)?năm", re.I)),
    ("continuous", re.compile(r"thường xuyên|hằng ngày|hàng ngày", re.I)),
    ("as_required", re.compile(
        r"(?<!đúng )theo quy định|khi có yêu cầu|theo yêu cầu|nếu có (?:vấn đề )?phát sinh[^,.;]{0,40}|"
        r"khi cần thiết|trong trường hợp cần thiết|đột xuất", re.I)),
    # "báo cáo Sở Y tế khi có dịch bệnh": a report whose time is an event
    ("report_on_event", re.compile(r"khi (?:có|xảy ra|phát sinh)\b[^,.;]{0,40}", re.I)),
]

_RECURRENCE_OF = {
    "monthly_day": "monthly", "annual_day": "annual", "semiannual": "semiannual", "quarterly": "quarterly",
    "monthly": "monthly", "weekly": "weekly", "annual": "annual", "continuous": "continuous",
    "as_required": "as-required", "relative_working": "as-required", "relative_before": "as-required",
    "relative_within": "as-required", "report_on_event": "as-required",
}
#: A date right after a document reference is that document's date, not a deadline.
_DAY_BEFORE_MONTH = re.compile(r"ngày\s+\d{1,2}\s+$", re.I)
#: "theo quy định" sets a time only where it governs one ("thời hạn theo quy định", "báo cáo
#: định kỳ theo quy định"); after any other verb it says how the work is done, not when.
_LAWFUL_MANNER = re.compile(r"theo quy định", re.I)
_TIMING_WORDS = re.compile(r"\b(?:thời hạn|thời gian|báo cáo|định kỳ|đúng hạn|tiến độ|kịp thời)\b(?:\s+[\wÀ-ỹ]+){0,3}\s*$",
                           re.I)


_REPORTS = re.compile(r"\bbáo cáo\b", re.I)


def _times_a_report(text: str, start: int) -> bool:
    """Whether "báo cáo" comes before `start` in the same ";"-clause (within 80 characters)."""
    return bool(_REPORTS.search(text[max(0, start - 80):start].split(";")[-1]))


def _governs_timing(before: str) -> bool:
    """After a word of timing in the same clause, or standing alone (a table's deadline cell)."""
    clause = re.split(r"[,;.:|\n]", before)[-1]
    return not clause.strip() or bool(_TIMING_WORDS.search(clause))


_CITED_DOCUMENT = re.compile(r"(?:số\s+)?\d+[^\s,;]*/[A-ZĐ][\w.&-]*\s*$", re.I)


#: A word each pattern cannot match without: most sentences skip most patterns.
_NEEDLES = {
    "monthly_day": ("tháng",), "annual_day": ("năm",), "relative_working": ("ngày",), "relative_before": ("ngày",),
    "relative_within": ("trong",), "last_months": ("cuối năm",), "full_words": ("tháng",), "numeric": ("/", "-", "."), "half_year": ("tháng",), "quarter": ("quý",),
    "month": ("tháng",), "year": ("năm",), "semiannual": ("tháng",), "quarterly": ("quý",), "monthly": ("tháng",),
    "weekly": ("tuần",), "annual": ("năm",), "continuous": ("thường xuyên", "ngày"),
    "as_required": ("quy định", "yêu cầu", "phát sinh", "cần thiết", "đột xuất"), "report_on_event": ("khi ",),
}


def find_deadlines(text: str, default_year: int | None) -> list[Deadline]:
    """Every deadline phrase in `text`, in order, without overlaps (first, longest pattern wins)."""
    taken = _Spans()
    found: list[Deadline] = []
    lowered = text.lower()
    for kind, pattern in _PATTERNS:
        if not any(needle in lowered for needle in _NEEDLES[kind]):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            before = text[max(0, start - 40):start]
            if kind in ("full_words", "numeric") and _CITED_DOCUMENT.search(before):
                continue
            if kind == "month" and _DAY_BEFORE_MONTH.search(before):
                continue  # "ngày 10 tháng 3 năm 2025" is a date, not "in March"
            if kind == "as_required" and _LAWFUL_MANNER.match(match.group(0)) and not _governs_timing(before):
                continue  # "cấp phép theo quy định của pháp luật": the manner, not the time
            if kind == "as_required" and match.group(0).lower() == "đột xuất" and not _times_a_report(text, start):
                continue  # "xử lý việc đột xuất": urgent work; "báo cáo ... đột xuất": ad hoc
            if kind == "report_on_event" and not _times_a_report(text, start):
                continue  # "xử lý khi có sự cố": a condition of the work, not a time
            deadline = _read(kind, match, default_year)
            if deadline is not None:
                taken.add(start, end)
                found.append(deadline)
    return sorted(found, key=lambda d: d.start)


class _Spans:
    """Disjoint spans kept sorted, so checking a new match costs a bisection, not a scan: a text
    repeating one phrase thousands of times stays linear."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        k = bisect.bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


def _read(kind: str, match: re.Match[str], default_year: int | None) -> Deadline | None:
    text, start, end = match.group(0).strip(), match.start(), match.end()
    if kind in _RECURRENCE_OF:
        relative = None
        if kind == "relative_working":
            relative = ("working_days_after" if match.group("work") else "days_after", int(match.group("n")))
        elif kind == "relative_within":
            unit = match.group("unit").lower()
            days = int(match.group("n")) * {"ngày": 1, "tuần": 7, "tháng": 30}[unit]
            relative = ("working_days_after" if match.group("work") else "days_after", days)
        elif kind == "relative_before":
            relative = ("days_before_meeting", int(match.group("n") or match.group("n2")))
        return Deadline(text, start, end, recurrence=_RECURRENCE_OF[kind], relative=relative)
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else default_year
    if year is None or not 1900 <= year <= 2200:
        return Deadline(text, start, end, problem="Không rõ năm của thời hạn.")
    try:
        due = _period_end(kind, groups, year)
    except ValueError:
        return Deadline(text, start, end, problem=f"Ngày trong «{text}» không tồn tại.")
    return Deadline(text, start, end, due=due)


def _period_end(kind: str, groups: dict[str, str | None], year: int) -> dt.date:
    """The last day the phrase allows: a date itself, or the end of its month/quarter/half/year."""
    if kind in ("full_words", "numeric"):
        return dt.date(year, int(groups["m"] or 0), int(groups["d"] or 0))
    if kind == "month":
        month = int(groups["m"] or 0)
        return dt.date(year, month, calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0)
    if kind == "quarter":
        month = ROMAN[(groups["q"] or "").lower()] * 3
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if kind == "last_months":
        return dt.date(year, 12, 31)
    if kind == "half_year":
        return dt.date(year, 6, 30) if (groups["half"] or "").lower() == "đầu" else dt.date(year, 12, 31)
    return dt.date(year, 12, 31)  # "year"


def choose_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The deadline a task gets: the earliest calendar date, else the first recurrence."""
    dated = [d for d in deadlines if d.due is not None]
    if dated:
        return min(dated, key=lambda d: d.due)
    recurring = [d for d in deadlines if d.recurrence is not None]
    if recurring:
        return recurring[0]
    return next((d for d in deadlines if d.problem), None)
