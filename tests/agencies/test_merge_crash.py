"""Killing `flask agencies merge` half-way leaves the old state; running it again finishes it once."""
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.core.dates import today_vn
from tracker.tasks.models import Task, TaskHistoryEntry

ROOT = Path(__file__).resolve().parents[2]


def _merge(app, crash_at: str | None = None) -> subprocess.CompletedProcess:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update({"TRACKER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "TRACKER_SQLALCHEMY_ENGINE_OPTIONS": json.dumps(app.config["SQLALCHEMY_ENGINE_OPTIONS"]),
                "TRACKER_SECRET_KEY": "crash-test-" + "k" * 32})
    if crash_at:
        env["TRACKER_CRASH_AT"] = crash_at
    flask = str(Path(sys.executable).parent / "flask")
    return subprocess.run([flask, "--app", "wsgi", "agencies", "merge", "Sở Giao thông vận tải", "--into",
                           "Sở Xây dựng", "--from", "01/03/2025"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("crash_at", ["merge_after_tasks", "merge_before_commit"])
def test_a_killed_merge_changes_nothing_and_the_next_run_finishes_it_once(app, session, make_agency, make_task,
                                                                           crash_at):
    old, new = make_agency("Sở Giao thông vận tải"), make_agency("Sở Xây dựng")
    tasks = [make_task(lead=old, due=today_vn() + dt.timedelta(days=d)) for d in (-20, 5, 40)]
    session.commit()
    entries = session.scalar(select(func.count()).select_from(TaskHistoryEntry))
    assert _merge(app, crash_at).returncode == 137
    session.expire_all()
    assert {session.get(Task, t.id).lead_agency_id for t in tasks} == {old.id}
    assert session.scalar(select(func.count()).select_from(TaskHistoryEntry)) == entries
    finished = _merge(app)
    assert finished.returncode == 0, finished.stderr
    again = _merge(app)
    assert again.returncode == 0 and "Đã chuyển 0 nhiệm vụ chủ trì" in again.stdout
    session.expire_all()
    assert {session.get(Task, t.id).lead_agency_id for t in tasks} == {new.id}
    assert session.scalar(select(func.count()).select_from(TaskHistoryEntry)) == entries + 3
