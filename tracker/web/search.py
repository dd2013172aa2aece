"""Search across tasks and documents, with or without diacritics ("so y te" finds "Sở Y tế")."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload

from ..core.text import search_key
from ..documents.queries import visible_documents
from ..documents.models import Document
from ..extensions import db
from ..tasks.models import Task, TaskStatus
from ..tasks.queries import visible_to
from ..users.models import User

bp = Blueprint("search", __name__)
LIMIT = 50


def search(session: Session, user: User, query: str) -> tuple[list[Task], list[Document]]:
    words = search_key(query).split()
    if not words:
        return [], []
    task_match = and_(*[Task.search_text.contains(w, autoescape=True) for w in words])
    tasks = session.scalars(visible_to(select(Task).where(task_match, Task.status != TaskStatus.DRAFT), user)
                            .options(selectinload(Task.lead_agency)).order_by(Task.due_date.desc()).limit(LIMIT)).all()
    doc_match = and_(*[Document.search_text.contains(w, autoescape=True) for w in words])
    documents = session.scalars(select(Document).where(doc_match).order_by(Document.id.desc()).limit(LIMIT)).all()
    if not user.sees_everything:
        allowed = {d.id for d in visible_documents(session, user)}
        documents = [d for d in documents if d.id in allowed]
    return list(tasks), list(documents)


@bp.get("/search")
@login_required
def search_page():  # noqa: ANN201
    query = request.args.get("q", "").strip()
    tasks, documents = search(db.session, current_user, query) if query else ([], [])
    return render_template("web/search.html", query=query, tasks=tasks, documents=documents)
