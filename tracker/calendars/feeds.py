"""What each feed holds: deadlines and meetings in its scope, its time window and its size cap.

The window (default 90 days back, 12 months ahead) and a byte cap (FEED_MAX_BYTES, under
Google's ~1 MB) keep a feed readable: the events nearest today go in first, and those that do
not fit are left out and counted. Finished deadlines stay a while marked "[ĐÃ XONG]",
cancelled ones "[ĐÃ HỦY]" with STATUS:CANCELLED, then leave; dropping an event deletes it in
clients at the next refresh. A feed's ETag comes from the change log of the scopes it reads
(`changes.py`), so a client that already has the feed gets its 304 without a task being read.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency
from ..core.dates import VN_TZ
from ..meetings.labels import MODE
from ..meetings.models import Meeting, MeetingStatus, meeting_attendee
from ..tasks.models import Task, TaskStatus
from ..tasks.queries import involving_agency, visible_to
from ..users.models import User
from .changes import ALL, NAMES, agency_scope, feed_stamp, series_scope
from .ics import FeedEvent
from .models import FeedKind, FeedToken

#: Bumped when what a feed's bytes look like changes (a new property, a new layout), so clients
#: holding the old bytes get the new ones although no data changed.
FEED_FORMAT = "2"


@dataclass(frozen=True)
class FeedWindow:
    today: dt.date
    now: dt.datetime
    days_back: int = 90
    days_ahead: int = 365
    keep_done_days: int = 14
    keep_cancelled_days: int = 7

    @property
    def key(self) -> str:
        """What the window's contents depend on besides the data (a part of the ETag)."""
        return f"{self.today}:{self.days_back}:{self.days_ahead}:{self.keep_done_days}:{self.keep_cancelled_days}"

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


@dataclass(frozen=True)
class FeedOptions:
    """A narrower or richer form of a feed, chosen in its link's query string: deadlines or
    meetings only, only the tasks the agency leads, reminders (VALARM) on."""

    deadlines: bool = True
    meetings: bool = True
    lead_only: bool = False
    alarms: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "FeedOptions":
        only = args.get("only", "")
        return cls(deadlines=only != "meetings", meetings=only != "deadlines", lead_only=args.get("lead") == "1",
                   alarms=args.get("alarm") == "1")

    @property
    def args(self) -> dict[str, str]:
        """The query string that asks for these options (empty for the plain feed)."""
        values = {"only": "deadlines" if not self.meetings else "meetings" if not self.deadlines else "",
                  "lead": "1" if self.lead_only else "", "alarm": "1" if self.alarms else ""}
        return {key: value for key, value in values.items() if value}

    @property
    def key(self) -> str:
        return f"{int(self.deadlines)}{int(self.meetings)}{int(self.lead_only)}{int(self.alarms)}"


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

def _task_scope(session: Session, feed: FeedToken, window: FeedWindow, lead_only: bool = False) -> Select:
    stmt = select(Task).where(Task.status != TaskStatus.DRAFT, Task.due_date.is_not(None),
                              Task.due_date.between(window.first, window.last), _still_shown(window))
    if feed.kind is FeedKind.AGENCY:
        stmt = stmt.where(Task.lead_agency_id == feed.agency_id if lead_only else involving_agency(feed.agency_id))
    elif feed.kind is FeedKind.USER:
        user = session.get(User, feed.user_id)
        stmt = visible_to(stmt, user)
        if lead_only and user is not None and user.agency_id is not None:
            stmt = stmt.where(Task.lead_agency_id == user.agency_id)
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

def feed_scopes(session: Session, feed: FeedToken) -> list[str]:
    """The change-log scopes whose changes can show in this feed."""
    if feed.kind is FeedKind.AGENCY:
        return [agency_scope(feed.agency_id), NAMES]  # type: ignore[arg-type]
    if feed.kind is FeedKind.SERIES:
        return [series_scope(feed.series_id), NAMES]  # type: ignore[arg-type]
    if feed.kind is FeedKind.USER:
        user = session.get(User, feed.user_id)
        if user is None or not user.sees_everything:
            return [agency_scope(user.agency_id), NAMES] if user is not None and user.agency_id else [NAMES]
    return [ALL, NAMES]


def fingerprint(session: Session, feed: FeedToken, window: FeedWindow,
                options: FeedOptions = FeedOptions()) -> tuple[str, dt.datetime]:
    """(strong ETag, Last-Modified) of the feed, from the change log alone: no task is read."""
    stamp, changed_at = feed_stamp(session, feed_scopes(session, feed))
    holder = session.get(User, feed.user_id) if feed.kind is FeedKind.USER else None
    parts = [str(feed.id), feed.nonce, window.key, options.key, stamp, FEED_FORMAT,
             f"{holder.role.value}:{holder.agency_id}" if holder is not None else ""]
    latest = dt.datetime.combine(window.today, dt.time(), VN_TZ)  # the window moves daily
    if changed_at is not None:
        latest = max(latest, changed_at)
    etag = '"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'
    return etag, latest.astimezone(dt.timezone.utc).replace(microsecond=0)


def feed_events(session: Session, feed: FeedToken, window: FeedWindow, host: str,
                options: FeedOptions = FeedOptions(), base_url: str = "", limit: int = 5000) -> list[FeedEvent]:
    """The feed's events, nearest to today first (the order the size cap keeps them in): at most
    `limit` deadlines on each side of today, read by index in date order, never the whole scope."""
    events: list[tuple[int, FeedEvent]] = []
    if options.deadlines:
        scope = _task_scope(session, feed, window, options.lead_only)
        for stmt in (scope.where(Task.due_date >= window.today).order_by(Task.due_date, Task.id),
                     scope.where(Task.due_date < window.today).order_by(Task.due_date.desc(), Task.id.desc())):
            for task in session.scalars(stmt.limit(limit).options(selectinload(Task.lead_agency))):
                events.append((abs((task.due_date - window.today).days), task_event(task, host, base_url)))
    if options.meetings:
        for meeting in session.scalars(_meeting_scope(session, feed, window).order_by(Meeting.start_dt).limit(limit)):
            day = meeting.start_dt.astimezone(VN_TZ).date()
            events.append((abs((day - window.today).days), meeting_event(meeting, host, base_url)))
    events.sort(key=lambda pair: (pair[0], pair[1].uid))
    return [event for _, event in events]


def task_event(task: Task, host: str, base_url: str = "") -> FeedEvent:
    prefix = {TaskStatus.DONE: "[ĐÃ XONG] ", TaskStatus.CANCELLED: "[ĐÃ HỦY] ",
              TaskStatus.AWAITING_CONFIRMATION: "[CHỜ XÁC NHẬN] ", TaskStatus.POSTPONED: "[TẠM HOÃN] "}
    words = task.description if len(task.description) <= 90 else task.description[:88].rsplit(" ", 1)[0] + "…"
    lead = task.lead_agency.name if task.lead_agency else task.lead_text
    url = f"{base_url}/tasks/{task.code}" if base_url and task.code else ""
    lines = [f"{task.code} – {task.description}", f"Chủ trì: {lead}"]
    if task.due_text:
        lines.append(f"Thời hạn trong văn bản: {task.due_text}")
    if url:
        lines.append(f"Chi tiết và báo cáo: {url}")
    return FeedEvent(uid=f"task-{task.id}-deadline@{host}",
                     summary=f"{prefix.get(task.status, 'Hạn: ')}{task.code} {words} ({lead})",
                     start=task.due_date, end=task.due_date + dt.timedelta(days=1), modified=task.updated_dt,
                     sequence=task.calendar_sequence or 0, description="\n".join(lines),
                     cancelled=task.status is TaskStatus.CANCELLED, categories=("Đôn Đốc", "Thời hạn"), url=url)


def meeting_event(meeting: Meeting, host: str, base_url: str = "") -> FeedEvent:
    """A meeting as calendars show it: its format, chair, topic, venues and any online link in
    the description, the venues as LOCATION, and a link back to its page."""
    cancelled = meeting.status is MeetingStatus.CANCELLED
    end = meeting.end_dt or meeting.start_dt + dt.timedelta(hours=2)
    url = f"{base_url}/meetings/{meeting.id}" if base_url else ""
    lines = [f"Hình thức: {MODE[meeting.mode]}",
             meeting.chair and f"Chủ trì: {meeting.chair}", meeting.topic and f"Chuyên đề: {meeting.topic}",
             meeting.venues and "Địa điểm: " + meeting.venues.replace("\n", "; "),
             url and f"Chi tiết: {url}"]
    return FeedEvent(uid=f"meeting-{meeting.id}@{host}", summary=("[ĐÃ HỦY] " if cancelled else "") + meeting.title,
                     start=meeting.start_dt, end=end, modified=meeting.updated_dt, sequence=meeting.sequence or 0,
                     description="\n".join(str(line) for line in lines if line),
                     location=meeting.venues.replace("\n", "; "), cancelled=cancelled,
                     categories=("Đôn Đốc", "Giao ban"), url=url)
