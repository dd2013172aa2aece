"""What each feed holds: deadlines and meetings in its scope and its time window.

The window (default 90 days back, 12 months ahead) keeps feeds under Google's ~1 MB cap.
Finished deadlines stay a while marked "[ĐÃ XONG]", cancelled ones "[ĐÃ HỦY]" with
STATUS:CANCELLED, then leave; dropping an event deletes it in clients at the next refresh.
The fingerprint (ETag and Last-Modified) comes from one aggregate query, so a client that
already has the feed gets its 304 without the feed being built.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency
from ..core.dates import VN_TZ
from ..meetings.models import Meeting, MeetingStatus, meeting_attendee
from ..tasks.models import Task, TaskStatus
from ..tasks.queries import involving_agency, visible_to
from ..users.models import User
from .ics import FeedEvent
from .models import FeedKind, FeedToken


@dataclass(frozen=True)
class FeedWindow:
    today: dt.date
    now: dt.datetime
    days_back: int = 90
    days_ahead: int = 365
    keep_done_days: int = 14
    keep_cancelled_days: int = 7

    @classmethod
    def from_config(cls, config: dict, today: dt.date, now: dt.datetime) -> "FeedWindow":
        return cls(today, now, config["FEED_DAYS_BACK"], config["FEED_DAYS_AHEAD"], config["FEED_KEEP_DONE_DAYS"],
                   config["FEED_KEEP_CANCELLED_DAYS"])

    @property
    def first(self) -> dt.date:
        return self.today - dt.timedelta(days=self.days_back)

    @property
    def last(self) -> dt.date:
        return self.today + dt.timedelta(days=self.days_ahead)


def feed_name(session: Session, feed: FeedToken) -> str:
    if feed.kind is FeedKind.AGENCY:
        return f"Đôn Đốc – {session.get(Agency, feed.agency_id).name}"
    if feed.kind is FeedKind.USER:
        return f"Đôn Đốc – {session.get(User, feed.user_id).email}"
    if feed.kind is FeedKind.SERIES:
        from ..meetings.models import MeetingSeries

        return f"Đôn Đốc – {session.get(MeetingSeries, feed.series_id).name}"
    return "Đôn Đốc – Văn phòng UBND"


# -- scope ---------------------------------------------------------------------------

def _task_scope(session: Session, feed: FeedToken, window: FeedWindow) -> Select:
    stmt = select(Task).where(Task.status != TaskStatus.DRAFT, Task.due_date.is_not(None),
                              Task.due_date.between(window.first, window.last), _still_shown(window))
    if feed.kind is FeedKind.AGENCY:
        stmt = stmt.where(involving_agency(feed.agency_id))
    elif feed.kind is FeedKind.USER:
        stmt = visible_to(stmt, session.get(User, feed.user_id))
    elif feed.kind is FeedKind.SERIES:  # the series' meetings' preparation deadlines
        stmt = stmt.where(Task.meeting_id.in_(select(Meeting.id).where(Meeting.series_id == feed.series_id)))
    return stmt


def _still_shown(window: FeedWindow):  # noqa: ANN202
    done_since = window.today - dt.timedelta(days=window.keep_done_days)
    cancelled_since = window.now - dt.timedelta(days=window.keep_cancelled_days)
    return or_(Task.status.not_in([TaskStatus.DONE, TaskStatus.CANCELLED]),
               and_(Task.status == TaskStatus.DONE, Task.completed_date >= done_since),
               and_(Task.status == TaskStatus.CANCELLED, Task.updated_dt >= cancelled_since))


def _meeting_scope(session: Session, feed: FeedToken, window: FeedWindow) -> Select:
    start = dt.datetime.combine(window.first, dt.time(), VN_TZ)
    end = dt.datetime.combine(window.last, dt.time(), VN_TZ)
    cancelled_since = window.now - dt.timedelta(days=window.keep_cancelled_days)
    stmt = select(Meeting).where(Meeting.start_dt.between(start, end), or_(
        Meeting.status != MeetingStatus.CANCELLED, Meeting.updated_dt >= cancelled_since))
    if feed.kind is FeedKind.AGENCY:
        attends = select(meeting_attendee.c.meeting_id).where(meeting_attendee.c.agency_id == feed.agency_id)
        stmt = stmt.where(or_(Meeting.id.in_(attends), Meeting.topic_agency_id == feed.agency_id))
    elif feed.kind is FeedKind.SERIES:
        stmt = stmt.where(Meeting.series_id == feed.series_id)
    elif feed.kind is FeedKind.USER:
        user = session.get(User, feed.user_id)
        if not user.sees_everything:
            attends = select(meeting_attendee.c.meeting_id).where(meeting_attendee.c.agency_id == user.agency_id)
            stmt = stmt.where(or_(Meeting.id.in_(attends), Meeting.topic_agency_id == user.agency_id))
    return stmt


# -- fingerprint and events ------------------------------------------------------------

def fingerprint(session: Session, feed: FeedToken, window: FeedWindow) -> tuple[str, dt.datetime]:
    """(strong ETag, Last-Modified) of the feed, without building it."""
    parts = [str(feed.id), feed.nonce, window.today.isoformat(), str(window.days_back), str(window.days_ahead)]
    latest = dt.datetime.combine(window.today, dt.time(), VN_TZ)  # the window moves daily
    for scope, model in ((_task_scope(session, feed, window), Task), (_meeting_scope(session, feed, window), Meeting)):
        sub = scope.with_only_columns(model.id, model.updated_dt).subquery()
        count, newest, ids = session.execute(select(func.count(), func.max(sub.c.updated_dt), func.sum(sub.c.id))).one()
        parts += [str(count), str(newest), str(ids)]
        if newest is not None:
            newest = newest if newest.tzinfo else newest.replace(tzinfo=dt.timezone.utc)
            latest = max(latest, newest)
    etag = '"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'
    return etag, latest.astimezone(dt.timezone.utc).replace(microsecond=0)


def feed_events(session: Session, feed: FeedToken, window: FeedWindow, host: str) -> list[FeedEvent]:
    tasks = session.scalars(_task_scope(session, feed, window).options(selectinload(Task.lead_agency))).all()
    events = [task_event(t, host) for t in tasks]
    events += [meeting_event(m, host) for m in session.scalars(_meeting_scope(session, feed, window))]
    return events


def task_event(task: Task, host: str) -> FeedEvent:
    prefix = {TaskStatus.DONE: "[ĐÃ XONG] ", TaskStatus.CANCELLED: "[ĐÃ HỦY] ",
              TaskStatus.AWAITING_CONFIRMATION: "[CHỜ XÁC NHẬN] ", TaskStatus.POSTPONED: "[TẠM HOÃN] "}
    lead = task.lead_agency.short_name if task.lead_agency else task.lead_text
    words = task.description if len(task.description) <= 90 else task.description[:88].rsplit(" ", 1)[0] + "…"
    lead = task.lead_agency.name if task.lead_agency else task.lead_text
    description = f"{task.code} – {task.description}\nChủ trì: {lead}"
    if task.due_text:
        description += f"\nThời hạn trong văn bản: {task.due_text}"
    return FeedEvent(uid=f"task-{task.id}-deadline@{host}",
                     summary=f"{prefix.get(task.status, 'Hạn: ')}{task.code} {words} ({lead})",
                     start=task.due_date, end=task.due_date + dt.timedelta(days=1), modified=task.updated_dt,
                     sequence=task.calendar_sequence or 0, description=description,
                     cancelled=task.status is TaskStatus.CANCELLED, categories=("Đôn Đốc", "Thời hạn"))


def meeting_event(meeting: Meeting, host: str) -> FeedEvent:
    cancelled = meeting.status is MeetingStatus.CANCELLED
    end = meeting.end_dt or meeting.start_dt + dt.timedelta(hours=2)
    description = "\n".join(x for x in (meeting.topic and f"Chuyên đề: {meeting.topic}",
                                        meeting.chair and f"Chủ trì: {meeting.chair}") if x)
    return FeedEvent(uid=f"meeting-{meeting.id}@{host}", summary=("[ĐÃ HỦY] " if cancelled else "") + meeting.title,
                     start=meeting.start_dt, end=end, modified=meeting.updated_dt, sequence=meeting.sequence or 0,
                     description=description, location=meeting.venues.replace("\n", "; "), cancelled=cancelled,
                     categories=("Đôn Đốc", "Giao ban"))
