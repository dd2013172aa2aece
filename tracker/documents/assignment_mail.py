"""Emails that tell agencies about their tasks."""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..agencies.models import Agency
from .models import Document
from ..tasks.models import HistoryKind, HistorySource, Task, TaskHistoryEntry, TaskStatus
from ..mail.models import OutboxMessage
from ..mail.outbox import Mail, MailSettings, queue_mail

ROLE_LEAD, ROLE_SUPPORT = "chủ trì", "phối hợp"


@dataclass
class Assignment:
    task: Task
    role: str


def queue_assignment_mail(session: Session, settings: MailSettings, document: Document,
                          tasks: list[Task]) -> list[OutboxMessage]:
    """One email per agency listing every task of `document` it leads or coordinates."""
    sent = []
    for agency, items in _by_agency(tasks).values():
        addresses = [e.address for e in agency.emails]
        if not addresses or _already_sent(session, document, agency):
            continue
        sent.append(queue_mail(session, settings, _assignment_mail(settings, document, agency, items, addresses)))
        for item in items:
            session.add(TaskHistoryEntry(task=item.task, kind=HistoryKind.NOTIFIED, source=HistorySource.SYSTEM,
                                         actor_label="Hệ thống",
                                         note=f"Thư giao nhiệm vụ ({item.role}) gửi {agency.name}: "
                                              f"{', '.join(addresses)}"))
    session.flush()
    return sent


def _assignment_mail(settings: MailSettings, document: Document, agency: Agency, items: list[Assignment],
                     addresses: list[str]) -> Mail:
    subject = f"[{_first_codes(items)}] Giao nhiệm vụ theo văn bản {document.number} – {agency.name}"
    context = {"document": document, "agency": agency, "items": items, "mailbox": settings.sender}
    single = items[0].task.code if len(items) == 1 and items[0].role == ROLE_LEAD else None
    return Mail(kind="assignment", to=addresses, subject=subject,
                text=render_template("mail/assignment.txt", **context),
                html=render_template("mail/assignment.html", **context),
                tasks=[(item.task.id, agency.id) for item in items], reply_reference=single,
                dedupe_key=f"assignment:{document.id}:{agency.id}")


def queue_withdrawal_mail(session: Session, settings: MailSettings, document: Document, tasks: list[Task],
                          reason: str) -> list[OutboxMessage]:
    """One email per agency listing every task of the withdrawn `document` it led or
    coordinated and that was cancelled: a plan given to every commune is one mail to each, not
    one per task to the department that coordinated them all."""
    sent = []
    for agency, items in _by_agency(tasks).values():
        addresses = [e.address for e in agency.emails]
        if not addresses:
            continue
        sent.append(queue_mail(session, settings, Mail(
            kind="document_withdrawn", to=addresses,
            subject=f"[{_first_codes(items)}] Hủy nhiệm vụ: văn bản {document.number} bị rút – {agency.name}",
            text=render_template("mail/document_withdrawn.txt", document=document, agency=agency, items=items,
                                 reason=reason),
            tasks=[(item.task.id, agency.id) for item in items],
            dedupe_key=f"withdrawn:{document.id}:{agency.id}")))
    return sent


def _first_codes(items: list[Assignment]) -> str:
    """The first three task codes, for a subject line: "NV-2026-0001, NV-2026-0002, NV-2026-0003…"."""
    codes = [item.task.code for item in items]
    return ", ".join(codes[:3]) + ("…" if len(codes) > 3 else "")


def _by_agency(tasks: list[Task]) -> dict[int, tuple[Agency, list[Assignment]]]:
    """Each agency of `tasks` with the tasks it leads or coordinates, in the tasks' order."""
    by_agency: dict[int, tuple[Agency, list[Assignment]]] = {}
    for task in tasks:
        for agency, role in [(task.lead_agency, ROLE_LEAD)] + [(a, ROLE_SUPPORT) for a in task.support_agencies]:
            by_agency.setdefault(agency.id, (agency, []))[1].append(Assignment(task, role))
    return by_agency


def _already_sent(session: Session, document: Document, agency: Agency) -> bool:
    return session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.dedupe_key == f"assignment:{document.id}:{agency.id}")) is not None


def agencies_without_address(tasks: list[Task]) -> list[Agency]:
    """The agencies (leads and coordinators) of `tasks` that no assignment mail can reach."""
    agencies = {a.id: a for t in tasks for a in [t.lead_agency, *t.support_agencies] if a is not None}
    return sorted((a for a in agencies.values() if not a.emails), key=lambda a: a.name)


def send_missing_assignments(session: Session, settings: MailSettings, document: Document) -> list[OutboxMessage]:
    """"Gửi thư giao việc": the assignment mail for every agency of the document's live tasks
    that never got one (it had no address at confirmation, say); never a second copy."""
    return queue_assignment_mail(session, settings, document, live_tasks(document))


def live_tasks(document: Document) -> list[Task]:
    """The document's tasks agencies work on (not drafts, not cancelled)."""
    return [t for t in document.tasks if t.status not in (TaskStatus.DRAFT, TaskStatus.CANCELLED)]
