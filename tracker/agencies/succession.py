"""Bodies that merged, were renamed or were dissolved, and moving their work to the successor.

Vietnam reorganised in 2025: departments merged from 1 March (Nghị định 45/2025/NĐ-CP), the
district level ended on 1 July. Notices written before then still name the old bodies, and
offices still hold open tasks addressed to them. The old body is kept (inactive, with its
successor and the date) so its name is still read and its history still shown; its work is
moved once by `merge.merge_agency`.
"""
from __future__ import annotations

import datetime as dt
from .models import Agency

#: A chain longer than this is a data error (a cycle), not history.
MAX_CHAIN = 10


def current_agency(agency: Agency, on: dt.date) -> Agency:
    """The body that carries `agency`'s work on `on`: itself, or its successor's successor...
    A dissolved body with no successor is itself (the office must choose)."""
    seen = {agency.id}
    while agency.successor is not None and agency.succeeded_on is not None and agency.succeeded_on <= on:
        agency = agency.successor
        if agency.id in seen or len(seen) > MAX_CHAIN:
            break
        seen.add(agency.id)
    return agency


def successor_note(written: str, agency: Agency, current: Agency) -> str:
    """What the reviewer reads when a notice names a body that has a successor."""
    return f"{written or agency.name} → nay là {current.name}"
