"""How meetings read in the UI and in feeds (Vietnamese source strings, translated to English)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import MeetingCadence, MeetingMode, MeetingStatus, PrepLead, PrepTiming

MEETING_STATUS = {
    MeetingStatus.PLANNED: _l("Dự kiến"),
    MeetingStatus.INVITED: _l("Đã gửi giấy mời"),
    MeetingStatus.MOVED: _l("Đã dời lịch"),
    MeetingStatus.HELD: _l("Đã họp"),
    MeetingStatus.CANCELLED: _l("Đã hủy"),
}

CADENCE = {
    MeetingCadence.WEEKLY: _l("Hằng tuần"),
    MeetingCadence.MONTHLY: _l("Hằng tháng"),
    MeetingCadence.QUARTERLY: _l("Hằng quý"),
    MeetingCadence.ANNUAL: _l("Hằng năm"),
    MeetingCadence.AD_HOC: _l("Đột xuất"),
}

MODE = {
    MeetingMode.IN_PERSON: _l("Trực tiếp"),
    MeetingMode.ONLINE: _l("Trực tuyến"),
    MeetingMode.HYBRID: _l("Trực tiếp kết hợp trực tuyến"),
}

PREP_LEAD = {
    PrepLead.OFFICE: _l("Văn phòng UBND"),
    PrepLead.ATTENDEES: _l("Mỗi cơ quan dự họp"),
    PrepLead.TOPIC_AGENCY: _l("Cơ quan chủ trì chuyên đề"),
}

PREP_TIMING = {
    PrepTiming.DAY_OF_MONTH: _l("trước ngày %(n)s của tháng họp"),
    PrepTiming.DAYS_BEFORE: _l("%(n)s ngày trước cuộc họp"),
    PrepTiming.WORKING_DAYS_BEFORE: _l("%(n)s ngày làm việc trước cuộc họp"),
    PrepTiming.WORKING_DAYS_AFTER_REPORTS: _l("%(n)s ngày làm việc sau hạn gửi báo cáo"),
}

#: Monday first, as Python's weekday() counts and Vietnamese calendars print.
WEEKDAYS = (_l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"), _l("Chủ nhật"))
