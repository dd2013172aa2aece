"""Users and roles. An agency liaison is bound to one agency and sees only its tasks."""
from __future__ import annotations

import datetime as dt
import enum
import secrets

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.models import UTCDateTime, enum_column, utc_now_default
from ..extensions import Model


class Role(enum.Enum):
    ADMIN = "admin"  #: manages users and the directory, and everything the office does
    OFFICE = "office"  #: Văn phòng UBND: sees and does everything
    AGENCY = "agency"  #: an agency's liaison: its own tasks only
    VIEWER = "viewer"  #: reads everything, changes nothing


class User(UserMixin, Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-cased login address.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    full_name: Mapped[str] = mapped_column(String(255), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"), index=True)
    #: "vi" or "en"; empty means the office default.
    locale: Mapped[str] = mapped_column(String(8), default="")
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Part of every session's identity: changing it (logout, new password, disabling) ends
    #: every session signed in before, even a copied cookie.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16),
                                               server_default="")
    created_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)

    agency = relationship("Agency")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses disabled users
        return self.is_enabled

    def get_id(self) -> str:
        """What the session cookie holds: the id and the current session token."""
        return f"{self.id}.{self.session_token}"

    def end_sessions(self) -> None:
        self.session_token = secrets.token_hex(16)

    def set_password(self, password: str) -> None:
        """A new password ends every session opened with the old one."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.ADMIN, Role.OFFICE, Role.VIEWER)

    @property
    def is_office(self) -> bool:
        return self.role in (Role.ADMIN, Role.OFFICE)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class NotificationSetting(Model):
    """Which automatic emails a user receives, beyond what goes to agency mailboxes."""

    __tablename__ = "notification_setting"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    #: "office_digest", "escalations", "agency_digest"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class LoginFailure(Model):
    """One wrong password, by account and by address: what login throttling counts."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_scope_key_at", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))  #: "account" or "address"
    key: Mapped[str] = mapped_column(String(320))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
