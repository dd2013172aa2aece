"""How a task's states, recurrences and history read in the UI (Vietnamese source strings, translated to English)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import HistoryKind, HistorySource, Recurrence, TaskState


STATE = {
    TaskState.DRAFT: _l("Dự thảo"),
    TaskState.ON_TIME: _l("Trong hạn"),
    TaskState.DUE_SOON: _l("Sắp quá hạn"),
    TaskState.OVERDUE: _l("Quá hạn"),
    TaskState.NO_DEADLINE: _l("Không hạn"),
    TaskState.AWAITING_CONFIRMATION: _l("Chờ xác nhận"),
    TaskState.DONE_ON_TIME: _l("Hoàn thành đúng hạn"),
    TaskState.DONE_LATE: _l("Hoàn thành quá hạn"),
    TaskState.RETURNED: _l("Thực hiện lại"),
    TaskState.POSTPONED: _l("Tạm hoãn"),
    TaskState.CANCELLED: _l("Đã hủy"),
}

RECURRENCE = {
    Recurrence.CONTINUOUS: _l("Thường xuyên"),
    Recurrence.WEEKLY: _l("Hằng tuần"),
    Recurrence.MONTHLY: _l("Hằng tháng"),
    Recurrence.QUARTERLY: _l("Hằng quý"),
    Recurrence.SEMIANNUAL: _l("Định kỳ 6 tháng"),
    Recurrence.ANNUAL: _l("Hằng năm"),
    Recurrence.AS_REQUIRED: _l("Theo quy định / khi có yêu cầu"),
}

HISTORY = {
    HistoryKind.CREATED: _l("Tạo nhiệm vụ"),
    HistoryKind.ASSIGNED: _l("Giao nhiệm vụ"),
    HistoryKind.NOTIFIED: _l("Đã gửi thông báo"),
    HistoryKind.PROGRESS_REPORTED: _l("Báo cáo tiến độ"),
    HistoryKind.COMPLETED: _l("Báo cáo hoàn thành"),
    HistoryKind.COMPLETION_CONFIRMED: _l("Xác nhận hoàn thành"),
    HistoryKind.RETURNED: _l("Yêu cầu thực hiện lại"),
    HistoryKind.EXTENSION_REQUESTED: _l("Xin gia hạn"),
    HistoryKind.EXTENSION_APPROVED: _l("Đồng ý gia hạn"),
    HistoryKind.EXTENSION_REJECTED: _l("Không đồng ý gia hạn"),
    HistoryKind.REOPENED: _l("Mở lại"),
    HistoryKind.POSTPONED: _l("Tạm hoãn"),
    HistoryKind.CANCELLED: _l("Hủy nhiệm vụ"),
    HistoryKind.ESCALATED: _l("Báo cáo lãnh đạo"),
    HistoryKind.COMMENT: _l("Ý kiến"),
    HistoryKind.CHANGED: _l("Sửa nhiệm vụ"),
}

SOURCE = {
    HistorySource.WEB: _l("Trang web"),
    HistorySource.EMAIL: _l("Thư điện tử"),
    HistorySource.SYSTEM: _l("Hệ thống"),
}
