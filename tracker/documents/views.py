"""Documents: list and page for everyone; import, review and confirm for the office."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.errors import DomainError, NotFound
from ..extensions import db
from ..mail.outbox import MailSettings
from ..tasks.models import Recurrence, Task, TaskStatus
from ..tasks.operations import Actor
from ..core.files import app_file_store as file_store
from ..core.access import office_required
from ..core.actions import commit_or_flash
from ..meetings.models import Meeting
from .models import Document
from .queries import get_visible_document, visible_documents
from .reading import check_text, read_document
from .review import drop_drafts, review_queue, set_lead_of_drafts
from .assignment_mail import agencies_without_address, live_tasks, send_missing_assignments
from .services import (DraftChange, Upload, confirm_document, confirmation_summary, drafts_of, drop_draft,
                       import_document, merge_drafts, split_draft, update_draft, withdraw_document)

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
    return render_template("documents/detail.html", document=document, tasks_url=tasks_url,
                           silent=agencies_without_address(live_tasks(document)) if current_user.is_office else [])


@bp.route("/new", methods=["GET", "POST"])
@office_required
def document_new():  # noqa: ANN201
    if request.method == "GET":
        return render_template("documents/new.html", pasted="")
    pasted = request.form.get("text", "")
    upload = request.files.get("file")
    try:
        if upload is not None and upload.filename:
            data = upload.read()
            text = read_document(upload.filename, data, current_app.config["MAX_DOCUMENT_BYTES"])
            document = import_document(db.session, text, file_store(), Upload(upload.filename, data))
        else:
            document = import_document(db.session, check_text(pasted), file_store())
        if request.args.get("meeting", "").isdigit():  # "import the conclusion notice" from a meeting page
            document.meeting_id = db.get_or_404(Meeting, int(request.args["meeting"])).id
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return render_template("documents/new.html", pasted=pasted), 400
    return redirect(url_for("documents.document_review", document_id=document.id))


@bp.get("/<int:document_id>/review")
@office_required
def document_review(document_id: int):  # noqa: ANN201
    return _review(db.get_or_404(Document, document_id))


def _review(document: Document, typed: dict[int, dict[str, str]] | None = None) -> str:
    """The review page; `typed` holds what the clerk typed into a draft whose save was refused."""
    queue = review_queue(db.session, document)
    drafts = drafts_of(db.session, document)
    return render_template("documents/review.html", document=document, drafts=drafts, queue=queue,
                           recurrences=list(Recurrence), summary=confirmation_summary(drafts), typed=typed or {})


@bp.post("/<int:document_id>/drafts")
@office_required
def drafts_bulk(document_id: int):  # noqa: ANN201
    """One action on the selected drafts: the same lead for all, or drop them."""
    document = db.get_or_404(Document, document_id)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    if request.form.get("action") == "drop":
        commit_or_flash(lambda: _("Đã bỏ %(n)s nhiệm vụ.", n=drop_drafts(db.session, document, ids)))
    else:
        commit_or_flash(lambda: _("Đã đặt cơ quan chủ trì cho %(n)s nhiệm vụ.", n=set_lead_of_drafts(
            db.session, document, ids, request.form.get("lead", ""))))
    return redirect(url_for("documents.document_review", document_id=document_id))


@bp.post("/drafts/<int:task_id>/<action>")
@office_required
def draft_action(task_id: int, action: str):  # noqa: ANN201
    task = db.get_or_404(Task, task_id)
    if task.status is not TaskStatus.DRAFT:
        abort(404)
    document_id = task.document_id
    if commit_or_flash(lambda: _apply(action, task), _("Đã cập nhật dự thảo.")) or action != "save":
        return redirect(url_for("documents.document_review", document_id=document_id) + f"#draft-{task_id}")
    # refused (an impossible date, an unknown agency): the page again with everything typed kept
    return _review(db.get_or_404(Document, document_id), typed={task_id: request.form.to_dict()}), 400


def _apply(action: str, task: Task) -> None:
    form = request.form
    if action == "save":
        update_draft(db.session, task, DraftChange(form.get("description", ""), form.get("lead", ""),
                                                   form.get("support", ""), form.get("due", ""),
                                                   form.get("recurrence", ""), form.get("remember") == "1"))
    elif action == "split":
        split_draft(db.session, task)
    elif action == "drop":
        drop_draft(db.session, task)
    elif action == "merge-up":
        drafts = drafts_of(db.session, task.document)
        index = [d.id for d in drafts].index(task.id)
        if index == 0:
            raise DomainError(_("Không có nhiệm vụ phía trên để gộp."))
        merge_drafts(db.session, drafts[index - 1], task)
    else:
        abort(404)


@bp.post("/<int:document_id>/send-assignments")
@office_required
def document_send_assignments(document_id: int):  # noqa: ANN201
    """Send the assignment mail to agencies of this document that never got it."""
    document = db.get_or_404(Document, document_id)

    def send() -> str:
        sent = send_missing_assignments(db.session, MailSettings.from_config(current_app.config), document)
        return _("Đã xếp %(n)s thư giao việc để gửi.", n=len(sent))

    commit_or_flash(send)
    return redirect(url_for("documents.document_detail", document_id=document_id))


@bp.post("/<int:document_id>/withdraw")
@office_required
def document_withdraw(document_id: int):  # noqa: ANN201
    document = db.get_or_404(Document, document_id)

    def withdraw() -> str:
        cancelled = withdraw_document(db.session, document, Actor.web(current_user), request.form.get("reason", ""),
                                      MailSettings.from_config(current_app.config))
        return _("Đã rút văn bản; %(n)s nhiệm vụ đang mở được hủy, các cơ quan được thông báo.", n=len(cancelled))

    commit_or_flash(withdraw)
    return redirect(url_for("documents.document_detail", document_id=document_id))


@bp.post("/<int:document_id>/confirm")
@office_required
def document_confirm(document_id: int):  # noqa: ANN201

    document = db.get_or_404(Document, document_id)

    def confirm() -> str:
        tasks = confirm_document(db.session, document, Actor.web(current_user),
                                 MailSettings.from_config(current_app.config))
        silent = agencies_without_address(tasks)
        if silent:
            flash(_("Chưa gửi được thư giao việc cho %(n)s cơ quan chưa có địa chỉ email: %(names)s. Nhập địa chỉ "
                    "trong Danh bạ rồi bấm «Gửi thư giao việc» trên trang văn bản.", n=len(silent),
                    names=", ".join(a.name for a in silent[:10]) + ("…" if len(silent) > 10 else "")), "error")
        return _("Đã xác nhận văn bản: %(n)s nhiệm vụ được theo dõi.", n=len(tasks))

    if not commit_or_flash(confirm):
        return redirect(url_for("documents.document_review", document_id=document_id))
    return redirect(url_for("documents.document_detail", document_id=document_id))
