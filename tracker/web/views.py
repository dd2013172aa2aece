"""The dashboard (a placeholder until the reporting work) and the health check."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required

from sqlalchemy.exc import SQLAlchemyError

from ..core.dates import WorkingCalendar, now_utc, parse_date, today_vn
from ..core.errors import InvalidInput
from ..tasks.states import task_state
from ..reports.snapshot import RATE_DAYS, office_figures
from ..reports.figures import agency_rates
from .dashboard import (agency_open_tasks, deadlines_this_week, directory_has_no_addresses, failing_addresses,
                        meetings_this_week, queues)
from ..extensions import db
from ..scheduler.health import check_health, database_down
from ..tasks.queries import count_by_state
from ..tasks.states import OPEN_STATES

bp = Blueprint("web", __name__)
#: Figures younger than this are shown without their time.
FRESH = dt.timedelta(seconds=30)


@bp.get("/")
@login_required
def dashboard():  # noqa: ANN201
    today, soon = today_vn(), current_app.config["DUE_SOON_DAYS"]
    figures = None
    if current_user.sees_everything:  # province-wide: the figures the scheduler keeps, not a table scan
        figures = office_figures(db.session, today, soon, now_utc(),
                                 dt.timedelta(minutes=current_app.config["FIGURES_MAX_AGE_MINUTES"]))
        db.session.commit()
    counts = figures.counts if figures else count_by_state(db.session, current_user, today, soon)
    context = {"counts": counts, "open_total": sum(counts[s] for s in OPEN_STATES),
               "meetings": meetings_this_week(db.session, current_user, today), "today": today}
    if not current_user.sees_everything:  # an agency's liaison: its own page
        tasks = agency_open_tasks(db.session, current_user.agency_id or -1, today)
        states = {t.id: task_state(t, today, soon) for t in tasks}
        return render_template("web/agency_home.html", tasks=tasks, states=states, **context)
    start, end = _period()
    quarantined, extensions = queues(db.session)
    context["health_problems"] = check_health(db.session, current_app.config, now_utc()).problems
    assert figures is not None
    default_period = not (request.args.get("from") or request.args.get("to"))
    return render_template("web/dashboard.html", late=figures.late,
                           figures_at=figures.computed_dt if figures.computed_dt < now_utc() - FRESH else None,
                           trend=figures.trend,
                           rates=figures.rates if default_period else agency_rates(db.session, start, end),
                           start=start, end=end, quarantined=quarantined, extensions=extensions,
                           failing=failing_addresses(db.session), first_run=directory_has_no_addresses(db.session),
                           calendar=WorkingCalendar.from_config(current_app.config),
                           due_this_week=deadlines_this_week(db.session, today), **context)


def _period() -> tuple:
    """The on-time period: ?from=&to= (dd/mm/yyyy), by default the last six months."""
    today = today_vn()
    try:
        start = parse_date(request.args["from"]) if request.args.get("from") else today - dt.timedelta(days=RATE_DAYS)
        end = parse_date(request.args["to"]) if request.args.get("to") else today
    except InvalidInput:
        return today - dt.timedelta(days=RATE_DAYS), today
    return start, end


@bp.get("/healthz")
def health():  # noqa: ANN201
    """200 when the database answers and the scheduler, jobs and mail queues are within limits;
    503 otherwise, with each check's reading, so monitoring can page someone."""
    try:
        db.session.execute(db.text("SELECT 1"))
        report = check_health(db.session, current_app.config, now_utc())
    except SQLAlchemyError as exc:
        db.session.rollback()
        report = database_down(type(exc).__name__)
    return report.as_json(), 200 if report.ok else 503
