"""PostgreSQL settings every connection gets.

psycopg prepares a statement on the server after its fifth run, and PostgreSQL then plans it
once for any parameters (a generic plan) when it guesses that costs no more. Our data is not
what a generic plan guesses: a table kept for years, mostly archived, whose live rows sit at
its end. For the overdue list's count the generic plan cost 8 ms of the server's CPU where
the plan made for the day's parameters cost 1.9. Each run is planned for its parameters
(`plan_cache_mode = force_custom_plan`, PostgreSQL 12+): the parse is still saved.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

SETTINGS = {"plan_cache_mode": "force_custom_plan"}


@event.listens_for(Engine, "do_connect")
def _postgresql_options(dialect: Any, connection_record: Any, cargs: Any, cparams: dict[str, Any]) -> None:
    if dialect.name != "postgresql":
        return
    options = " ".join(f"-c {name}={value}" for name, value in SETTINGS.items())
    cparams["options"] = f"{cparams.get('options', '')} {options}".strip()
