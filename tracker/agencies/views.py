"""The agency directory page."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from ..extensions import db
from .services import list_agencies, list_groups

bp = Blueprint("agencies", __name__, url_prefix="/agencies")


@bp.get("/")
@login_required
def directory():  # noqa: ANN201
    return render_template("agencies/list.html", agencies=list_agencies(db.session), groups=list_groups(db.session))
