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

from sqlalchemy import Select, func, select
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


def read_rows(session: Session, stmt: Select) -> list[TaskRow]:
    """The rows of `row_select(...)`, with each lead's name as the notice wrote it where it differs."""
    found = session.execute(stmt).all()
    differs = {r.lead_agency_id for r in found
               if r.lead_agency_id is not None and written_otherwise(r.lead_text, r.source_group_id, r.name_key)}
    aliases = _alias_keys(session, differs)
    return [TaskRow(r.id, r.code, r.description, r.status, r.due_date, r.completed_date, r.recurrence,
                    r.escalated_dt, r.assignment_id, r.document_id,
                    r.name if r.name is not None else r.lead_text,
                    _given_under(r, differs, aliases), r.number, r.coordinators or 0)
            for r in found]


def _given_under(row, differs: set[int], aliases: set[tuple[int, str]]) -> str:  # noqa: ANN001 - a result row
    if row.lead_agency_id not in differs or not written_otherwise(row.lead_text, row.source_group_id, row.name_key):
        return ""
    return "" if (row.lead_agency_id, name_key(row.lead_text)) in aliases else row.lead_text


def _alias_keys(session: Session, agency_ids: set[int]) -> set[tuple[int, str]]:
    if not agency_ids:
        return set()
    return set(session.execute(select(AgencyAlias.agency_id, AgencyAlias.alias_key)
                               .where(AgencyAlias.agency_id.in_(agency_ids))).tuples())
