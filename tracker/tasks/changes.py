"""The office changes a confirmed task: its deadline, lead, coordinators or wording, or stops,
pauses and resumes it. Each change needs a reason, leaves one history entry saying what was
and what is, and tells every agency it concerns (a reassigned task's old lead and new lead
both), in the same transaction; the deadline's calendar event follows (its SEQUENCE grows).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency
from ..core.dates import format_date
from ..core.errors import InvalidInput
from ..mail.outbox import Mail, MailSettings, queue_mail
from .models import HistoryKind, Task, TaskHistoryEntry, TaskStatus
from .operations import Actor, _append, cancel_task, claim, ensure_office, postpone_task, reopen_task
from .states import UNFINISHED_STATUSES

#: A confirmed task may be changed while someone still works on it.
CHANGEABLE = UNFINISHED_STATUSES


@dataclass
class TaskChange:
    """What the office asks to change; None leaves a field as it is."""

    reason: str
    due: dt.date | None = None
    clear_due: bool = False  #: "thường xuyên": no deadline any more
    lead: Agency | None = None
    coordinators: list[Agency] | None = None
    text: str | None = None


def change_task(session: Session, task: Task, actor: Actor, change: TaskChange,
                mail: MailSettings | None = None) -> TaskHistoryEntry:
    """Apply `change` or raise and change nothing: office only, with a reason, and something
    must actually change."""
    ensure_office(actor)
    _require_reason(change.reason)
    if task.status not in CHANGEABLE:
        raise InvalidInput(_("Chỉ sửa được nhiệm vụ đang thực hiện, tạm hoãn hoặc chờ xác nhận."))
    if change.text is not None and not change.text.strip():
        raise InvalidInput(_("Nội dung nhiệm vụ không được để trống."))
    before = _concerned(task)
    lines = _differences(task, change)
    if not lines:
        raise InvalidInput(_("Không có gì thay đổi."))
    claim(session, task)
    _apply(task, change)
    entry = _append(session, task, HistoryKind.CHANGED, actor, note=f"{change.reason.strip()}\n" + "\n".join(lines))
    if mail is not None:
        _tell(session, mail, task, before | _concerned(task), "task_changed", change.reason, lines, entry)
    return entry


def stop_task(session: Session, task: Task, actor: Actor, how: str, reason: str,
              mail: MailSettings | None = None) -> TaskHistoryEntry:
    """Cancel ("cancel"), postpone ("postpone") or resume ("resume") a task, telling its agencies."""
    operations = {"cancel": cancel_task, "postpone": postpone_task, "resume": reopen_task}
    if how not in operations:
        raise InvalidInput(_("Thao tác không hợp lệ."))
    if how != "resume":
        _require_reason(reason)
    if how == "resume" and task.status is TaskStatus.DONE:
        raise InvalidInput(_("Nhiệm vụ đã hoàn thành; dùng «Yêu cầu thực hiện lại» nếu cần làm tiếp."))
    entry = operations[how](session, task, actor, reason)
    if mail is not None:
        words = {"cancel": "được hủy", "postpone": "được tạm hoãn", "resume": "được tiếp tục thực hiện"}
        _tell(session, mail, task, _concerned(task), "task_changed", reason, [f"Nhiệm vụ {words[how]}."], entry)
    return entry


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise InvalidInput(_("Cần ghi rõ lý do thay đổi."))


def _differences(task: Task, change: TaskChange) -> list[str]:
    """What changes, as the history and the mail say it: "Thời hạn: 30/06/2026 → 31/07/2026"."""
    lines = []
    due = None if change.clear_due else change.due
    if (change.due is not None or change.clear_due) and due != task.due_date:
        none = "không quy định"
        lines.append(f"Thời hạn: {format_date(task.due_date) or none} → {format_date(due) or none}")
    if change.lead is not None and change.lead.id != task.lead_agency_id:
        lines.append(f"Chủ trì: {task.lead_agency.name if task.lead_agency else task.lead_text} → {change.lead.name}")
    if change.coordinators is not None:
        lead_id = change.lead.id if change.lead is not None else task.lead_agency_id
        wanted = sorted({a.name for a in change.coordinators if a.id != lead_id})
        if wanted != sorted(a.name for a in task.support_agencies):
            lines.append(f"Phối hợp: {'; '.join(a.name for a in task.support_agencies) or 'không'} → "
                         f"{'; '.join(wanted) or 'không'}")
    if change.text is not None and change.text.strip() != task.description:
        lines.append(f"Nội dung: {change.text.strip()}")
    return lines


def _apply(task: Task, change: TaskChange) -> None:
    if change.clear_due or change.due is not None:
        task.original_due_date = task.original_due_date or task.due_date
        task.due_date = None if change.clear_due else change.due
    if change.lead is not None and change.lead.id != task.lead_agency_id:
        task.lead_text = task.lead_text or (task.lead_agency.name if task.lead_agency else "")
        task.lead_agency = change.lead
    coordinators = change.coordinators if change.coordinators is not None else list(task.support_agencies)
    lead_id = task.lead_agency.id if task.lead_agency is not None else None  # the id is set at flush
    task.support_agencies = list({a.id: a for a in coordinators if a.id != lead_id}.values())
    if change.text is not None:
        task.description = change.text.strip()


def _concerned(task: Task) -> set[int]:
    return {a.id for a in [task.lead_agency, *task.support_agencies] if a is not None}


def _tell(session: Session, mail: MailSettings, task: Task, agency_ids: set[int], template: str, reason: str,
          lines: list[str], entry: TaskHistoryEntry) -> None:
    """One mail per agency concerned, in the task's thread; an agency with no address gets none
    (the office sees which on the outbox page)."""
    session.flush()
    for agency in session.scalars(select(Agency).where(Agency.id.in_(agency_ids))
                                  .options(selectinload(Agency.emails)).order_by(Agency.id)):
        addresses = [e.address for e in agency.emails]
        if not addresses:
            continue
        role = "chủ trì" if agency.id == task.lead_agency_id else \
            "phối hợp" if agency in task.support_agencies else "không còn tham gia"
        queue_mail(session, mail, Mail(
            kind=template, to=addresses, subject=f"[{task.code}] Thay đổi nhiệm vụ",
            text=render_template(f"mail/{template}.txt", task=task, agency=agency, role=role, reason=reason,
                                 lines=lines),
            tasks=[(task.id, agency.id)], reply_reference=task.code,
            dedupe_key=f"{template}:{entry.id}:{agency.id}"))
