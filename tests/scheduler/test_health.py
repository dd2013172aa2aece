"""/healthz and the dashboard tell when the unattended side stops working."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.orm import Session

from tests.fixtures.web import login
from tracker.core.dates import now_utc
from tracker.extensions import db
from tracker.mail.models import InboundMessage, OutboxMessage, OutboxStatus
from tracker.scheduler import lease
from tracker.scheduler.records import record_end
from tracker.users.models import Role

ROOT = Path(__file__).resolve().parents[2]


def _factory():  # noqa: ANN202
    engine = db.engine
    return lambda: Session(engine, expire_on_commit=False)


def _checks(client) -> tuple[int, dict]:  # noqa: ANN001
    response = client.get("/healthz")
    return response.status_code, response.get_json()


def test_no_scheduler_is_a_503_and_a_fresh_heartbeat_a_200(client):
    status, body = _checks(client)
    assert status == 503 and body["checks"]["scheduler"]["ok"] is False
    lease.acquire(_factory(), "here", 60, now_utc())
    status, body = _checks(client)
    assert status == 200 and body["status"] == "ok", body


def test_a_stale_heartbeat_is_a_503(client):
    lease.acquire(_factory(), "gone", 60, now_utc() - dt.timedelta(minutes=5))
    status, body = _checks(client)
    assert status == 503 and body["checks"]["scheduler"]["value"] >= 300


def test_a_job_failing_run_after_run_is_a_503_until_it_succeeds(client):
    lease.acquire(_factory(), "here", 60, now_utc())
    for _ in range(4):
        record_end(_factory(), "mail_send", now_utc(), "SMTPConnectError: refused", ok=False)
    status, body = _checks(client)
    assert status == 503 and body["checks"]["job:mail_send"] == {"ok": False, "value": 4, "limit": 3}
    record_end(_factory(), "mail_send", now_utc(), "sent 3", ok=True)
    assert _checks(client)[0] == 200


def test_mail_backlog_quarantine_and_failed_outbox_are_counted(app, client, session):
    lease.acquire(_factory(), "here", 60, now_utc())
    old = now_utc() - dt.timedelta(hours=1)
    session.add_all([InboundMessage(folder="INBOX", uidvalidity=1, uid=n, message_key=f"<{n}@x>", raw=b"x", size=1,
                                    received_dt=old) for n in range(3)])
    session.add(OutboxMessage(kind="reminder", message_id="<o1@x>", to_addrs="a@x", subject="s", text_body="t",
                              status=OutboxStatus.FAILED))
    session.commit()
    app.config.update(HEALTH_MAX_INBOX_BACKLOG=2)
    try:
        status, body = _checks(client)
    finally:
        app.config.update(HEALTH_MAX_INBOX_BACKLOG=20)
    assert status == 503
    assert body["checks"]["inbox_backlog"] == {"ok": False, "value": 3, "limit": 2}
    assert body["checks"]["failed_outbox"] == {"ok": False, "value": 1, "limit": 0}
    assert body["checks"]["unprocessable_mail"]["value"] == 0


def test_the_office_dashboard_says_it_in_words(client, session, make_user):
    office = make_user(Role.OFFICE)
    session.commit()
    login(client, office)
    page = client.get("/").get_data(as_text=True)
    assert "Bộ lập lịch chưa chạy" in page
    lease.acquire(_factory(), "here", 60, now_utc())
    assert 'id="health"' not in client.get("/").get_data(as_text=True)


def _scheduler(app, tmp_path: Path) -> subprocess.Popen:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update({"TRACKER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "TRACKER_SQLALCHEMY_ENGINE_OPTIONS": json.dumps(app.config["SQLALCHEMY_ENGINE_OPTIONS"]),
                "TRACKER_SECRET_KEY": "scheduler-test-" + "k" * 32, "TRACKER_SCHEDULER_LEASE_SECONDS": "3",
                "TRACKER_ATTACHMENTS_DIR": str(tmp_path / "files"), "TRACKER_SMTP_PORT": "9"})
    flask = str(Path(sys.executable).parent / "flask")
    return subprocess.Popen([flask, "--app", "wsgi", "scheduler", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(tmp_path / "scheduler.log", "wb"))


def _wait_for(client, status: int, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if client.get("/healthz").status_code == status:
            return True
        time.sleep(0.5)
    return False


def test_the_scheduler_outlives_a_locked_database(app, client, tmp_path):
    """The database held locked for 25 s (longer than two SQLite busy timeouts): an exclusive
    lock on the SQLite file, or on PostgreSQL the lease table locked against writers. The
    scheduler process stays up, /healthz says 503 meanwhile and 200 once it is released."""
    app.config.update(SCHEDULER_LEASE_SECONDS=3)
    process = _scheduler(app, tmp_path)
    try:
        assert _wait_for(client, 200, 30), (tmp_path / "scheduler.log").read_text()[-2000:]
        with _locked(app):
            assert _wait_for(client, 503, 20)
            assert client.get("/healthz").get_json()["checks"]["database_writable"]["ok"] is False
            time.sleep(20)
            assert process.poll() is None
        assert _wait_for(client, 200, 90), (tmp_path / "scheduler.log").read_text()[-2000:]
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(30)
        app.config.update(SCHEDULER_LEASE_SECONDS=60)


@contextlib.contextmanager
def _locked(app):  # noqa: ANN001, ANN202
    if app.config["BACKEND"] == "sqlite":
        locker = sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), timeout=30)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            locker.rollback()
            locker.close()
        return
    with db.engine.connect() as locker:
        locker.exec_driver_sql("LOCK TABLE scheduler_lease IN EXCLUSIVE MODE")  # readers pass, writers wait
        try:
            yield
        finally:
            locker.rollback()
