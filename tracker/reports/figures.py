"""The province-wide figures of the office dashboard: overdue tasks by agency and on-time
completion by month and by agency, each one aggregate query. The dashboard shows them;
the `figures` job stores them (`snapshot.py`) so a load on a large database reads one row."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..agencies.models import Agency
from ..tasks.models import Task, TaskStatus
from ..tasks.states import OPEN_STATUSES, on_time_percent, on_time_sums


@dataclass(frozen=True)
class LateAgency:
    agency_id: int
    name: str
    overdue: int
    oldest_due: dt.date


def overdue_by_agency(session: Session, today: dt.date, limit: int = 15) -> list[LateAgency]:
    rows = session.execute(
        select(Agency.id, Agency.name, func.count(Task.id), func.min(Task.due_date))
        .join(Task, Task.lead_agency_id == Agency.id)
        .where(Task.status.in_(OPEN_STATUSES), Task.due_date < today)
        .group_by(Agency.id, Agency.name).order_by(func.count(Task.id).desc(), func.min(Task.due_date)).limit(limit))
    return [LateAgency(*row) for row in rows]


@dataclass(frozen=True)
class Rate:
    label: str
    on_time: int
    late: int

    @property
    def percent(self) -> float | None:
        return on_time_percent(self.on_time, self.late)


def monthly_trend(session: Session, today: dt.date, months: int = 6) -> list[Rate]:
    """On-time share of tasks completed in each of the last `months` months (the trend chart)."""
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    rows = session.execute(select(Task.completed_date, *on_time_sums()).where(
        Task.status == TaskStatus.DONE, Task.completed_date >= first).group_by(Task.completed_date)).all()
    buckets: dict[str, list[int]] = {}
    month = first
    while month <= today:
        buckets[f"{month:%m/%Y}"] = [0, 0]
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for day, on_time, late in rows:
        key = f"{day:%m/%Y}"
        if key in buckets:
            buckets[key][0] += int(on_time or 0)
            buckets[key][1] += int(late or 0)
    return [Rate(label, *counts) for label, counts in buckets.items()]


def agency_rates(session: Session, start: dt.date, end: dt.date, limit: int = 20) -> list[Rate]:
    """On-time share per lead agency for tasks completed between `start` and `end`."""
    on_time, late = on_time_sums()
    rows = session.execute(select(Agency.name, on_time, late).join(Task, Task.lead_agency_id == Agency.id)
                           .where(Task.status == TaskStatus.DONE, Task.completed_date.between(start, end))
                           .group_by(Agency.name).order_by(func.count(Task.id).desc()).limit(limit))
    return [Rate(name, int(a or 0), int(b or 0)) for name, a, b in rows]
