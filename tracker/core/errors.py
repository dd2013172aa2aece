"""Domain errors. Services raise these; views and CLI commands turn them into messages.

Each carries a user-facing message already passed through `_()` by the raiser, so the
boundary can show it as is (in Vietnamese by default).
"""
from __future__ import annotations


class DomainError(Exception):
    """Something the user asked for cannot be done; nothing was changed."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {d}" for d in self.details)


class NotFound(DomainError):
    """The thing asked for does not exist, or the asker may not know it exists."""


class PermissionDenied(DomainError):
    """The user may not do this to this thing."""


class InvalidInput(DomainError):
    """Input was malformed: a bad date, an unknown agency, a broken CSV row."""


class Conflict(DomainError):
    """Someone else changed the thing first (a double click, two people at once); nothing was changed."""
