"""The boundary of a form post: run one service, commit, and say how it went."""
from __future__ import annotations

from typing import Any, Callable

from flask import flash

from ..core.errors import DomainError
from ..extensions import db


def commit_or_flash(work: Callable[[], Any], success: str | None = None) -> bool:
    """Run `work`; commit and flash `success`, or roll back and flash the domain error's message."""
    try:
        result = work()
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc) if exc.details else exc.message, "error")
        return False
    message = success if success is not None else (result if isinstance(result, str) else None)
    if message:
        flash(message, "success")
    return True
