"""Reviewing a long notice: the drafts that need the clerk first, and one action on many.

A plan can give 60 or more drafts; most are read right. The clerk sees first the ones the
reader flagged or that have no lead it could place, and fixes a batch at once: the same lead
for all the selected drafts ("UBND các xã, phường" for every item of a section), or drops them.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..core.errors import InvalidInput
from ..tasks.models import Task
from .models import Document
from .services import LEAD_NOTE_MARKS, chosen_lead, drafts_of, drop_draft


def needs_attention(draft: Task) -> bool:
    """Flagged by the reader, or with no agency a task could go to."""
    placed = draft.lead_agency is not None or (draft.source_group is not None and bool(draft.source_group.members))
    return bool(draft.review_note) or not placed


@dataclass(frozen=True)
class ReviewQueue:
    attention: list[Task]  #: the drafts to look at, in the document's order
    fine: list[Task]  #: the rest, in the document's order


def review_queue(session: Session, document: Document) -> ReviewQueue:
    drafts = drafts_of(session, document)
    return ReviewQueue([d for d in drafts if needs_attention(d)], [d for d in drafts if not needs_attention(d)])


def _selected(session: Session, document: Document, draft_ids: list[int]) -> list[Task]:
    """The document's drafts among `draft_ids`; none chosen, or one not a draft of it, is refused."""
    if not draft_ids:
        raise InvalidInput(_("Chưa chọn nhiệm vụ nào."))
    drafts = {d.id: d for d in drafts_of(session, document)}
    unknown = [i for i in draft_ids if i not in drafts]
    if unknown:
        raise InvalidInput(_("Có nhiệm vụ đã chọn không còn là dự thảo của văn bản này; hãy tải lại trang."))
    return [drafts[i] for i in dict.fromkeys(draft_ids)]


def set_lead_of_drafts(session: Session, document: Document, draft_ids: list[int], lead: str) -> int:
    """Give every selected draft the same lead (an agency or a group); all or nothing.

    Notes about the old lead go; other notes (an impossible date) stay for the clerk."""
    selected = _selected(session, document, draft_ids)
    agency, group, lead_text = chosen_lead(session, lead)
    for draft in selected:
        draft.lead_agency, draft.source_group, draft.lead_text = agency, group, lead_text
        draft.support_agencies = [a for a in draft.support_agencies if agency is None or a.id != agency.id]
        draft.review_note = "; ".join(p for p in draft.review_note.split("; ")
                                      if p and not any(mark in p for mark in LEAD_NOTE_MARKS))
    session.flush()
    return len(selected)


def drop_drafts(session: Session, document: Document, draft_ids: list[int]) -> int:
    """Remove every selected draft (text the reader took for a task and is not one)."""
    selected = _selected(session, document, draft_ids)
    for draft in selected:
        drop_draft(session, draft)
    return len(selected)
