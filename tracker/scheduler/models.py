"""The lease that lets exactly one scheduler process act at a time."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import UTCDateTime
from ..extensions import db


class SchedulerLease(db.Model):
    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime)
