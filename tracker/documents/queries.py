"""Reading documents; a liaison sees only documents that assign its agency something."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from flask_babel import gettext as _

from ..core.errors import NotFound
from ..tasks.models import Task
from ..tasks.queries import involving_agency
from ..users.models import User
from .models import Document, DocumentStatus


def visible_documents(session: Session, user: User) -> list[Document]:
    stmt = select(Document).order_by(Document.issued_date.desc().nulls_last(), Document.id.desc())
    if not user.sees_everything:  # a liaison: confirmed documents that assign its agency something
        stmt = stmt.where(Document.status == DocumentStatus.CONFIRMED,
                          Document.id.in_(select(Task.document_id).where(involving_agency(user.agency_id or -1))))
    return list(session.scalars(stmt))


def get_visible_document(session: Session, user: User, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None or (not user.sees_everything and document not in visible_documents(session, user)):
        raise NotFound(_("Không tìm thấy văn bản."))
    return document
