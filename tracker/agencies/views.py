"""The agency directory: everyone reads it; the office adds, edits, imports and exports it."""
from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.dates import parse_date, today_vn
from ..core.errors import InvalidInput
from ..extensions import db
from ..core.access import office_required
from ..core.actions import commit_or_flash
from .merge import merge_agency
from .models import Agency, AgencyKind
from .provinces import all_provinces, import_province
from .services import (AgencyForm, export_agencies_csv, import_agencies, list_agencies, list_groups,
                       mailbox_entries, parse_agency_csv, require_agency, save_agency, suggest_names)

bp = Blueprint("agencies", __name__, url_prefix="/agencies")


@bp.get("/")
@login_required
def directory():  # noqa: ANN201
    return render_template("agencies/list.html", agencies=list_agencies(db.session), groups=list_groups(db.session),
                           may_edit=current_user.is_office, provinces=all_provinces())


@bp.get("/suggest")
@login_required
def suggest():  # noqa: ANN201
    """Up to 20 agency and group names matching ?q=, for the name fields' suggestions."""
    return {"names": suggest_names(db.session, request.args.get("q", "")[:100])}


@bp.post("/province")
@office_required
def import_standard_directory():  # noqa: ANN201
    """The first-run choice (and any later one): a province's standard directory."""
    def work() -> str:
        report = import_province(db.session, request.form.get("province", ""))
        return _("Đã nhập danh bạ chuẩn của %(p)s: %(c)s cơ quan mới (%(x)s xã, phường), %(s)s cơ quan cũ nối với "
                 "cơ quan kế thừa.", p=report.province, c=report.created, x=report.communes, s=report.successions)

    commit_or_flash(work)
    return redirect(url_for("agencies.directory"))


@bp.post("/<int:agency_id>/merge")
@office_required
def merge(agency_id: int):  # noqa: ANN201
    """Merge this agency into its successor: its work moves, it stays as history."""
    old = db.session.get(Agency, agency_id) or abort(404)

    def work() -> str:
        form = request.form
        on = parse_date(form["from"]) if form.get("from", "").strip() else today_vn()
        report = merge_agency(db.session, old, require_agency(db.session, form.get("into", "")), on,
                              keep_emails=form.get("keep_emails") == "1")
        return _("Đã sáp nhập «%(old)s» vào «%(new)s»: chuyển %(t)s nhiệm vụ chủ trì, %(s)s nhiệm vụ phối hợp, "
                 "%(u)s tài khoản, %(e)s địa chỉ email.", old=old.name, new=old.successor.name if old.successor else "",
                 t=report.tasks_led, s=report.tasks_supported, u=report.users, e=report.emails)

    if commit_or_flash(work):
        return redirect(url_for("agencies.directory"))
    return redirect(url_for("agencies.edit_agency", agency_id=agency_id))


@bp.route("/new", methods=["GET", "POST"])
@office_required
def new_agency():  # noqa: ANN201
    return _edit(None)


@bp.route("/<int:agency_id>/edit", methods=["GET", "POST"])
@office_required
def edit_agency(agency_id: int):  # noqa: ANN201
    return _edit(db.session.get(Agency, agency_id) or abort(404))


def _edit(agency: Agency | None):  # noqa: ANN202
    """One form for adding and editing; a refused post shows the form again with what was typed."""
    if request.method == "POST":
        form = AgencyForm(request.form.get("name", ""), request.form.get("short_names", ""),
                          request.form.get("kind", ""), request.form.get("emails", ""),
                          request.form.get("is_active") == "1")
        if commit_or_flash(lambda: save_agency(db.session, agency, form), _("Đã lưu thông tin cơ quan.")):
            return redirect(url_for("agencies.directory"))
        return render_template("agencies/edit.html", agency=agency, form=form, kinds=list(AgencyKind)), 400
    return render_template("agencies/edit.html", agency=agency, form=_form_of(agency), kinds=list(AgencyKind))


def _form_of(agency: Agency | None) -> AgencyForm:
    if agency is None:
        return AgencyForm("", "", AgencyKind.DEPARTMENT.value, "")
    return AgencyForm(agency.name, "; ".join(agency.short_names), agency.kind.value,
                      "\n".join(mailbox_entries(agency)), agency.is_active)


@bp.post("/import")
@office_required
def import_csv():  # noqa: ANN201
    upload = request.files.get("file")
    raw = upload.read() if upload else b""

    def work() -> str:
        if not raw:
            raise InvalidInput(_("Hãy chọn tệp CSV danh bạ để nhập."))
        result = import_agencies(db.session, parse_agency_csv(raw))
        return _("Đã nhập danh bạ: %(c)s cơ quan mới, %(u)s cơ quan cập nhật.", c=result.created, u=result.updated)

    commit_or_flash(work)
    return redirect(url_for("agencies.directory"))


@bp.get("/export.csv")
@office_required
def export_csv():  # noqa: ANN201
    body = "\ufeff" + export_agencies_csv(db.session)
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=danh-ba-co-quan.csv"})
