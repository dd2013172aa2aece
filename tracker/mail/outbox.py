"""Queuing mail: a row in the outbox, in the caller's transaction, sent later by the sender."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from ..core.claims import claim_row
from ..core.dates import now_utc
from . import tokens
from .models import OutboxMessage, OutboxStatus, OutboxTask

#: Messages per page of the office's outbox page.
OUTBOX_PAGE = 50


@dataclass
class MailSettings:
    """What composing mail needs from the configuration."""

    sender: str  #: MAIL_FROM, also the mailbox replies go to
    secret: str  #: signs reply tokens
    plus_addressing: bool = True
    sender_name: str = "Đôn Đốc – Văn phòng UBND"

    @property
    def domain(self) -> str:
        return self.sender.partition("@")[2] or "localhost"

    @classmethod
    def from_config(cls, config: dict) -> "MailSettings":
        return cls(sender=config["MAIL_FROM"], secret=config.get("MAIL_REPLY_SECRET") or config["SECRET_KEY"],
                   plus_addressing=config.get("MAIL_PLUS_ADDRESSING", True),
                   sender_name=config.get("MAIL_FROM_NAME", cls.sender_name))


@dataclass
class Mail:
    kind: str
    to: list[str]
    subject: str
    text: str
    html: str = ""
    cc: list[str] = field(default_factory=list)
    #: (task id, agency id) pairs the message speaks of, for matching replies.
    tasks: list[tuple[int, int | None]] = field(default_factory=list)
    #: Replies may quote a task code in the plus-address; None gives a per-message reference.
    reply_reference: str | None = None
    in_reply_to: str = ""
    dedupe_key: str | None = None
    #: An iCalendar invitation (METHOD:REQUEST or CANCEL) to carry with the message.
    calendar_ics: str = ""


def queue_mail(session: Session, settings: MailSettings, mail: Mail) -> OutboxMessage:
    """Write `mail` to the outbox; with a dedupe key already used, return the earlier row instead."""
    if mail.dedupe_key:
        existing = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == mail.dedupe_key))
        if existing is not None:
            return existing
    row = _row(settings, mail)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # another process claimed the same notification first
        existing = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == mail.dedupe_key))
        if existing is None:
            raise
        return existing
    return row


def queue_many(session: Session, settings: MailSettings, mails: list[Mail]) -> list[Mail]:
    """Queue many keyed notifications with one query for the keys already claimed and one
    flush; returns the ones that were new. A concurrent claim of the same key fails the flush
    (unique key), so the caller's transaction rolls back and nothing is sent twice."""
    keys = [m.dedupe_key for m in mails if m.dedupe_key]
    taken: set[str] = set()
    for start in range(0, len(keys), 500):
        taken |= set(session.scalars(select(OutboxMessage.dedupe_key)
                                     .where(OutboxMessage.dedupe_key.in_(keys[start:start + 500]))))
    fresh = [m for m in mails if not m.dedupe_key or m.dedupe_key not in taken]
    if not fresh:
        return []
    rows = [(mail, _columns(settings, mail)) for mail in fresh]
    # ORM bulk INSERT … RETURNING: a few statements for thousands of rows, defaults applied
    ids = dict(session.execute(insert(OutboxMessage).returning(OutboxMessage.message_id, OutboxMessage.id),
                               [columns for _, columns in rows]).all())
    links = [{"message_id": ids[columns["message_id"]], "task_id": task_id, "agency_id": agency_id}
             for mail, columns in rows for task_id, agency_id in dict.fromkeys(mail.tasks)]
    if links:
        session.execute(insert(OutboxTask), links)
    return fresh


def _columns(settings: MailSettings, mail: Mail) -> dict:
    """The outbox row for `mail`, with its own Message-ID and reply address."""
    reference = f"M-{uuid.uuid4().hex[:16]}"
    reply_to = settings.sender
    if settings.plus_addressing:
        reply_to = tokens.plus_address(settings.sender, settings.secret, mail.reply_reference or reference)
    return {"kind": mail.kind, "dedupe_key": mail.dedupe_key, "to_addrs": ", ".join(mail.to),
            "cc_addrs": ", ".join(mail.cc), "reply_to": reply_to, "subject": mail.subject, "text_body": mail.text,
            "html_body": mail.html, "in_reply_to": mail.in_reply_to, "calendar_ics": mail.calendar_ics,
            "message_id": tokens.message_id(settings.secret, reference, settings.domain)}


def _row(settings: MailSettings, mail: Mail) -> OutboxMessage:
    row = OutboxMessage(**_columns(settings, mail))
    row.tasks = [OutboxTask(task_id=t, agency_id=a) for t, a in dict.fromkeys(mail.tasks)]
    return row


def outbox_page(session: Session, status: OutboxStatus | None, page: int) -> tuple[list[OutboxMessage], int]:
    """One page of the outbox, newest first (bodies not loaded), and how many in all."""
    where = [OutboxMessage.status == status] if status is not None else []
    total = session.scalar(select(func.count()).select_from(OutboxMessage).where(*where)) or 0
    rows = session.scalars(select(OutboxMessage).where(*where)
                           .options(defer(OutboxMessage.text_body), defer(OutboxMessage.html_body),
                                    defer(OutboxMessage.calendar_ics))
                           .order_by(OutboxMessage.id.desc()).offset((max(page, 1) - 1) * OUTBOX_PAGE)
                           .limit(OUTBOX_PAGE))
    return list(rows), total


def resend(session: Session, message: OutboxMessage) -> bool:
    """Queue a message given up on (failed, or bounced) once more, after the office fixed the
    cause (an address): the sender picks it up at its next run. False when it was not failed
    any more (a second click, another clerk)."""
    return claim_row(session, message, OutboxMessage.status == OutboxStatus.FAILED, status=OutboxStatus.PENDING,
                     attempts=0, next_attempt_dt=now_utc(), claimed_until_dt=None,
                     last_error=f"(gửi lại) {message.last_error}"[:2000])
