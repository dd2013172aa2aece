"""Reports in the browser: a printable "Biểu tổng hợp nhiệm vụ", and Excel or CSV downloads."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, render_template, request
from flask_login import current_user, login_required

from ..core.dates import today_vn
from ..core.errors import DomainError
from ..extensions import db
from .export import Heading, figures_csv, to_csv, to_xlsx
from .requests import build_request
from .tables import COLUMNS, period_figures, report_heading, task_rows

bp = Blueprint("reports", __name__, url_prefix="/reports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/")
@login_required
def report():  # noqa: ANN201
    args = request.args
    if not any(args.get(k) for k in ("format", "document", "agency", "from", "to")):
        return render_template("reports/form.html", args=args)
    try:
        built = build_request(db.session, args.get("document", "").strip(), args.get("agency", "").strip(),
                              args.get("from", ""), args.get("to", ""))
    except DomainError as exc:
        flash(exc.message, "error")
        return render_template("reports/form.html", args=args), 400
    today = today_vn()
    rows = task_rows(db.session, current_user, built.filter, today, current_app.config["DUE_SOON_DAYS"])
    figures = period_figures(db.session, built.start, built.end, today) \
        if built.start and built.end and current_user.sees_everything else None
    fmt = args.get("format", "html")
    if fmt == "xlsx":
        return _download(to_xlsx(built.title, built.subtitle, rows, figures,
                                  Heading(*report_heading(db.session), today)), XLSX, "bieu-tong-hop-nhiem-vu.xlsx")
    if fmt == "csv":
        return _download(to_csv(rows), "text/csv; charset=utf-8", "nhiem-vu.csv")
    if fmt == "figures.csv" and figures is not None:
        return _download(figures_csv(figures), "text/csv; charset=utf-8", "so-lieu.csv")
    return render_template("reports/print.html", built=built, rows=rows, columns=COLUMNS, figures=figures,
                           today=today, args=args)


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
