"""Waiting for mail with IMAP IDLE, so replies are handled within seconds rather than at the
next poll. IDLE is re-issued every few minutes (servers and firewalls drop it after 29 or
fewer); a dropped connection is retried with a pause. Where the server offers no IDLE the
watcher returns and the scheduler's polling job does the work alone.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from imapclient.exceptions import IMAPClientError

from .inbox import ImapSettings

log = logging.getLogger("tracker.mail.idle")


def watch_inbox(imap: ImapSettings, on_new_mail: Callable[[], None], stop: threading.Event,
                renew_seconds: float = 600, check_seconds: float = 1.0) -> bool:
    """Call `on_new_mail` once at start and whenever the folder grows, until `stop` is set.

    Returns False at once when the server does not offer IDLE.
    """
    while not stop.is_set():
        try:
            with imap.connect() as client:
                if not client.has_capability("IDLE"):
                    return False
                client.select_folder(imap.folder, readonly=True)
                on_new_mail()  # whatever arrived while we were not watching
                _idle_until_stopped(client, on_new_mail, stop, renew_seconds, check_seconds)
        except (OSError, IMAPClientError) as exc:
            log.warning("IDLE connection lost (%s); retrying", exc)
            stop.wait(30)
    return True


def _idle_until_stopped(client, on_new_mail: Callable[[], None], stop: threading.Event,  # noqa: ANN001
                        renew_seconds: float, check_seconds: float) -> None:
    while not stop.is_set():
        client.idle()
        started, responses = time.monotonic(), []
        while not stop.is_set() and not responses and time.monotonic() - started < renew_seconds:
            responses = client.idle_check(timeout=check_seconds)
        client.idle_done()
        if any(isinstance(r, tuple) and len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses):
            on_new_mail()
