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

log = logging.getLogger("tracker.scheduler")
JOB_TABLE = "apscheduler_jobs"
_APP: Flask | None = None
_HOLDER = ""


def execute(name: str) -> None:
    """What APScheduler calls (by import path, from the job store): run one job if we hold the lease."""
    assert _APP is not None
    with _APP.app_context():
        factory = _factory()
        if not lease.holds(factory, _HOLDER, now_utc()):
            log.warning("skipping %s: this process no longer holds the scheduler lease", name)
            return
        log.info("%s: %s", name, JOBS[name].run(_APP, now_utc()))


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
    """Hold (or wait for) the lease and run jobs until `stop` is set."""
    global _APP, _HOLDER
    _APP, _HOLDER = app, holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    seconds = int(app.config["SCHEDULER_LEASE_SECONDS"])
    scheduler, watcher = None, None
    with app.app_context():
        factory = _factory()
    try:
        while not stop.is_set():
            held = lease.acquire(factory, _HOLDER, seconds, now_utc())
            if held and scheduler is None:
                log.info("%s holds the scheduler lease: running jobs", _HOLDER)
                scheduler = build_scheduler(app)
                scheduler.start()
                watcher = _start_idle_watcher(app)
            elif not held and scheduler is not None:
                log.warning("%s lost the scheduler lease: standing by", _HOLDER)
                scheduler.shutdown(wait=True)
                scheduler = _stop_watcher(watcher)
            stop.wait(seconds / 3)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        _stop_watcher(watcher)
        lease.release(factory, _HOLDER)


def _stop_watcher(watcher: tuple[threading.Thread, threading.Event] | None) -> None:
    if watcher is not None:
        watcher[1].set()
        watcher[0].join(5)
