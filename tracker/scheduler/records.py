"""Each job's last run, written beside its work so that a job failing for hours is visible."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlalchemy.orm import Session

from .models import JobRun


def record_start(session_factory: Callable[[], Session], name: str, now: dt.datetime) -> None:
    with session_factory() as session:
        _row(session, name).last_started_dt = now
        session.commit()


def record_end(session_factory: Callable[[], Session], name: str, now: dt.datetime, result: str, ok: bool) -> None:
    """A success clears the failure count; a failure adds one and keeps the error text."""
    with session_factory() as session:
        row = _row(session, name)
        row.last_result = result[:2000]
        if ok:
            row.last_ok_dt, row.failures = now, 0
        else:
            row.last_error_dt, row.failures = now, (row.failures or 0) + 1
        session.commit()


def _row(session: Session, name: str) -> JobRun:
    row = session.get(JobRun, name)
    if row is None:
        row = JobRun(name=name, failures=0)
        session.add(row)
    return row
