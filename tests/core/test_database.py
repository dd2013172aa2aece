"""Both backends enforce the schema, and task codes stay unique under concurrent creation."""
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.extensions import db
from tracker.tasks.operations import next_task_code


def test_foreign_keys_are_enforced(session):
    with pytest.raises(IntegrityError):
        session.execute(text("INSERT INTO agency_alias (agency_id, alias, alias_key) VALUES (999999, 'x', 'x')"))
        session.flush()


def test_concurrent_code_generation_never_repeats_a_code(app_ctx):
    codes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    engine = db.engine  # threads have no app context

    def worker() -> None:
        try:
            for _ in range(15):
                with Session(engine) as own:
                    code = next_task_code(own, 2030)
                    own.commit()
                with lock:
                    codes.append(code)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(codes) == [f"NV-2030-{n:04d}" for n in range(1, 61)]



def test_each_backends_connections_carry_its_settings(session):
    """Every connection, the session's and another from the pool, has its backend's settings:
    PostgreSQL plans prepared statements per run (tracker/core/postgresql.py), SQLite enforces
    foreign keys and waits for the write lock (tracker/core/sqlite.py)."""
    if session.get_bind().dialect.name == "postgresql":
        setting, expected = text("SHOW plan_cache_mode"), "force_custom_plan"
    else:
        setting, expected = text("PRAGMA foreign_keys"), 1
    assert session.scalar(setting) == expected
    with db.engine.connect() as other:
        assert other.scalar(setting) == expected
