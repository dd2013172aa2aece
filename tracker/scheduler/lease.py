"""One scheduler at a time: a row in the database names the holder until its lease expires.

Taking or renewing the lease is one conditional UPDATE (or the first INSERT), so two
processes cannot both believe they hold it. A holder that dies stops renewing, and another
takes over when the lease runs out.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import SchedulerLease

LEASE = "scheduler"


def acquire(session_factory: Callable[[], Session], holder: str, seconds: int, now: dt.datetime) -> bool:
    """Take or renew the lease for `holder`; False while another holder's lease is running."""
    with session_factory() as session:
        taken = session.execute(
            update(SchedulerLease)
            .where(SchedulerLease.name == LEASE, or_(SchedulerLease.holder == holder, SchedulerLease.expires_dt < now))
            .values(holder=holder, expires_dt=now + dt.timedelta(seconds=seconds), renewed_dt=now)
            .execution_options(synchronize_session=False)).rowcount
        if taken:
            session.commit()
            return True
        if session.get(SchedulerLease, LEASE) is not None:
            session.rollback()
            return False
        try:
            session.add(SchedulerLease(name=LEASE, holder=holder, expires_dt=now + dt.timedelta(seconds=seconds),
                                       renewed_dt=now))
            session.commit()
            return True
        except IntegrityError:  # another process inserted it first
            session.rollback()
            return False


def release(session_factory: Callable[[], Session], holder: str) -> None:
    with session_factory() as session:
        session.execute(update(SchedulerLease).where(SchedulerLease.name == LEASE, SchedulerLease.holder == holder)
                        .values(expires_dt=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
                        .execution_options(synchronize_session=False))
        session.commit()


def holds(session_factory: Callable[[], Session], holder: str, now: dt.datetime) -> bool:
    with session_factory() as session:
        lease = session.get(SchedulerLease, LEASE)
        return lease is not None and lease.holder == holder and lease.expires_dt >= now
