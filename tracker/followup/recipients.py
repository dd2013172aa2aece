"""Who gets follow-up mail: agencies at their mailboxes, the office at its own and its users'."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency, AgencyKind
from ..tasks.models import Task
from ..users.models import NotificationSetting, Role, User


def task_recipients(task: Task) -> tuple[list[str], list[str]]:
    """(To: the lead's mailboxes, Cc: the coordinating agencies' mailboxes).

    A task that is one member's share of a group assignment ("UBND các xã, phường chủ trì,
    phối hợp với Sở Y tế") copies no coordinator: copied on every commune's notice, the
    department would get a hundred the same day. It follows the group in its weekly digest."""
    to = [e.address for e in task.lead_agency.emails] if task.lead_agency else []
    if task.assignment_id is not None:
        return to, []
    cc = [e.address for a in task.support_agencies for e in a.emails if e.address not in to]
    return to, list(dict.fromkeys(cc))


def office_recipients(session: Session, kind: str) -> list[str]:
    """The office's mailboxes, and office users who have not turned this kind of mail off."""
    offices = session.scalars(select(Agency).where(Agency.kind == AgencyKind.OFFICE)
                              .options(selectinload(Agency.emails))).all()
    addresses = [e.address for a in offices for e in a.emails]
    off = set(session.scalars(select(NotificationSetting.user_id).where(NotificationSetting.kind == kind,
                                                                         NotificationSetting.enabled.is_(False))))
    users = session.scalars(select(User).where(User.role.in_([Role.OFFICE, Role.ADMIN]), User.is_enabled.is_(True)))
    addresses += [u.email for u in users if u.id not in off]
    return list(dict.fromkeys(addresses))
