"""The lease that lets exactly one scheduler process act at a time."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import UTCDateTime
from ..extensions import Model


class SchedulerLease(Model):
    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: The holder's last renewal: its heartbeat, which /healthz ages.
    renewed_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class JobRun(Model):
    """How each scheduled job last went, so a job that keeps failing is seen, not just logged."""

    __tablename__ = "job_run"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_started_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_ok_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_result: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Failures since the last success; 0 when the job is healthy.
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
