"""The rows of a "Biểu tổng hợp nhiệm vụ" and the figures of a six-month or yearly report."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency, AgencyKind
from ..core.dates import format_date
from ..core.text import name_key, ubnd_abbreviated
from ..tasks.models import Task, TaskState, TaskStatus
from ..tasks.queries import TaskFilter, filtered_tasks
from ..tasks.states import on_time_percent, task_state
from ..users.models import User

#: How many overdue members a group assignment's row names before "và n cơ quan khác".
GROUP_NAMES_SHOWN = 10
COLUMNS = ("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Kết quả/tiến độ", "Ghi chú")
STATE_WORDS = {
    TaskState.ON_TIME: "Đang thực hiện, trong hạn", TaskState.DUE_SOON: "Đang thực hiện, sắp đến hạn",
    TaskState.OVERDUE: "Quá hạn, chưa hoàn thành", TaskState.NO_DEADLINE: "Đang thực hiện",
    TaskState.AWAITING_CONFIRMATION: "Đã báo cáo hoàn thành, chờ xác nhận",
    TaskState.DONE_ON_TIME: "Hoàn thành đúng hạn", TaskState.DONE_LATE: "Hoàn thành quá hạn",
    TaskState.RETURNED: "Yêu cầu thực hiện lại", TaskState.POSTPONED: "Tạm hoãn", TaskState.CANCELLED: "Đã hủy",
    TaskState.DRAFT: "Dự thảo",
}


@dataclass(frozen=True)
class ReportRow:
    number: int
    code: str
    description: str
    lead: str
    support: str
    deadline: str
    result: str
    note: str
    state: TaskState
    due: dt.date | None = None  #: the deadline as a date (the Excel cell), when it has one
    due_words: str = ""  #: the deadline in words when it has no date ("Thường xuyên")
    extended_from: dt.date | None = None  #: the first deadline, when it was extended

    def cells(self) -> tuple:
        return (self.number, f"{self.description} ({self.code})", self.lead, self.support, self.deadline, self.result,
                self.note)


def task_rows(session: Session, user: User | None, flt: TaskFilter, today: dt.date,
              due_soon_days: int) -> list[ReportRow]:
    """The tasks `user` may see, narrowed like the task list, in the order of the document."""
    stmt = filtered_tasks(user, flt, today, due_soon_days).options(
        selectinload(Task.lead_agency).selectinload(Agency.aliases), selectinload(Task.support_agencies),
        selectinload(Task.document),
        selectinload(Task.history))
    tasks = session.scalars(stmt.order_by(Task.document_id, Task.id)).all()
    if not (flt.collapses_groups and (user is None or user.sees_everything)):
        return [_row(n, task, today, due_soon_days) for n, task in enumerate(tasks, 1)]
    units = _assignments(session, tasks)
    return [_row(n, unit, today, due_soon_days) if isinstance(unit, Task) else _group_row(n, unit, today, due_soon_days)
            for n, unit in enumerate(units, 1)]


def _assignments(session: Session, tasks: Sequence[Task]) -> list[Task | list[Task]]:
    """The tasks in order, each group assignment once (where its first matching member was),
    as all its members, so its row shows the whole group's progress."""
    ids = {t.assignment_id for t in tasks if t.assignment_id is not None}
    members: dict[int, list[Task]] = defaultdict(list)
    for member in session.scalars(select(Task).where(Task.assignment_id.in_(ids)).order_by(Task.id)
                                  .options(selectinload(Task.lead_agency), selectinload(Task.support_agencies),
                                           selectinload(Task.document), selectinload(Task.assignment))):
        members[member.assignment_id].append(member)  # type: ignore[index]
    units: list[Task | list[Task]] = []
    for task in tasks:
        if task.assignment_id is None:
            units.append(task)
        elif task.assignment_id in members:
            units.append(members.pop(task.assignment_id))
    return units


def _group_row(number: int, members: list[Task], today: dt.date, due_soon_days: int) -> ReportRow:
    """One row for a group assignment: "12/30 cơ quan đã hoàn thành", the overdue ones named."""
    first = members[0]
    states = {m.id: task_state(m, today, due_soon_days) for m in members}
    counted = [m for m in members if states[m.id] is not TaskState.CANCELLED]
    done = [m for m in counted if states[m.id] in (TaskState.DONE_ON_TIME, TaskState.DONE_LATE)]
    overdue = [m.lead_label for m in counted if states[m.id] is TaskState.OVERDUE]
    result = f"{len(done)}/{len(counted)} cơ quan đã hoàn thành"
    if overdue:
        result += f"; quá hạn ({len(overdue)}): " + ", ".join(overdue[:GROUP_NAMES_SHOWN])
        result += f" và {len(overdue) - GROUP_NAMES_SHOWN} cơ quan khác" if len(overdue) > GROUP_NAMES_SHOWN else ""
    dues = {m.due_date for m in counted} or {first.due_date}
    due = dues.pop() if len(dues) == 1 else None
    deadline = format_date(due) or first.due_text or ("Theo từng cơ quan" if dues else "")
    codes = sorted(m.code or "" for m in members)
    note = f"{first.document.number}" + (f", {first.item_ref}" if first.item_ref else "") if first.document else ""
    return ReportRow(number, f"{codes[0]} … {codes[-1]}" if len(codes) > 1 else codes[0], first.description,
                     f"{first.assignment.group_name} ({len(counted)} cơ quan)",  # type: ignore[union-attr]
                     "; ".join(a.name for a in first.support_agencies), deadline, result, note,
                     _group_state(states, counted), due, first.due_text or "")


def _group_state(states: dict[int, TaskState], counted: list[Task]) -> TaskState:
    """Done when every member is done (late if any was), overdue when any member is, else the
    first unfinished member's state."""
    mine = [states[m.id] for m in counted]
    if not mine:
        return TaskState.CANCELLED
    if all(s in (TaskState.DONE_ON_TIME, TaskState.DONE_LATE) for s in mine):
        return TaskState.DONE_LATE if TaskState.DONE_LATE in mine else TaskState.DONE_ON_TIME
    if TaskState.OVERDUE in mine:
        return TaskState.OVERDUE
    return next(s for s in mine if s not in (TaskState.DONE_ON_TIME, TaskState.DONE_LATE))


def _row(number: int, task: Task, today: dt.date, due_soon_days: int) -> ReportRow:
    state = task_state(task, today, due_soon_days)
    deadline = format_date(task.due_date) or task.due_text or ""
    if task.due_date and task.original_due_date and task.original_due_date != task.due_date:
        deadline += f" (gia hạn từ {format_date(task.original_due_date)})"
    result = STATE_WORDS[state]
    if task.completed_date:
        result += f" ngày {format_date(task.completed_date)}"
    elif task.progress_percent is not None:
        result += f"; đạt {task.progress_percent}%"
    latest = next((h.note for h in reversed(task.history) if h.note and h.kind.value in
                   ("progress_reported", "completed", "comment")), "")
    if latest:
        result += f". {latest[:300]}"
    notes = [f"{task.document.number}" + (f", {task.item_ref}" if task.item_ref else "")] if task.document else []
    if task.escalated_dt:
        notes.append("Đã báo cáo Văn phòng UBND")
    extended = task.original_due_date if task.due_date and task.original_due_date != task.due_date else None
    return ReportRow(number, task.code or "", task.description, task.lead_label,
                     "; ".join(a.name for a in task.support_agencies), deadline, result, "; ".join(notes), state,
                     task.due_date, task.due_text or "", extended)


def report_heading(session: Session) -> tuple[str, str]:
    """The two lines of the issuing office, top left of the form: "UBND TỈNH QUẢNG NINH" /
    "VĂN PHÒNG", read from the directory's office (its place-qualified name)."""
    office = session.scalar(select(Agency).where(Agency.kind == AgencyKind.OFFICE, Agency.is_active)
                            .options(selectinload(Agency.aliases)).order_by(Agency.id))
    if office is None:
        return "", "VĂN PHÒNG UBND"
    names = [office.name, *office.short_names]
    full = max((n for n in names if name_key(n).startswith("van phong ubnd")), key=lambda n: len(name_key(n)),
               default=office.name)  # the most specific: "Văn phòng UBND tỉnh Quảng Ninh"
    full = ubnd_abbreviated(full)
    superior = full[len("Văn phòng "):].strip() if full.lower().startswith("văn phòng ") else ""
    return superior.upper(), "VĂN PHÒNG"


@dataclass(frozen=True)
class AgencyFigures:
    agency: str
    assigned: int
    done_on_time: int
    done_late: int
    in_progress: int
    overdue: int

    @property
    def on_time_rate(self) -> float | None:
        return on_time_percent(self.done_on_time, self.done_late)


def period_figures(session: Session, start: dt.date, end: dt.date, today: dt.date) -> list[AgencyFigures]:
    """Per lead agency, tasks due in [start, end]: done on time or late, still in progress, overdue
    (the figures six-month and yearly reports ask for)."""
    tasks = session.scalars(select(Task).where(Task.status != TaskStatus.DRAFT, Task.due_date.between(start, end))
                            .options(selectinload(Task.lead_agency))).all()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for task in tasks:
        state = task_state(task, today, 0)
        row = counts[task.lead_agency.name if task.lead_agency else task.lead_text]
        row[0] += 1
        if state is TaskState.DONE_ON_TIME:
            row[1] += 1
        elif state is TaskState.DONE_LATE:
            row[2] += 1
        elif state is TaskState.OVERDUE:
            row[4] += 1
        elif state not in (TaskState.CANCELLED,):
            row[3] += 1
    return [AgencyFigures(name, *values) for name, values in sorted(counts.items())]
