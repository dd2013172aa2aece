"""Recurring tasks ("hằng tháng", "hằng quý", "định kỳ 6 tháng", "hằng năm") get one report task
per period, opened when the period starts and due on its last day. The (task, period) pair
is unique in the database, so running this twice opens nothing twice."""
from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..tasks import operations as ops
from ..tasks.models import Recurrence, Task, TaskStatus

PERIODIC = (Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.SEMIANNUAL, Recurrence.ANNUAL)


def period_of(recurrence: Recurrence, day: dt.date) -> tuple[str, dt.date]:
    """(key, last day) of the period containing `day`."""
    if recurrence is Recurrence.MONTHLY:
        return f"{day:%Y-%m}", day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if recurrence is Recurrence.QUARTERLY:
        quarter = (day.month - 1) // 3 + 1
        end = dt.date(day.year, quarter * 3, calendar.monthrange(day.year, quarter * 3)[1])
        return f"{day.year}-Q{quarter}", end
    if recurrence is Recurrence.SEMIANNUAL:
        half = 1 if day.month <= 6 else 2
        return f"{day.year}-H{half}", dt.date(day.year, 6, 30) if half == 1 else dt.date(day.year, 12, 31)
    return f"{day.year}", dt.date(day.year, 12, 31)


def open_recurring_periods(session: Session, today: dt.date) -> list[Task]:
    parents = session.scalars(select(Task).where(Task.recurrence.in_(PERIODIC), Task.status == TaskStatus.IN_PROGRESS,
                                                 Task.parent_task_id.is_(None), Task.code.is_not(None))
                              .options(selectinload(Task.support_agencies))).all()
    opened = set(session.execute(select(Task.parent_task_id, Task.period_key).where(Task.parent_task_id.in_(
        [p.id for p in parents]))).all()) if parents else set()
    created = []
    for parent in parents:
        key, end = period_of(parent.recurrence, today)
        if (parent.id, key) in opened:
            continue
        child = ops.create_task(session, parent.document, ops.TaskSpec(
            description=f"Báo cáo kỳ {key}: {parent.description}", lead=parent.lead_agency,
            support=list(parent.support_agencies), due_date=end, due_text=f"{parent.due_text} (kỳ {key})".strip(),
            item_ref=parent.item_ref), ops.Actor.system(), today.year)
        child.parent_task_id, child.period_key = parent.id, key
        created.append(child)
    session.flush()
    return created
