"""Which feeds changed: an append-only log of feed scopes, written as tasks, meetings and names change.

A calendar client asks for its feed every hour or so, and nearly always nothing changed. The
answer to that question must not depend on how many tasks exist: each change that shows in a
feed appends a row naming the scopes it touches ("all", "agency:12", "series:3", or "names"
when a name every feed may show changed), in the same transaction as the change. A feed's
ETag is then its identity plus the newest row of each scope it reads: one indexed lookup per
scope. Appending (not bumping a counter row) means two writers never wait on each other.
Old rows are pruned, keeping each scope's newest.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sqlalchemy import Index, String, delete, event, func, insert, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..agencies.models import Agency, AgencyAlias
from ..core.dates import now_utc
from ..core.models import UTCDateTime
from ..extensions import Model
from ..meetings.models import CALENDAR_FIELDS, Meeting, MeetingSeries
from ..tasks.models import Task, TaskStatus

ALL, NAMES = "all", "names"
#: What a deadline event shows: a change to any of these changes the feeds holding the task.
TASK_FIELDS = ("code", "description", "due_date", "status", "completed_date", "due_text", "calendar_sequence",
               "lead_agency", "lead_text", "support_agencies", "meeting_id")
MEETING_FIELDS = (*CALENDAR_FIELDS, "chair", "attendees", "topic_agency", "series_id", "end_dt")


class FeedChange(Model):
    __tablename__ = "feed_change"
    __table_args__ = (Index("ix_feed_change_scope_id", "scope", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


def agency_scope(agency_id: int) -> str:
    return f"agency:{agency_id}"


def series_scope(series_id: int) -> str:
    return f"series:{series_id}"


def record_feed_change(session: Session, scopes: Iterable[str]) -> None:
    """Note that feeds reading any of `scopes` changed (for changes made by bulk SQL).

    One executemany of plain rows (their ids are never read back), so a change seen by a
    thousand agencies' feeds is one statement on either backend."""
    at = now_utc()
    rows = [{"scope": scope, "at": at} for scope in sorted(set(scopes))]
    if rows:
        session.execute(insert(FeedChange), rows)


def feed_stamp(session: Session, scopes: Iterable[str]) -> tuple[str, dt.datetime | None]:
    """The newest change of each scope, as a string for the ETag, and when the newest was."""
    rows = session.execute(select(FeedChange.scope, func.max(FeedChange.id)).where(FeedChange.scope.in_(list(scopes)))
                           .group_by(FeedChange.scope)).all()
    newest = max((row[1] for row in rows), default=None)
    at = session.scalar(select(FeedChange.at).where(FeedChange.id == newest)) if newest is not None else None
    return ";".join(f"{scope}={last}" for scope, last in sorted(rows)), at


def prune_feed_changes(session: Session, before: dt.datetime) -> int:
    """Forget rows older than `before`, except the newest of each scope (the stamps read them)."""
    newest = select(func.max(FeedChange.id)).group_by(FeedChange.scope)
    result = session.execute(delete(FeedChange).where(FeedChange.at < before, FeedChange.id.not_in(newest)))
    return result.rowcount  # type: ignore[attr-defined]


# -- what a flush changes ---------------------------------------------------------------------

def _history_values(obj: Any, name: str) -> list[Any]:
    """The attribute's values before and after the pending change (objects or ids), loading
    it if it was not (a task's coordinators must be known even when only its date changed)."""
    history = inspect(obj).attrs[name].load_history()
    return [v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None]


def _changed(obj: Any, names: Iterable[str]) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _task_scopes(task: Task, is_new: bool, is_deleted: bool) -> set[str]:
    statuses = _history_values(task, "status")
    if all(status is TaskStatus.DRAFT for status in statuses) or not statuses:
        return set()  # drafts are in no feed
    if not (is_new or is_deleted or _changed(task, TASK_FIELDS)):
        return set()
    scopes = {ALL}
    scopes |= {agency_scope(a.id) for a in _history_values(task, "lead_agency") if a.id is not None}
    scopes |= {agency_scope(a.id) for a in _history_values(task, "support_agencies") if a.id is not None}
    if task.lead_agency_id is not None:
        scopes.add(agency_scope(task.lead_agency_id))
    if task.meeting is not None and task.meeting.series_id is not None:
        scopes.add(series_scope(task.meeting.series_id))
    return scopes


def _meeting_scopes(meeting: Meeting, is_new: bool, is_deleted: bool) -> set[str]:
    if not (is_new or is_deleted or _changed(meeting, MEETING_FIELDS)):
        return set()
    scopes = {ALL}
    scopes |= {agency_scope(a.id) for a in _history_values(meeting, "attendees") if a.id is not None}
    scopes |= {agency_scope(a.id) for a in _history_values(meeting, "topic_agency") if a.id is not None}
    scopes |= {series_scope(s) for s in _history_values(meeting, "series_id")}
    return scopes


def _name_scopes(obj: Any, is_new: bool, is_deleted: bool) -> set[str]:
    if isinstance(obj, AgencyAlias):
        return {NAMES}
    if isinstance(obj, Agency) and not is_new and _changed(obj, ("name",)):
        return {NAMES}
    if isinstance(obj, MeetingSeries) and not is_new and _changed(obj, ("name",)):
        return {NAMES}
    return set()


def scopes_of_flush(session: Session) -> set[str]:
    scopes: set[str] = set()
    with session.no_autoflush:
        for objects, is_new, is_deleted in ((session.new, True, False), (session.dirty, False, False),
                                            (session.deleted, False, True)):
            for obj in objects:
                if isinstance(obj, Task):
                    scopes |= _task_scopes(obj, is_new, is_deleted)
                elif isinstance(obj, Meeting):
                    scopes |= _meeting_scopes(obj, is_new, is_deleted)
                else:
                    scopes |= _name_scopes(obj, is_new, is_deleted)
    return scopes


@event.listens_for(Session, "before_flush")
def _log_feed_changes(session: Session, flush_context: Any, instances: Any) -> None:
    scopes = scopes_of_flush(session)
    if scopes:
        record_feed_change(session, scopes)
