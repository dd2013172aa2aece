"""The agency directory: everyone reads it; the office adds, edits, imports and exports it."""
from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.errors import InvalidInput
from ..extensions import db
from ..web.access import office_required
from ..web.actions import commit_or_flash
from .models import Agency, AgencyKind
from .services import (AgencyForm, export_agencies_csv, import_agencies, list_agencies, list_groups,
                       mailbox_entries, parse_agency_csv, save_agency)

bp = Blueprint("agencies", __name__, url_prefix="/agencies")


@bp.get("/")
@login_required
def directory():  # noqa: ANN201
    return render_template("agencies/list.html", agencies=list_agencies(db.session), groups=list_groups(db.session),
                           may_edit=current_user.is_office)


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
