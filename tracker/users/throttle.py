"""Login throttling: too many wrong passwords for one account or from one address in a window,
and that account or address must wait, whatever password it tries next.

Failures live in the database, not in a worker's memory, so every gunicorn worker and every
server behind the proxy counts the same attempts. Unknown accounts are counted like real
ones, so the throttle does not tell which addresses have accounts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .models import LoginFailure


@dataclass(frozen=True)
class ThrottlePolicy:
    per_account: int = 5
    per_address: int = 30
    window: dt.timedelta = dt.timedelta(minutes=15)

    @classmethod
    def from_config(cls, config: dict) -> "ThrottlePolicy":
        return cls(int(config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]), int(config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
                   dt.timedelta(minutes=int(config["LOGIN_FAILURE_WINDOW_MINUTES"])))


def _keys(email: str, address: str) -> list[tuple[str, str]]:
    return [("account", email.strip().lower()[:320]), ("address", (address or "unknown")[:320])]


def wait_minutes(session: Session, policy: ThrottlePolicy, email: str, address: str, now: dt.datetime) -> int:
    """0 when a login may be tried; otherwise whole minutes until the oldest counted failure expires."""
    since = now - policy.window
    limits = {"account": policy.per_account, "address": policy.per_address}
    for scope, key in _keys(email, address):
        count, oldest = session.execute(select(func.count(), func.min(LoginFailure.at)).where(
            LoginFailure.scope == scope, LoginFailure.key == key, LoginFailure.at > since)).one()
        if count >= limits[scope]:
            return max(1, int((oldest + policy.window - now).total_seconds() // 60) + 1)
    return 0


def record_failure(session: Session, policy: ThrottlePolicy, email: str, address: str, now: dt.datetime) -> None:
    """Count one wrong password against the account and the address; forget what is past the window."""
    for scope, key in _keys(email, address):
        session.execute(delete(LoginFailure).where(LoginFailure.scope == scope, LoginFailure.key == key,
                                                   LoginFailure.at <= now - policy.window))
        session.add(LoginFailure(scope=scope, key=key, at=now))
    session.flush()


def forget_failures(session: Session, email: str) -> None:
    """A right password clears the account's count (the address's stays: it may be guessing others)."""
    session.execute(delete(LoginFailure).where(LoginFailure.scope == "account",
                                               LoginFailure.key == email.strip().lower()[:320]))
