"""Each rendered form may be submitted once: a double click, a resent POST after "back", or
the same form sent from two tabs does its work once.

Every form carries, beside its CSRF token, a random submission id made when the page was
drawn. Before the view runs, the id is claimed by an INSERT on a unique key in its own
committed transaction; a second request with the same id finds it taken, changes nothing and
is sent back with a message. Actions on existing rows are also guarded where they happen
(conditional UPDATEs in the services); this covers creating things (a meeting, an agency, a
document import), which no row can guard before it exists.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import Flask, flash, redirect, request
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.wrappers import Response

from ..core.dates import now_utc
from ..core.models import UTCDateTime
from ..extensions import Model, db

FIELD = "submission"


class FormSubmission(Model):
    __tablename__ = "form_submission"

    #: SHA-256 of the submission id (the id itself is only in the page).
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


def form_guard() -> Markup:
    """The hidden fields every form posts: the CSRF token and a fresh submission id."""
    from flask_wtf.csrf import generate_csrf

    return Markup('<input type="hidden" name="csrf_token" value="{}"><input type="hidden" name="{}" value="{}">'
                  ).format(generate_csrf(), FIELD, secrets.token_urlsafe(16))


def claim_submission(session: Session, submission_id: str, now: dt.datetime) -> bool:
    """True the first time an id is seen; False for every repeat (committed either way)."""
    key = hashlib.sha256(submission_id.encode()).hexdigest()
    try:
        session.add(FormSubmission(key=key, at=now))
        session.commit()
        return True
    except IntegrityError:
        session.rollback()
        return False


def forget_submissions(session: Session, before: dt.datetime) -> int:
    return session.execute(delete(FormSubmission).where(FormSubmission.at < before)).rowcount  # type: ignore[attr-defined]


def install_submission_guard(app: Flask) -> None:
    app.jinja_env.globals["form_guard"] = form_guard

    @app.before_request
    def _once() -> Response | None:
        if request.method != "POST" or not request.form.get(FIELD):
            return None
        if claim_submission(db.session, request.form[FIELD][:100], now_utc()):
            return None
        flash(_("Thao tác này đã được gửi; hệ thống không thực hiện lại."), "error")
        return redirect(_back())


def _back() -> str:
    """The page the form was on, when it is ours; else the dashboard."""
    referrer = request.referrer or ""
    origin = request.host_url
    return referrer if referrer.startswith(origin) else "/"
