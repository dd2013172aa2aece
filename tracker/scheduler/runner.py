"""The scheduler process: take the lease, then let APScheduler run the jobs; lose it, stop.

Jobs live in the database (APScheduler's SQLAlchemy job store), in Asia/Ho_Chi_Minh time,
with coalescing and a day's misfire grace: after downtime each missed job runs once. Two
processes started together: one holds the lease and runs jobs; the other waits and takes
over when the first dies. Web workers never start this.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from typing import Callable

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from sqlalchemy.orm import Session

from ..core.dates import VN_TZ, now_utc
from ..extensions import db
from . import lease
from .jobs import JOBS
from .records import record_end, record_start

log = logging.getLogger("tracker.scheduler")
JOB_TABLE = "apscheduler_jobs"
_APP: Flask | None = None
_HOLDER = ""


def execute(name: str) -> None:
    """What APScheduler calls (by import path, from the job store): run one job if we hold the lease.

    A failure is logged and recorded on the job's row (for /healthz and the dashboard), never
    raised: the job simply runs again at its next interval.
    """
    assert _APP is not None
    with _APP.app_context():
        factory = _factory()
        try:
            if not lease.holds(factory, _HOLDER, now_utc()):
                log.warning("skipping %s: this process no longer holds the scheduler lease", name)
                return
            record_start(factory, name, now_utc())
            result = JOBS[name].run(_APP, now_utc())
        except Exception as exc:  # noqa: BLE001 - a job's failure must not reach APScheduler's thread
            log.exception("job %s failed", name)
            error = f"{type(exc).__name__}: {exc}"
            _record_quietly(lambda: record_end(factory, name, now_utc(), error, ok=False))
            return
        log.info("%s: %s", name, result)
        _record_quietly(lambda: record_end(factory, name, now_utc(), result, ok=True))


def _record_quietly(write: Callable[[], None]) -> None:
    """Recording needs the database too; when it is what failed, the log has to do."""
    try:
        write()
    except Exception:  # noqa: BLE001
        log.exception("could not record a job's outcome")


def _factory() -> Callable[[], Session]:
    engine = db.engine
    return lambda: Session(engine, expire_on_commit=False)


def build_scheduler(app: Flask) -> BackgroundScheduler:
    with app.app_context():
        store = SQLAlchemyJobStore(engine=db.engine, tablename=JOB_TABLE)
    scheduler = BackgroundScheduler(jobstores={"default": store}, timezone=VN_TZ,
                                    job_defaults={"coalesce": True, "max_instances": 1,
                                                  "misfire_grace_time": 24 * 3600})
    for job in JOBS.values():
        scheduler.add_job("tracker.scheduler.runner:execute", "interval", args=[job.name], id=job.name,
                          name=job.description, minutes=int(app.config[job.config_key]), replace_existing=True)
    return scheduler


def _start_idle_watcher(app: Flask) -> tuple[threading.Thread, threading.Event] | None:
    """Fetch as soon as mail arrives (IMAP IDLE), beside the polling job."""
    if not app.config["IMAP_USERNAME"]:
        return None
    from ..mail.idle import watch_inbox
    from ..mail.inbox import ImapSettings

    stop = threading.Event()
    thread = threading.Thread(target=watch_inbox, name="imap-idle", daemon=True,
                              args=(ImapSettings.from_config(app.config), lambda: execute("mail_fetch"), stop))
    thread.start()
    return thread, stop


def run(app: Flask, stop: threading.Event, holder: str | None = None) -> None:
    """Hold (or wait for) the lease and run jobs until `stop` is set.

    Nothing the database does ends this loop: a locked or unreachable database is logged and
    retried with a growing pause (up to 30 seconds), and the heartbeat resumes when it answers.
    """
    global _APP, _HOLDER
    _APP, _HOLDER = app, holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    seconds = int(app.config["SCHEDULER_LEASE_SECONDS"])
    state = _Running()
    with app.app_context():
        factory = _factory()
    try:
        while not stop.is_set():
            try:
                _beat(app, factory, seconds, state)
                pause = seconds / 3
                if state.failures:
                    log.warning("the database answers again after %d failed heartbeats", state.failures)
                state.failures = 0
            except Exception:  # noqa: BLE001 - see the docstring
                state.failures += 1
                pause = min(30.0, seconds / 3 * 2 ** min(state.failures, 6))
                log.exception("scheduler heartbeat failed (%d in a row); retrying in %.0f s", state.failures, pause)
            stop.wait(pause)
    finally:
        if state.scheduler is not None:
            state.scheduler.shutdown(wait=True)
        _stop_watcher(state.watcher)
        _record_quietly(lambda: lease.release(factory, _HOLDER))


class _Running:
    """What this process has started, and how many heartbeats in a row have failed."""

    def __init__(self) -> None:
        self.scheduler: BackgroundScheduler | None = None
        self.watcher: tuple[threading.Thread, threading.Event] | None = None
        self.failures = 0


def _beat(app: Flask, factory: Callable[[], Session], seconds: int, state: _Running) -> None:
    """Renew (or wait for) the lease; start the jobs on winning it, stop them on losing it."""
    held = lease.acquire(factory, _HOLDER, seconds, now_utc())
    if held and state.scheduler is None:
        log.info("%s holds the scheduler lease: running jobs", _HOLDER)
        scheduler = build_scheduler(app)
        scheduler.start()
        state.scheduler = scheduler
        state.watcher = _start_idle_watcher(app)
    elif not held and state.scheduler is not None:
        log.warning("%s lost the scheduler lease: standing by", _HOLDER)
        state.scheduler.shutdown(wait=True)
        state.scheduler = None
        _stop_watcher(state.watcher)
        state.watcher = None


def _stop_watcher(watcher: tuple[threading.Thread, threading.Event] | None) -> None:
    if watcher is not None:
        watcher[1].set()
        watcher[0].join(5)
