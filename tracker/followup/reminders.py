"""Reminders before a deadline, the overdue notice after it, and escalation to the office.

One function, `run_followup`, safe to run any time and any number of times: each mail has a
key (task, kind, deadline) claimed with its outbox row, so a restart, a second scheduler, a
manual run or catching up after downtime never sends a second copy, and a missed day is
sent when the job next runs (a reminder only while its deadline is still ahead).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency
from ..core.claims import claim_row
from ..mail.outbox import Mail, MailSettings, queue_many
from ..tasks.models import HistoryKind, HistorySource, Task, TaskHistoryEntry
from ..tasks.states import OPEN_STATUSES
from .policy import FollowupPolicy
from .recipients import office_recipients, task_recipients


@dataclass
class FollowupReport:
    reminders: int = 0
    overdue: int = 0
    escalated: int = 0
    office_lists: int = 0


def run_followup(session: Session, settings: MailSettings, policy: FollowupPolicy, today: dt.date,
                 now: dt.datetime) -> FollowupReport:
    report = FollowupReport()
    horizon = today + dt.timedelta(days=40)
    tasks = session.scalars(select(Task).where(Task.status.in_(OPEN_STATUSES), Task.due_date.is_not(None),
                                               Task.due_date <= horizon)
                            .options(selectinload(Task.lead_agency).selectinload(Agency.emails),
                                     selectinload(Task.support_agencies).selectinload(Agency.emails))).all()
    mails: list[Mail] = []
    escalated: list[Task] = []
    for task in tasks:
        mails += _reminders(task, policy, today)
        if task.due_date < today and today >= policy.overdue_day(task.due_date):
            mails += _notice(task, "overdue", f"overdue:{task.id}:{task.due_date}", today)
        due_escalation = task.due_date < today and today >= policy.escalation_day(task.due_date)
        if due_escalation and task.escalated_dt is None and _claim_escalation(session, task, now):
            escalated.append(task)
            mails += _notice(task, "escalated", f"escalated:{task.id}:{task.due_date}", today)
    if escalated:
        mails.append(_office_list(session, escalated, today))
    new = queue_many(session, settings, [m for m in mails if m.to])
    report.reminders = sum(m.kind == "reminder" for m in new)
    report.overdue = sum(m.kind == "overdue" for m in new)
    report.escalated = len(escalated)
    report.office_lists = sum(m.kind == "escalation_office" for m in new)
    return report


def _reminders(task: Task, policy: FollowupPolicy, today: dt.date) -> list[Mail]:
    """The one reminder whose day is the latest reached: after a missed day (downtime, a task
    confirmed late) the agency gets the nearer reminder, not the stale one beside it."""
    if today > task.due_date:  # never a reminder after the deadline: the overdue notice takes over
        return []
    reached = [days for days in policy.reminder_days if policy.reminder_day(task.due_date, days) <= today]
    if not reached:
        return []
    days = min(reached)
    return _notice(task, "reminder", f"reminder:{task.id}:{task.due_date}:{days}", today, days=days)


def _notice(task: Task, kind: str, key: str, today: dt.date, days: int | None = None) -> list[Mail]:
    to, cc = task_recipients(task)
    if not to:
        return []
    subject = {"reminder": f"[{task.code}] Nhắc thời hạn {task.due_date:%d/%m/%Y}",
               "overdue": f"[{task.code}] Nhiệm vụ đã quá hạn ({task.due_date:%d/%m/%Y})",
               "escalated": f"[{task.code}] Nhiệm vụ quá hạn đã được báo cáo Văn phòng UBND"}[kind]
    text = render_template(f"mail/{kind}.txt", task=task, today=today, days=days)
    return [Mail(kind=kind, to=to, cc=cc, subject=subject, text=text, dedupe_key=key,
                 tasks=[(task.id, task.lead_agency_id)], reply_reference=task.code)]


def _claim_escalation(session: Session, task: Task, now: dt.datetime) -> bool:
    """Mark `task` escalated unless another run did first: a conditional UPDATE decides, so two
    follow-up runs at once escalate (and record in the history) each task once."""
    if not claim_row(session, task, Task.escalated_dt.is_(None), escalated_dt=now):
        return False
    session.add(TaskHistoryEntry(task=task, kind=HistoryKind.ESCALATED, source=HistorySource.SYSTEM,
                                 actor_label="Hệ thống",
                                 note=f"Quá hạn từ {task.due_date:%d/%m/%Y}: đã báo cáo Văn phòng UBND."))
    return True


def _office_list(session: Session, tasks: list[Task], today: dt.date) -> Mail:
    ids = ",".join(str(t.id) for t in sorted(tasks, key=lambda t: t.id))
    key = f"escalation-office:{today}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"
    text = render_template("mail/escalation_office.txt", tasks=sorted(tasks, key=lambda t: (t.lead_text, t.due_date)),
                           today=today)
    return Mail(kind="escalation_office", to=office_recipients(session, "escalations"),
                subject=f"[Đôn Đốc] {len(tasks)} nhiệm vụ quá hạn cần Văn phòng đôn đốc ({today:%d/%m/%Y})",
                text=text, dedupe_key=key)
