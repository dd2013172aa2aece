"""The attachment store: atomic writes, and what a killed process leaves is swept."""
import os
import time
from pathlib import Path

import pytest

from tracker.core.errors import InvalidInput
from tracker.core.files import INCOMING, FileStore


def test_put_is_content_addressed_and_refuses_oversize(tmp_path: Path):
    store = FileStore(tmp_path, 100)
    digest = store.put(b"bao cao")
    assert store.put(b"bao cao") == digest and store.read(digest) == b"bao cao"
    with pytest.raises(InvalidInput):
        store.put(b"x" * 101)
    assert not list(tmp_path.glob(f"*/*/{INCOMING}*"))


def test_a_failed_write_leaves_no_half_file(tmp_path: Path, monkeypatch):
    store = FileStore(tmp_path, 10**6)

    def disk_full(*args):  # noqa: ANN002, ANN202
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        store.put(b"bao cao")
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_leftovers_of_a_killed_process_are_swept_when_old(tmp_path: Path):
    store = FileStore(tmp_path, 10**6)
    kept = store.path(store.put(b"giu lai"))
    folder = kept.parent
    old, young = folder / f"{INCOMING}old", folder / f"{INCOMING}young"
    old.write_bytes(b"do dang"), young.write_bytes(b"dang ghi")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert store.sweep_incoming() == 1
    assert not old.exists() and young.exists() and kept.exists()


def test_the_housekeeping_job_sweeps(app_ctx, tmp_path: Path):
    from tracker.scheduler.jobs import run_job

    store_root = Path(app_ctx.config["ATTACHMENTS_DIR"])
    stale = store_root / "ab" / "cd" / f"{INCOMING}stale"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"x")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    assert "removed 1 half-written" in run_job("housekeeping")
    assert not stale.exists()
