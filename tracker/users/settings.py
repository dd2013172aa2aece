"""Which automatic emails a user receives (beyond the agency mailboxes)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import NotificationSetting, User

#: kind → label; office users receive the first two, agency liaisons the last, unless turned off.
KINDS = {
    "office_digest": _l("Thư tổng hợp hằng tuần của Văn phòng"),
    "escalations": _l("Danh sách nhiệm vụ quá hạn cần đôn đốc"),
    "agency_digest": _l("Bản sao thư tổng hợp hằng tuần của cơ quan tôi"),
}


def kinds_for(user: User) -> list[str]:
    return ["office_digest", "escalations"] if user.is_office else ["agency_digest"] if user.agency_id else []


def settings_of(session: Session, user: User) -> dict[str, bool]:
    stored = {s.kind: s.enabled for s in session.scalars(select(NotificationSetting)
                                                         .where(NotificationSetting.user_id == user.id))}
    return {kind: stored.get(kind, True) for kind in kinds_for(user)}


def save_settings(session: Session, user: User, enabled: set[str]) -> None:
    for kind in kinds_for(user):
        row = session.get(NotificationSetting, (user.id, kind)) or NotificationSetting(user_id=user.id, kind=kind)
        row.enabled = kind in enabled
        session.add(row)
    session.flush()
