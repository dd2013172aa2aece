"""Killing `flask mail fetch` between its steps loses nothing and doubles nothing."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from imapclient import IMAPClient
from sqlalchemy import func, select

from tests.mail import samples
from tests.mail.test_outbox import SETTINGS, confirmed  # noqa: F401 - fixture
from tests.mail.test_round_trip import _append, _sent, factory, mailbox  # noqa: F401 - fixtures
from tracker.extensions import db
from tracker.mail.models import InboundMessage, InboundStatus, OutboxMessage
from tracker.tasks.models import HistoryKind, Task, TaskHistoryEntry, TaskStatus

ROOT = Path(__file__).resolve().parents[2]


def _run_fetch(app, imap, tmp_path, crash_at: str | None) -> int:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update({
        "TRACKER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "TRACKER_SQLALCHEMY_ENGINE_OPTIONS": json.dumps(app.config["SQLALCHEMY_ENGINE_OPTIONS"]),
        "TRACKER_SECRET_KEY": "crash-test-" + "k" * 32, "TRACKER_MAIL_REPLY_SECRET": SETTINGS.secret,
        "TRACKER_MAIL_FROM": SETTINGS.sender, "TRACKER_ATTACHMENTS_DIR": str(tmp_path / "files"),
        "TRACKER_IMAP_HOST": imap.host, "TRACKER_IMAP_PORT": str(imap.port), "TRACKER_IMAP_SSL": "false",
        "TRACKER_IMAP_USERNAME": imap.username, "TRACKER_IMAP_PASSWORD": imap.password,
    })
    if crash_at:
        env["TRACKER_CRASH_AT"] = crash_at
    flask = str(Path(sys.executable).parent / "flask")
    return subprocess.run([flask, "--app", "wsgi", "mail", "fetch"], cwd=ROOT, env=env, capture_output=True,
                          timeout=120).returncode


@pytest.mark.parametrize("crash_at", ["after_store", "before_handle_commit", "after_handle"])
def test_a_killed_fetch_is_finished_by_the_next_one_exactly_once(confirmed, smtp_server, mailbox, factory,  # noqa: F811
                                                                 app, tmp_path, crash_at):
    port, delivered = smtp_server
    _sent(factory, port)
    assignment = next(m for m in delivered.parsed() if m["To"] == "vanthu@soyte.example.vn")
    _append(mailbox, samples.outlook_reply_vi("vanthu@soyte.example.vn", str(assignment["Reply-To"]),
                                              str(assignment["Subject"]), assignment["Message-ID"], "Đã hoàn thành."))
    assert _run_fetch(app, mailbox, tmp_path, crash_at) == 137
    assert _run_fetch(app, mailbox, tmp_path, None) == 0
    assert _run_fetch(app, mailbox, tmp_path, None) == 0
    db.session.expire_all()
    task = db.session.scalar(select(Task).where(Task.lead_text == "Sở Y tế"))
    assert task.status is TaskStatus.AWAITING_CONFIRMATION
    completions = db.session.scalar(select(func.count()).select_from(TaskHistoryEntry).where(
        TaskHistoryEntry.task_id == task.id, TaskHistoryEntry.kind == HistoryKind.COMPLETED))
    assert completions == 1
    assert db.session.scalar(select(func.count()).select_from(InboundMessage)) == 1
    assert db.session.scalar(select(InboundMessage)).status is InboundStatus.PROCESSED
    confirmations = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind == "reply_recorded"))
    assert confirmations == 1
    with IMAPClient(mailbox.host, port=mailbox.port, ssl=False) as client:
        client.login(mailbox.username, mailbox.password)
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        assert client.select_folder("Processed")[b"EXISTS"] == 1
