"""Creating users and checking logins."""
from __future__ import annotations

import secrets

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..agencies.models import Agency
from ..core.errors import InvalidInput
from .models import Role, User

MIN_PASSWORD_LENGTH = 10


def create_user(
    session: Session, email: str, password: str, role: Role, full_name: str = "", agency: Agency | None = None,
) -> User:
    """A new user; an agency liaison must belong to an agency, nobody else may."""
    try:
        address = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(f"Địa chỉ email «{email}» không hợp lệ.") from exc
    if find_user(session, address) is not None:
        raise InvalidInput(f"Đã có người dùng {address}.")
    if (role is Role.AGENCY) != (agency is not None):
        raise InvalidInput("Cán bộ đầu mối phải thuộc một cơ quan; các vai trò khác thì không.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    user = User(email=address, full_name=full_name.strip(), role=role, agency=agency)
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user if the password is right and the account enabled; None otherwise (same answer)."""
    user = find_user(session, email)
    if user is None or not user.is_enabled or not user.check_password(password):
        return None
    return user


def generate_password() -> str:
    return secrets.token_urlsafe(12)
