"""The supervisor behind `make run` starts the scheduler again when it dies, and stops it when asked."""
import sys
import threading
import time
from pathlib import Path

from tracker.scheduler.supervise import supervise


def test_a_dying_child_is_started_again_and_a_stop_ends_the_living_one(tmp_path: Path):
    starts = tmp_path / "starts"
    dies_then_lives = (f"import pathlib, sys, time; p = pathlib.Path({str(starts)!r}); "
                       "n = len(p.read_text()) if p.exists() else 0; p.write_text('x' * (n + 1)); "
                       "sys.exit(3) if n < 2 else time.sleep(60)")
    stop = threading.Event()
    runner = threading.Thread(target=supervise, args=([sys.executable, "-c", dies_then_lives], 0.1, stop))
    runner.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not starts.exists() or len(starts.read_text()) < 3):
        time.sleep(0.1)
    assert starts.read_text() == "xxx"  # died twice, started a third time
    began = time.monotonic()
    stop.set()
    runner.join(40)
    assert not runner.is_alive() and time.monotonic() - began < 35  # the sleeping child was terminated
