"""Throwaway databases for the benchmarks: a temporary SQLite file, or a fresh PostgreSQL schema."""
from __future__ import annotations

import tempfile
import uuid
from contextlib import contextmanager
from typing import Iterable, Iterator

from sqlalchemy import create_engine, text

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def sqlite_database() -> tuple[str, dict]:
    return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite", {}


def each_database(backends: Iterable[str]) -> Iterator[tuple[str, str, dict]]:
    """(backend, URL, engine options) for each backend asked for; an unreachable PostgreSQL is skipped."""
    for backend in backends:
        if backend == "sqlite":
            yield ("sqlite", *sqlite_database())
        elif backend == "postgresql":
            with postgres_database() as database:
                if database is not None:
                    yield ("postgresql", *database)


@contextmanager
def postgres_database() -> Iterator[tuple[str, dict] | None]:
    """(URL, engine options) of a new schema, dropped afterwards; None when PostgreSQL is not reachable."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        print(f"[postgresql] skipped: not reachable at {POSTGRES_URL} ({exc.__class__.__name__})")
        admin.dispose()
        yield None
        return
    try:
        yield POSTGRES_URL, {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
