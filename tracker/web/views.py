"""The dashboard (a placeholder until the reporting work) and the health check."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required

from ..core.dates import today_vn
from ..extensions import db
from ..tasks.queries import count_by_state
from ..tasks.states import OPEN_STATES

bp = Blueprint("web", __name__)


@bp.get("/")
@login_required
def dashboard():  # noqa: ANN201
    counts = count_by_state(db.session, current_user, today_vn(), current_app.config["DUE_SOON_DAYS"])
    open_total = sum(counts[s] for s in OPEN_STATES)
    return render_template("web/dashboard.html", counts=counts, open_total=open_total)


@bp.get("/healthz")
def health():  # noqa: ANN201
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}
