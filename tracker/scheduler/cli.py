"""`flask scheduler run`, `flask jobs list|run NAME`, `flask digest preview --agency NAME`."""
from __future__ import annotations

import logging
import os
import signal
import sys
import threading

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from ..agencies.services import require_agency
from ..core.cli import transactional
from ..core.dates import today_vn
from ..extensions import db
from ..followup.digest import collect, digest_mails
from ..followup.policy import FollowupPolicy
from .jobs import JOBS, run_job

scheduler_cli = AppGroup("scheduler", help="The process that runs reminders, digests and mail.")
jobs_cli = AppGroup("jobs", help="The scheduler's jobs.")
digest_cli = AppGroup("digest", help="The weekly digest.")


@scheduler_cli.command("run")
def run_command() -> None:
    """Run jobs on their schedules (one process acts at a time; others stand by)."""
    from .runner import run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    run(current_app._get_current_object(), stop)


@scheduler_cli.command("keep-running")
@click.option("--pause", default=5.0, show_default=True, help="Seconds before the first restart (doubling to 60).")
def keep_running_command(pause: float) -> None:
    """Run `flask scheduler run` in a child process and start it again whenever it dies.

    `make run` uses this; in production systemd's Restart=always does the same job.
    """
    from .supervise import supervise

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    supervise([sys.executable, "-m", "flask", "--app", os.environ.get("FLASK_APP", "wsgi"), "scheduler", "run"],
              pause)


@jobs_cli.command("list")
@with_appcontext
def list_command() -> None:
    for job in JOBS.values():
        click.echo(f"{job.name:<12} mỗi {current_app.config[job.config_key]:>4} phút  {job.description}")


@jobs_cli.command("run")
@click.argument("name", type=click.Choice(list(JOBS)))
@transactional
def run_one(name: str) -> None:
    """Run a job now. Safe beside the scheduler: nothing is ever sent twice."""
    click.echo(f"{name}: {run_job(name)}")


@digest_cli.command("preview")
@click.option("--agency", required=True, help="Agency name or abbreviation.")
@transactional
def preview_command(agency: str) -> None:
    """Print this week's digest for an agency as it would be sent."""
    target = require_agency(db.session, agency)
    policy = FollowupPolicy.from_config(current_app.config)
    for mail in digest_mails(db.session, collect(db.session, today_vn()), policy):
        if mail.kind == "digest" and mail.dedupe_key.startswith(f"digest:{target.id}:"):
            click.echo(f"Tới: {', '.join(mail.to)}\nTiêu đề: {mail.subject}\n\n{mail.text}")
            return
    click.echo("Tuần này cơ quan không có gì để tổng hợp (hoặc chưa có địa chỉ email).")
