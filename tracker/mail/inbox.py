"""Reading the IMAP inbox: store every message whole, then act on each, then move it.

1. Store: new UIDs (after the last one stored for this folder and UIDVALIDITY) are fetched
   with BODY.PEEK[] and stored with their Message-ID as a unique key, and the last UID is
   advanced, in one transaction per batch. A message seen before (same Message-ID, e.g.
   after the server renumbered the folder) is not stored twice.
2. Act: each stored message is handled in its own transaction, which also marks it done.
3. Move: only after that commit, processed messages are moved to the processed folder.
A crash between any two steps is picked up by the next fetch, and nothing is acted on twice.
"""
from __future__ import annotations

import email
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Callable

from imapclient import IMAPClient
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ..core.dates import now_utc
from ..core.errors import Conflict
from ..core.faults import crash_point
from .models import InboundMessage, InboundStatus, MailboxState
from .parse import parse_mail

BATCH = 200
#: Of a message over the size limit, this much of its header is fetched and kept.
HEADER_BYTES = 64 * 1024
#: How much of a message's text the office's queue shows (kept when it is handled).
PREVIEW_CHARS = 4000
#: Marks a stored message whose body was left on the server for its size.
TOO_LARGE_HEADER = "X-DonDoc-Too-Large"
log = logging.getLogger(__name__)


@dataclass
class ImapSettings:
    host: str
    port: int
    ssl: bool
    username: str
    password: str
    folder: str = "INBOX"
    processed_folder: str = "Processed"
    max_bytes: int = 25 * 1024 * 1024
    timeout: float = 60.0

    @classmethod
    def from_config(cls, config: dict) -> "ImapSettings":
        return cls(config["IMAP_HOST"], int(config["IMAP_PORT"]), bool(config["IMAP_SSL"]),
                   config["IMAP_USERNAME"], config["IMAP_PASSWORD"], config["IMAP_FOLDER"],
                   config["IMAP_PROCESSED_FOLDER"], int(config["IMAP_MAX_MESSAGE_BYTES"]))

    def connect(self) -> IMAPClient:
        client = IMAPClient(self.host, port=self.port, ssl=self.ssl, timeout=self.timeout)
        client.login(self.username, self.password)
        return client


@dataclass
class FetchReport:
    stored: int = 0
    duplicates: int = 0
    handled: int = 0
    #: Left stored for the next run (a transient failure) and quarantined after an error.
    deferred: int = 0
    failed: int = 0
    moved: int = 0
    #: Seconds spent in each step, for the benchmark.
    store_seconds: float = 0.0
    handle_seconds: float = 0.0
    move_seconds: float = 0.0


Handler = Callable[..., None]  #: (session, message) -> None


def fetch_once(session_factory: Callable[[], Session], imap: ImapSettings, handle: Handler) -> FetchReport:
    """Store new messages, handle every stored one, move the handled ones; once."""
    report = FetchReport()
    with imap.connect() as client:
        uidvalidity = client.select_folder(imap.folder)[b"UIDVALIDITY"]
        started = time.perf_counter()
        _store_new(client, session_factory, imap, uidvalidity, report)
        report.store_seconds = time.perf_counter() - started
        crash_point("after_store")
        _handle_stored(session_factory, handle, report)
        report.handle_seconds = time.perf_counter() - started - report.store_seconds
        crash_point("after_handle")
        _move_handled(client, session_factory, imap, uidvalidity, report)
        report.move_seconds = time.perf_counter() - started - report.store_seconds - report.handle_seconds
    return report


def _store_new(client: IMAPClient, session_factory: Callable[[], Session], imap: ImapSettings,
               uidvalidity: int, report: FetchReport) -> None:
    with session_factory() as session:
        state = session.get(MailboxState, imap.folder)
        if state is None or state.uidvalidity != uidvalidity:  # new folder, or renumbered: rescan all
            state = state or MailboxState(folder=imap.folder)
            state.uidvalidity, state.last_uid = uidvalidity, 0
            session.add(state)
            session.commit()
        last_uid = state.last_uid
    # "UID n:*" always answers with the newest message even past the end: filter ourselves.
    uids = sorted(uid for uid in client.search(["UID", f"{last_uid + 1}:*"]) if uid > last_uid)
    for start in range(0, len(uids), BATCH):
        batch = uids[start:start + BATCH]
        sizes = client.fetch(batch, ["RFC822.SIZE"])
        small = [uid for uid in batch if sizes[uid][b"RFC822.SIZE"] <= imap.max_bytes]
        large = [uid for uid in batch if uid not in small]
        bodies = client.fetch(small, ["BODY.PEEK[]"]) if small else {}
        heads = client.fetch(large, [f"BODY.PEEK[HEADER]<0.{HEADER_BYTES}>"]) if large else {}
        raws = {uid: bodies[uid][b"BODY[]"] if uid in bodies
                else too_large_headers(_partial(heads.get(uid, {})), sizes[uid][b"RFC822.SIZE"])
                for uid in batch}
        headers = {uid: _headers(raw) for uid, raw in raws.items()}
        keys = {uid: message_key(raws[uid], headers[uid]) for uid in batch}
        with session_factory() as session:
            known = set(session.scalars(select(InboundMessage.message_key)
                                        .where(InboundMessage.message_key.in_(set(keys.values())))))
            for uid in batch:
                if keys[uid] in known:
                    report.duplicates += 1
                    continue
                known.add(keys[uid])
                session.add(new_inbound(imap.folder, uidvalidity, uid, raws[uid], sizes[uid][b"RFC822.SIZE"],
                                        headers[uid], keys[uid]))
                report.stored += 1
            session.get(MailboxState, imap.folder).last_uid = batch[-1]
            session.commit()


def new_inbound(folder: str, uidvalidity: int, uid: int, raw: bytes, size: int,
                headers: email.message.Message | None = None, key: str | None = None) -> InboundMessage:
    """The row a fetched message is stored as, with what the office's lists show of it."""
    headers = headers if headers is not None else _headers(raw)
    return InboundMessage(folder=folder, uidvalidity=uidvalidity, uid=uid, raw=raw, size=size,
                          message_key=key or message_key(raw, headers), from_addr=_header(headers, "From")[:320],
                          subject=_header(headers, "Subject"))


def _partial(fetched: dict) -> bytes:
    """The bytes of a partial BODY[HEADER]<0> fetch, whatever key the server answered with."""
    return next((value for key, value in fetched.items() if key.startswith(b"BODY[HEADER]")), b"") or b""


def too_large_headers(header: bytes, size: int) -> bytes:
    """What is kept of a message over the size limit: its own header (From, Subject,
    Message-ID: who sent it and what it is) and our mark with the size, no body. A header cut
    at the fetch limit loses its last, partial line."""
    header = header[:HEADER_BYTES].replace(b"\r\n", b"\n")
    header = header.split(b"\n\n", 1)[0]
    if len(header) >= HEADER_BYTES - 4:
        header = header.rsplit(b"\n", 1)[0]
    lines = [line for line in header.split(b"\n") if line.strip()]
    lines.append(f"{TOO_LARGE_HEADER}: {size}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _headers(raw: bytes) -> email.message.Message:
    """The header part only, parsed the cheap way (compat32): storing needs three headers; the
    full parse happens when the message is handled."""
    return BytesHeaderParser(policy=compat32).parsebytes(raw)


def message_key(raw: bytes, headers: email.message.Message | None = None) -> str:
    """What makes a message the same message: its Message-ID with a hash of its body.

    The same mail seen again (the server renumbered the folder, a header added on the way) keeps
    its key and is stored once; a different mail reusing a Message-ID (a careless sender, a
    forgery) has another body and is kept too. Without a Message-ID, the hash of all the bytes.
    """
    value = (headers if headers is not None else _headers(raw)).get("Message-ID")
    value = " ".join(str(value).split()) if value else ""
    if not value:
        return "sha256:" + hashlib.sha256(raw).hexdigest()
    body = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[-1]
    return f"{value[:900]} #{hashlib.sha256(body).hexdigest()[:16]}"


def _header(message: email.message.Message, name: str) -> str:
    """A header decoded from RFC 2047; an undecodable one is shown as missing, never fatal."""
    value = message.get(name)
    if value is None:
        return ""
    try:
        return " ".join(str(make_header(decode_header(str(value)))).split())
    except Exception:  # noqa: BLE001
        return ""


def _handle_stored(session_factory: Callable[[], Session], handle: Handler, report: FetchReport) -> None:
    """Handle every stored message, each in its own transaction; one that fails never blocks
    the ones behind it. A transient failure (the task changed under it, the database busy)
    leaves it stored for the next run; any other failure puts it in the quarantine with the
    error, where the office sees it (and /healthz counts it)."""
    with session_factory() as session:
        pending = session.scalars(select(InboundMessage.id).where(InboundMessage.status == InboundStatus.STORED)
                                  .order_by(InboundMessage.id)).all()
    for message_id in pending:
        try:
            if _handle_one(session_factory, handle, message_id):
                report.handled += 1
        except (Conflict, OperationalError) as exc:
            log.warning("inbound message %s left for the next run: %s", message_id, exc)
            report.deferred += 1
        except Exception as exc:  # noqa: BLE001 - whatever it is, the next message must still be handled
            log.exception("inbound message %s could not be handled", message_id)
            _quarantine_failed(session_factory, message_id, exc)
            report.failed += 1


def _handle_one(session_factory: Callable[[], Session], handle: Handler, message_id: int) -> bool:
    with session_factory() as session:
        # Claim it inside the transaction that handles it: the UPDATE takes the row lock
        # (PostgreSQL) or the write lock (SQLite), so a second fetcher waits, then finds it taken.
        claimed = session.execute(
            update(InboundMessage).where(InboundMessage.id == message_id,
                                         InboundMessage.status == InboundStatus.STORED)
            .values(processed_dt=now_utc()).execution_options(synchronize_session=False)).rowcount
        if not claimed:
            session.rollback()
            return False  # another fetcher handled it meanwhile
        message = session.get(InboundMessage, message_id)
        handle(session, message)
        if message.status is InboundStatus.STORED:
            message.status = InboundStatus.PROCESSED
        message.processed_dt = now_utc()
        crash_point("before_handle_commit")
        session.commit()
        return True


def _quarantine_failed(session_factory: Callable[[], Session], message_id: int, exc: Exception) -> None:
    with session_factory() as session:
        raw = session.scalar(select(InboundMessage.raw).where(InboundMessage.id == message_id)) or b""
        session.execute(
            update(InboundMessage).where(InboundMessage.id == message_id, InboundMessage.status == InboundStatus.STORED)
            .values(status=InboundStatus.QUARANTINED, needs_office=True, processed_dt=now_utc(),
                    reason=f"Lỗi khi xử lý thư ({type(exc).__name__}); cần Văn phòng xem, có thể cho xử lý lại.",
                    error=f"{type(exc).__name__}: {exc}"[:2000], preview=_safe_preview(raw))
            .execution_options(synchronize_session=False))
        session.commit()


def _safe_preview(raw: bytes) -> str:
    """The text the office's queue shows for a message whose handling failed (the parse itself
    may be what failed: then the first bytes as they are)."""
    try:
        return parse_mail(raw, "").text[:PREVIEW_CHARS]
    except Exception:  # noqa: BLE001
        return raw[:PREVIEW_CHARS].decode("utf-8", "replace")


def _move_handled(client: IMAPClient, session_factory: Callable[[], Session], imap: ImapSettings,
                  uidvalidity: int, report: FetchReport) -> None:
    with session_factory() as session:
        done = session.scalars(select(InboundMessage).where(
            InboundMessage.folder == imap.folder, InboundMessage.uidvalidity == uidvalidity,
            InboundMessage.status != InboundStatus.STORED, InboundMessage.is_moved.is_(False))).all()
        if not done:
            return
        if not client.folder_exists(imap.processed_folder):
            client.create_folder(imap.processed_folder)
        uids = [m.uid for m in done]
        if client.has_capability("MOVE"):
            client.move(uids, imap.processed_folder)
        else:
            client.copy(uids, imap.processed_folder)
            client.delete_messages(uids)
            client.uid_expunge(uids) if client.has_capability("UIDPLUS") else client.expunge()
        for message in done:
            message.is_moved = True
        session.commit()
        report.moved += len(done)
