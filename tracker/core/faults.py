"""Crash points: where tests kill the process to prove that nothing is lost or doubled.

`crash_point("after_store")` ends the process at once (os._exit, no cleanup, no commit)
when the environment variable TRACKER_CRASH_AT names that point. Unset, it does nothing.
"""
from __future__ import annotations

import os


def crash_point(name: str) -> None:
    if os.environ.get("TRACKER_CRASH_AT") == name:
        os._exit(137)
