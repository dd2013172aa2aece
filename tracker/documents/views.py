"""Document list and document page (import and review come with the documents work)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user, login_required

from ..core.errors import NotFound
from ..extensions import db
from .queries import get_visible_document, visible_documents

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.get("/")
@login_required
def document_list():  # noqa: ANN201
    return render_template("documents/list.html", documents=visible_documents(db.session, current_user))


@bp.get("/<int:document_id>")
@login_required
def document_detail(document_id: int):  # noqa: ANN201
    try:
        document = get_visible_document(db.session, current_user, document_id)
    except NotFound:
        abort(404)
    tasks_url = url_for("tasks.task_list", document=document.number)
    return render_template("documents/detail.html", document=document, tasks_url=tasks_url)
