"""Claiming a row: the one way a check-then-act survives two requests at once.

A check made on what a request read ("still pending?", "not escalated yet?") is stale by the
time it acts. Repeating the check in the UPDATE's WHERE makes the database decide: PostgreSQL
makes the second UPDATE wait for the first's row lock and re-check, SQLite serialises writers;
exactly one transaction changes the row, the others change nothing and are told so.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value


def claim_row(session: Session, row: Any, condition: ColumnElement[bool], **values: Any) -> bool:
    """Set `values` on `row` only where `condition` still holds in the database; True when this
    transaction did it (the loaded object then shows the new values as committed)."""
    model = type(row)
    changed = session.execute(update(model).where(model.id == row.id, condition).values(**values)
                              .execution_options(synchronize_session=False))
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    for name, value in values.items():
        set_committed_value(row, name, value)
    return True
