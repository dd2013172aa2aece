"""Preparation deadlines: pure arithmetic from a meeting's date and the office's rules."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.dates import WorkingCalendar
from .models import PrepLead, PrepTiming


@dataclass(frozen=True)
class RuleSpec:
    description: str
    lead: PrepLead
    timing: PrepTiming
    value: int
    due_words: str


#: As plan 244/KH-UBND (giao ban văn hóa - xã hội) sets them; the office edits them per series.
DEFAULT_RULES = (
    RuleSpec("Ban hành văn bản thông báo nội dung chuyên đề {meeting} và yêu cầu các đơn vị xây dựng báo cáo",
             PrepLead.OFFICE, PrepTiming.DAY_OF_MONTH, 15, "Trước ngày 15 hằng tháng"),
    RuleSpec("Phát hành Giấy mời họp {meeting}", PrepLead.OFFICE, PrepTiming.DAYS_BEFORE, 3,
             "ít nhất 03 ngày trước ngày diễn ra giao ban"),
    RuleSpec("Gửi báo cáo phục vụ {meeting} (phần chung gửi Sở Kế hoạch và Đầu tư, phần chuyên đề gửi sở chuyên "
             "ngành, đồng gửi Văn phòng UBND)", PrepLead.ATTENDEES, PrepTiming.DAYS_BEFORE, 5,
             "ít nhất 05 ngày trước ngày diễn ra giao ban"),
    RuleSpec("Tổng hợp, cho ý kiến chuyên môn về báo cáo của các đơn vị cho {meeting}", PrepLead.TOPIC_AGENCY,
             PrepTiming.WORKING_DAYS_AFTER_REPORTS, 3, "trong thời hạn 03 ngày làm việc kể từ khi nhận báo cáo"),
)


#: How rule texts show the meeting to the clerk; stored as {meeting}, filled in per meeting.
MEETING_PLACEHOLDER = "{meeting}"
SHOWN_PLACEHOLDER = "[cuộc họp]"


def shown_rule(description: str) -> str:
    return description.replace(MEETING_PLACEHOLDER, SHOWN_PLACEHOLDER)


def stored_rule(description: str) -> str:
    return description.replace(SHOWN_PLACEHOLDER, MEETING_PLACEHOLDER)


def due_date(timing: PrepTiming, value: int, meeting_day: dt.date, calendar: WorkingCalendar,
             reports_due: dt.date | None = None) -> dt.date:
    """The deadline a rule gives for a meeting held on `meeting_day`: always a working day, the
    one before when the arithmetic lands on a weekend or holiday (it is a deadline "before")."""
    return calendar.previous_working_day(_raw_due_date(timing, value, meeting_day, calendar, reports_due))


def _raw_due_date(timing: PrepTiming, value: int, meeting_day: dt.date, calendar: WorkingCalendar,
                  reports_due: dt.date | None) -> dt.date:
    if timing is PrepTiming.DAY_OF_MONTH:
        month_start = meeting_day.replace(day=1)
        if meeting_day.day <= value:  # a meeting early in the month: the notice goes out the month before
            month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
        return month_start.replace(day=min(value, 28))
    if timing is PrepTiming.DAYS_BEFORE:
        return meeting_day - dt.timedelta(days=value)
    if timing is PrepTiming.WORKING_DAYS_BEFORE:
        return calendar.add_working_days(meeting_day, -value)
    start = reports_due or meeting_day - dt.timedelta(days=5)
    return min(calendar.add_working_days(start, value), meeting_day - dt.timedelta(days=1))
