"""Logging in and out, choosing the language, one's own password, and the admin's accounts page."""
from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..core.dates import now_utc
from ..extensions import db, login_manager
from .admin import AccountForm
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
    from ..core.actions import commit_or_flash
    from .settings import KINDS, save_settings, settings_of

    if request.method == "POST":
        commit_or_flash(lambda: save_settings(db.session, current_user, set(request.form.getlist("kind"))),
                        _("Đã lưu lựa chọn nhận thư."))
        return redirect(url_for("auth.notification_settings"))
    return render_template("auth/notifications.html", settings=settings_of(db.session, current_user), labels_=KINDS)


# -- accounts -----------------------------------------------------------------------------

def _admin_only() -> None:
    if not current_user.is_authenticated or current_user.role.value != "admin":
        abort(403)


def _account_form() -> AccountForm:
    from ..agencies.services import require_agency
    from .admin import AccountForm

    form = request.form
    name = form.get("agency", "").strip()
    return AccountForm(form.get("email", ""), form.get("full_name", ""), form.get("role", ""),
                       require_agency(db.session, name) if name and form.get("role") == "agency" else None)


@bp.get("/users/")
@login_required
def users():  # noqa: ANN201

    from .admin import list_users
    from .models import Role

    _admin_only()
    return render_template("users/list.html", users=list_users(db.session), roles=list(Role))


@bp.post("/users/")
@login_required
def user_create():  # noqa: ANN201
    from ..core.actions import commit_or_flash
    from .admin import create_account

    _admin_only()

    def create() -> str:
        user, password = create_account(db.session, current_user, _account_form())
        return _("Đã tạo tài khoản %(email)s, mật khẩu: %(password)s (chỉ hiện lần này; hãy chuyển cho người dùng).",
                 email=user.email, password=password)

    commit_or_flash(create)
    return redirect(url_for("auth.users"))


@bp.post("/users/<int:user_id>")
@login_required
def user_update(user_id: int):  # noqa: ANN201
    from ..core.actions import commit_or_flash
    from .admin import update_account

    _admin_only()
    user = db.get_or_404(User, user_id)
    commit_or_flash(lambda: update_account(db.session, current_user, user, _account_form()),
                    _("Đã lưu tài khoản %(email)s.", email=user.email))
    return redirect(url_for("auth.users"))


@bp.post("/users/<int:user_id>/<action>")
@login_required
def user_action(user_id: int, action: str):  # noqa: ANN201
    from ..core.actions import commit_or_flash
    from .admin import reset_password, set_account_enabled

    _admin_only()
    user = db.get_or_404(User, user_id)
    def enable(enabled: bool) -> str:
        set_account_enabled(db.session, current_user, user, enabled)
        if enabled:
            return _("Đã mở khóa %(email)s.", email=user.email)
        return _("Đã khóa %(email)s; các phiên đăng nhập của họ đã kết thúc.", email=user.email)

    actions = {
        "reset": lambda: _("Mật khẩu mới của %(email)s: %(password)s (chỉ hiện lần này).", email=user.email,
                           password=reset_password(db.session, current_user, user)),
        "disable": lambda: enable(False),
        "enable": lambda: enable(True),
    }
    if action not in actions:
        abort(404)
    commit_or_flash(actions[action])
    return redirect(url_for("auth.users"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():  # noqa: ANN201
    """Everyone's own password; the session stays open (with the new session token)."""
    from ..core.actions import commit_or_flash
    from .admin import change_own_password

    if request.method == "POST":
        form, user = request.form, current_user._get_current_object()
        if commit_or_flash(lambda: change_own_password(db.session, user, form.get("current", ""),
                                                       form.get("new", ""), form.get("repeated", "")),
                           _("Đã đổi mật khẩu; các phiên đăng nhập khác đã kết thúc.")):
            login_user(user)  # this session carries the new token; the others end
        return redirect(url_for("auth.change_password"))
    return render_template("users/password.html")
