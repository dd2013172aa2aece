"""Content-addressed file storage under instance/: the same report attached twice is stored once."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from flask_babel import gettext as _

from .errors import InvalidInput

INCOMING = ".incoming-"


@dataclass(frozen=True)
class NewFile:
    """A file someone is attaching, not yet stored."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class FileStore:
    root: Path
    max_bytes: int

    def put(self, data: bytes) -> str:
        """Store bytes (atomically: a crash leaves no half file) and return their SHA-256."""
        if len(data) > self.max_bytes:
            raise InvalidInput(_("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.",
                                 size=len(data) // 1024 // 1024, limit=self.max_bytes // 1024 // 1024))
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=INCOMING)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def sweep_incoming(self, older_than: dt.timedelta = dt.timedelta(hours=1)) -> int:
        """Remove half-written files a killed process left behind (a kill skips `put`'s cleanup);
        young ones may belong to a `put` still running."""
        if not self.root.exists():
            return 0
        cutoff = time.time() - older_than.total_seconds()
        removed = 0
        for leftover in self.root.glob(f"*/*/{INCOMING}*"):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink(missing_ok=True)
                removed += 1
        return removed

    def path(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise InvalidInput(_("Mã tệp không hợp lệ."))
        return self.root / digest[:2] / digest[2:4] / digest

    def read(self, digest: str) -> bytes:
        return self.path(digest).read_bytes()


def safe_filename(name: str) -> str:
    """A display name without path parts or control characters; never empty."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip(" .")
    return cleaned[:200] or "tep-dinh-kem"


def app_file_store() -> FileStore:
    """The store of the running app: ATTACHMENTS_DIR, or instance/attachments."""
    from flask import current_app

    root = current_app.config["ATTACHMENTS_DIR"] or Path(current_app.instance_path) / "attachments"
    return FileStore(Path(root), current_app.config["MAX_ATTACHMENT_BYTES"])
