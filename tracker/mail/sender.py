"""Sending the outbox over SMTP: claim a row, send it, mark it, one at a time.

A row is claimed with a conditional UPDATE, so two senders never take the same row; a
sender that dies holds its claim only until `claimed_until_dt`. The row is marked sent in
its own transaction right after the server accepts it. The one window left, a crash
between the server's acceptance and that commit, resends a message with the same
Message-ID, which mail clients show once.
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Callable, Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..core.dates import now_utc
from .compose import compose, recipients
from .models import OutboxMessage, OutboxStatus
from .outbox import MailSettings

CLAIM_SECONDS = 300
log = logging.getLogger(__name__)


class Transport(Protocol):
    def send(self, message: EmailMessage, to: list[str]) -> None: ...


@dataclass
class SmtpTransport:
    host: str
    port: int
    security: str = "none"  #: none, starttls, tls
    username: str = ""
    password: str = ""
    timeout: float = 30.0

    @classmethod
    def from_config(cls, config: dict) -> "SmtpTransport":
        return cls(config["SMTP_HOST"], int(config["SMTP_PORT"]), config.get("SMTP_SECURITY", "none"),
                   config.get("SMTP_USERNAME", ""), config.get("SMTP_PASSWORD", ""))

    def send(self, message: EmailMessage, to: list[str]) -> None:
        context = ssl.create_default_context()
        if self.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message, to_addrs=to)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0


def backoff(attempts: int, base_seconds: int = 60) -> dt.timedelta:
    """1, 2, 4, 8 … minutes, at most 6 hours: an SMTP outage delays mail, it loses none."""
    return dt.timedelta(seconds=min(base_seconds * 2 ** max(attempts - 1, 0), 6 * 3600))


def send_due(session_factory: Callable[[], Session], transport: Transport, settings: MailSettings,
             max_attempts: int = 12, now: Callable[[], dt.datetime] = now_utc, limit: int = 500) -> SendReport:
    """Send every due row once; each claim and each result is its own short transaction."""
    report = SendReport()
    for _ in range(limit):
        row_id = _claim_next(session_factory, now())
        if row_id is None:
            break
        _send_one(session_factory, row_id, transport, settings, max_attempts, now, report)
    return report


def _claim_next(session_factory: Callable[[], Session], at: dt.datetime) -> int | None:
    with session_factory() as session:
        candidates = session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_dt <= at,
                   or_(OutboxMessage.claimed_until_dt.is_(None), OutboxMessage.claimed_until_dt < at))
            .order_by(OutboxMessage.next_attempt_dt, OutboxMessage.id).limit(5)).all()
        for row_id in candidates:
            claimed = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, OutboxMessage.status == OutboxStatus.PENDING,
                       or_(OutboxMessage.claimed_until_dt.is_(None), OutboxMessage.claimed_until_dt < at))
                .values(claimed_until_dt=at + dt.timedelta(seconds=CLAIM_SECONDS))
                .execution_options(synchronize_session=False)).rowcount
            session.commit()
            if claimed:
                return row_id
    return None


def _send_one(session_factory: Callable[[], Session], row_id: int, transport: Transport, settings: MailSettings,
              max_attempts: int, now: Callable[[], dt.datetime], report: SendReport) -> None:
    """Send one row. A message that cannot even be built is failed at once (it will not get
    better), anything the server or the network says is retried with backoff, and nothing a
    row does stops the rows behind it."""
    with session_factory() as session:
        row = session.get(OutboxMessage, row_id)
        try:
            message = compose(row, settings)
        except Exception as exc:  # noqa: BLE001 - a bad row must not block the queue
            log.exception("outbox row %s cannot be composed", row_id)
            _failed(row, exc, now, max_attempts=0, report=report)
            session.commit()
            return
        try:
            transport.send(message, recipients(row))
        except Exception as exc:  # noqa: BLE001 - SMTP refusals, network errors, encoding surprises alike
            _failed(row, exc, now, max_attempts, report)
            session.commit()
            return
        row.status, row.sent_dt, row.claimed_until_dt = OutboxStatus.SENT, now(), None
        row.attempts += 1
        session.commit()
        report.sent += 1


def _failed(row: OutboxMessage, exc: Exception, now: Callable[[], dt.datetime], max_attempts: int,
            report: SendReport) -> None:
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    row.claimed_until_dt = None
    if row.attempts >= max_attempts:
        row.status = OutboxStatus.FAILED
        report.gave_up += 1
    else:
        row.next_attempt_dt = now() + backoff(row.attempts)
        report.failed += 1
