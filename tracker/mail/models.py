"""Mail kept in the database: what we will send, what we sent, and every message we received.

The outbox row is written in the same transaction as the change that causes it, so a
confirmed document always has its emails and a rolled-back one never does.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, enum_column, utc_now_default
from ..extensions import Model


class OutboxStatus(enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  #: gave up after the configured number of attempts


class OutboxMessage(Model):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Why it is sent: "assignment", "reply_confirmation", "reminder", ...
    kind: Mapped[str] = mapped_column(String(40))
    #: Unique per notification ("reminder:NV-2021-0042:2021-11-27"): a second claim finds the first.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    to_addrs: Mapped[str] = mapped_column(Text)  #: comma-separated
    cc_addrs: Mapped[str] = mapped_column(Text, default="")
    reply_to: Mapped[str] = mapped_column(String(320), default="")
    in_reply_to: Mapped[str] = mapped_column(String(998), default="")
    subject: Mapped[str] = mapped_column(String(998))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text, default="")
    #: An iCalendar invitation (METHOD:REQUEST) sent with the message, for meetings.
    calendar_ics: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus, "outbox_status"),
                                                 default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)
    #: A sender holds the row until then; a sender that died releases it by timing out.
    claimed_until_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)
    sent_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    tasks = relationship("OutboxTask", back_populates="message", cascade="all, delete-orphan")


class OutboxTask(Model):
    """Which tasks a sent message speaks of: a reply quoting its Message-ID reaches them."""

    __tablename__ = "outbox_task"
    __table_args__ = (UniqueConstraint("message_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    #: The agency the message went to, so a reply is judged against the right mailbox.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))

    message: Mapped[OutboxMessage] = relationship(back_populates="tasks")


class InboundStatus(enum.Enum):
    STORED = "stored"  #: kept, not yet acted on
    PROCESSED = "processed"  #: acted on (task updated, or a reply sent)
    IGNORED = "ignored"  #: auto-reply, bounce, our own message: nothing to do
    QUARANTINED = "quarantined"  #: the office must look at it
    DISCARDED = "discarded"  #: the office looked and threw it away


class InboundMessage(Model):
    """Every message fetched, stored whole before anything is decided about it."""

    __tablename__ = "inbound_message"
    __table_args__ = (UniqueConstraint("folder", "uidvalidity", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    folder: Mapped[str] = mapped_column(String(255))
    uidvalidity: Mapped[int] = mapped_column(Integer)
    uid: Mapped[int] = mapped_column(Integer)
    #: The Message-ID header (or a hash of the bytes when missing): the same mail is handled once
    #: even if the server renumbers it (a new UIDVALIDITY).
    message_key: Mapped[str] = mapped_column(String(998), unique=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    from_addr: Mapped[str] = mapped_column(String(320), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[InboundStatus] = mapped_column(enum_column(InboundStatus, "inbound_status"),
                                                  default=InboundStatus.STORED, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"), index=True)
    received_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)
    processed_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Handled, but the office should look: a reply to a finished task, an ambiguous command.
    needs_office: Mapped[bool] = mapped_column(default=False)
    #: Why handling it failed (the exception), when it did: the office may send it through again.
    error: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: What the office's queue shows, written once when the message is handled, so the queue
    #: never parses stored mail again: the visible reply and the attachments' names.
    preview: Mapped[str] = mapped_column(Text, default="", server_default="")
    attachment_names: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Moved to the processed folder on the server (done after the database commit).
    is_moved: Mapped[bool] = mapped_column(default=False)


class MailboxState(Model):
    """How far the inbox has been read: per folder, the UIDVALIDITY and the last UID stored."""

    __tablename__ = "mailbox_state"

    folder: Mapped[str] = mapped_column(String(255), primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(Integer)
    last_uid: Mapped[int] = mapped_column(Integer, default=0)
