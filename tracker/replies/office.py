"""What the office does with mail that needs a person: the quarantine, and telling agencies
about decisions on their extension requests."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, defer

from ..core.claims import claim_row
from ..core.errors import InvalidInput
from ..tasks import operations as ops
from ..tasks.models import ExtensionRequest, Task
from .handler import InboxContext, _record
from ..mail.models import InboundMessage, InboundStatus
from ..mail.outbox import Mail, MailSettings, queue_mail
from ..mail.parse import parse_mail
from .intents import new_text, read_intent


#: Messages per page of the office's queue (each shows its kept preview, never the raw mail).
QUEUE_PAGE = 25


def office_queue(session: Session, page: int = 1) -> tuple[list[InboundMessage], int]:
    """One page of quarantined mail and handled mail the office should look at, oldest first,
    and how many there are in all."""
    waiting = or_(InboundMessage.status == InboundStatus.QUARANTINED,
                  (InboundMessage.status == InboundStatus.PROCESSED) & InboundMessage.needs_office.is_(True))
    total = session.scalar(select(func.count()).select_from(InboundMessage).where(waiting)) or 0
    messages = session.scalars(select(InboundMessage).options(defer(InboundMessage.raw)).where(waiting)
                               .order_by(InboundMessage.id)
                               .offset((max(page, 1) - 1) * QUEUE_PAGE).limit(QUEUE_PAGE))
    return list(messages), total


def assign_to_task(session: Session, message: InboundMessage, task: Task, ctx: InboxContext,
                   office: ops.Actor) -> str:
    """The office vouches for a quarantined message: record it on `task` as its lead's reply."""
    if message.status is not InboundStatus.QUARANTINED or not _claim_quarantined(session, message):
        raise InvalidInput(_("Thư này không ở trong danh sách chờ xử lý."))
    parsed = parse_mail(message.raw, ctx.mail.sender)
    parsed.from_addr = f"{parsed.from_addr or 'không rõ'} (Văn phòng gán: {office.label})"
    line = _record(session, task, {task.lead_agency_id}, parsed, read_intent(new_text(parsed.text)), ctx, message)
    message.status, message.task_id, message.needs_office = InboundStatus.PROCESSED, task.id, False
    message.reason = f"Văn phòng gán cho {task.code}: {line}"
    session.flush()
    return line


def _claim_quarantined(session: Session, message: InboundMessage) -> bool:
    """Take the message out of the quarantine only if it is still there in the database: of two
    clerks assigning it at once (or a double click), one records it and the other is told."""
    return claim_row(session, message, InboundMessage.status == InboundStatus.QUARANTINED,
                     status=InboundStatus.PROCESSED)


def retry(session: Session, message: InboundMessage) -> None:
    """Send a message whose handling failed through again (after the cause was fixed): it is
    stored again and the next fetch handles it like a new one. Only once per click: of two
    clerks (or a double click) one succeeds, the other is told."""
    if not message.error or not claim_row(session, message, (InboundMessage.status == InboundStatus.QUARANTINED)
                                          & (InboundMessage.error != ""),
                                          status=InboundStatus.STORED, needs_office=False, error=""):
        raise InvalidInput(_("Thư này không chờ xử lý lại."))
    message.reason = "Văn phòng cho xử lý lại."
    session.flush()


def discard(session: Session, message: InboundMessage) -> None:
    message.status, message.needs_office = InboundStatus.DISCARDED, False
    session.flush()


def acknowledge(session: Session, message: InboundMessage) -> None:
    message.needs_office = False
    session.flush()


def queue_extension_decision_mail(session: Session, settings: MailSettings, request: ExtensionRequest) -> None:
    """The agency is told either way, in the thread of its task."""
    task = request.task
    addresses = [e.address for e in task.lead_agency.emails]
    if not addresses:
        return
    approved = request.status.value == "approved"
    text = render_template("mail/extension_decision.txt", task=task, request=request, approved=approved)
    verdict = "được đồng ý" if approved else "không được đồng ý"
    queue_mail(session, settings, Mail(kind="extension_decision", to=addresses,
                                       subject=f"[{task.code}] Đề nghị gia hạn {verdict}", text=text,
                                       tasks=[(task.id, task.lead_agency_id)], reply_reference=task.code,
                                       dedupe_key=f"extension_decision:{request.id}"))


