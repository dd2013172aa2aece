"""Archiving: tasks finished long ago leave the lists' working set.

A province adds ~50,000 tasks a year and keeps them all. The lists, their pager and their
order index cover the tasks not archived; a task done or cancelled more than
ARCHIVE_AFTER_DAYS ago is archived by the scheduler, in short batches. It is still found by its
code, by search and in reports, and a list shows it when asked ("Gồm nhiệm vụ đã lưu trữ").
A task that comes back to life (returned, reopened) leaves the archive by itself.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, event, or_, select, update
from sqlalchemy.orm import Session

from ..core.dates import VN_TZ
from .models import Task, TaskStatus, task_support

FINISHED = (TaskStatus.DONE, TaskStatus.CANCELLED)


def archive_finished(session: Session, before: dt.date, batch: int = 5_000) -> int:
    """Archive up to `batch` tasks done before `before` or cancelled before it; returns how many
    (the job calls again while a batch comes back full)."""
    cancelled_before = dt.datetime.combine(before, dt.time(), VN_TZ)
    due = list(session.scalars(select(Task.id).where(~Task.archived, or_(
        and_(Task.status == TaskStatus.DONE, Task.completed_date < before),
        and_(Task.status == TaskStatus.CANCELLED, Task.updated_dt < cancelled_before))).limit(batch)))
    if not due:
        return 0
    session.execute(update(Task).where(Task.id.in_(due)).values(archived=True)
                    .execution_options(synchronize_session=False))
    session.execute(update(task_support).where(task_support.c.task_id.in_(due)).values(archived=True))
    return len(due)


@event.listens_for(Session, "before_flush")
def _revived_tasks_leave_the_archive(session: Session, flush_context: Any, instances: Any) -> None:
    revived = [obj for obj in session.dirty if isinstance(obj, Task) and obj.archived and obj.status not in FINISHED]
    for obj in revived:
        obj.archived = False
    if revived:  # its coordinators' rows come back with it, in the same transaction
        session.connection().execute(update(task_support).where(task_support.c.task_id.in_([t.id for t in revived]))
                                     .values(archived=False))
