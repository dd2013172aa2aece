"""Task list, task detail with its history, progress reports and attachment downloads."""
from __future__ import annotations


from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.dates import parse_date, today_vn
from ..core.errors import InvalidInput, NotFound
from ..core.files import NewFile
from ..core.files import app_file_store as file_store
from ..agencies.services import find_agency, require_agency
from ..extensions import db
from ..replies.office import queue_extension_decision_mail
from ..mail.outbox import MailSettings
from ..core.access import office_required
from ..web import task_url
from ..core.actions import commit_or_flash
from .changes import CHANGEABLE, TaskChange, change_task, stop_task
from .forms import ProgressForm, TaskFilterForm
from .models import Attachment, ExtensionRequest, GroupAssignment, TaskHistoryEntry, TaskState, TaskStatus
from .operations import (Actor, confirm_completion, decide_extension, may_report, pending_extensions,
                         report_completion, report_progress, request_extension, return_task)
from .queries import TaskFilter, get_visible_task, list_tasks
from .states import task_state

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


@bp.get("/")
@login_required
def task_list():  # noqa: ANN201
    form = TaskFilterForm(request.args)
    flt, errors = _filter_from(form)
    today, soon = today_vn(), current_app.config["DUE_SOON_DAYS"]
    page = list_tasks(db.session, current_user, flt, today, soon, _page_number(), current_app.config["TASKS_PER_PAGE"])
    return render_template("tasks/list.html", form=form, page=page, errors=errors,
                           assignment=db.session.get(GroupAssignment, flt.assignment_id) if flt.assignment_id else None,
                           states={t.id: task_state(t, today, soon) for t in page.items},
                           args={k: v for k, v in request.args.items() if k != "page"},
                           all_args={k: v for k, v in request.args.items() if k not in ("page", "assignment")})


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _filter_from(form: TaskFilterForm) -> tuple[TaskFilter, list[str]]:
    """Read filters; a bad value is reported and ignored rather than guessed at."""
    errors: list[str] = []
    values: dict = {}
    for field, key in ((form.due_from, "due_from"), (form.due_to, "due_to")):
        if field.data:
            try:
                values[key] = parse_date(field.data)
            except InvalidInput as exc:
                errors.append(exc.message)
    if form.agency.data:
        agency = find_agency(db.session, form.agency.data)
        if agency is None:
            errors.append(_("Không có cơ quan «%(name)s» trong danh bạ.", name=form.agency.data))
        else:
            values["agency_id"] = agency.id
    if form.document.data:
        values["document_number"] = form.document.data.strip()
    if form.state.data:
        try:
            values["state"] = TaskState(form.state.data)
        except ValueError:
            errors.append(_("Trạng thái không hợp lệ."))
    values["include_archived"] = request.args.get("archived") == "1"
    assignment = request.args.get("assignment", "")
    if assignment.isdigit():
        values["assignment_id"] = int(assignment)
    return TaskFilter(**values, by_assignment=current_user.sees_everything), errors


@bp.get("/<code>")
@login_required
def task_detail(code: str):  # noqa: ANN201
    task = _visible_or_404(code)
    if task.status is TaskStatus.DRAFT:  # not a task yet: the reviewer's, on its document's page
        return redirect(task_url(task))
    today, soon = today_vn(), current_app.config["DUE_SOON_DAYS"]
    return render_template("tasks/detail.html", task=task, state=task_state(task, today, soon),
                           form=ProgressForm(), may_report=may_report(current_user, task),
                           is_lead=may_report(current_user, task, lead_only=True),
                           extensions=pending_extensions(db.session, task), statuses=TaskStatus,
                           changeable=task.status in CHANGEABLE)


@bp.post("/<code>/progress")
@login_required
def task_progress(code: str):  # noqa: ANN201
    task = _visible_or_404(code)
    form = ProgressForm()
    if not form.validate_on_submit():
        flash(_("Dữ liệu báo cáo không hợp lệ."), "error")
        return redirect(task_url(task))
    commit_or_flash(lambda: report_progress(db.session, task, Actor.web(current_user), form.note.data or "",
                                            form.percent.data, files=_uploaded_files(), store=file_store()),
                    _("Đã ghi nhận báo cáo tiến độ."))
    return redirect(task_url(task))


def _uploaded_files() -> list[NewFile]:
    upload = request.files.get("attachment")
    if upload and upload.filename:
        return [NewFile(upload.filename, upload.read(), upload.mimetype or "application/octet-stream")]
    return []


@bp.post("/<code>/act/<action>")
@login_required
def task_action(code: str, action: str):  # noqa: ANN201
    """Completion, extension request, and the office's confirm/return: the same rules as by email."""
    task = _visible_or_404(code)
    actor, form = Actor.web(current_user), request.form
    actions = {
        "complete": lambda: report_completion(db.session, task, actor, today_vn(), form.get("note", ""),
                                              _uploaded_files(), file_store(),
                                              needs_confirmation=current_app.config["CONFIRM_COMPLETIONS"]),
        "extension": lambda: request_extension(db.session, task, actor, parse_date(form.get("requested", "")),
                                               form.get("note", ""), _uploaded_files(), file_store()),
        "confirm": lambda: confirm_completion(db.session, task, actor, form.get("note", "")),
        "return": lambda: return_task(db.session, task, actor, form.get("note", "")),
    }
    if action not in actions:
        abort(404)
    commit_or_flash(actions[action], _("Đã cập nhật nhiệm vụ."))
    return redirect(task_url(task))


@bp.post("/<code>/change")
@office_required
def task_change(code: str):  # noqa: ANN201
    """The office changes a confirmed task (deadline, lead, coordinators, wording) with a reason."""
    task = _visible_or_404(code)
    form = request.form

    def change() -> None:
        due = form.get("due", "").strip()
        names = [n.strip() for n in form.get("coordinators", "").split(";") if n.strip()]
        lead = form.get("lead", "").strip()
        change_task(db.session, task, Actor.web(current_user), TaskChange(
            reason=form.get("reason", ""), due=parse_date(due) if due else None, clear_due=not due,
            lead=require_agency(db.session, lead) if lead else None,
            coordinators=[require_agency(db.session, n) for n in names], text=form.get("text")),
            MailSettings.from_config(current_app.config))

    commit_or_flash(change, _("Đã sửa nhiệm vụ; các cơ quan liên quan được thông báo qua thư."))
    return redirect(task_url(task))


@bp.post("/<code>/stop/<how>")
@office_required
def task_stop(code: str, how: str):  # noqa: ANN201
    """Cancel, postpone or resume, with a reason, telling the agencies."""
    task = _visible_or_404(code)
    if how not in ("cancel", "postpone", "resume"):
        abort(404)
    commit_or_flash(lambda: stop_task(db.session, task, Actor.web(current_user), how, request.form.get("reason", ""),
                                      MailSettings.from_config(current_app.config)),
                    _("Đã cập nhật nhiệm vụ; các cơ quan liên quan được thông báo qua thư."))
    return redirect(task_url(task))


@bp.post("/extensions/<int:request_id>/<decision>")
@office_required
def extension_decision(request_id: int, decision: str):  # noqa: ANN201
    extension = db.get_or_404(ExtensionRequest, request_id)
    if decision not in ("approve", "reject"):
        abort(404)
    def decide() -> None:
        decide_extension(db.session, extension, Actor.web(current_user), decision == "approve",
                         request.form.get("note", ""))
        queue_extension_decision_mail(db.session, MailSettings.from_config(current_app.config), extension)

    commit_or_flash(decide, _("Đã trả lời đề nghị gia hạn; cơ quan được thông báo qua thư."))
    return redirect(url_for("tasks.task_detail", code=extension.task.code))


@bp.get("/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id: int):  # noqa: ANN201
    item = db.session.get(Attachment, attachment_id)
    if item is None:
        abort(404)
    entry = db.session.get(TaskHistoryEntry, item.history_id)
    _visible_or_404(str(entry.task_id))
    return send_file(file_store().path(item.sha256), mimetype=item.content_type,
                     as_attachment=True, download_name=item.filename)


def _visible_or_404(code: str):  # noqa: ANN202
    try:
        return get_visible_task(db.session, current_user, code)
    except NotFound:
        abort(404)
