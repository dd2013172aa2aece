"""The office's mail queue: quarantined replies and replies that need a look."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..tasks.operations import Actor
from ..tasks.queries import get_task_by_code
from ..core.files import app_file_store as file_store
from ..core.access import office_required
from ..core.actions import commit_or_flash
from .handler import InboxContext
from ..core.errors import InvalidInput
from ..mail.models import InboundMessage, OutboxMessage, OutboxStatus
from ..mail.outbox import OUTBOX_PAGE, outbox_page, resend
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


@bp.get("/outbox")
@office_required
def outbox():  # noqa: ANN201
    """What was queued, sent, given up on and bounced, with the reason; failed mail can be resent."""
    chosen = request.args.get("status", "")
    status = next((s for s in OutboxStatus if s.value == chosen), None)
    page = request.args.get("page", "1")
    page_number = int(page) if page.isdigit() and int(page) > 0 else 1
    messages, total = outbox_page(db.session, status, page_number)
    return render_template("inbox/outbox.html", messages=messages, total=total, page=page_number,
                           pages=max(1, -(-total // OUTBOX_PAGE)), status=chosen, statuses=list(OutboxStatus))


@bp.post("/outbox/<int:message_id>/resend")
@office_required
def outbox_resend(message_id: int):  # noqa: ANN201
    message = db.get_or_404(OutboxMessage, message_id)

    def work() -> str:
        if not resend(db.session, message):
            raise InvalidInput(_("Thư này không ở trạng thái gửi lỗi."))
        return _("Đã xếp thư để gửi lại.")

    commit_or_flash(work)
    return redirect(url_for("replies.outbox", status="failed"))
