"""The office's mail queue: quarantined replies and replies that need a look."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from ..extensions import db
from ..tasks.operations import Actor
from ..tasks.queries import get_task_by_code
from ..core.files import app_file_store as file_store
from ..web.access import office_required
from ..web.actions import commit_or_flash
from .handler import InboxContext
from ..mail.models import InboundMessage
from .office import QUEUE_PAGE, acknowledge, assign_to_task, discard, office_queue, retry

bp = Blueprint("replies", __name__, url_prefix="/mail")


@bp.get("/queue")
@office_required
def queue():  # noqa: ANN201
    page = request.args.get("page", "1")
    page_number = int(page) if page.isdigit() and int(page) > 0 else 1
    messages, total = office_queue(db.session, page_number)
    return render_template("inbox/queue.html", messages=messages, page=page_number,
                           pages=max(1, -(-total // QUEUE_PAGE)), total=total)


@bp.post("/queue/<int:message_id>/<action>")
@office_required
def queue_action(message_id: int, action: str):  # noqa: ANN201
    message = db.get_or_404(InboundMessage, message_id)

    def assign() -> str:
        task = get_task_by_code(db.session, request.form.get("code", ""))
        context = InboxContext.from_config(current_app.config, file_store())
        return assign_to_task(db.session, message, task, context, Actor.web(current_user))

    actions = {"assign": assign, "discard": lambda: discard(db.session, message),
               "retry": lambda: retry(db.session, message),
               "ack": lambda: acknowledge(db.session, message)}
    if action not in actions:
        abort(404)
    commit_or_flash(actions[action])
    return redirect(url_for("replies.queue"))
