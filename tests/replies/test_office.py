"""The office's side of mail: extension decisions, confirmations, the quarantine, forwarded notices."""
import datetime as dt
import io

import pytest
from sqlalchemy import select

from tests.fixtures.web import login
from tests.mail import samples
from tests.mail.test_outbox import SETTINGS
from tracker.agencies.models import AgencyEmail
from tracker.core.dates import today_vn
from tracker.core.files import FileStore
from tracker.documents.models import Document, DocumentStatus
from tracker.replies.handler import InboxContext, handle_inbound
from tracker.mail.inbox import new_inbound
from tracker.mail.models import InboundMessage, InboundStatus, OutboxMessage
from tracker.tasks.models import ExtensionRequest, ExtensionStatus, TaskStatus
from tracker.users.models import Role


@pytest.fixture()
def world(session, make_agency, make_task, make_user, app):  # noqa: ANN001, ANN201
    app.config.update(MAIL_FROM=SETTINGS.sender, MAIL_REPLY_SECRET=SETTINGS.secret)
    soyte = make_agency("Sở Y tế")
    soyte.emails = [AgencyEmail(address="vanthu@soyte.example.vn", may_act=True)]
    task = make_task(lead=soyte, due=today_vn() + dt.timedelta(days=5), description="Báo cáo tiêm chủng")
    data = {"task": task, "office": make_user(Role.OFFICE, email="vp@ubnd.example.vn"),
            "liaison": make_user(Role.AGENCY, soyte)}
    session.commit()
    return data


def test_extension_requested_on_the_web_then_approved_moves_the_deadline(client, world, session):
    code, old_due = world["task"].code, world["task"].due_date
    new_due = old_due + dt.timedelta(days=20)
    login(client, world["liaison"])
    client.post(f"/tasks/{code}/act/extension", data={"requested": new_due.strftime("%d/%m/%Y"), "note": "Chờ số liệu"})
    assert client.post("/tasks/extensions/1/approve").status_code == 403  # not for agencies
    client.post("/logout")
    login(client, world["office"])
    page = client.get(f"/tasks/{code}").get_data(as_text=True)
    assert old_due.strftime("%d/%m/%Y") in page and new_due.strftime("%d/%m/%Y") in page  # side by side
    request_id = session.scalar(select(ExtensionRequest.id))
    client.post(f"/tasks/extensions/{request_id}/approve", data={"note": "Đồng ý"})
    session.expire_all()
    task = session.get(type(world["task"]), world["task"].id)
    assert task.due_date == new_due and task.original_due_date == old_due
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "extension_decision"))
    assert mail.to_addrs == "vanthu@soyte.example.vn" and "được đồng ý" in mail.subject


def test_rejected_extension_keeps_the_deadline_and_tells_the_agency(client, world, session):
    code, old_due = world["task"].code, world["task"].due_date
    login(client, world["liaison"])
    client.post(f"/tasks/{code}/act/extension", data={"requested": "31/12/2099"})
    client.post("/logout")
    login(client, world["office"])
    client.post(f"/tasks/extensions/{session.scalar(select(ExtensionRequest.id))}/reject")
    session.expire_all()
    assert session.scalar(select(ExtensionRequest)).status is ExtensionStatus.REJECTED
    assert world["task"].due_date == old_due
    assert "không được đồng ý" in session.scalar(select(OutboxMessage.subject))


def test_completion_on_the_web_with_file_then_returned_by_the_office(client, world, session):
    code = world["task"].code
    login(client, world["liaison"])
    client.post(f"/tasks/{code}/act/complete", data={"note": "Xong", "attachment": (io.BytesIO(b"bc"), "bc.pdf")},
                content_type="multipart/form-data")
    session.expire_all()
    assert world["task"].status is TaskStatus.AWAITING_CONFIRMATION
    assert client.post(f"/tasks/{code}/act/return", data={"note": "x"}).status_code == 302
    session.expire_all()
    assert world["task"].status is TaskStatus.AWAITING_CONFIRMATION  # refused: the office decides
    client.post("/logout")
    login(client, world["office"])
    client.post(f"/tasks/{code}/act/return", data={"note": "Thiếu số liệu"})
    session.expire_all()
    assert world["task"].status is TaskStatus.RETURNED


def _store(session, raw: bytes) -> InboundMessage:  # noqa: ANN001
    message = new_inbound("INBOX", 1, session.query(InboundMessage).count() + 1, raw, len(raw))
    session.add(message)
    session.flush()
    return message


def _handle(session, message, tmp_path):  # noqa: ANN001, ANN202
    handle_inbound(session, message, InboxContext(SETTINGS, FileStore(tmp_path, 10**6)))
    session.commit()


def test_quarantined_mail_is_assigned_by_the_office(client, world, session, tmp_path):
    raw = samples.gmail_reply("nguoi.la@gmail.com", SETTINGS.sender, "Báo cáo", "<x@y>", "Đã thực hiện 70%")
    message = _store(session, raw)
    _handle(session, message, tmp_path)
    assert message.status is InboundStatus.QUARANTINED
    login(client, world["liaison"])
    assert client.get("/mail/queue").status_code == 403
    client.post("/logout")
    login(client, world["office"])
    page = client.get("/mail/queue").get_data(as_text=True)
    assert "nguoi.la@gmail.com" in page and "Không xác định được nhiệm vụ" in page
    client.post(f"/mail/queue/{message.id}/assign", data={"code": world["task"].code})
    session.expire_all()
    assert message.status is InboundStatus.PROCESSED and world["task"].progress_percent == 70
    assert "Văn phòng gán" in world["task"].history[-1].actor_label
    assert "nguoi.la@gmail.com" not in client.get("/mail/queue").get_data(as_text=True)


def test_a_notice_forwarded_by_the_office_becomes_a_draft(world, session, tmp_path):
    from tests.documents.test_services import NOTICE

    forwarded = samples.gmail_reply("vp@ubnd.example.vn", SETTINGS.sender, "TB kết luận", "<ext@x>", NOTICE)
    message = _store(session, forwarded.replace(b"Subject: Re:", b"Subject: Fwd:"))
    _handle(session, message, tmp_path)
    document = session.scalar(select(Document).where(Document.status == DocumentStatus.DRAFT))
    assert document.number == "88/TB-UBND"
    assert message.status is InboundStatus.PROCESSED and "dự thảo" in message.reason


def test_a_reply_to_a_finished_task_is_recorded_and_flagged_not_reopened(world, session, tmp_path):
    from tracker.mail import tokens
    from tracker.tasks.operations import Actor, report_completion

    task = world["task"]
    report_completion(session, task, Actor.system(), today_vn())
    session.commit()
    to = tokens.plus_address(SETTINGS.sender, SETTINGS.secret, task.code)
    message = _store(session, samples.gmail_reply("vanthu@soyte.example.vn", to, f"[{task.code}]", "<z@z>",
                                                  "Bổ sung: đã gửi bản ký số."))
    _handle(session, message, tmp_path)
    assert task.status is TaskStatus.DONE
    assert message.status is InboundStatus.PROCESSED and message.needs_office
    assert task.history[-1].note.startswith("(Thư gửi sau khi nhiệm vụ đã kết thúc)")


def test_authentication_results_when_required(world, session, tmp_path):
    from tracker.mail import tokens
    from tracker.replies.matching import authentication_passes

    assert authentication_passes("mx.ubnd.vn; dmarc=pass header.from=soyte.example.vn", "a@soyte.example.vn")
    assert authentication_passes("mx.ubnd.vn; dkim=pass header.d=soyte.example.vn; spf=fail", "a@soyte.example.vn")
    assert not authentication_passes("mx.ubnd.vn; dkim=pass header.d=evil.example; spf=pass", "a@soyte.example.vn")
    assert not authentication_passes("mx.ubnd.vn; spf=pass smtp.mailfrom=soyte.example.vn", "a@soyte.example.vn")
    assert not authentication_passes("evil.example; dmarc=pass", "a@soyte.example.vn", authserv_id="mx.ubnd.vn")
    to = tokens.plus_address(SETTINGS.sender, SETTINGS.secret, world["task"].code)
    raw = samples.gmail_reply("vanthu@soyte.example.vn", to, "x", "<z@z>", "Đã thực hiện 50%")
    message = _store(session, b"Authentication-Results: mx.ubnd.vn; spf=pass\r\n" + raw)
    handle_inbound(session, message, InboxContext(SETTINGS, FileStore(tmp_path, 10**6), require_authentication=True,
                                                  authserv_id="mx.ubnd.vn"))
    assert message.status is InboundStatus.QUARANTINED and "DMARC" in message.reason
    assert world["task"].progress_percent is None


def _unmatched_answers(session) -> list[OutboxMessage]:  # noqa: ANN001
    session.expire_all()
    return session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reply_unmatched")).all()


def test_strangers_get_one_answer_a_day_and_machines_none(world, session, tmp_path):
    """No loop with an auto-responder that sends no Auto-Submitted, no backscatter to no-reply
    addresses, and the stranger's subject is never echoed."""
    for n in range(3):
        raw = samples.gmail_reply("nguoi.la@gmail.com", SETTINGS.sender, f"Mua thuốc giá rẻ {n}", f"<s{n}@x>", "Xem")
        _handle(session, _store(session, raw.replace(b"gmail-123@", f"stranger-{n}@".encode())), tmp_path)
    for sender in ("noreply@dichvucong.example.vn", "no-reply@egov.example.vn", "he-thong.noreply@example.vn"):
        raw = samples.gmail_reply(sender, SETTINGS.sender, "Đã tiếp nhận hồ sơ", f"<{sender}>", "Đã tiếp nhận.")
        _handle(session, _store(session, raw.replace(b"gmail-123@", sender.encode())), tmp_path)
    answers = _unmatched_answers(session)
    assert [a.to_addrs for a in answers] == ["nguoi.la@gmail.com"]
    assert "Mua thuốc" not in answers[0].subject


def test_a_message_id_longer_than_a_header_may_be_is_handled(world, session, tmp_path):
    long_id = "<" + "x" * 1200 + "@example.vn>"
    raw = samples.gmail_reply("nguoi.khac@gmail.com", SETTINGS.sender, "Hỏi", "<a@b>", "Cho hỏi").replace(
        b"Message-ID:", b"X-Old-Message-ID:", 1)
    raw = b"Message-ID: " + long_id.encode() + b"\r\n" + raw
    message = _store(session, raw)
    _handle(session, message, tmp_path)
    assert message.status is InboundStatus.QUARANTINED
    assert all(len(a.in_reply_to) <= 998 for a in _unmatched_answers(session))


def test_an_office_forward_with_an_unknown_charset_is_read(world, session):
    from tracker.documents.reading import read_document

    raw = ("From: vp@ubnd.example.vn\r\nTo: dondoc@ubnd.example.vn\r\nSubject: Fwd: Thong bao\r\n"
           "Message-ID: <fwd-1@ubnd.example.vn>\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=x-unknown-vn\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "Giao Sở Y tế rà soát trước ngày 30/12/2026.\r\n").encode()
    assert "Sở Y tế" in read_document("thu.eml", raw, 10**6)


def test_the_queue_is_paged(client, world, session):
    from tracker.replies.office import QUEUE_PAGE

    for n in range(QUEUE_PAGE + 3):
        raw = samples.gmail_reply(f"la{n}@gmail.com", SETTINGS.sender, f"Thư {n}", "<x@y>", "Xem")
        message = _store(session, raw.replace(b"gmail-123@", f"q{n}@".encode()))
        message.status, message.needs_office = InboundStatus.QUARANTINED, True
    session.commit()
    login(client, world["office"])
    first = client.get("/mail/queue").get_data(as_text=True)
    second = client.get("/mail/queue?page=2").get_data(as_text=True)
    assert first.count('class="card" id="mail-') == QUEUE_PAGE and "la0@gmail.com" in first
    assert second.count('class="card" id="mail-') == 3 and f"la{QUEUE_PAGE + 2}@gmail.com" in second
    assert client.get("/mail/queue?page=x").status_code == 200
