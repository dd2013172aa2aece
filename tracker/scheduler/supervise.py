"""Keep the scheduler process alive: start it, and start it again when it dies.

The scheduler already survives what it meets inside (a locked database, a failing job); this
covers what it cannot survive (killed, out of memory, a crash in a C library), so reminders
and mail stop for seconds, not until someone notices.
"""
from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time

log = logging.getLogger("tracker.scheduler")
#: A child that ran this long before dying was healthy: the next restart waits the short pause again.
HEALTHY_RUN_SECONDS = 300


def supervise(command: list[str], pause: float = 5.0, stop: threading.Event | None = None) -> None:
    """Run `command` until `stop` is set (or SIGINT/SIGTERM arrives), restarting it with backoff."""
    stop = stop or _stop_on_signals()
    delay = pause
    while not stop.is_set():
        started = time.monotonic()
        child = subprocess.Popen(command)
        while child.poll() is None and not stop.wait(0.5):
            pass
        if stop.is_set():
            _end(child)
            return
        ran = time.monotonic() - started
        if ran >= HEALTHY_RUN_SECONDS:
            delay = pause
        log.error("the scheduler exited with code %s after %.0f s; starting it again in %.0f s",
                  child.returncode, ran, delay)
        stop.wait(delay)
        delay = min(60.0, delay * 2)


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def _end(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
