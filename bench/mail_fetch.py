"""Benchmark: APPEND 2,000 replies to a throwaway Dovecot and run one `fetch_once`.

Prints messages per second for the whole fetch (store, handle each reply against its task,
queue the confirmation, move to the processed folder) and the ratio to a bare imapclient
FETCH of the same messages' BODY.PEEK[] on the same server in the same run.
Targets: at least 100 messages/s, within 3x of the bare fetch.

    python -m bench.mail_fetch [--messages N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import tempfile
import time
from functools import partial
from pathlib import Path

from imapclient import IMAPClient
from sqlalchemy.orm import Session

from tests.fixtures.servers import DOVECOT_CONF, free_port
from tracker import create_app
from tracker.agencies.models import Agency, AgencyEmail, AgencyKind
from tracker.core.files import FileStore
from tracker.extensions import db
from tracker.mail import tokens
from tracker.replies.handler import InboxContext, handle_inbound
from tracker.mail.inbox import ImapSettings, fetch_once
from tracker.mail.outbox import MailSettings
from tracker.tasks.operations import Actor, TaskSpec, create_task

SETTINGS = MailSettings(sender="dondoc@ubnd.example.vn", secret="bench-secret")


def start_dovecot(folder: Path) -> int:
    for sub in ("run", "state", "mail"):
        (folder / sub).mkdir()
    (folder / "passwd").write_text("bench:{PLAIN}secret:::::::\n")
    (folder / "dovecot.log").write_text("")
    os.chmod(folder, 0o755)
    os.chmod(folder / "dovecot.log", 0o666)
    subprocess.run(["chown", "-R", "mail:mail", str(folder / "mail")], check=True)
    port = free_port()
    (folder / "dovecot.conf").write_text(DOVECOT_CONF.format(d=folder, port=port))
    subprocess.run(["dovecot", "-c", str(folder / "dovecot.conf")], check=True)
    time.sleep(0.5)
    return port


def reply(task_code: str, n: int) -> bytes:
    to = tokens.plus_address(SETTINGS.sender, SETTINGS.secret, task_code)
    return (f"From: Van thu <vanthu@soyte.example.vn>\r\nTo: {to}\r\nSubject: Re: [{task_code}] Giao nhiem vu\r\n"
            f"Message-ID: <bench-{n}@soyte.example.vn>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Đã thực hiện {n % 100}%.\r\n\r\nVào Th 2 Đôn Đốc đã viết:\r\n> Giao nhiệm vụ\r\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dondoc-bench-", dir="/tmp"))
    port = start_dovecot(folder)
    try:
        run(port, args.messages, folder)
    finally:
        subprocess.run(["dovecot", "-c", str(folder / "dovecot.conf"), "stop"], check=False)
        time.sleep(0.5)
        shutil.rmtree(folder, ignore_errors=True)


def run(port: int, count: int, folder: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench-" + "k" * 32,
                      "TESTING": True})
    imap = ImapSettings("127.0.0.1", port, False, "bench", "secret")
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        agency = Agency(name="Sở Y tế", name_key="so y te", kind=AgencyKind.DEPARTMENT, is_active=True)
        agency.emails = [AgencyEmail(address="vanthu@soyte.example.vn", may_act=True)]
        codes = [create_task(db.session, None, TaskSpec(description=f"Nhiệm vụ {i}", lead=agency,
                                                         due_date=dt.date(2030, 1, 1)), Actor.system(), 2030).code
                 for i in range(50)]
        db.session.commit()
        with IMAPClient("127.0.0.1", port=port, ssl=False) as client:
            client.login("bench", "secret")
            for n in range(count):
                client.append("INBOX", reply(codes[n % len(codes)], n))
            client.select_folder("INBOX", readonly=True)
            started = time.perf_counter()
            uids = client.search(["ALL"])
            for start in range(0, len(uids), 200):
                client.fetch(uids[start:start + 200], ["RFC822.SIZE"])
                client.fetch(uids[start:start + 200], ["BODY.PEEK[]"])
            bare = time.perf_counter() - started
        engine = db.engine
        context = InboxContext(SETTINGS, FileStore(folder / "files", 10**7))
        started = time.perf_counter()
        report = fetch_once(lambda: Session(engine, expire_on_commit=False), imap,
                            partial(handle_inbound, ctx=context))
        full = time.perf_counter() - started
    print(f"messages: {count}  stored {report.stored}  handled {report.handled}  moved {report.moved}")
    print(f"bare imapclient FETCH: {bare:.2f} s = {count / bare:.0f} msg/s")
    print(f"fetch and store (BODY.PEEK[], one row each, committed per batch): {report.store_seconds:.2f} s = "
          f"{count / report.store_seconds:.0f} msg/s, ratio to bare {report.store_seconds / bare:.1f}x")
    print(f"handle (parse, match, record, queue confirmation; one transaction each): {report.handle_seconds:.2f} s "
          f"= {count / report.handle_seconds:.0f} msg/s")
    print(f"move to the processed folder: {report.move_seconds:.2f} s")
    print(f"whole fetch_once: {full:.2f} s = {count / full:.0f} msg/s, ratio to bare {full / bare:.1f}x")


if __name__ == "__main__":
    main()
