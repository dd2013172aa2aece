"""Is the unattended side working? One answer for /healthz (to monitoring) and the dashboard (to the office).

The web server can be up while nothing is reminded or sent: the scheduler dead, a job failing
every run, replies piling up unread, mail given up on. Each check compares a reading with a
limit from config; any check over its limit makes the whole answer "failing" (HTTP 503).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ..core.dates import format_datetime
from ..core.sqlite import SQLITE_BUSY_MS
from ..mail.models import InboundMessage, InboundStatus, OutboxMessage, OutboxStatus
from .lease import LEASE
from .models import JobRun, SchedulerLease

#: A message still unhandled this long after it was stored counts as backlog.
BACKLOG_AGE = dt.timedelta(minutes=15)
#: Mail given up on within this window counts; older failures have been seen.
FAILED_WINDOW = dt.timedelta(days=7)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    value: int | None  #: the reading: seconds of age, or a count
    limit: int
    #: What the office should know, in its language; empty when all is well.
    problem: str = ""


@dataclass(frozen=True)
class Health:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def problems(self) -> list[str]:
        return [c.problem for c in self.checks if not c.ok]

    def as_json(self) -> dict:
        return {"status": "ok" if self.ok else "failing",
                "checks": {c.name: {"ok": c.ok, "value": c.value, "limit": c.limit} for c in self.checks}}


def check_health(session: Session, config: dict, now: dt.datetime) -> Health:
    """Read every check; the database answering at all is the caller's first check."""
    return Health([_writable(session), _heartbeat(session, config, now), *_jobs(session, config),
                   _backlog(session, config, now), _unprocessable(session, config),
                   _failed_outbox(session, config, now)])


def _writable(session: Session) -> Check:
    """Can anything be written right now? A database locked by another writer (a long import
    on SQLite, a stuck migration) stops the scheduler at once, long before its heartbeat goes
    stale, so it is tried directly: a no-op UPDATE given 2 seconds, then rolled back."""
    engine = session.get_bind().engine
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            connection.exec_driver_sql("PRAGMA busy_timeout=2000" if sqlite else "SET LOCAL lock_timeout = '2s'")
            try:
                connection.execute(update(SchedulerLease).where(SchedulerLease.name == LEASE)
                                   .values(name=SchedulerLease.name))
            finally:
                connection.rollback()
                if sqlite:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    except OperationalError:
        return Check("database_writable", False, 0, 1,
                     _("Cơ sở dữ liệu đang bị khóa, không ghi được: nhắc hạn, thư và thao tác đang phải chờ."))
    return Check("database_writable", True, 1, 1)


def database_down(reason: str) -> Health:
    return Health([Check("database", False, None, 0, _("Không kết nối được cơ sở dữ liệu (%(r)s).", r=reason))])


def _heartbeat(session: Session, config: dict, now: dt.datetime) -> Check:
    limit = int(config["SCHEDULER_LEASE_SECONDS"])
    lease = session.get(SchedulerLease, LEASE)
    beat = lease.renewed_dt if lease is not None else None
    if beat is None:
        return Check("scheduler", False, None, limit,
                     _("Bộ lập lịch chưa chạy: không có nhắc hạn, thư tổng hợp hay gửi/nhận thư."))
    age = int((now - beat).total_seconds())
    return Check("scheduler", age <= limit, age, limit,
                 "" if age <= limit else _("Bộ lập lịch không hoạt động từ %(t)s: nhắc hạn và thư đang bị dừng.",
                                           t=format_datetime(beat)))


def _jobs(session: Session, config: dict) -> list[Check]:
    limit = int(config["HEALTH_MAX_JOB_FAILURES"])
    return [Check(f"job:{row.name}", row.failures <= limit, row.failures, limit,
                  "" if row.failures <= limit else _("Công việc «%(job)s» lỗi %(n)s lần liên tiếp.",
                                                     job=row.name, n=row.failures))
            for row in session.scalars(select(JobRun).order_by(JobRun.name))]


def _backlog(session: Session, config: dict, now: dt.datetime) -> Check:
    limit = int(config["HEALTH_MAX_INBOX_BACKLOG"])
    count = session.scalar(select(func.count()).select_from(InboundMessage).where(
        InboundMessage.status == InboundStatus.STORED, InboundMessage.received_dt < now - BACKLOG_AGE)) or 0
    return Check("inbox_backlog", count <= limit, count, limit,
                 "" if count <= limit else _("%(n)s thư đến chưa được xử lý sau 15 phút.", n=count))


def _unprocessable(session: Session, config: dict) -> Check:
    limit = int(config["HEALTH_MAX_QUARANTINED"])
    count = session.scalar(select(func.count()).select_from(InboundMessage).where(
        InboundMessage.status == InboundStatus.QUARANTINED)) or 0
    return Check("unprocessable_mail", count <= limit, count, limit,
                 "" if count <= limit else _("%(n)s thư đến đang chờ Văn phòng xem (cách ly).", n=count))


def _failed_outbox(session: Session, config: dict, now: dt.datetime) -> Check:
    limit = int(config["HEALTH_MAX_FAILED_OUTBOX"])
    count = session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status == OutboxStatus.FAILED, OutboxMessage.created_dt >= now - FAILED_WINDOW)) or 0
    return Check("failed_outbox", count <= limit, count, limit,
                 "" if count <= limit else _("%(n)s thư gửi đi không gửi được trong 7 ngày qua.", n=count))
