"""Handing a body's work to its successor: `flask agencies merge OLD --into NEW`.

Above tasks, users, calendars and meetings (it moves all of them), called by the agencies
command and the directory page. One transaction: a crash leaves the old state or the new one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..calendars.models import FeedToken
from ..core.dates import VN_TZ
from ..core.errors import InvalidInput
from ..core.faults import crash_point
from ..meetings.models import Meeting, meeting_attendee
from ..tasks.models import Task, TaskStatus, task_support
from ..tasks.operations import record_handover
from ..users.models import User
from .models import Agency, AgencyEmail, Succession
from .succession import MAX_CHAIN


@dataclass
class MergeReport:
    tasks_led: int = 0
    tasks_supported: int = 0
    emails: int = 0
    feeds: int = 0
    users: int = 0
    meetings: int = 0
    groups: int = 0

    @property
    def moved(self) -> int:
        return sum(vars(self).values())


def merge_agency(session: Session, old: Agency, new: Agency, on: dt.date, keep_emails: bool = True,
                 kind: Succession = Succession.MERGED) -> MergeReport:
    """Make `new` the successor of `old` from `on`, and move `old`'s work to it: its tasks (led
    and coordinated, open or finished, each with a history entry; the name a task was given
    under stays in its text), its liaisons, its calendar feeds, its place in groups and in
    meetings to come, and, when `keep_emails`, its mailboxes. Nothing is copied twice: a second
    run finds nothing left to move. The caller commits (or rolls back) the whole of it."""
    _check_merge(old, new)
    report = MergeReport()
    old.successor, old.succeeded_on, old.succession, old.is_active = new, on, kind.value, False
    report.tasks_led, report.tasks_supported = _move_tasks(session, old, new, on)
    session.flush()
    crash_point("merge_after_tasks")
    report.users, report.feeds = _move_people(session, old, new)
    report.meetings, report.groups = _move_memberships(session, old, new, on)
    if keep_emails:
        report.emails = _move_emails(session, old, new)
    session.flush()
    crash_point("merge_before_commit")
    return report


def _check_merge(old: Agency, new: Agency) -> None:
    if old.id == new.id:
        raise InvalidInput(_("Không thể sáp nhập một cơ quan vào chính nó."))
    if old.successor_id not in (None, new.id):
        other = old.successor.name if old.successor else "?"
        raise InvalidInput(_("«%(old)s» đã được sáp nhập vào «%(other)s».", old=old.name, other=other))
    seen, step = {old.id}, new  # type: tuple[set[int], Agency | None]
    while step is not None and len(seen) <= MAX_CHAIN:  # new must not (eventually) be merged into old
        if step.id in seen:
            raise InvalidInput(_("«%(new)s» đã được sáp nhập vào «%(old)s»; không thể sáp nhập ngược lại.",
                                 new=new.name, old=old.name))
        seen.add(step.id)
        step = step.successor


def _move_tasks(session: Session, old: Agency, new: Agency, on: dt.date) -> tuple[int, int]:
    note = _("Chuyển từ «%(old)s» sang «%(new)s» (sáp nhập từ %(date)s).", old=old.name, new=new.name,
             date=on.strftime("%d/%m/%Y"))
    led = list(session.scalars(select(Task).where(Task.lead_agency_id == old.id).order_by(Task.id)))
    for task in led:
        task.lead_text = task.lead_text or old.name  # the name it was given under
        task.lead_agency = new
        task.support_agencies = [a for a in task.support_agencies if a.id != new.id]
        _note(session, task, note)
    supported = list(session.scalars(select(Task).join(task_support, task_support.c.task_id == Task.id)
                                     .where(task_support.c.agency_id == old.id).order_by(Task.id)))
    for task in supported:
        others = [a for a in task.support_agencies if a.id != old.id]
        task.support_agencies = others + ([new] if task.lead_agency_id != new.id and new not in others else [])
        _note(session, task, note)
    return len(led), len(supported)


def _note(session: Session, task: Task, note: str) -> None:
    """A live task records the move in its history; a draft (a proposal under review, which
    has no history) just changes."""
    if task.status is not TaskStatus.DRAFT:
        record_handover(session, task, note)


def _move_people(session: Session, old: Agency, new: Agency) -> tuple[int, int]:
    users = session.execute(update(User).where(User.agency_id == old.id).values(agency_id=new.id)
                            .execution_options(synchronize_session="fetch")).rowcount  # type: ignore[attr-defined]
    feeds = session.execute(update(FeedToken).where(FeedToken.agency_id == old.id).values(agency_id=new.id)
                            .execution_options(synchronize_session="fetch")).rowcount  # type: ignore[attr-defined]
    return users or 0, feeds or 0


def _move_memberships(session: Session, old: Agency, new: Agency, on: dt.date) -> tuple[int, int]:
    since = dt.datetime.combine(on, dt.time(), VN_TZ)
    meetings = list(session.scalars(select(Meeting).join(meeting_attendee).where(
        meeting_attendee.c.agency_id == old.id, Meeting.start_dt >= since)))
    for meeting in meetings:
        meeting.attendees = [a for a in meeting.attendees if a.id != old.id] + \
            ([new] if new not in meeting.attendees else [])
    groups = list(old.groups)
    for group in groups:
        group.members = [a for a in group.members if a.id != old.id] + ([new] if new not in group.members else [])
    return len(meetings), len(groups)


def _move_emails(session: Session, old: Agency, new: Agency) -> int:
    have = {e.address for e in new.emails}
    moving = [e for e in old.emails if e.address not in have]
    for mailbox in moving:
        old.emails.remove(mailbox)
        session.flush()
        new.emails.append(AgencyEmail(address=mailbox.address, may_act=mailbox.may_act))
    return len(moving)
