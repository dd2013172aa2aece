"""SQLite settings every connection needs so it behaves like the PostgreSQL we also run on.

Without `foreign_keys=ON`, SQLite ignores every foreign key and cascade in the schema.
WAL lets the web server read while the scheduler or mail fetcher writes, and the busy
timeout makes a writer wait for the lock instead of failing at once.
"""
from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


#: How long a writer waits for SQLite's write lock before giving up with "database is locked".
SQLITE_BUSY_MS = 10000


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()
