"""The weekly digest: to each agency, what it owes; to the office, who is late and how often.

Built with a fixed number of queries whatever the number of tasks: overdue tasks, tasks due
this week, pending extensions, on-time figures grouped by agency, agencies with mailboxes,
and the keys already claimed. Keyed by agency and ISO week, so each goes out once a week.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from flask import render_template
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency
from ..mail.outbox import Mail, MailSettings, queue_many
from ..tasks.models import ExtensionRequest, ExtensionStatus, Task, task_support
from ..tasks.states import OPEN_STATUSES, on_time_sums
from .policy import FollowupPolicy
from .recipients import office_recipients


@dataclass
class AgencyDigest:
    agency: Agency
    overdue: list = field(default_factory=list)  #: rows with id, code, description, due_date, lead_agency_id
    due_this_week: list = field(default_factory=list)
    extensions: list[ExtensionRequest] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_this_week or self.extensions)


@dataclass
class DigestData:
    week: str
    today: dt.date
    agencies: dict[int, AgencyDigest]
    #: agency id → (done on time, done late, overdue now)
    figures: dict[int, tuple[int, int, int]]


def collect(session: Session, today: dt.date) -> DigestData:
    week_end = today + dt.timedelta(days=6 - today.weekday())
    year, week, _ = today.isocalendar()
    agencies = {a.id: AgencyDigest(a) for a in session.scalars(select(Agency).where(Agency.is_active)
                                                                  .options(selectinload(Agency.emails)))}
    # plain rows, not ORM objects: the digest only reads these six columns of tens of thousands of tasks
    tasks = session.execute(select(Task.id, Task.code, Task.description, Task.due_date, Task.lead_agency_id,
                                   Task.escalated_dt)
                            .where(Task.status.in_(OPEN_STATUSES), Task.due_date.is_not(None),
                                   Task.due_date <= week_end)
                            .order_by(Task.due_date, Task.id)).all()
    support = defaultdict(list)
    for task_id, agency_id in session.execute(select(task_support.c.task_id, task_support.c.agency_id).where(
            task_support.c.task_id.in_(select(Task.id).where(Task.status.in_(OPEN_STATUSES),
                                                             Task.due_date <= week_end)))):
        support[task_id].append(agency_id)
    for task in tasks:
        bucket = "overdue" if task.due_date < today else "due_this_week"
        for agency_id in [task.lead_agency_id, *support[task.id]]:
            if agency_id in agencies:
                getattr(agencies[agency_id], bucket).append(task)
    pending = session.scalars(select(ExtensionRequest).where(ExtensionRequest.status == ExtensionStatus.PENDING)
                              .options(selectinload(ExtensionRequest.task))).all()
    for request in pending:
        if request.task.lead_agency_id in agencies:
            agencies[request.task.lead_agency_id].extensions.append(request)
    return DigestData(f"{year}-W{week:02d}", today, agencies, _figures(session, today))


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
                          subject=f"[Đôn Đốc] Tổng hợp tuần {data.week[-2:]}: {len(digest.overdue)} quá hạn, "
                                  f"{len(digest.due_this_week)} đến hạn – {digest.agency.name}",
                          text=render_template("mail/digest_agency.txt", d=digest, data=data, policy=policy),
                          tasks=[(t.id, digest.agency.id) for t in digest.overdue + digest.due_this_week]))
    office = office_recipients(session, "office_digest")
    if office:
        led = [AgencyDigest(d.agency, [t for t in d.overdue if t.lead_agency_id == d.agency.id])
               for d in data.agencies.values()]  # the office counts each task once, under its lead
        late = sorted((d for d in led if d.overdue), key=lambda d: -len(d.overdue))
        mails.append(Mail(kind="digest_office", to=office, dedupe_key=f"digest-office:{data.week}",
                          subject=f"[Đôn Đốc] Tổng hợp tuần {data.week[-2:]}: "
                                  f"{sum(len(d.overdue) for d in late)} nhiệm vụ quá hạn",
                          text=render_template("mail/digest_office.txt", late=late, data=data, policy=policy)))
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
