"""Mail end to end with real servers: Dovecot for IMAP, aiosmtpd for SMTP."""
from functools import partial

import pytest
from imapclient import IMAPClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.mail import samples
from tests.mail.test_outbox import SETTINGS, confirmed  # noqa: F401 - fixture
from tracker.core.errors import Conflict
from tracker.core.files import FileStore
from tracker.extensions import db
from tracker.replies.handler import InboxContext, handle_inbound
from tracker.mail.inbox import ImapSettings, fetch_once
from tracker.mail.models import InboundMessage, InboundStatus, OutboxMessage
from tracker.mail.sender import SmtpTransport, send_due
from tracker.tasks.models import ExtensionRequest, HistoryKind, Task, TaskStatus


@pytest.fixture()
def mailbox(imap_server):  # noqa: ANN001, ANN201
    return ImapSettings("127.0.0.1", imap_server.port, False, imap_server.new_account(), imap_server.password)


@pytest.fixture()
def factory(app_ctx):  # noqa: ANN001, ANN201
    engine = db.engine
    return lambda: Session(engine, expire_on_commit=False)


def _append(imap: ImapSettings, *messages: bytes) -> None:
    with IMAPClient(imap.host, port=imap.port, ssl=False) as client:
        client.login(imap.username, imap.password)
        for raw in messages:
            client.append(imap.folder, raw)


def _fetch(factory, imap, tmp_path):  # noqa: ANN001, ANN202
    context = InboxContext(SETTINGS, FileStore(tmp_path, 10**7), confirm_completions=True)
    return fetch_once(factory, imap, partial(handle_inbound, ctx=context))


def _sent(factory, smtp_port):  # noqa: ANN001, ANN202
    send_due(factory, SmtpTransport("127.0.0.1", smtp_port), SETTINGS)


def test_confirm_mail_reply_completes_and_confirms(confirmed, smtp_server, mailbox, factory, tmp_path):  # noqa: F811
    port, delivered = smtp_server
    _sent(factory, port)
    assignment = next(m for m in delivered.parsed() if m["To"] == "vanthu@soyte.example.vn")
    reply = samples.outlook_reply_vi("vanthu@soyte.example.vn", str(assignment["Reply-To"]), str(assignment["Subject"]),
                                     assignment["Message-ID"], "Đã hoàn thành. Gửi kèm báo cáo.", b"%PDF-1.4 bc")
    _append(mailbox, reply)
    report = _fetch(factory, mailbox, tmp_path)
    assert (report.stored, report.handled, report.moved) == (1, 1, 1)
    task = db.session.scalar(select(Task).where(Task.lead_text == "Sở Y tế"))
    assert task.status is TaskStatus.AWAITING_CONFIRMATION
    completed = task.history[-1]
    assert completed.kind is HistoryKind.COMPLETED and completed.actor_label == "vanthu@soyte.example.vn"
    assert completed.attachments[0].filename == "Báo cáo kết quả.pdf" and "Trân trọng" in completed.note
    _sent(factory, port)
    confirmation = delivered.parsed()[-1]
    assert confirmation["To"] == "vanthu@soyte.example.vn" and confirmation["In-Reply-To"] == reply_id(reply)
    assert "đã ghi nhận hoàn thành (chờ Văn phòng xác nhận)" in confirmation.get_content()
    with IMAPClient(mailbox.host, port=mailbox.port, ssl=False) as client:  # moved after the commit
        client.login(mailbox.username, mailbox.password)
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        assert client.select_folder("Processed")[b"EXISTS"] == 1
    assert _fetch(factory, mailbox, tmp_path).stored == 0  # nothing twice


def reply_id(raw: bytes) -> str:
    from email import message_from_bytes, policy

    return message_from_bytes(raw, policy=policy.default)["Message-ID"]


def test_gmail_extension_request_keeps_both_deadlines(confirmed, smtp_server, mailbox, factory, tmp_path):  # noqa: F811
    port, delivered = smtp_server
    _sent(factory, port)
    assignment = next(m for m in delivered.parsed() if m["To"] == "vanthu@soyte.example.vn")
    _append(mailbox, samples.gmail_reply("vanthu@soyte.example.vn", str(assignment["Reply-To"]),
                                         str(assignment["Subject"]), assignment["Message-ID"],
                                         "Xin gia hạn đến 30/4/2022 vì chờ vắc xin."))
    _fetch(factory, mailbox, tmp_path)
    request = db.session.scalar(select(ExtensionRequest))
    assert (str(request.previous_due_date), str(request.requested_date)) == ("2022-03-31", "2022-04-30")
    assert request.task.due_date.isoformat() == "2022-03-31"  # in force until the office decides


@pytest.mark.parametrize("make, status, reason", [
    (lambda to, sub, mid: samples.out_of_office("vanthu@soyte.example.vn", to), InboundStatus.IGNORED, "tự động"),
    (lambda to, sub, mid: samples.bounce(to, mid), InboundStatus.PROCESSED, "bị trả lại (550 5.1.1 User unknown)"),
    (lambda to, sub, mid: samples.gmail_reply("ke.gia.mao@evil.example", to, sub, mid, "Đã hoàn thành"),
     InboundStatus.QUARANTINED, "chưa được đăng ký"),
    (lambda to, sub, mid: samples.gmail_reply("vt@sotc.example.vn", to, sub, mid, "Đã hoàn thành"),
     InboundStatus.QUARANTINED, "không thuộc cơ quan"),
    (lambda to, sub, mid: samples.gmail_reply("vanthu@soyte.example.vn", "dondoc@ubnd.example.vn", sub,
                                              "<forged.0000000000ab@ubnd.example.vn>", "Đã hoàn thành"),
     InboundStatus.QUARANTINED, "không trả lời thư của hệ thống (thiếu mã xác thực)"),
    (lambda to, sub, mid: samples.broken_mime("vanthu@soyte.example.vn", "dondoc@ubnd.example.vn"),
     InboundStatus.QUARANTINED, "Không xác định được nhiệm vụ"),
])
def test_machines_strangers_and_forgeries_change_no_task(confirmed, smtp_server, mailbox, factory, tmp_path,  # noqa: F811
                                                        make, status, reason):
    port, delivered = smtp_server
    _sent(factory, port)
    assignment = next(m for m in delivered.parsed() if m["To"] == "vanthu@soyte.example.vn")
    _append(mailbox, make(str(assignment["Reply-To"]), str(assignment["Subject"]), assignment["Message-ID"]))
    before = {t.id: (t.status, len(t.history)) for t in db.session.scalars(select(Task))}
    _fetch(factory, mailbox, tmp_path)
    db.session.expire_all()
    stored = db.session.scalar(select(InboundMessage))
    assert stored.status is status and reason in stored.reason
    assert {t.id: (t.status, len(t.history)) for t in db.session.scalars(select(Task))} == before
    answers = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind.like("reply%"))).all()
    if status is InboundStatus.IGNORED or "đăng ký" in reason or "không thuộc" in reason or "trả lại" in reason:
        assert answers == []  # never answer machines; no backscatter to unregistered senders


@pytest.mark.parametrize("failure", [RuntimeError("bug"), Conflict("changed meanwhile")])
def test_a_message_that_fails_never_blocks_the_ones_behind_it(app_ctx, mailbox, factory, failure):
    """A bug on one message quarantines it with the reason; a transient failure leaves it for
    the next run; either way the next message is handled in the same run."""
    from email.message import EmailMessage

    def message(subject: str) -> bytes:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "a@example.vn", "dondoc@example.vn", subject
        mail["Message-ID"] = f"<{len(subject)}.{subject.encode().hex()}@example.vn>"
        mail.set_content("nội dung")
        return bytes(mail)

    def handle(session, stored):  # noqa: ANN001, ANN202
        if stored.subject == "hỏng":
            raise failure
        stored.status = InboundStatus.IGNORED

    _append(mailbox, message("hỏng"), message("lành"))
    report = fetch_once(factory, mailbox, handle)
    by_subject = {m.subject: m for m in db.session.scalars(select(InboundMessage))}
    assert by_subject["lành"].status is InboundStatus.IGNORED and report.handled == 1
    if isinstance(failure, Conflict):
        assert by_subject["hỏng"].status is InboundStatus.STORED and report.deferred == 1
    else:
        assert by_subject["hỏng"].status is InboundStatus.QUARANTINED and report.failed == 1
        assert "RuntimeError" in by_subject["hỏng"].reason and by_subject["hỏng"].needs_office


def test_the_same_mail_twice_is_stored_once_but_a_reused_message_id_is_kept(app_ctx, mailbox, factory):
    from email.message import EmailMessage

    def message(body: str, extra_header: str = "") -> bytes:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "a@example.vn", "dondoc@example.vn", "Báo cáo"
        mail["Message-ID"] = "<cung-mot-ma@example.vn>"
        if extra_header:
            mail["X-Relay"] = extra_header
        mail.set_content(body)
        return bytes(mail)

    def ignore(session, stored):  # noqa: ANN001, ANN202
        stored.status = InboundStatus.IGNORED

    _append(mailbox, message("Đã thực hiện 50%"))
    assert fetch_once(factory, mailbox, ignore).stored == 1
    _append(mailbox, message("Đã thực hiện 50%", extra_header="relay-2"), message("Một thư khác, cùng Message-ID"))
    again = fetch_once(factory, mailbox, ignore)
    assert (again.stored, again.duplicates) == (1, 1)
    texts = sorted(m.raw.split(b"\n\n", 1)[-1].strip() for m in db.session.scalars(select(InboundMessage)))
    assert len(texts) == 2


def test_a_bounce_marks_the_assignment_that_did_not_arrive(confirmed, smtp_server, mailbox, factory, tmp_path):  # noqa: F811
    port, delivered = smtp_server
    _sent(factory, port)
    assignment = next(m for m in delivered.parsed() if m["To"] == "vanthu@soyte.example.vn")
    _append(mailbox, samples.bounce("dondoc@ubnd.example.vn", assignment["Message-ID"]))
    _fetch(factory, mailbox, tmp_path)
    db.session.expire_all()
    row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.message_id == assignment["Message-ID"]))
    stored = db.session.scalar(select(InboundMessage))
    assert row.status.value == "failed" and "nobody@example.vn" in row.last_error and "550" in row.last_error
    assert stored.needs_office and "cần kiểm tra địa chỉ email" in stored.reason


def test_an_oversized_message_keeps_its_header_and_its_sender_is_told_once_a_day(app_ctx, mailbox, factory, tmp_path):
    big = samples.outlook_reply_vi("vanthu@soyte.example.vn", SETTINGS.sender, "[NV-2026-0007] Giao nhiệm vụ",
                                   "<a@b>", "Báo cáo kèm hồ sơ", b"%PDF" + bytes(range(256)) * 1200)
    second = big.replace(b"SG2PR01MB1234ABCD", b"SG2PR01MB5678EFGH")
    _append(mailbox, big, second)
    small_limit = ImapSettings(mailbox.host, mailbox.port, False, mailbox.username, mailbox.password,
                               max_bytes=100_000)
    report = _fetch(factory, small_limit, tmp_path)
    assert (report.stored, report.handled, report.moved) == (2, 2, 2)
    stored = db.session.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()
    assert all(m.size > 300_000 and len(m.raw) < 5_000 for m in stored)  # the body stayed on the server
    assert stored[0].from_addr == "Nguyen Van A <vanthu@soyte.example.vn>"
    assert "NV-2026-0007" in stored[0].subject and stored[0].status is InboundStatus.QUARANTINED
    assert "quá lớn" in stored[0].reason
    told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reply_too_large")).all()
    assert [m.to_addrs for m in told] == ["vanthu@soyte.example.vn"]  # once, not once per message
    assert "NV-2026-0007" in told[0].text_body and "Giao nhiệm vụ" not in told[0].subject


def test_the_office_sends_a_failed_message_through_again_and_the_next_fetch_handles_it(app_ctx, mailbox, factory):
    from email.message import EmailMessage

    from tracker.core.errors import InvalidInput
    from tracker.replies.office import retry

    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"], mail["Message-ID"] = "a@example.vn", "dd@example.vn", "x", "<r@x>"
    mail.set_content("Báo cáo tiến độ")
    _append(mailbox, bytes(mail))
    broken = {"yes": True}

    def handle(session, stored):  # noqa: ANN001, ANN202
        if broken["yes"]:
            raise LookupError("unknown encoding: x-unknown")
        stored.status = InboundStatus.IGNORED

    assert fetch_once(factory, mailbox, handle).failed == 1
    stored = db.session.scalar(select(InboundMessage))
    assert stored.error == "LookupError: unknown encoding: x-unknown" and "Báo cáo tiến độ" in stored.preview
    broken["yes"] = False  # the cause is fixed (a new release, say)
    retry(db.session, stored)
    db.session.commit()
    with pytest.raises(InvalidInput):  # a second click finds it already sent through
        retry(db.session, stored)
    db.session.rollback()
    report = fetch_once(factory, mailbox, handle)
    db.session.expire_all()
    assert report.handled == 1 and stored.status is InboundStatus.IGNORED and stored.error == ""
