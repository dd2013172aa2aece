"""Changing tasks. Each function is one verb; it flushes, the caller commits.

Every change appends a history entry in the same transaction, so the history is the
task's true story. Who may do what is checked here, not in views, so that the web, the
mail handler and the CLI all obey the same rule.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..agencies.models import Agency, AgencyGroup
from ..core.claims import claim_row
from ..core.errors import Conflict, InvalidInput, PermissionDenied
from ..core.files import FileStore, NewFile, safe_filename
from ..documents.models import Document
from ..users.models import Role, User
from ..core.dates import now_utc
from .models import (
    Attachment,
    ExtensionRequest,
    ExtensionStatus,
    GroupAssignment,
    HistoryKind,
    HistorySource,
    Recurrence,
    Task,
    TaskCodeCounter,
    TaskHistoryEntry,
    TaskStatus,
)
from .states import OPEN_STATUSES, UNFINISHED_STATUSES


@dataclass(frozen=True)
class Actor:
    """Who is acting and through which channel; `user` is None for mail senders and jobs."""

    source: HistorySource
    label: str
    user: User | None = None

    @classmethod
    def web(cls, user: User) -> "Actor":
        return cls(HistorySource.WEB, user.full_name or user.email, user)

    @classmethod
    def system(cls) -> "Actor":
        return cls(HistorySource.SYSTEM, "Hệ thống")


@dataclass
class TaskSpec:
    """What a new live task needs; the lead is an agency already resolved."""

    description: str
    lead: Agency
    support: list[Agency] = field(default_factory=list)
    due_date: dt.date | None = None
    recurrence: Recurrence | None = None
    due_text: str = ""
    item_ref: str = ""
    lead_text: str = ""
    source_group: AgencyGroup | None = None
    #: The group assignment this task is one member's share of.
    assignment: GroupAssignment | None = None


def next_task_code(session: Session, year: int) -> str:
    """Give the next code for `year`, "NV-2021-0042"; safe when two processes confirm at once."""
    return next_task_codes(session, year, 1)[0]


def next_task_codes(session: Session, year: int, count: int) -> list[str]:
    """Reserve `count` consecutive codes for `year` in one statement, so a plan of a thousand
    tasks takes one row lock on the year's counter, not a thousand round trips to it."""
    bumped = session.execute(
        update(TaskCodeCounter)
        .where(TaskCodeCounter.year == year)
        .values(last_number=TaskCodeCounter.last_number + count)
        .returning(TaskCodeCounter.last_number)
    ).scalar()
    if bumped is None:
        try:
            with session.begin_nested():
                session.execute(insert(TaskCodeCounter).values(year=year, last_number=count))
            bumped = count
        except IntegrityError:  # another process created the year's row first
            return next_task_codes(session, year, count)
    return [f"NV-{year}-{number:04d}" for number in range(bumped - count + 1, bumped + 1)]


def create_task(session: Session, document: Document | None, spec: TaskSpec, actor: Actor, year: int) -> Task:
    """A live task (in progress, with a code), recorded as created and assigned."""
    return create_tasks(session, document, [spec], actor, year)[0]


def create_tasks(session: Session, document: Document | None, specs: list[TaskSpec], actor: Actor,
                 year: int) -> list[Task]:
    """Live tasks for every spec, flushed together: codes reserved in one go and rows written in
    batches, so confirming a plan split over every commune costs a few statements, not thousands."""
    if any(not spec.description.strip() for spec in specs):
        raise InvalidInput(_("Nội dung nhiệm vụ không được để trống."))
    tasks = [_new_task(session, document, spec, code, actor)
             for spec, code in zip(specs, next_task_codes(session, year, len(specs)), strict=True)]
    if document is not None:
        document.task_count = (document.task_count or 0) + len(tasks)
    session.flush()
    return tasks


def _new_task(session: Session, document: Document | None, spec: TaskSpec, code: str, actor: Actor) -> Task:
    task = Task(
        code=code,
        document=document,
        item_ref=spec.item_ref,
        description=spec.description.strip(),
        lead_agency=spec.lead,
        lead_text=spec.lead_text or spec.lead.name,
        source_group=spec.source_group,
        assignment=spec.assignment,
        status=TaskStatus.IN_PROGRESS,
        due_date=spec.due_date,
        original_due_date=spec.due_date,
        recurrence=spec.recurrence,
        due_text=spec.due_text,
    )
    task.support_agencies = _distinct([a for a in spec.support if a is not spec.lead])
    session.add(task)
    _record(session, task, HistoryKind.CREATED, actor)
    coordinators = ", ".join(a.name for a in task.support_agencies)
    roles = spec.lead.name + (f" (phối hợp: {coordinators})" if coordinators else "")
    _record(session, task, HistoryKind.ASSIGNED, actor, note=roles)
    return task


def _distinct(agencies: list[Agency]) -> list[Agency]:
    seen: dict[int, Agency] = {}
    for agency in agencies:
        seen.setdefault(id(agency), agency)
    return list(seen.values())


# -- who may do what ------------------------------------------------------------------

def _is_lead(user: User, task: Task) -> bool:
    return user.agency_id is not None and task.lead_agency_id == user.agency_id


def _is_involved(user: User, task: Task) -> bool:
    return _is_lead(user, task) or any(a.id == user.agency_id for a in task.support_agencies)


def may_report(user: User, task: Task, lead_only: bool = False) -> bool:
    """Agencies act on their own tasks: progress by lead or coordinators, completion by the lead."""
    if user.is_office:
        return True
    if user.role is not Role.AGENCY:
        return False
    return _is_lead(user, task) if lead_only else _is_involved(user, task)


def ensure_may_report(actor: Actor, task: Task, lead_only: bool) -> None:
    if actor.user is not None and not may_report(actor.user, task, lead_only):
        raise PermissionDenied(_("Bạn không có quyền cập nhật nhiệm vụ này."))


def ensure_office(actor: Actor) -> None:
    """Confirming, returning, postponing and cancelling belong to the office."""
    if actor.user is not None and not actor.user.is_office:
        raise PermissionDenied(_("Chỉ Văn phòng UBND được thực hiện thao tác này."))


# -- lifecycle ------------------------------------------------------------------------

def report_progress(
    session: Session, task: Task, actor: Actor, note: str, percent: int | None = None,
    files: list[NewFile] | None = None, store: FileStore | None = None,
) -> TaskHistoryEntry:
    ensure_may_report(actor, task, lead_only=False)
    claim(session, task)
    if percent is not None and not 0 <= percent <= 100:
        raise InvalidInput(_("Tỷ lệ hoàn thành phải từ 0 đến 100%."))
    if percent is not None:
        task.progress_percent = percent
    return _append(session, task, HistoryKind.PROGRESS_REPORTED, actor, note=note, percent=percent,
                   files=files, store=store)


def report_completion(
    session: Session, task: Task, actor: Actor, completed_on: dt.date, note: str = "",
    files: list[NewFile] | None = None, store: FileStore | None = None, needs_confirmation: bool = False,
) -> TaskHistoryEntry:
    """The lead says it is done: done at once, or awaiting the office when it confirms completions."""
    ensure_may_report(actor, task, lead_only=True)
    claim(session, task)
    _require_status(task, OPEN_STATUSES, _("Nhiệm vụ không ở trạng thái có thể báo cáo hoàn thành."))
    task.completed_date = completed_on
    task.progress_percent = 100
    office_confirms = needs_confirmation and not (actor.user and actor.user.is_office)
    task.status = TaskStatus.AWAITING_CONFIRMATION if office_confirms else TaskStatus.DONE
    return _append(session, task, HistoryKind.COMPLETED, actor, note=note, percent=100, files=files, store=store)


def confirm_completion(session: Session, task: Task, actor: Actor, note: str = "") -> TaskHistoryEntry:
    ensure_office(actor)
    claim(session, task)
    _require_status(task, (TaskStatus.AWAITING_CONFIRMATION,), _("Nhiệm vụ không chờ xác nhận hoàn thành."))
    task.status = TaskStatus.DONE
    return _append(session, task, HistoryKind.COMPLETION_CONFIRMED, actor, note=note)


def return_task(session: Session, task: Task, actor: Actor, note: str) -> TaskHistoryEntry:
    """Thực hiện lại: the office does not accept the reported completion."""
    ensure_office(actor)
    claim(session, task)
    _require_status(task, (TaskStatus.AWAITING_CONFIRMATION, TaskStatus.DONE),
                    _("Nhiệm vụ chưa được báo cáo hoàn thành."))
    if not note.strip():
        raise InvalidInput(_("Cần ghi rõ lý do yêu cầu thực hiện lại."))
    task.status = TaskStatus.RETURNED
    task.completed_date = None
    return _append(session, task, HistoryKind.RETURNED, actor, note=note)


def postpone_task(session: Session, task: Task, actor: Actor, note: str) -> TaskHistoryEntry:
    ensure_office(actor)
    claim(session, task)
    _require_status(task, OPEN_STATUSES, _("Chỉ tạm hoãn được nhiệm vụ đang thực hiện."))
    task.status = TaskStatus.POSTPONED
    return _append(session, task, HistoryKind.POSTPONED, actor, note=note)


def cancel_task(session: Session, task: Task, actor: Actor, note: str) -> TaskHistoryEntry:
    return cancel_tasks(session, [task], actor, note)[0]


def cancel_tasks(session: Session, tasks: list[Task], actor: Actor, note: str) -> list[TaskHistoryEntry]:
    """Cancel each task (claimed, recorded) and write them in one flush: a withdrawn plan's
    thousand tasks cost a claim each, not a flush each."""
    ensure_office(actor)
    entries = []
    with session.no_autoflush:  # each claim is its own UPDATE; the changes are written together
        for task in tasks:
            claim(session, task)
            _require_status(task, UNFINISHED_STATUSES, _("Không hủy được nhiệm vụ ở trạng thái này."))
            task.status = TaskStatus.CANCELLED
            entries.append(_record(session, task, HistoryKind.CANCELLED, actor, note=note))
    session.flush()
    return entries


def reopen_task(session: Session, task: Task, actor: Actor, note: str = "") -> TaskHistoryEntry:
    """Back to in progress from postponed, cancelled or done."""
    ensure_office(actor)
    claim(session, task)
    _require_status(task, (TaskStatus.POSTPONED, TaskStatus.CANCELLED, TaskStatus.DONE),
                    _("Nhiệm vụ đang thực hiện, không cần mở lại."))
    task.status = TaskStatus.IN_PROGRESS
    task.completed_date = None
    return _append(session, task, HistoryKind.REOPENED, actor, note=note)


def add_comment(
    session: Session, task: Task, actor: Actor, note: str,
    files: list[NewFile] | None = None, store: FileStore | None = None,
) -> TaskHistoryEntry:
    ensure_may_report(actor, task, lead_only=False)
    claim(session, task)
    if not note.strip() and not files:
        raise InvalidInput(_("Ý kiến trống."))
    return _append(session, task, HistoryKind.COMMENT, actor, note=note, files=files, store=store)


def request_extension(
    session: Session, task: Task, actor: Actor, requested: dt.date, reason: str = "",
    files: list[NewFile] | None = None, store: FileStore | None = None,
) -> ExtensionRequest:
    """The lead asks for a later deadline; the deadline in force stays until the office decides."""
    ensure_may_report(actor, task, lead_only=True)
    claim(session, task)
    _require_status(task, OPEN_STATUSES, _("Chỉ xin gia hạn được cho nhiệm vụ đang thực hiện."))
    if task.due_date is not None and requested <= task.due_date:
        raise InvalidInput(_("Ngày xin gia hạn phải sau thời hạn hiện tại."))
    if any(r.status is ExtensionStatus.PENDING for r in pending_extensions(session, task)):
        raise InvalidInput(_("Nhiệm vụ đã có một đề nghị gia hạn đang chờ Văn phòng xem xét."))
    request = ExtensionRequest(task=task, previous_due_date=task.due_date, requested_date=requested,
                               reason=reason.strip(), requested_by=actor.label)
    session.add(request)
    _append(session, task, HistoryKind.EXTENSION_REQUESTED, actor, note=reason, proposed_date=requested,
            files=files, store=store)
    return request


def decide_extension(session: Session, request: ExtensionRequest, actor: Actor, approve: bool,
                     note: str = "") -> ExtensionRequest:
    """The office approves (the deadline in force moves) or rejects an extension request."""
    ensure_office(actor)
    if request.status is not ExtensionStatus.PENDING or not _claim_decision(session, request, approve):
        raise InvalidInput(_("Đề nghị gia hạn này đã được xem xét."))
    claim(session, request.task)
    request.decided_by, request.decided_dt, request.decision_note = actor.label, now_utc(), note.strip()
    if approve:
        request.task.due_date = request.requested_date
    kind = HistoryKind.EXTENSION_APPROVED if approve else HistoryKind.EXTENSION_REJECTED
    _append(session, request.task, kind, actor, note=note, proposed_date=request.requested_date)
    return request


def _claim_decision(session: Session, request: ExtensionRequest, approve: bool) -> bool:
    """Decide the request only if it is still pending in the database, not just in what this
    request read: of two decisions at once, one finds it decided and changes nothing."""
    status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    return claim_row(session, request, ExtensionRequest.status == ExtensionStatus.PENDING, status=status)


def pending_extensions(session: Session, task: Task) -> list[ExtensionRequest]:
    return list(session.scalars(select(ExtensionRequest).where(ExtensionRequest.task_id == task.id,
                                                               ExtensionRequest.status == ExtensionStatus.PENDING)))


def claim(session: Session, task: Task) -> None:
    """Make this transaction the only one changing `task`, or raise `Conflict`.

    Checks such as "is an extension already pending?" read the task before anything is
    locked, so two identical requests at once would both pass them. Bumping the revision the
    task was read at, as a row claim, closes that gap: the loser changes nothing.
    """
    if task.status is TaskStatus.DRAFT:  # still the reviewer's proposal, not a task anyone acts on
        raise InvalidInput(_("Nhiệm vụ này còn là dự thảo; Văn phòng cần xác nhận văn bản trước."))
    if not claim_row(session, task, Task.revision == task.revision, revision=task.revision + 1):
        raise Conflict(_("Nhiệm vụ %(code)s vừa được cập nhật bởi một thao tác khác; "
                         "thao tác này không được thực hiện. Hãy tải lại trang để xem.", code=task.code))


def record_handover(session: Session, task: Task, note: str) -> TaskHistoryEntry:
    """A task moved to another agency without anyone acting on it (a merger): a new revision,
    so a form opened before the move is refused, and an entry in its history."""
    task.revision = (task.revision or 0) + 1
    return _append(session, task, HistoryKind.ASSIGNED, Actor.system(), note)


def _require_status(task: Task, allowed: tuple[TaskStatus, ...], message: str) -> None:
    if task.status not in allowed:
        raise InvalidInput(message)


def _append(
    session: Session, task: Task, kind: HistoryKind, actor: Actor, note: str = "", percent: int | None = None,
    proposed_date: dt.date | None = None, files: list[NewFile] | None = None, store: FileStore | None = None,
) -> TaskHistoryEntry:
    if files and store is None:
        raise RuntimeError("attachments need a FileStore")
    stored = [(new, store.put(new.data)) for new in files or []]  # refuse oversize before recording
    entry = _record(session, task, kind, actor, note, percent, proposed_date)
    for new, digest in stored:
        session.add(Attachment(history_entry=entry, filename=safe_filename(new.filename),
                               content_type=new.content_type[:127], size=len(new.data), sha256=digest))
    session.flush()
    return entry


def _record(session: Session, task: Task, kind: HistoryKind, actor: Actor, note: str = "",
            percent: int | None = None, proposed_date: dt.date | None = None) -> TaskHistoryEntry:
    """A history entry added to the session, written with the next flush."""
    entry = TaskHistoryEntry(
        task=task, kind=kind, source=actor.source, actor=actor.user, actor_label=actor.label,
        note=note.strip(), percent=percent, proposed_date=proposed_date,
    )
    session.add(entry)
    return entry
