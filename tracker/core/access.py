"""Who may open a page: decorators for views."""
from __future__ import annotations

import functools
from typing import Any, Callable

from flask import abort
from flask_login import current_user, login_required


def office_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only the office (and admins) import, review and confirm documents."""

    @functools.wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_office:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
