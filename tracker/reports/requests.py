"""What a report request asks for, from a query string or the command line."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..agencies.services import require_agency
from ..core.dates import format_date, parse_date
from ..tasks.queries import TaskFilter


@dataclass(frozen=True)
class ReportRequest:
    filter: TaskFilter
    title: str
    subtitle: str
    start: dt.date | None
    end: dt.date | None


def build_request(session: Session, document: str = "", agency: str = "", start: str = "",
                  end: str = "") -> ReportRequest:
    """Raises InvalidInput for an unknown agency or an impossible date; nothing is half-built."""
    agency_obj = require_agency(session, agency) if agency else None
    first = parse_date(start) if start else None
    last = parse_date(end) if end else None
    parts = []
    if document:
        parts.append(f"theo văn bản số {document}")
    if agency_obj is not None:
        parts.append(agency_obj.name)
    if first or last:
        parts.append(f"thời hạn từ {format_date(first) or '…'} đến {format_date(last) or '…'}")
    flt = TaskFilter(agency_id=agency_obj.id if agency_obj else None, document_number=document or None,
                     due_from=first, due_to=last, by_assignment=True, include_archived=True)
    return ReportRequest(flt, "BIỂU TỔNG HỢP NHIỆM VỤ", "(" + ("; ".join(parts) or "tất cả nhiệm vụ") + ")",
                         first, last)
