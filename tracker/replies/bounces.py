"""Bounces: which of our messages did not arrive, and to whom.

A delivery report (RFC 3464, or the free-form text many servers still send) quotes the
returned message's headers. Its Message-ID, one of ours, finds the outbox row; the row is
marked failed with the recipient and the server's reason, and the agency addresses that
bounced are marked failing, so the office sees which assignment or reminder never reached
which agency (the queue, the dashboard, the directory and /healthz).
"""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..agencies.models import AgencyEmail
from ..core.dates import now_utc
from ..mail.models import OutboxMessage, OutboxStatus

#: Bounces quote the original near the top; a huge one is not scanned whole.
SCAN_BYTES = 256 * 1024
_MESSAGE_ID = re.compile(rb"<[^<>\s@]{1,300}@[^<>\s@]{1,255}>")
_RECIPIENT = re.compile(rb"(?im)^(?:final|original)-recipient:\s*(?:rfc822\s*;)?\s*<?([^\s<>;]+@[^\s<>;]+)>?")
_DIAGNOSTIC = re.compile(rb"(?im)^diagnostic-code:\s*(?:smtp\s*;)?\s*(.{1,300})")
_STATUS = re.compile(rb"(?im)^status:\s*([245]\.\d{1,3}\.\d{1,3})")


def record_bounce(session: Session, raw: bytes, own_message_id: str) -> str | None:
    """Mark the outbox rows a bounce speaks of as failed; the office's reason, or None when it
    speaks of no message of ours."""
    head = raw[:SCAN_BYTES]
    ids = {m.decode("ascii", "replace") for m in _MESSAGE_ID.findall(head)} - {own_message_id}
    rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.message_id.in_(ids)))) if ids else []
    if not rows:
        return None
    recipients = sorted({m.decode("ascii", "replace").lower() for m in _RECIPIENT.findall(head)})
    reason = _reason(head)
    for row in rows:
        row.status, row.claimed_until_dt = OutboxStatus.FAILED, None
        row.last_error = f"Bị trả lại: {', '.join(recipients) or row.to_addrs}. {reason}"[:2000]
    bounced = recipients or sorted({a.strip().lower() for row in rows for a in row.to_addrs.split(",") if a.strip()})
    _mark_failing(session, bounced, f"«{rows[0].subject[:200]}»: {reason or 'bị trả lại'}")
    first = rows[0]
    return (f"Thư «{first.subject[:200]}» gửi {', '.join(recipients) or first.to_addrs} bị trả lại"
            + (f" ({reason})" if reason else "") + ": cần kiểm tra địa chỉ email của cơ quan.")


def _mark_failing(session: Session, addresses: list[str], reason: str) -> None:
    """The directory shows these addresses as failing until the office checks them."""
    if not addresses:
        return
    for mailbox in session.scalars(select(AgencyEmail).where(AgencyEmail.address.in_(addresses))):
        mailbox.failing_since = mailbox.failing_since or now_utc()
        mailbox.failing_reason = reason[:2000]


def mark_arriving(session: Session, address: str) -> None:
    """A reply from `address` to our mail shows our mail reaches it: it is no longer failing."""
    for mailbox in session.scalars(select(AgencyEmail).where(AgencyEmail.address == address.lower(),
                                                             AgencyEmail.failing_since.is_not(None))):
        mailbox.failing_since, mailbox.failing_reason = None, ""


def _reason(head: bytes) -> str:
    """The server's own words (Diagnostic-Code), else the bare status code."""
    match = _DIAGNOSTIC.search(head) or _STATUS.search(head)
    return match.group(1).decode("utf-8", "replace").strip() if match else ""
