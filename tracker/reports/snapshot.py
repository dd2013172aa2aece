"""The office dashboard's province-wide figures, computed by the scheduler and read back.

Counting every task by state and ranking every overdue one costs the whole table on each load
(2 s at a million tasks). The `figures` job computes them every few minutes into one row; a
dashboard load reads that row. A load finding none fresh enough (no scheduler, a new day)
computes them itself and stores them. The figures are the direct queries' own results, only
read later: a test holds them equal.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..core.models import UTCDateTime
from ..extensions import Model
from ..tasks.models import Task, TaskState
from ..tasks.queries import capped_count, count_by_state
from .figures import LateAgency, Rate, agency_rates, monthly_trend, overdue_by_agency

OFFICE = "office"


class FiguresSnapshot(Model):
    __tablename__ = "figures_snapshot"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: The Vietnamese day the figures are for (states like "quá hạn" change at midnight).
    day: Mapped[str] = mapped_column(String(10))
    computed_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    data: Mapped[str] = mapped_column(Text)


@dataclass(frozen=True)
class OfficeFigures:
    counts: dict[TaskState, int]
    late: list[LateAgency]
    computed_dt: dt.datetime
    trend: list[Rate]  #: on-time share per month, the last six
    rates: list[Rate]  #: per lead agency, tasks finished in the last six months


#: The dashboard's default period for on-time rates.
RATE_DAYS = 182


def compute_office_figures(session: Session, today: dt.date, due_soon_days: int, now: dt.datetime) -> OfficeFigures:
    """The direct queries: every task by state, the agencies with most overdue, the trend and
    the default period's rates."""
    return OfficeFigures(count_by_state(session, None, today, due_soon_days), overdue_by_agency(session, today), now,
                         monthly_trend(session, today),
                         agency_rates(session, today - dt.timedelta(days=RATE_DAYS), today))


def store_office_figures(session: Session, figures: OfficeFigures, today: dt.date) -> None:
    data = json.dumps({"counts": {s.value: n for s, n in figures.counts.items()},
                       "late": [[f.agency_id, f.name, f.overdue, f.oldest_due.isoformat()] for f in figures.late],
                       "trend": [[r.label, r.on_time, r.late] for r in figures.trend],
                       "rates": [[r.label, r.on_time, r.late] for r in figures.rates]})
    row = session.get(FiguresSnapshot, OFFICE)
    if row is None:
        session.add(FiguresSnapshot(name=OFFICE, day=today.isoformat(), computed_dt=figures.computed_dt, data=data))
    else:
        row.day, row.computed_dt, row.data = today.isoformat(), figures.computed_dt, data
    session.flush()


def stored_office_figures(session: Session, today: dt.date, now: dt.datetime,
                          max_age: dt.timedelta) -> OfficeFigures | None:
    """The stored figures when they are for today and younger than `max_age`."""
    row = session.scalar(select(FiguresSnapshot).where(FiguresSnapshot.name == OFFICE))
    if row is None or row.day != today.isoformat() or now - row.computed_dt > max_age:
        return None
    data = json.loads(row.data)
    return OfficeFigures({TaskState(k): int(v) for k, v in data["counts"].items()},
                         [LateAgency(a, n, c, dt.date.fromisoformat(d)) for a, n, c, d in data["late"]],
                         row.computed_dt, [Rate(*r) for r in data.get("trend", [])],
                         [Rate(*r) for r in data.get("rates", [])])


#: Below this many tasks the direct queries take milliseconds: the dashboard counts on every
#: load (a clerk sees a confirmation at once); above it, it reads the scheduler's figures.
DIRECT_BELOW = 20_000


def office_figures(session: Session, today: dt.date, due_soon_days: int, now: dt.datetime,
                   max_age: dt.timedelta) -> OfficeFigures:
    """What the dashboard shows: exact figures for a small database; for a large one the stored
    figures, or fresh ones (then stored) when none are fresh enough."""
    if capped_count(session, select(Task), DIRECT_BELOW) < DIRECT_BELOW:
        return compute_office_figures(session, today, due_soon_days, now)
    stored = stored_office_figures(session, today, now, max_age)
    if stored is not None:
        return stored
    figures = compute_office_figures(session, today, due_soon_days, now)
    store_office_figures(session, figures, today)
    return figures
