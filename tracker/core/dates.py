"""Vietnamese dates: Asia/Ho_Chi_Minh time, dd/mm/yyyy, and working days.

Deadlines are plain dates (whole days, `*_date`); instants are aware datetimes stored in
UTC (`*_dt`) and shown in Vietnam time. Working days skip weekends, the statutory holidays
the `holidays` package knows (Tết included), and the extra days off the Government
announces each year, while counting the Saturdays it makes working days in exchange.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from flask_babel import gettext as _

from .errors import InvalidInput

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def now_utc() -> dt.datetime:
    """The current instant, aware, in UTC (what we store)."""
    return dt.datetime.now(dt.timezone.utc)


def today_vn(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Vietnam: at 23:30 UTC it is already tomorrow in Hà Nội."""
    return (now or now_utc()).astimezone(VN_TZ).date()


def to_vn(instant: dt.datetime) -> dt.datetime:
    """An instant in Vietnam time; naive values are taken as UTC (SQLite drops tzinfo)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.timezone.utc)
    return instant.astimezone(VN_TZ)


def format_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, the only way Vietnamese offices write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_datetime(value: dt.datetime | None) -> str:
    """HH:MM dd/mm/yyyy in Vietnam time."""
    return to_vn(value).strftime("%H:%M %d/%m/%Y") if value else ""


def parse_date(text: str) -> dt.date:
    """Parse dd/mm/yyyy (or ISO yyyy-mm-dd); an impossible date such as 31/02 is an error."""
    text = (text or "").strip()
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(_("Ngày không hợp lệ: «%(text)s» (cần dạng dd/mm/yyyy).", text=text)) from exc


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days for a Vietnamese state office."""

    extra_days_off: frozenset[dt.date] = field(default_factory=frozenset)
    makeup_working_days: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def from_config(cls, config: dict) -> "WorkingCalendar":
        return cls(
            frozenset(parse_date(d) for d in config.get("EXTRA_DAYS_OFF", ())),
            frozenset(parse_date(d) for d in config.get("MAKEUP_WORKING_DAYS", ())),
        )

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.makeup_working_days:
            return True
        if day in self.extra_days_off or day.weekday() >= 5:
            return False
        return day not in _statutory_holidays(day.year)

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The date N working days after `start` ("trong 03 ngày làm việc kể từ ...").

        Counting starts the day after `start`; `count=0` gives `start` itself, or the next
        working day if `start` is a day off. Negative counts go backwards.
        """
        step = 1 if count >= 0 else -1
        day = start
        if count == 0:
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            return day
        remaining = abs(count)
        while remaining:
            day += dt.timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` if it is a working day, else the first working day after it."""
        return self.add_working_days(day, 0)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """`day` if it is a working day, else the last working day before it (a deadline set
        "before" something moves earlier, never later)."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start).

        Counted from per-year prefix sums, so a digest of 100,000 overdue tasks does not walk
        every day of every delay.
        """
        if end <= start:
            return 0
        return self._working_days_upto(end) - self._working_days_upto(start)

    def _working_days_upto(self, day: dt.date) -> int:
        """Working days from 1 January 2000 (or any fixed origin) up to and including `day`."""
        return _before_year(self, day.year) + _prefix(self, day.year)[day.timetuple().tm_yday - 1]


@lru_cache(maxsize=256)
def _prefix(calendar: WorkingCalendar, year: int) -> tuple[int, ...]:
    """Running count of working days through each day of `year`."""
    counts, total, day = [], 0, dt.date(year, 1, 1)
    while day.year == year:
        total += calendar.is_working_day(day)
        counts.append(total)
        day += dt.timedelta(days=1)
    return tuple(counts)


@lru_cache(maxsize=256)
def _before_year(calendar: WorkingCalendar, year: int) -> int:
    """Working days in the years from 2000 up to (not including) `year`; negative before 2000."""
    if year == 2000:
        return 0
    if year > 2000:
        return _before_year(calendar, year - 1) + _prefix(calendar, year - 1)[-1]
    return _before_year(calendar, year + 1) - _prefix(calendar, year)[-1]


@lru_cache(maxsize=64)
def _statutory_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.VN(years=year).keys())
