import datetime as dt
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.documents.test_services import NOTICE
from tracker.agencies.directory import load_default_directory
from tracker.agencies.models import AgencyEmail
from tracker.agencies.services import find_agency
from tracker.core.dates import now_utc
from tracker.core.files import FileStore
from tracker.documents.services import confirm_document, drafts_of, drop_draft, import_document
from tracker.extensions import db
from tracker.mail import tokens
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.mail.outbox import Mail, MailSettings, queue_mail
from tracker.mail.sender import SmtpTransport, send_due
from tracker.tasks.models import HistoryKind
from tracker.tasks.operations import Actor

SETTINGS = MailSettings(sender="dondoc@ubnd.example.vn", secret="test-secret")


def _factory():  # noqa: ANN202
    return Session(db.engine, expire_on_commit=False)


@pytest.fixture()
def confirmed(session, tmp_path):  # noqa: ANN001, ANN201
    load_default_directory(session)
    find_agency(session, "Sở Y tế").emails = [AgencyEmail(address="vanthu@soyte.example.vn", may_act=True)]
    find_agency(session, "Sở Tài chính").emails = [AgencyEmail(address="vt@sotc.example.vn", may_act=True)]
    document = import_document(session, NOTICE, FileStore(tmp_path, 10**6))
    drop_draft(session, next(t for t in drafts_of(session, document) if t.lead_text == "Sở Hàng không Vũ trụ"))
    tasks = confirm_document(session, document, Actor.system(), SETTINGS)
    session.commit()
    return document, tasks


def test_confirming_queues_one_email_per_agency_with_an_address(session, confirmed):
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [r.to_addrs for r in rows] == ["vanthu@soyte.example.vn", "vt@sotc.example.vn"]
    soyte = rows[0]
    assert soyte.subject.startswith("[NV-2022-") and "88/TB-UBND" in soyte.subject
    assert "GIA HẠN ngày/tháng/năm" in soyte.text_body and "<table" in soyte.html_body
    reference, token = tokens.read_plus_address(soyte.reply_to)
    assert tokens.is_valid(SETTINGS.secret, reference, token)
    notified = [h for t in confirmed[1] for h in t.history if h.kind is HistoryKind.NOTIFIED]
    assert len(notified) == 2


def test_rolled_back_confirmation_leaves_no_mail(session, tmp_path):
    load_default_directory(session)
    find_agency(session, "Sở Y tế").emails = [AgencyEmail(address="vanthu@soyte.example.vn", may_act=True)]
    document = import_document(session, NOTICE.replace("Giao Sở Hàng không Vũ trụ nghiên cứu đề xuất.\n", ""),
                               FileStore(tmp_path, 10**6))
    confirm_document(session, document, Actor.system(), SETTINGS)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_sender_delivers_once_with_threading_and_loop_headers(app_ctx, confirmed, smtp_server):
    port, delivered = smtp_server
    report = send_due(_factory, SmtpTransport("127.0.0.1", port), SETTINGS)
    assert (report.sent, report.failed) == (2, 0)
    assert send_due(_factory, SmtpTransport("127.0.0.1", port), SETTINGS).sent == 0
    messages = delivered.parsed()
    assert len(messages) == 2
    first = messages[0]
    assert first["Auto-Submitted"] == "auto-generated" and first["X-Auto-Response-Suppress"] == "All"
    assert "Giao nhiệm vụ theo văn bản 88/TB-UBND" in str(first["Subject"])  # RFC 2047 round trip
    row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.message_id == first["Message-ID"]))
    assert row.status is OutboxStatus.SENT
    assert "Thời hạn: 31/03/2022" in first.get_body(("plain",)).get_content()


def test_smtp_outage_delays_mail_and_loses_none(app_ctx, confirmed, smtp_server):
    port, delivered = smtp_server
    closed = SmtpTransport("127.0.0.1", 1)  # nothing listens there
    report = send_due(_factory, closed, SETTINGS)
    assert (report.sent, report.failed) == (0, 2)
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert all(r.attempts == 1 and r.next_attempt_dt > now_utc() and r.last_error for r in rows)
    assert send_due(_factory, SmtpTransport("127.0.0.1", port), SETTINGS).sent == 0  # not due yet
    later = lambda: now_utc() + dt.timedelta(minutes=5)  # noqa: E731
    assert send_due(_factory, SmtpTransport("127.0.0.1", port), SETTINGS, now=later).sent == 2
    assert len(delivered.parsed()) == 2


def test_gives_up_after_the_configured_attempts(app_ctx, confirmed):
    for day in (1, 2, 3):  # each retry is due by then
        send_due(_factory, SmtpTransport("127.0.0.1", 1), SETTINGS, max_attempts=3,
                 now=lambda day=day: now_utc() + dt.timedelta(days=day))
    statuses = {r.status for r in db.session.scalars(select(OutboxMessage))}
    assert statuses == {OutboxStatus.FAILED}


def test_two_senders_at_once_send_each_message_once(app_ctx, session, smtp_server):
    port, delivered = smtp_server
    for n in range(20):
        queue_mail(session, SETTINGS, Mail("test", [f"a{n}@example.vn"], f"Thư {n}", "nội dung"))
    session.commit()
    engine = db.engine  # threads have no app context

    def factory() -> Session:
        return Session(engine, expire_on_commit=False)

    threads = [threading.Thread(target=send_due, args=(factory, SmtpTransport("127.0.0.1", port), SETTINGS))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    subjects = sorted(str(m["Subject"]) for m in delivered.parsed())
    assert subjects == sorted(f"Thư {n}" for n in range(20))


def test_a_notification_key_is_claimed_once(session):
    first = queue_mail(session, SETTINGS, Mail("reminder", ["a@example.vn"], "Nhắc", "x", dedupe_key="r:NV-1:d1"))
    again = queue_mail(session, SETTINGS, Mail("reminder", ["a@example.vn"], "Nhắc", "x", dedupe_key="r:NV-1:d1"))
    assert first.id == again.id
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_cli_mail_send(runner, confirmed, smtp_server, app):
    port, delivered = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM=SETTINGS.sender)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "Đã gửi 2" in result.output
    assert len(delivered.parsed()) == 2


def test_a_line_break_in_a_subject_is_sent_on_one_line(app_ctx, session, smtp_server):
    port, delivered = smtp_server
    queue_mail(session, SETTINGS, Mail("invitation", ["a@example.vn"], "Giấy mời họp giao ban\r\nBcc: x@evil.example",
                                       "nội dung"))
    session.commit()
    report = send_due(_factory, SmtpTransport("127.0.0.1", port), SETTINGS)
    [message] = delivered.parsed()
    assert report.sent == 1 and str(message["Subject"]) == "Giấy mời họp giao ban Bcc: x@evil.example"
    assert message["Bcc"] is None


def test_a_row_that_cannot_be_built_fails_alone(app_ctx, session, smtp_server):
    """A message Python cannot compose is failed at once with the reason; the rest still go."""
    port, delivered = smtp_server
    bad = queue_mail(session, SETTINGS, Mail("test", ["a@example.vn"], "Hỏng", "x"))
    bad.in_reply_to = "<a@example.vn>\r\nBcc: x@evil.example"  # what a corrupted row could hold
    queue_mail(session, SETTINGS, Mail("test", ["b@example.vn"], "Lành", "x"))
    session.commit()
    report = send_due(_factory, SmtpTransport("127.0.0.1", port), SETTINGS)
    session.expire_all()
    assert [str(m["Subject"]) for m in delivered.parsed()] == ["Lành"]
    assert session.get(OutboxMessage, bad.id).status is OutboxStatus.FAILED and report.sent == 1
    assert session.get(OutboxMessage, bad.id).last_error


def test_our_own_assignment_mail_quoted_whole_reads_as_no_command(session, confirmed):
    """If a client's quote escapes the stripper, the instructions we sent must not act."""
    from tracker.mail.parse import html_to_text
    from tracker.replies.intents import read_intent

    row = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "assignment"))
    for text in (row.text_body, html_to_text(row.html_body)):
        assert read_intent(text).kind == "progress", text
