"""Importing a notice as a draft, reviewing its proposed tasks, and confirming it.

Nothing is live until confirmed: an imported document and its tasks are drafts no agency
sees. On confirmation each draft becomes a tracked task with a code; a draft assigned to a
group ("UBND các quận, huyện, thị xã") becomes one task per member agency, each
remembering the group. A draft whose lead is not in the directory blocks confirmation
until the reviewer fixes or drops it: a name is never silently dropped.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from flask_babel import gettext as _

from ..agencies.models import Agency, AgencyAlias, AgencyGroup, Succession
from ..agencies.services import find_agency, find_group
from ..agencies.succession import current_agency, successor_note
from ..core.claims import claim_row
from ..core.dates import now_utc, parse_date, today_vn
from ..core.errors import InvalidInput
from ..core.text import name_key
from ..core.files import FileStore, safe_filename
from .assignment_mail import queue_assignment_mail, queue_withdrawal_mail
from ..mail.outbox import MailSettings
from ..tasks.models import GroupAssignment, Recurrence, Task, TaskStatus
from ..tasks.operations import Actor, TaskSpec, create_tasks
from .extraction.extract import extract
from .extraction.model import ProposedTask
from .lexicons import lexicon_for
from .models import Document, DocumentKind, DocumentStatus

UNKNOWN_LEAD = "Cơ quan chủ trì chưa có trong danh bạ: hãy chọn cơ quan hoặc thêm vào danh bạ."
EMPTY_GROUP = "không còn cơ quan nào (đã giải thể hoặc sáp nhập): cần chọn cơ quan hoặc nhóm hiện nay"
DISSOLVED = "cần chọn cơ quan nhận nhiệm vụ"
#: The parts of a review note that are about the lead: choosing another lead answers them.
LEAD_NOTE_MARKS = (UNKNOWN_LEAD, EMPTY_GROUP, DISSOLVED)


@dataclass(frozen=True)
class Upload:
    """The original of an imported document, kept as the clerk gave it."""

    filename: str
    data: bytes


def import_document(session: Session, text: str, store: FileStore, upload: Upload | None = None) -> Document:
    """Read `text` into a draft document with draft tasks for review."""
    result = extract(text, lexicon_for(session))
    header = result.header
    _refuse_duplicate(session, header.number, header.issued)
    document = Document(number=header.number or "(chưa có số)", kind=DocumentKind(header.kind), issuer=header.issuer,
                        signer=header.signer, issued_date=header.issued, title=header.title, text=text,
                        status=DocumentStatus.DRAFT)
    if upload is not None:
        document.original_filename = safe_filename(upload.filename)
        document.original_sha256 = store.put(upload.data)
    session.add(document)
    for proposed in result.tasks:
        session.add(_draft(session, document, proposed))
    session.flush()
    document.task_count = len(drafts_of(session, document))
    return document


def _refuse_duplicate(session: Session, number: str, issued: dt.date | None) -> None:
    if not number:
        return
    existing = session.scalar(select(Document).where(Document.number == number, Document.issued_date == issued,
                                                     Document.status == DocumentStatus.CONFIRMED))
    if existing is not None:
        raise InvalidInput(_("Văn bản số %(number)s đã được nhập và xác nhận trước đó.", number=number))


def _draft(session: Session, document: Document, proposed: ProposedTask) -> Task:
    with session.no_autoflush:  # the draft joins document.tasks before it is complete
        return _build_draft(session, document, proposed)


def _build_draft(session: Session, document: Document, proposed: ProposedTask) -> Task:
    task = Task(document=document, status=TaskStatus.DRAFT, description=proposed.summary, lead_text=proposed.lead,
                due_date=proposed.due, original_due_date=proposed.due, due_text=proposed.due_text or "",
                recurrence=Recurrence(proposed.recurrence) if proposed.recurrence else None,
                item_ref=proposed.item_ref[:64], source_text=proposed.source,
                construction=proposed.construction[:32])
    successions: list[str] = []
    _resolve_lead(session, task, proposed.lead, successions)
    task.support_agencies, missing = _support(session, proposed.support, task.lead_agency, successions)
    notes = successions + ([proposed.problem] if proposed.problem else [])
    if missing:
        notes.append("Cơ quan phối hợp chưa có trong danh bạ: " + ", ".join(missing))
    if task.lead_agency is None and task.source_group is None:
        notes.insert(0, UNKNOWN_LEAD)
    elif task.source_group is not None and not task.source_group.members:
        notes.insert(0, f"Nhóm «{task.source_group.name}» {EMPTY_GROUP}")
    task.review_note = "; ".join(notes)[:500]
    return task


def _support(session: Session, names: list[str], lead: Agency | None,
             successions: list[str] | None = None) -> tuple[list[Agency], list[str]]:
    """Coordinating agencies: a named agency (today's body if it has a successor), or every
    member of a named group; and the names the directory does not know, for the reviewer."""
    found: dict[int, Agency] = {}
    missing: list[str] = []
    for name in names:
        agency = _today(find_agency(session, name), name, successions)
        group = None if agency else find_group(session, name)
        members = [agency] if agency else list(group.members) if group else []
        if not members:
            missing.append(name)
        found.update({m.id: m for m in members if lead is None or m.id != lead.id})
    return list(found.values()), missing


def _resolve_lead(session: Session, task: Task, lead: str, successions: list[str]) -> None:
    """The lead as written stays in `lead_text`; the agency is today's body for it."""
    task.lead_text = lead
    task.lead_agency = _today(find_agency(session, lead), lead, successions)
    task.source_group = None if task.lead_agency else find_group(session, lead)


def _today(agency: Agency | None, written: str, successions: list[str] | None) -> Agency | None:
    """A body that merged or was renamed gives way to its successor (tasks go to today's
    bodies), and the reviewer is told both names; a body dissolved without successor stays,
    with a note that someone else must be chosen."""
    if agency is None:
        return None
    current = current_agency(agency, today_vn())
    note = None
    if current is not agency:
        note = successor_note(written, agency, current)
    elif not agency.is_active and agency.succession == Succession.DISSOLVED.value and agency.succeeded_on:
        note = f"{agency.name} đã giải thể từ {agency.succeeded_on:%d/%m/%Y}: {DISSOLVED}"
    if note and successions is not None and note not in successions:
        successions.append(note)
    return current


def drafts_of(session: Session, document: Document) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.document_id == document.id, Task.status == TaskStatus.DRAFT)
                                .order_by(Task.id)))


# -- review -----------------------------------------------------------------------------

@dataclass
class DraftChange:
    """What the reviewer typed for one draft task; strings as entered."""

    description: str
    lead: str
    support: str = ""  #: names separated by ";"
    due: str = ""  #: dd/mm/yyyy or empty
    recurrence: str = ""  #: a Recurrence value or empty
    #: The reader did not know the lead as written: remember that form as a short name of the
    #: agency the reviewer chose, so the next notice writing it the same way is read right.
    remember: bool = False


def update_draft(session: Session, task: Task, change: DraftChange) -> Task:
    """Apply the reviewer's corrections; an unknown name or bad date changes nothing."""
    _require_draft(task)
    if not change.description.strip():
        raise InvalidInput(_("Nội dung nhiệm vụ không được để trống."))
    due = parse_date(change.due) if change.due.strip() else None
    recurrence = Recurrence(change.recurrence) if change.recurrence else None
    support, missing = _support(session, [n.strip() for n in change.support.split(";") if n.strip()], None)
    if missing:
        raise InvalidInput(_("Không có cơ quan «%(name)s» trong danh bạ.", name=missing[0]))
    agency, group, lead_text = chosen_lead(session, change.lead)
    # every field is valid: only now change the draft
    if change.remember and agency is not None and task.lead_agency is None and task.source_group is None:
        learn_short_name(session, agency, task.lead_text)
    task.lead_agency, task.source_group, task.lead_text = agency, group, lead_text
    task.description, task.due_date, task.original_due_date = change.description.strip(), due, due
    task.recurrence, task.review_note = recurrence, ""
    task.support_agencies = [a for a in support if agency is None or a.id != agency.id]
    session.flush()
    return task


def chosen_lead(session: Session, written: str) -> tuple[Agency | None, AgencyGroup | None, str]:
    """The lead a reviewer typed: today's agency for the name, or a group, and the name the
    draft keeps; refused when empty or when the directory knows neither."""
    lead = written.strip()
    if not lead:
        raise InvalidInput(_("Cần có cơ quan chủ trì."))
    agency = _today(find_agency(session, lead), lead, None)
    group = None if agency else find_group(session, lead)
    if agency is None and group is None:
        raise InvalidInput(_("Không có cơ quan hay nhóm «%(lead)s» trong danh bạ.", lead=lead))
    return agency, group, agency.name if agency else lead


def learn_short_name(session: Session, agency: Agency, written: str) -> bool:
    """Add `written` as a short name of `agency` when it names nothing yet and looks like a
    name (one line, no list): True when added."""
    written = " ".join(written.split())
    if not written or len(written) > 120 or any(c in written for c in ";,:\n") or not name_key(written) \
            or name_key(written) == agency.name_key:
        return False
    if find_agency(session, written) is not None or find_group(session, written) is not None:
        return False
    agency.aliases.append(AgencyAlias(written))
    session.flush()
    return True


def split_draft(session: Session, task: Task) -> Task:
    """A copy of the draft below it, for a sentence that really holds two tasks."""
    _require_draft(task)
    twin = Task(document=task.document, status=TaskStatus.DRAFT, description=task.description,
                lead_text=task.lead_text, lead_agency=task.lead_agency, source_group=task.source_group,
                due_date=task.due_date, original_due_date=task.due_date, recurrence=task.recurrence,
                due_text=task.due_text, item_ref=task.item_ref, source_text=task.source_text,
                review_note=task.review_note)
    twin.support_agencies = list(task.support_agencies)
    session.add(twin)
    session.flush()
    return twin


def merge_drafts(session: Session, keep: Task, absorbed: Task) -> Task:
    """One task from two: descriptions joined, the first one's lead and deadline kept."""
    for task in (keep, absorbed):
        _require_draft(task)
    if keep.document_id != absorbed.document_id:
        raise InvalidInput(_("Chỉ gộp được nhiệm vụ của cùng một văn bản."))
    keep.description = f"{keep.description.rstrip('.')}; {absorbed.description}"
    keep.source_text = f"{keep.source_text}\n{absorbed.source_text}".strip()
    keep.support_agencies = list({a.id: a for a in keep.support_agencies + absorbed.support_agencies}.values())
    session.delete(absorbed)
    session.flush()
    return keep


def drop_draft(session: Session, task: Task) -> None:
    _require_draft(task)
    session.delete(task)
    session.flush()


def _require_draft(task: Task) -> None:
    if task.status is not TaskStatus.DRAFT:
        raise InvalidInput(_("Nhiệm vụ đã được xác nhận, không sửa ở bước rà soát được nữa."))


# -- confirmation -----------------------------------------------------------------------

@dataclass
class ConfirmationSummary:
    """What confirming will do, shown above the button: how many tasks, for how many
    agencies, which of them no mail can reach, and what still blocks it."""

    tasks: int
    agencies: int
    without_address: list[str]
    blocked: int


def confirmation_summary(drafts: list[Task]) -> ConfirmationSummary:
    leads: dict[int, Agency] = {}
    count = blocked = 0
    for draft in drafts:
        members = [draft.lead_agency] if draft.lead_agency else list(draft.source_group.members) \
            if draft.source_group else []
        blocked += not members
        count += len(members)
        leads.update({a.id: a for a in [*members, *draft.support_agencies]})
    silent = sorted(a.name for a in leads.values() if not a.emails)
    return ConfirmationSummary(count, len(leads), silent, blocked)


def withdraw_document(session: Session, document: Document, actor: Actor, reason: str,
                      mail: MailSettings | None = None) -> list[Task]:
    """The office withdraws a confirmed document (issued in error, replaced): its tasks still
    open are cancelled, each with the reason in its history, and each agency gets one mail
    listing its cancelled tasks; finished ones stay as they are. Once only: a second
    withdrawal is refused."""
    from ..tasks.states import UNFINISHED_STATUSES
    from ..tasks.operations import cancel_tasks, ensure_office

    ensure_office(actor)
    if not reason.strip():
        raise InvalidInput(_("Cần ghi rõ lý do rút văn bản."))
    if not claim_row(session, document, Document.status == DocumentStatus.CONFIRMED, status=DocumentStatus.WITHDRAWN):
        raise InvalidInput(_("Chỉ rút được văn bản đã xác nhận (văn bản này chưa xác nhận hoặc đã bị rút)."))
    open_tasks = list(session.scalars(
        select(Task).where(Task.document_id == document.id, Task.status.in_(UNFINISHED_STATUSES))
        .options(selectinload(Task.support_agencies), selectinload(Task.lead_agency).selectinload(Agency.emails))
        .order_by(Task.id)))
    cancel_tasks(session, open_tasks, actor, f"Văn bản {document.number} bị rút: {reason.strip()}")
    if mail is not None:
        queue_withdrawal_mail(session, mail, document, open_tasks, reason.strip())
    return open_tasks


def _claim_for_confirmation(session: Session, document: Document) -> bool:
    return claim_row(session, document, Document.status == DocumentStatus.DRAFT, confirmed_dt=now_utc())


def _specs_of(document: Document, draft: Task, today: dt.date) -> list[TaskSpec]:
    """What one draft becomes: a task for its lead, or one per member of its group, each for
    the body that does the work today (merged meanwhile)."""
    leads: list[Agency] = [draft.lead_agency] if draft.lead_agency else list(draft.source_group.members)
    support = list({a.id: a for a in (current_agency(s, today) for s in draft.support_agencies)}.values())
    assignment = None if draft.lead_agency else GroupAssignment(
        document=document, group=draft.source_group, group_name=draft.source_group.name)
    return [TaskSpec(description=draft.description, lead=lead, support=[a for a in support if a.id != lead.id],
                     due_date=draft.due_date, recurrence=draft.recurrence, due_text=draft.due_text,
                     item_ref=draft.item_ref, lead_text=draft.lead_text, source_group=draft.source_group,
                     assignment=assignment)
            for lead in {a.id: a for a in (current_agency(lead, today) for lead in leads)}.values()]


def confirm_document(session: Session, document: Document, actor: Actor,
                     mail: MailSettings | None = None) -> list[Task]:
    """Make every draft a tracked task (groups split per member); all or nothing.

    With mail settings, each agency's assignment email is queued in the same transaction.
    The document is claimed first by a conditional UPDATE, so a double click or two clerks
    at once confirm it once: the second waits for the first's row lock (PostgreSQL) or write
    lock (SQLite), then finds it confirmed and changes nothing.
    """
    if document.status is DocumentStatus.CONFIRMED or not _claim_for_confirmation(session, document):
        raise InvalidInput(_("Văn bản đã được xác nhận."))
    drafts = drafts_of(session, document)
    blocked = [t for t in drafts if t.lead_agency is None and (t.source_group is None or not t.source_group.members)]
    if blocked:
        raise InvalidInput(_("Chưa xác nhận được: có nhiệm vụ chưa rõ cơ quan chủ trì."),
                           [f"«{t.lead_text}»: {t.description[:80]}" for t in blocked])
    year = (document.issued_date or now_utc().date()).year
    document.task_count = 0
    today = today_vn()
    specs = [spec for draft in drafts for spec in _specs_of(document, draft, today)]
    for draft in drafts:
        session.delete(draft)
    live = create_tasks(session, document, specs, actor, year)
    document.status, document.confirmed_dt = DocumentStatus.CONFIRMED, now_utc()
    session.flush()
    if mail is not None:
        queue_assignment_mail(session, mail, document, live)
    return live
