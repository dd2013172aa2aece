"""Deriving what a task *is* today from what was decided about it.

Two forms of one rule: `task_state` for a loaded task, `state_clause` for SQL filters, so a
list filtered by "quá hạn" shows exactly the tasks whose detail page says "quá hạn".
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, case, false, func, or_

from .models import Task, TaskState, TaskStatus

_STATUS_STATES = {
    TaskStatus.DRAFT: TaskState.DRAFT,
    TaskStatus.AWAITING_CONFIRMATION: TaskState.AWAITING_CONFIRMATION,
    TaskStatus.RETURNED: TaskState.RETURNED,
    TaskStatus.POSTPONED: TaskState.POSTPONED,
    TaskStatus.CANCELLED: TaskState.CANCELLED,
}

#: States in which the agency still owes work; reminders and overdue counts look at these.
OPEN_STATES = (TaskState.ON_TIME, TaskState.DUE_SOON, TaskState.OVERDUE, TaskState.NO_DEADLINE, TaskState.RETURNED)
#: The stored statuses behind `OPEN_STATES`, for queries that filter on the column itself.
OPEN_STATUSES = (TaskStatus.IN_PROGRESS, TaskStatus.RETURNED)
#: Not finished, not stopped: the statuses a task may be cancelled, changed or withdrawn from.
UNFINISHED_STATUSES = (*OPEN_STATUSES, TaskStatus.POSTPONED, TaskStatus.AWAITING_CONFIRMATION)


class Decided(Protocol):
    """What the state is derived from: a Task, or a list's row of one."""

    @property
    def status(self) -> TaskStatus: ...
    @property
    def due_date(self) -> dt.date | None: ...
    @property
    def completed_date(self) -> dt.date | None: ...


def task_state(task: Decided, today: dt.date, due_soon_days: int) -> TaskState:
    """The state shown to users for `task` on `today`."""
    if task.status in _STATUS_STATES:
        return _STATUS_STATES[task.status]
    if task.status is TaskStatus.DONE:
        late = task.due_date is not None and task.completed_date is not None and task.completed_date > task.due_date
        return TaskState.DONE_LATE if late else TaskState.DONE_ON_TIME
    if task.due_date is None:
        return TaskState.NO_DEADLINE
    if task.due_date < today:
        return TaskState.OVERDUE
    if task.due_date <= today + dt.timedelta(days=due_soon_days):
        return TaskState.DUE_SOON
    return TaskState.ON_TIME


def state_clause(state: TaskState, today: dt.date, due_soon_days: int, task: Any = Task) -> ColumnElement[bool]:
    """SQL condition selecting exactly the tasks `task_state` would call `state` (of `task`,
    the mapped class or an alias of it)."""
    for status, mapped in _STATUS_STATES.items():
        if mapped is state:
            return task.status == status
    soon = today + dt.timedelta(days=due_soon_days)
    in_progress = task.status == TaskStatus.IN_PROGRESS
    done = task.status == TaskStatus.DONE
    clauses = {
        TaskState.NO_DEADLINE: and_(in_progress, task.due_date.is_(None)),
        TaskState.OVERDUE: and_(in_progress, task.due_date < today),
        TaskState.DUE_SOON: and_(in_progress, task.due_date >= today, task.due_date <= soon),
        TaskState.ON_TIME: and_(in_progress, task.due_date > soon),
        TaskState.DONE_LATE: and_(done, task.completed_date > task.due_date),
        TaskState.DONE_ON_TIME: and_(
            done, or_(task.due_date.is_(None), task.completed_date.is_(None), task.completed_date <= task.due_date)
        ),
    }
    return clauses.get(state, false())


def on_time_sums(*where: ColumnElement[bool]) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """SQL sums of tasks done on time and done late among rows also matching `where`: the
    aggregate form of the same rule, for dashboards and digests that count per agency or month."""
    any_day = dt.date.min  # the two done states do not depend on the day
    on_time, late = (and_(state_clause(state, any_day, 0), *where)
                     for state in (TaskState.DONE_ON_TIME, TaskState.DONE_LATE))
    return func.sum(case((on_time, 1), else_=0)), func.sum(case((late, 1), else_=0))


def on_time_percent(on_time: int, late: int) -> float | None:
    """Share of finished tasks done by their deadline, as reports print it; None when none finished."""
    done = on_time + late
    return round(100 * on_time / done, 1) if done else None
