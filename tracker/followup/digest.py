"""The weekly digest: to each agency, what it owes; to the office, who is late and how often.

Its cost follows the week's mail, not the backlog: each agency's mail lists at most
DIGEST_MAX_TASKS of its overdue tasks (the longest overdue) and of those due this week (the
soonest), with the true counts and a link to the whole list. The rows come from one query that
numbers each agency's tasks and keeps the first few, the counts from grouped queries; nothing
loads every open task. Keyed by agency and ISO week, so each goes out once a week.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from flask import render_template
from sqlalchemy import Select, case, func, literal, select, union_all
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency
from ..core.urls import base_url
from ..mail.outbox import Mail, MailSettings, queue_many
from ..tasks.models import ExtensionRequest, ExtensionStatus, Task, task_support
from ..tasks.states import OPEN_STATUSES, on_time_sums
from .policy import FollowupPolicy
from .recipients import office_recipients

#: How many tasks of each kind one agency's digest lists (the counts are always whole).
DIGEST_MAX_TASKS = 30
#: How many agencies the office's digest names, most overdue first.
OFFICE_MAX_AGENCIES = 50


@dataclass
class AgencyDigest:
    agency: Agency
    overdue: list = field(default_factory=list)  #: rows with id, code, description, due_date, escalated_dt
    due_this_week: list = field(default_factory=list)
    extensions: list[ExtensionRequest] = field(default_factory=list)
    overdue_count: int = 0
    due_count: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.overdue_count or self.due_count or self.extensions)


@dataclass(frozen=True)
class LateLead:
    """For the office: an agency with overdue tasks it leads, the longest overdue listed."""

    agency: Agency
    overdue_count: int
    overdue: list


@dataclass
class DigestData:
    week: str
    today: dt.date
    agencies: dict[int, AgencyDigest]
    #: agency id → (done on time, done late, overdue now)
    figures: dict[int, tuple[int, int, int]]
    late_leads: list[LateLead] = field(default_factory=list)
    overdue_total: int = 0  #: every overdue open task, each counted once
    link: str = ""  #: the tracker's address, for "see them all" links ("" when unknown)


def collect(session: Session, today: dt.date, limit: int = DIGEST_MAX_TASKS) -> DigestData:
    week_end = today + dt.timedelta(days=6 - today.weekday())
    year, week, _ = today.isocalendar()
    agencies = {a.id: AgencyDigest(a) for a in session.scalars(select(Agency).where(Agency.is_active)
                                                                  .options(selectinload(Agency.emails)))}
    involvement = _involvement(week_end)
    for agency_id, overdue, due in session.execute(_counts(involvement, today)):
        if agency_id in agencies:
            agencies[agency_id].overdue_count, agencies[agency_id].due_count = int(overdue or 0), int(due or 0)
    for row in session.execute(_first_rows(involvement, today, limit)):
        if row.agency_id in agencies:
            digest = agencies[row.agency_id]
            (digest.overdue if row.due_date < today else digest.due_this_week).append(row)
    pending = session.scalars(select(ExtensionRequest).where(ExtensionRequest.status == ExtensionStatus.PENDING)
                              .options(selectinload(ExtensionRequest.task))).all()
    for request in pending:
        if request.task.lead_agency_id in agencies:
            agencies[request.task.lead_agency_id].extensions.append(request)
    overdue_total = session.scalar(select(func.count()).select_from(Task).where(
        Task.status.in_(OPEN_STATUSES), Task.due_date < today)) or 0
    return DigestData(f"{year}-W{week:02d}", today, agencies, _figures(session, today),
                      _late_leads(session, agencies, today, limit), overdue_total, base_url())


def _involvement(week_end: dt.date):  # noqa: ANN202 - a subquery
    """(task, agency) for each open task due by the week's end and each agency it concerns."""
    due = (Task.status.in_(OPEN_STATUSES), Task.due_date.is_not(None), Task.due_date <= week_end)
    return union_all(
        select(Task.id.label("task_id"), Task.lead_agency_id.label("agency_id"), Task.due_date).where(*due),
        select(task_support.c.task_id, task_support.c.agency_id, Task.due_date)
        .join(Task, Task.id == task_support.c.task_id).where(*due)).subquery()


def _counts(involvement, today: dt.date) -> Select:  # noqa: ANN001
    overdue = func.sum(case((involvement.c.due_date < today, 1), else_=0))
    due = func.sum(case((involvement.c.due_date >= today, 1), else_=0))
    return select(involvement.c.agency_id, overdue, due).group_by(involvement.c.agency_id)


def _first_rows(involvement, today: dt.date, limit: int) -> Select:  # noqa: ANN001
    """Each agency's first `limit` overdue tasks (longest overdue) and first `limit` due this week."""
    bucket = case((involvement.c.due_date < today, literal(0)), else_=literal(1))
    numbered = select(involvement.c.task_id, involvement.c.agency_id, func.row_number().over(
        partition_by=(involvement.c.agency_id, bucket),
        order_by=(involvement.c.due_date, involvement.c.task_id)).label("n")).subquery()
    return (select(Task.id, Task.code, Task.description, Task.due_date, Task.escalated_dt, Task.lead_agency_id,
                   numbered.c.agency_id)
            .join(numbered, numbered.c.task_id == Task.id).where(numbered.c.n <= limit)
            .order_by(numbered.c.agency_id, Task.due_date, Task.id))


def _late_leads(session: Session, agencies: dict[int, AgencyDigest], today: dt.date, limit: int) -> list[LateLead]:
    """The agencies leading most overdue tasks, each with its longest overdue (counted once,
    under its lead, as the office reads it)."""
    overdue = (Task.status.in_(OPEN_STATUSES), Task.due_date < today)
    ranked = session.execute(select(Task.lead_agency_id, func.count()).where(*overdue)
                             .group_by(Task.lead_agency_id).order_by(func.count().desc())
                             .limit(OFFICE_MAX_AGENCIES)).all()
    leads = [(agencies[a], int(n)) for a, n in ranked if a in agencies]
    if not leads:
        return []
    numbered = select(Task.id, func.row_number().over(partition_by=Task.lead_agency_id, order_by=(
        Task.due_date, Task.id)).label("n")).where(*overdue, Task.lead_agency_id.in_([d.agency.id for d, _ in leads])
                                                   ).subquery()
    rows: dict[int, list] = defaultdict(list)
    for row in session.execute(select(Task.id, Task.code, Task.description, Task.due_date, Task.escalated_dt,
                                      Task.lead_agency_id).join(numbered, numbered.c.id == Task.id)
                               .where(numbered.c.n <= min(limit, 10)).order_by(Task.due_date, Task.id)):
        rows[row.lead_agency_id].append(row)
    return [LateLead(d.agency, n, rows[d.agency.id]) for d, n in leads]


def _figures(session: Session, today: dt.date) -> dict[int, tuple[int, int, int]]:
    """On-time completion per lead agency over the last 12 months, and what it has overdue now."""
    since = today - dt.timedelta(days=365)
    rows = session.execute(select(
        Task.lead_agency_id,
        *on_time_sums(Task.completed_date >= since),
        func.sum(case((Task.status.in_(OPEN_STATUSES) & (Task.due_date < today), 1), else_=0)),
    ).group_by(Task.lead_agency_id))
    return {agency: (int(a or 0), int(b or 0), int(c or 0)) for agency, a, b, c in rows if agency is not None}


def digest_mails(session: Session, data: DigestData, policy: FollowupPolicy) -> list[Mail]:
    mails = []
    liaisons = _liaison_copies(session)
    for digest in data.agencies.values():
        addresses = [e.address for e in digest.agency.emails] + liaisons.get(digest.agency.id, [])
        if digest.is_empty or not addresses:
            continue
        mails.append(Mail(kind="digest", to=addresses, dedupe_key=f"digest:{digest.agency.id}:{data.week}",
                          subject=f"[Đôn Đốc] Tổng hợp tuần {data.week[-2:]}: {digest.overdue_count} quá hạn, "
                                  f"{digest.due_count} đến hạn – {digest.agency.name}",
                          text=render_template("mail/digest_agency.txt", d=digest, data=data, policy=policy),
                          tasks=[(t.id, digest.agency.id) for t in digest.overdue + digest.due_this_week]))
    office = office_recipients(session, "office_digest")
    if office:
        mails.append(Mail(kind="digest_office", to=office, dedupe_key=f"digest-office:{data.week}",
                          subject=f"[Đôn Đốc] Tổng hợp tuần {data.week[-2:]}: {data.overdue_total} nhiệm vụ quá hạn",
                          text=render_template("mail/digest_office.txt", late=data.late_leads, data=data,
                                               policy=policy)))
    return mails


def _liaison_copies(session: Session) -> dict[int, list[str]]:
    """Liaisons who asked for a copy of their agency's digest (on unless turned off)."""
    from ..users.models import NotificationSetting, Role, User

    off = set(session.scalars(select(NotificationSetting.user_id).where(
        NotificationSetting.kind == "agency_digest", NotificationSetting.enabled.is_(False))))
    copies: dict[int, list[str]] = defaultdict(list)
    for user in session.scalars(select(User).where(User.role == Role.AGENCY, User.is_enabled.is_(True))):
        if user.id not in off and user.agency_id is not None:
            copies[user.agency_id].append(user.email)
    return copies


def send_weekly_digest(session: Session, settings: MailSettings, policy: FollowupPolicy, today: dt.date) -> int:
    """On (or after) this week's digest day, queue each agency's digest and the office's once."""
    if today < policy.digest_day(today):
        return 0
    return len(queue_many(session, settings, digest_mails(session, collect(session, today), policy)))
