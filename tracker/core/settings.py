"""Values an installation fixes once and keeps: stored in the database, not derived again.

The calendar UID domain is the example: every event a client ever saw carries it, so a later
change of the mail address or the host name must not change it (clients would duplicate every
event). It is decided the first time it is needed and read back ever after.
"""
from __future__ import annotations

from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import Model


class AppSetting(Model):
    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


def fixed_setting(session: Session, key: str, first_value: str) -> str:
    """The stored value of `key`; the first call stores `first_value` (two processes at once
    agree on whichever was stored first)."""
    stored = session.scalar(select(AppSetting.value).where(AppSetting.key == key))
    if stored is not None:
        return stored
    try:
        with session.begin_nested():
            session.add(AppSetting(key=key, value=first_value))
        return first_value
    except IntegrityError:
        return session.scalar(select(AppSetting.value).where(AppSetting.key == key)) or first_value


def change_setting(session: Session, key: str, value: str) -> None:
    """Deliberately replace a fixed value (the CLI, with a warning of what it does to clients)."""
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=value))
    else:
        row.value = value
    session.flush()
