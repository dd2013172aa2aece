"""Reading tasks: who may see which, and the filtered, paginated task list."""
from __future__ import annotations

import datetime as dt
import functools
import math
import operator
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import ColumnElement, Select, case, func, or_, select, union
from sqlalchemy.orm import Session, aliased, defer, selectinload
from flask_babel import gettext as _

from ..agencies.models import Agency
from ..core.errors import NotFound
from ..users.models import User
from .models import GroupAssignment, Task, TaskState, TaskStatus, task_support
from .rows import TaskRow, read_rows, row_select
from .states import state_clause


@dataclass(frozen=True)
class TaskFilter:
    """What the task list is narrowed to; every field optional."""

    agency_id: int | None = None
    state: TaskState | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    document_id: int | None = None
    document_number: str | None = None
    include_drafts: bool = False
    #: Tasks finished long ago and archived; lists leave them out unless asked, reports keep them.
    include_archived: bool = False
    #: Only the member tasks of one group assignment (a group row "expanded").
    assignment_id: int | None = None
    #: Show a group assignment as one row (its first member matching the filter stands for it),
    #: as the office reads a notice; not when looking at one agency or one assignment's members.
    by_assignment: bool = False

    @property
    def collapses_groups(self) -> bool:
        return self.by_assignment and self.agency_id is None and self.assignment_id is None


@dataclass(frozen=True)
class GroupProgress:
    """How far the members of one group assignment are: "12/30 đã xong"."""

    assignment_id: int
    group_name: str
    members: int  #: member tasks not cancelled
    done: int
    overdue: int
    matching: int  #: members matching the list's filter (all of them when unfiltered)


@dataclass(frozen=True)
class TaskPage:
    items: list[TaskRow]
    total: int
    page: int
    per_page: int
    #: True when there are more than `total` (the pager counted up to COUNT_CAP and stopped).
    more: bool = False
    #: For rows standing for a group assignment: its members' progress, by assignment id.
    groups: dict[int, GroupProgress] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        counted = max(1, math.ceil(self.total / self.per_page))
        if self.more:  # past the count: one more page while this one is full
            return max(counted, self.page + (len(self.items) == self.per_page))
        return counted


#: The order of every task list: soonest deadline first, no deadline last. PostgreSQL reads
#: it off `ix_task_list_order` (due_date ASC is NULLS LAST there), so page 1 costs 50 rows.
LIST_ORDER = (Task.due_date.asc().nulls_last(), Task.id)
#: A pager counts at most this many rows ("hơn 1.000"), not a million: reading 1,001 index
#: entries is a millisecond, 10,001 were a third of the list's server time. Past the count the
#: pager goes on a page at a time.
COUNT_CAP = 1_000


@functools.cache
def task_alias(name: str) -> Any:  # noqa: ANN401 - an aliased Task
    """An alias of `task` for the list's subqueries, made once per name (on first use, when every
    model is mapped): an alias is immutable, and making one per request, with the clause of each
    column it is asked for, cost a millisecond."""
    return aliased(Task, name=name)


def involving_agency(agency_id: int, task: Any = Task):  # noqa: ANN201 - SQL expression
    """Tasks the agency leads or coordinates: one set of ids from two indexed lookups (a UNION),
    not `lead = X OR id IN (...)`, which PostgreSQL answers by reading the whole table."""
    other = task_alias("other_task")  # not the outer query's `task`: a correlated subquery would scan again
    led = select(other.id).where(other.lead_agency_id == agency_id)
    supported = select(task_support.c.task_id).where(task_support.c.agency_id == agency_id)
    return task.id.in_(led.union(supported))


def visible_to(stmt: Select, user: User | None) -> Select:
    """Restrict a task query to what `user` may see: a liaison, its agency's tasks only.

    `None` is the system itself (CLI, jobs), which sees everything.
    """
    if user is None or user.sees_everything:
        return stmt
    if user.agency_id is None:
        return stmt.where(Task.id.is_(None))
    return stmt.where(involving_agency(user.agency_id), Task.status != TaskStatus.DRAFT)


def list_conditions(user: User | None, flt: TaskFilter, today: dt.date, due_soon_days: int,
                    task: Any = Task) -> list:
    """Every condition of the task list but the agency it is scoped to (`list_scope`), on
    `task` (the mapped class, or an alias when a subquery must apply the same filter)."""
    conditions: list = []
    if not flt.include_archived:  # the working set, written as the partial indexes' predicate
        conditions.append(~task.archived)
    hides_drafts = user is not None and not user.sees_everything
    if hides_drafts or (not flt.include_drafts and flt.state is not TaskState.DRAFT):
        conditions.append(task.status != TaskStatus.DRAFT)
    scope = list_scope(user, flt)
    if flt.agency_id is not None and flt.agency_id != scope:  # a liaison looking at another agency's share
        conditions.append(involving_agency(flt.agency_id, task))
    if flt.state is not None:
        conditions.append(state_clause(flt.state, today, due_soon_days, task))
    if flt.due_from is not None:
        conditions.append(task.due_date >= flt.due_from)
    if flt.due_to is not None:
        conditions.append(task.due_date <= flt.due_to)
    if flt.document_id is not None:
        conditions.append(task.document_id == flt.document_id)
    if flt.assignment_id is not None:
        conditions.append(task.assignment_id == flt.assignment_id)
    if flt.document_number:
        from ..documents.models import Document

        conditions.append(task.document_id.in_(select(Document.id).where(Document.number == flt.document_number)))
    return conditions


def list_scope(user: User | None, flt: TaskFilter) -> int | None:
    """The one agency a list is about: a liaison's own (it sees nothing else), or the agency the
    office filtered by. None for the office's whole list."""
    if user is not None and not user.sees_everything:
        return user.agency_id if user.agency_id is not None else -1  # no agency: nothing to see
    return flt.agency_id


def filtered_tasks(user: User | None, flt: TaskFilter, today: dt.date, due_soon_days: int) -> Select:
    """The SELECT behind the task list (and reports), before ordering and paging."""
    stmt = select(Task).where(*list_conditions(user, flt, today, due_soon_days))
    scope = list_scope(user, flt)
    return stmt if scope is None else stmt.where(involving_agency(scope))


def list_tasks(
    session: Session, user: User | None, flt: TaskFilter, today: dt.date, due_soon_days: int,
    page: int = 1, per_page: int = 50,
) -> TaskPage:
    """One page of tasks, soonest deadline first (no-deadline tasks last)."""
    scope = list_scope(user, flt)
    if scope is not None:
        return _agency_page(session, scope, list_conditions(user, flt, today, due_soon_days), page, per_page,
                            working_set=not flt.include_archived)
    matching = filtered_tasks(user, flt, today, due_soon_days)
    if flt.collapses_groups:
        member = task_alias("member_task")
        member_conditions = list_conditions(user, flt, today, due_soon_days, member)
        stmt = one_row_per_assignment(matching, member, member_conditions)
        parts = _rows_with_groups(list_conditions(user, flt, today, due_soon_days), member_conditions, member)
    else:
        stmt = matching
        parts = [in_list_order(stmt.with_only_columns(Task.id))]
    rows, total, page = _read_page(session, lambda n: stmt.order_by(*LIST_ORDER).limit(per_page)
                                   .offset((n - 1) * per_page), parts, page, per_page)
    groups = group_progress(session, matching, {t.assignment_id for t in rows if t.assignment_id}, today) \
        if flt.collapses_groups else {}
    return TaskPage(rows, min(total, COUNT_CAP), page, per_page, more=total > COUNT_CAP, groups=groups)


def _agency_page(session: Session, agency_id: int, conditions: list, page: int, per_page: int, *,
                 working_set: bool) -> TaskPage:
    """One agency's page, at a cost that follows the agency's tasks read in order, not the table.

    The first n = page * per_page of what it leads (read off ix_task_lead_order) and the first n
    of what it coordinates hold the first n of both together; the page is cut from those. The
    count is the two parts' capped counts added (an agency never coordinates what it leads)."""
    rows, total, page = _read_page(
        session, lambda n: _agency_window(agency_id, conditions, per_page, (n - 1) * per_page, working_set),
        list(_agency_parts(agency_id, conditions, working_set)), page, per_page)
    return TaskPage(rows, min(total, COUNT_CAP), page, per_page, more=total > COUNT_CAP)


def _read_page(session: Session, window: Callable[[int], Select], parts: list[Select], page: int,
               per_page: int) -> tuple[list[TaskRow], int, int]:
    """(rows, capped count, page) of page `page` of a list whose rows are `window(page)` and
    whose count is the capped counts of `parts` added: one statement, the count a column of
    the rows. Only a page past the end (no rows) asks the count alone, then reads the last page."""
    rows, total = read_rows(session, row_select(window(page)), capped_sum(parts))
    if rows:
        return rows, total, page
    total = session.scalar(select(capped_sum(parts))) or 0
    last = _clamped(page, total, per_page)
    if last == page:
        return [], total, page
    return read_rows(session, row_select(window(last)))[0], total, last


def agency_rows(session: Session, agency_id: int, conditions: list, limit: int, *, working_set: bool) -> list[TaskRow]:
    """The agency's first `limit` tasks meeting `conditions` in list order, as list rows."""
    return read_rows(session, row_select(_agency_window(agency_id, conditions, limit, 0, working_set)))[0]


def _agency_window(agency_id: int, conditions: list, limit: int, offset: int, working_set: bool) -> Select:
    """The SELECT of the agency's tasks offset to offset + limit in list order: the first
    offset + limit of each part, then the window cut from the two together."""
    n = offset + limit
    first = union(*(select(part.order_by(*LIST_ORDER).limit(n).subquery().c.id)
                    for part in _agency_parts(agency_id, conditions, working_set)))
    return select(Task).where(Task.id.in_(first)).order_by(*LIST_ORDER).limit(limit).offset(offset)


def _agency_parts(agency_id: int, conditions: list, working_set: bool) -> tuple[Select, Select]:
    """(the tasks the agency leads, the tasks it coordinates), each meeting `conditions`. With
    `working_set` (the conditions keep to unarchived tasks) the coordinated part reads only the
    coordinator rows of unarchived tasks, off ix_task_support_working."""
    led = select(Task.id).where(Task.lead_agency_id == agency_id, *conditions)
    supported = select(Task.id).join(task_support, task_support.c.task_id == Task.id).where(
        task_support.c.agency_id == agency_id, *conditions)
    if working_set:
        supported = supported.where(~task_support.c.archived)
    return led, supported


def capped_count(session: Session, stmt: Select, cap: int = COUNT_CAP) -> int:
    """How many rows `stmt` gives, counting no further than cap + 1: a pager needs "more than
    1,000", not the exact size of a million-row table."""
    return session.scalar(select(capped_sum([stmt.with_only_columns(Task.id).order_by(None)], cap))) or 0


def capped_sum(parts: list[Select], cap: int = COUNT_CAP) -> ColumnElement[int]:
    """SQL for the rows of all `parts` added, each counted no further than cap + 1 in the
    part's own order: a column a list's page reads with its rows."""
    counts = [select(func.count()).select_from(part.limit(cap + 1).subquery()).scalar_subquery() for part in parts]
    return functools.reduce(operator.add, counts)


def in_list_order(stmt: Select) -> Select:
    """`stmt` counted along the list's order, so its first rows are read off the working set's
    index. Unordered, PostgreSQL reads the first rows of the table instead, and in a table
    kept for years those are archived: the scan went through old rows before it found a
    thousand live ones (a few ms of the server's CPU each time, up to 50 when the table's
    synchronised scans started it at page 0)."""
    return stmt.order_by(*LIST_ORDER)


def _clamped(page: int, total: int, per_page: int) -> int:
    if total > COUNT_CAP:
        return max(1, page)  # more than counted: any page may hold rows
    return max(1, min(page, max(1, math.ceil(total / per_page))))


def _with_list_loads(stmt: Select) -> Select:
    """What a list row shows and nothing more: not the drafts' source text or the search key of
    each task, nor a document's text (a plan's is 100 KB), only its number.
    selectinload, not joinedload: the sort and LIMIT then run on `task` alone."""
    from ..documents.models import Document

    return stmt.options(defer(Task.source_text), defer(Task.search_text), defer(Task.review_note),
                        selectinload(Task.lead_agency).selectinload(Agency.aliases),
                        selectinload(Task.document).load_only(Document.id, Document.number),
                        selectinload(Task.support_agencies))


def tasks_of(session: Session, rows: list[TaskRow]) -> list[Task]:
    """The whole tasks behind a list's rows, in the rows' order: for what prints all of a task
    (the CLI's JSON), not for a page."""
    by_id = {t.id: t for t in session.scalars(_with_list_loads(select(Task).where(Task.id.in_([r.id for r in rows])))
                                              .options(selectinload(Task.source_group)))}
    return [by_id[r.id] for r in rows]


def one_row_per_assignment(stmt: Select, member: Any, member_conditions: list) -> Select:
    """`stmt` with each group assignment shown once, by its first member (by id) matching the
    same filter: a row is kept unless an earlier member of its assignment matches too. Asked
    per row the list walks (an indexed lookup among the assignment's members), so page 1 costs
    its rows, not every member of every assignment."""
    earlier = select(member.id).where(member.assignment_id == Task.assignment_id, member.id < Task.id,
                                      *member_conditions).exists()
    return stmt.where(or_(Task.assignment_id.is_(None), ~earlier))


def _rows_with_groups(conditions: list, member_conditions: list, member: Any) -> list[Select]:
    """What the collapsed list's rows are counted from: tasks not in an assignment, and the
    assignments with at least one member matching (each shown by its first match)."""
    singles = in_list_order(select(Task.id).where(Task.assignment_id.is_(None), *conditions))
    matched = select(GroupAssignment.id).where(
        select(member.id).where(member.assignment_id == GroupAssignment.id, *member_conditions).exists())
    return [singles, matched]


def group_progress(session: Session, matching: Select, assignment_ids: set[int],
                   today: dt.date) -> dict[int, GroupProgress]:
    """Members, done, overdue and matching counts of each assignment, in two grouped queries."""
    if not assignment_ids:
        return {}
    done = or_(state_clause(TaskState.DONE_ON_TIME, today, 0), state_clause(TaskState.DONE_LATE, today, 0))
    overdue = state_clause(TaskState.OVERDUE, today, 0)
    counted = session.execute(
        select(GroupAssignment.id, GroupAssignment.group_name, func.count(Task.id),
               func.sum(case((done, 1), else_=0)), func.sum(case((overdue, 1), else_=0)))
        .join(Task, Task.assignment_id == GroupAssignment.id)
        .where(GroupAssignment.id.in_(assignment_ids), Task.status != TaskStatus.CANCELLED)
        .group_by(GroupAssignment.id, GroupAssignment.group_name)).all()
    matched = dict(session.execute(
        matching.with_only_columns(Task.assignment_id, func.count()).where(Task.assignment_id.in_(assignment_ids))
        .group_by(Task.assignment_id).order_by(None)).tuples().all())
    return {aid: GroupProgress(aid, name, members, int(n_done or 0), int(n_overdue or 0), matched.get(aid, 0))
            for aid, name, members, n_done, n_overdue in counted}


def get_visible_task(session: Session, user: User, code_or_id: str | int) -> Task:
    """A task by code (or id) if `user` may see it; otherwise NotFound, never a hint it exists."""
    stmt = select(Task).options(selectinload(Task.history), selectinload(Task.support_agencies))
    if isinstance(code_or_id, int) or str(code_or_id).isdigit():
        stmt = stmt.where(Task.id == int(code_or_id))
    else:
        stmt = stmt.where(Task.code == str(code_or_id).strip().upper())
    task = session.scalar(visible_to(stmt, user))
    if task is None:
        raise NotFound(_("Không tìm thấy nhiệm vụ %(code)s.", code=code_or_id))
    return task


def get_task_by_code(session: Session, code: str) -> Task:
    """A task by its code, for system use (CLI, mail) where no user is involved."""
    task = session.scalar(select(Task).where(Task.code == code.strip().upper()))
    if task is None:
        raise NotFound(_("Không tìm thấy nhiệm vụ %(code)s.", code=code))
    return task


def count_by_state(session: Session, user: User | None, today: dt.date, due_soon_days: int) -> dict[TaskState, int]:
    """How many visible tasks are in each state: one query for the office; for a liaison, one
    over what its agency leads and one over what it coordinates (each by its own index), in
    the working set (archived tasks are counted by reports and search, not by the tiles)."""
    columns = [
        func.coalesce(func.sum(case((state_clause(state, today, due_soon_days), 1), else_=0)), 0).label(state.value)
        for state in TaskState if state is not TaskState.DRAFT
    ]
    live = Task.status != TaskStatus.DRAFT
    if user is None or user.sees_everything:
        rows = [session.execute(select(*columns).select_from(Task).where(live)).one()]
    else:
        # an agency's tiles count its working set, as the lists they open show it: what is open,
        # and what was finished within ARCHIVE_AFTER_DAYS; not every task it was ever given
        parts = _agency_parts(user.agency_id if user.agency_id is not None else -1, [live, ~Task.archived],
                              working_set=True)
        rows = [session.execute(part.with_only_columns(*columns)).one() for part in parts]
    return {state: sum(int(row._mapping[state.value]) for row in rows)
            for state in TaskState if state is not TaskState.DRAFT}
