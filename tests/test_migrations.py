"""The migration builds exactly the schema the models describe, on each backend."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker.extensions import db


def test_migrated_schema_matches_models(app_ctx):
    with db.engine.connect() as conn:
        # APScheduler's own job table is not ours (a scheduler test may have made it), as in migrations/env.py.
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_object": lambda obj, name, type_, *_: not (type_ == "table" and name == "apscheduler_jobs")})
        assert compare_metadata(context, db.metadata) == []


def test_demo_load_gives_every_state(runner, session):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert result.output.count("mật khẩu:") == 3
    import json
    states = {t["state"] for t in json.loads(runner.invoke(args=["tasks", "list", "--json"]).output)}
    assert {"on_time", "due_soon", "overdue", "no_deadline", "awaiting_confirmation", "done_on_time", "done_late",
            "returned", "postponed"} <= states
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 1 and "đã được nạp" in again.output
