"""What the dashboard shows, each a single aggregate query so it stays fast at 100,000 tasks."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import AgencyEmail
from ..core.dates import VN_TZ
from ..mail.models import InboundMessage, InboundStatus
from ..meetings.models import Meeting, MeetingStatus, meeting_attendee
from ..tasks.models import ExtensionRequest, ExtensionStatus, Task, TaskStatus
from ..tasks.queries import LIST_ORDER, agency_rows
from ..tasks.rows import TaskRow, read_rows, row_select
from ..tasks.states import OPEN_STATUSES
from ..users.models import User


def _sunday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def meetings_this_week(session: Session, user: User, today: dt.date) -> list[Meeting]:
    """The week's meetings from today to Sunday: all of them for the office, an agency's those
    it attends or reports to."""
    start_dt = dt.datetime.combine(today, dt.time(), VN_TZ)
    end_dt = dt.datetime.combine(_sunday(today) + dt.timedelta(days=1), dt.time(), VN_TZ)
    meetings = select(Meeting).where(Meeting.start_dt.between(start_dt, end_dt),
                                     Meeting.status != MeetingStatus.CANCELLED).order_by(Meeting.start_dt)
    if not user.sees_everything:
        mine = select(meeting_attendee.c.meeting_id).where(meeting_attendee.c.agency_id == user.agency_id)
        meetings = meetings.where(or_(Meeting.id.in_(mine), Meeting.topic_agency_id == user.agency_id))
    return list(session.scalars(meetings.limit(20)))


def deadlines_this_week(session: Session, today: dt.date) -> list[TaskRow]:
    """The office's box of open tasks due from today to Sunday, the first 20 in list order (off
    the list's index). An agency's page lists all its open tasks instead."""
    this_week = [Task.status.in_(OPEN_STATUSES), Task.due_date.between(today, _sunday(today)), ~Task.archived]
    return read_rows(session, row_select(select(Task).where(*this_week).order_by(*LIST_ORDER).limit(20)))[0]


def queues(session: Session) -> tuple[int, list[ExtensionRequest]]:
    quarantined = session.scalar(select(func.count()).select_from(InboundMessage).where(or_(
        InboundMessage.status == InboundStatus.QUARANTINED,
        (InboundMessage.status == InboundStatus.PROCESSED) & InboundMessage.needs_office.is_(True)))) or 0
    pending = session.scalars(select(ExtensionRequest).where(ExtensionRequest.status == ExtensionStatus.PENDING)
                              .options(selectinload(ExtensionRequest.task)).order_by(ExtensionRequest.id).limit(20))
    return quarantined, list(pending)


def directory_has_no_addresses(session: Session) -> bool:
    """A new installation: no agency has a mailbox yet, so no assignment can go out."""
    return session.scalar(select(AgencyEmail.id).limit(1)) is None


def failing_addresses(session: Session, limit: int = 20) -> list[AgencyEmail]:
    """Agency mailboxes our mail bounced from, newest first: the office must check them."""
    return list(session.scalars(select(AgencyEmail).where(AgencyEmail.failing_since.is_not(None))
                                .options(selectinload(AgencyEmail.agency))
                                .order_by(AgencyEmail.failing_since.desc()).limit(limit)))


def agency_open_tasks(session: Session, agency_id: int, today: dt.date, limit: int = 100) -> list[TaskRow]:
    """An agency's open tasks, most urgent first: overdue, then by deadline, then without one;
    as list rows (one statement), not task objects."""
    # open tasks are never archived; saying so lets the planner read the working set's indexes
    return agency_rows(session, agency_id, [Task.status.in_(OPEN_STATUSES + (TaskStatus.AWAITING_CONFIRMATION,)),
                                            ~Task.archived], limit, working_set=True)
