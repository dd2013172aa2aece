"""Managing accounts from the browser (the admin) and one's own password (everyone).

The same rules as `flask users ...`: a liaison belongs to exactly one agency and nobody else
does, passwords are checked for strength, and a password reset, a role change or disabling
ends the user's open sessions. An admin cannot lock themselves out.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency
from ..core.errors import InvalidInput, PermissionDenied
from .models import Role, User
from .services import check_password_strength, create_user, generate_password, set_enabled, set_password


@dataclass
class AccountForm:
    """An account as the admin types it: strings, the agency by name."""

    email: str
    full_name: str
    role: str
    agency: Agency | None = None


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).options(selectinload(User.agency)).order_by(User.role, User.email)))


def create_account(session: Session, admin: User, form: AccountForm) -> tuple[User, str]:
    """A new account with a generated password, shown once to the admin to pass on."""
    _require_admin(admin)
    password = generate_password()
    user = create_user(session, form.email, password, _role(form.role), form.full_name, form.agency)
    return user, password


def update_account(session: Session, admin: User, user: User, form: AccountForm) -> User:
    """Change name, role and agency; a change of role or agency ends the user's sessions."""
    _require_admin(admin)
    role = _role(form.role)
    if (role is Role.AGENCY) != (form.agency is not None):
        raise InvalidInput(_("Cán bộ đầu mối phải thuộc một cơ quan; các vai trò khác thì không."))
    if user.id == admin.id and role is not Role.ADMIN:
        raise InvalidInput(_("Không thể tự bỏ quyền quản trị của chính mình."))
    changed = (role, form.agency.id if form.agency else None) != (user.role, user.agency_id)
    user.full_name, user.role, user.agency = form.full_name.strip(), role, form.agency
    if changed:
        user.end_sessions()
    session.flush()
    return user


def reset_password(session: Session, admin: User, user: User) -> str:
    """A new generated password for `user` (shown once); their sessions end."""
    _require_admin(admin)
    password = generate_password()
    user.set_password(password)
    user.end_sessions()
    session.flush()
    return password


def set_account_enabled(session: Session, admin: User, user: User, enabled: bool) -> None:
    _require_admin(admin)
    if user.id == admin.id and not enabled:
        raise InvalidInput(_("Không thể tự khóa tài khoản của chính mình."))
    set_enabled(user, enabled)
    session.flush()


def change_own_password(session: Session, user: User, current: str, new: str, repeated: str) -> None:
    """The user's own new password: the current one must be right, the new one typed twice."""
    if not user.check_password(current):
        raise InvalidInput(_("Mật khẩu hiện tại không đúng."))
    if new != repeated:
        raise InvalidInput(_("Hai lần nhập mật khẩu mới không giống nhau."))
    check_password_strength(new, [user.email, user.email.split("@")[0], user.full_name, current])
    set_password(user, new)
    session.flush()


def _role(value: str) -> Role:
    role = next((r for r in Role if r.value == value), None)
    if role is None:
        raise InvalidInput(_("Vai trò không hợp lệ."))
    return role


def _require_admin(user: User) -> None:
    if user.role is not Role.ADMIN:
        raise PermissionDenied(_("Chỉ quản trị viên được quản lý tài khoản."))
