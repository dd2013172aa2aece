"""Helpers for CLI commands: one transaction per command, domain errors as clean messages."""
from __future__ import annotations

import functools
from typing import Any, Callable

import click

from .errors import DomainError


def transactional(func: Callable[..., Any]) -> Callable[..., Any]:
    """Commit when the command succeeds; on a domain error roll back and exit 1 with its message."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..extensions import db

        try:
            result = func(*args, **kwargs)
            db.session.commit()
            return result
        except DomainError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from exc

    return wrapper
