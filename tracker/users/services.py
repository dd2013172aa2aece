"""Creating users and checking logins."""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from functools import cache

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..agencies.models import Agency
from ..core.errors import InvalidInput
from .models import Role, User
from .throttle import ThrottlePolicy, forget_failures, record_failure, wait_minutes

MIN_PASSWORD_LENGTH = 10
MIN_PASSWORD_SCORE = 3


def create_user(
    session: Session, email: str, password: str, role: Role, full_name: str = "", agency: Agency | None = None,
) -> User:
    """A new user; an agency liaison must belong to an agency, nobody else may."""
    try:
        address = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(_("Địa chỉ email «%(email)s» không hợp lệ.", email=email)) from exc
    if find_user(session, address) is not None:
        raise InvalidInput(_("Đã có người dùng %(address)s.", address=address))
    if (role is Role.AGENCY) != (agency is not None):
        raise InvalidInput(_("Cán bộ đầu mối phải thuộc một cơ quan; các vai trò khác thì không."))
    check_password_strength(password, [address, address.split("@")[0], full_name])
    user = User(email=address, full_name=full_name.strip(), role=role, agency=agency)
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user if the password is right and the account enabled; None otherwise: the same
    answer in the same time, since an unknown address still costs one password hash check."""
    user = find_user(session, email)
    if user is None:
        check_password_hash(_unknown_account_hash(), password)
        return None
    if not user.check_password(password) or not user.is_enabled:
        return None
    return user


@cache
def _unknown_account_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def check_password_strength(password: str, hints: list[str]) -> None:
    """Refuse what a guesser tries first: short, repeated, sequences, common words, the user's
    own name or address (zxcvbn's estimate; score 3 of 4 or better is accepted)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(_("Mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH))
    if zxcvbn(password[:100], user_inputs=[h for h in hints if h])["score"] < MIN_PASSWORD_SCORE:
        raise InvalidInput(_("Mật khẩu quá dễ đoán (ký tự lặp lại, dãy số, từ thông dụng hoặc tên, email "
                             "của chính mình). Hãy dùng một câu dài hơn hoặc mật khẩu do hệ thống tạo."))


def set_password(user: User, password: str) -> None:
    """A new password, checked like a first one; every open session of the user ends."""
    check_password_strength(password, [user.email, user.email.split("@")[0], user.full_name])
    user.set_password(password)


def set_enabled(user: User, enabled: bool) -> None:
    """Disabling ends the user's sessions at once and stops their calendar links."""
    user.is_enabled = enabled
    user.end_sessions()


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@dataclass(frozen=True)
class SignIn:
    """How a login attempt went: the user, or None with the minutes to wait when throttled."""

    user: User | None
    wait_minutes: int = 0


def sign_in(session: Session, policy: ThrottlePolicy, email: str, password: str, address: str,
            now: dt.datetime) -> SignIn:
    """Check a login under the throttle: while an account or address is over its limit, even
    the right password is refused (the guesser must not learn it found it)."""
    wait = wait_minutes(session, policy, email, address, now)
    if wait:
        return SignIn(None, wait)
    user = authenticate(session, email, password)
    if user is None:
        record_failure(session, policy, email, address, now)
        return SignIn(None)
    forget_failures(session, email)
    return SignIn(user)
