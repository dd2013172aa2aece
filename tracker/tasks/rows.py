"""Tasks as a list shows them: plain rows read in one SELECT, not Task objects.

A list page shows fifty tasks with their lead's name, their document's number and how many
agencies coordinate. Read as Task objects with their lead, aliases, document and coordinators
loaded alongside, that was five statements and some two hundred mapped objects per page, three
quarters of the list's server time at a million tasks. A row is what the page prints, from one
statement; the lead's aliases are read only for the rows whose notice named the lead otherwise.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from ..agencies.models import Agency, AgencyAlias
from ..core.text import name_key
from ..documents.models import Document
from .models import Recurrence, Task, TaskStatus, task_support, written_otherwise


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One task of a list, with the attribute names of `Task` for what it shares with it, so a
    row is read as a task is (`task_state`, `task_url`, the templates)."""

    id: int
    code: str | None
    description: str
    status: TaskStatus
    due_date: dt.date | None
    completed_date: dt.date | None
    recurrence: Recurrence | None
    escalated_dt: dt.datetime | None
    assignment_id: int | None
    document_id: int | None
    lead_agency_id: int | None
    #: Today's name of the lead, or the name as written when it is not in the directory.
    lead_name: str
    #: The name the notice gave the lead when that is none of its names today (`Task.given_under`).
    given_under: str
    document_number: str | None
    #: How many agencies coordinate ("+2 phối hợp").
    coordinators: int


_COORDINATORS = (select(func.count()).select_from(task_support).where(task_support.c.task_id == Task.id)
                 .correlate(Task).scalar_subquery().label("coordinators"))
_COLUMNS = (Task.id, Task.code, Task.description, Task.status, Task.due_date, Task.completed_date,
            Task.recurrence, Task.escalated_dt, Task.assignment_id, Task.document_id, Task.lead_agency_id,
            Task.lead_text, Task.source_group_id, Agency.name, Agency.name_key, Document.number, _COORDINATORS)


def row_select(stmt: Select) -> Select:
    """`stmt` (a SELECT of tasks with its conditions, order and limit) as the list's row
    columns, the lead and the document joined to each task it keeps."""
    return (stmt.with_only_columns(*_COLUMNS)
            .outerjoin(Agency, Agency.id == Task.lead_agency_id)
            .outerjoin(Document, Document.id == Task.document_id))


def read_rows(session: Session, stmt: Select, total: ColumnElement[int] | None = None) -> tuple[list[TaskRow], int]:
    """The rows of `row_select(...)`, with each lead's name as the notice wrote it where it
    differs; and `total` (a count the page shows, read as a column of the same statement), 0
    when not asked or when there are no rows."""
    found = session.execute(stmt if total is None else stmt.add_columns(total.label("total"))).tuples().all()
    counted = found[0][-1] if found and total is not None else 0
    # the rows whose notice wrote the lead otherwise (usually none), and of those the ones whose
    # written name is no alias of the lead either: by task id, the name the list shows beside it
    otherwise = [r for r in found if r[10] is not None and written_otherwise(r[11], r[12], r[14])]
    known = _alias_keys(session, {r[10] for r in otherwise})
    given_under = {r[0]: r[11] for r in otherwise if (r[10], name_key(r[11])) not in known}
    return [TaskRow(task_id, code, description, status, due_date, completed_date, recurrence, escalated_dt,
                    assignment_id, document_id, lead_id, lead_text if name is None else name,
                    given_under.get(task_id, ""), number, coordinators or 0)
            for (task_id, code, description, status, due_date, completed_date, recurrence, escalated_dt,
                 assignment_id, document_id, lead_id, lead_text, _, name, _, number, coordinators, *_)
            in found], counted


def _alias_keys(session: Session, agency_ids: set[int]) -> set[tuple[int, str]]:
    if not agency_ids:
        return set()
    return set(session.execute(select(AgencyAlias.agency_id, AgencyAlias.alias_key)
                               .where(AgencyAlias.agency_id.in_(agency_ids))).tuples())
