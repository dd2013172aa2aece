"""Logging in and out, and choosing the language."""
from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..core.dates import now_utc
from ..extensions import db, login_manager
from .forms import LoginForm
from .models import User
from .services import sign_in
from .throttle import ThrottlePolicy

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session cookie, if that session has not been ended since (logout, new
    password, account disabled): the cookie's token must still be the user's current one."""
    user_id, _dot, token = session_id.partition(".")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_enabled or not token or not hmac.compare_digest(token, user.session_token):
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(url_for("web.dashboard"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    attempt = sign_in(db.session, ThrottlePolicy.from_config(current_app.config), form.email.data,
                      form.password.data, request.remote_addr or "", now_utc())
    db.session.commit()
    if attempt.user is not None:
        language = session.get("lang")
        session.clear()  # nothing from before the login carries into the signed-in session
        if language:
            session["lang"] = language
        login_user(attempt.user)
        return redirect(_safe_next(request.args.get("next")))
    if attempt.wait_minutes:
        flash(_("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(n)s phút.", n=attempt.wait_minutes), "error")
        return render_template("auth/login.html", form=form), 429
    flash(_("Email hoặc mật khẩu không đúng."), "error")
    return render_template("auth/login.html", form=form), 200


@bp.post("/logout")
@login_required
def logout():  # noqa: ANN201
    """Ends this user's sessions everywhere, so a copied cookie is worthless after it."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    return redirect(url_for("auth.login"))


@bp.get("/lang/<code>")
def set_language(code: str):  # noqa: ANN201
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))


def _safe_next(target: str | None) -> str:
    """Only same-site paths: a login link must not bounce users to another host."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("web.dashboard")


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def notification_settings():  # noqa: ANN201
    from ..web.actions import commit_or_flash
    from .settings import KINDS, save_settings, settings_of

    if request.method == "POST":
        commit_or_flash(lambda: save_settings(db.session, current_user, set(request.form.getlist("kind"))),
                        _("Đã lưu lựa chọn nhận thư."))
        return redirect(url_for("auth.notification_settings"))
    return render_template("auth/notifications.html", settings=settings_of(db.session, current_user), labels_=KINDS)
