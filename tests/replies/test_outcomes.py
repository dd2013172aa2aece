"""What a message means beyond tasks: answers to invitations, bounced addresses, the queue's preview."""
import datetime as dt
import email
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.fixtures.web import login
from tests.mail import samples
from tests.mail.test_outbox import SETTINGS
from tests.replies.test_office import _handle, _store
from tracker.agencies.models import AgencyEmail
from tracker.agencies.services import replace_emails
from tracker.core.dates import VN_TZ
from tracker.mail.inbox import new_inbound
from tracker.mail.models import InboundMessage, InboundStatus, OutboxMessage
from tracker.mail.outbox import Mail, queue_mail
from tracker.meetings.models import InvitationAnswer, Meeting, MeetingResponse
from tracker.users.models import Role

US = SETTINGS.sender


@pytest.fixture()
def meeting_world(session, make_agency, make_user, app):  # noqa: ANN001, ANN201
    app.config.update(MAIL_FROM=US, MAIL_REPLY_SECRET=SETTINGS.secret)
    soyte = make_agency("Sở Y tế", emails=("vanthu@soyte.example.vn",))
    sotc = make_agency("Sở Tài chính", emails=("vanthu@sotc.example.vn",))
    start = dt.datetime(2026, 12, 10, 8, tzinfo=VN_TZ)
    meeting = Meeting(title="Giao ban tháng 12", start_dt=start, attendees=[soyte], sequence=0)
    session.add(meeting)
    session.commit()
    return {"meeting": meeting, "soyte": soyte, "sotc": sotc, "office": make_user(Role.OFFICE, email="vp@ubnd.vn")}


def _uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}@dondoc.example.vn"


@pytest.mark.parametrize("client_style", ["outlook", "google"])
def test_an_invited_agency_answering_from_its_calendar_is_recorded_on_the_meeting(
        session, meeting_world, tmp_path, client_style):  # noqa: ANN001
    meeting = meeting_world["meeting"]
    raw = samples.calendar_reply("vanthu@soyte.example.vn", US, _uid(meeting), "ACCEPTED", client=client_style)
    message = _store(session, raw)
    _handle(session, message, tmp_path)
    response = session.scalar(select(MeetingResponse))
    assert message.status is InboundStatus.PROCESSED and "nhận lời dự" in message.reason
    assert (response.agency_id, response.answer) == (meeting_world["soyte"].id, InvitationAnswer.ACCEPTED)
    assert session.scalar(select(OutboxMessage)) is None  # a calendar is never answered


def test_a_changed_mind_replaces_the_answer_but_an_answer_to_an_older_time_does_not(session, meeting_world, tmp_path):
    meeting = meeting_world["meeting"]
    meeting.sequence = 2
    session.commit()
    for partstat, sequence in (("ACCEPTED", 2), ("DECLINED", 2), ("TENTATIVE", 1)):
        raw = samples.calendar_reply("vanthu@soyte.example.vn", US, _uid(meeting), partstat, sequence,
                                     comment="Đồng chí Phó Giám đốc dự" if partstat == "DECLINED" else "")
        _handle(session, _store(session, raw), tmp_path)
    rows = session.scalars(select(MeetingResponse)).all()
    assert [(r.answer, r.sequence) for r in rows] == [(InvitationAnswer.DECLINED, 2)]
    assert rows[0].comment == "Đồng chí Phó Giám đốc dự"


@pytest.mark.parametrize("case", ["someone else's answer", "agency not invited", "meeting unknown", "not our uid"])
def test_answers_that_cannot_be_believed_record_nothing(session, meeting_world, tmp_path, case):  # noqa: ANN001
    meeting = meeting_world["meeting"]
    sender, attendee, uid = "vanthu@soyte.example.vn", None, _uid(meeting)
    if case == "someone else's answer":
        sender, attendee = "ke.gia.mao@example.com", "vanthu@soyte.example.vn"
    elif case == "agency not invited":
        sender = "vanthu@sotc.example.vn"
    elif case == "meeting unknown":
        uid = "meeting-99999@dondoc.example.vn"
    else:
        uid = "040000008200E00074C5B7101A82E008@outlook.com"
    message = _store(session, samples.calendar_reply(sender, US, uid, "DECLINED", attendee=attendee))
    _handle(session, message, tmp_path)
    assert session.scalar(select(MeetingResponse)) is None
    assert message.status is InboundStatus.IGNORED and session.scalar(select(OutboxMessage)) is None


def test_the_meeting_page_shows_who_answered_what(client, session, meeting_world, tmp_path):
    meeting = meeting_world["meeting"]
    meeting.attendees.append(meeting_world["sotc"])
    session.commit()
    raw = samples.calendar_reply("vanthu@soyte.example.vn", US, _uid(meeting), "DECLINED", comment="Trùng lịch")
    _handle(session, _store(session, raw), tmp_path)
    login(client, meeting_world["office"])
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    answers = page.split('id="answers"')[1].split("</section>")[0]
    assert "Sở Y tế: <strong>Không dự</strong>" in answers and "Trùng lịch" in answers
    assert "Sở Tài chính: <span class=\"muted\">chưa trả lời</span>" in answers


def test_a_bounce_marks_the_agency_address_failing_until_a_reply_or_the_office_clears_it(
        client, session, meeting_world, tmp_path):  # noqa: ANN001
    soyte = meeting_world["soyte"]
    sent = queue_mail(session, SETTINGS, Mail(kind="assignment", to=["vanthu@soyte.example.vn"],
                                              subject="[NV-2026-0001] Giao nhiệm vụ", text="x"))
    session.commit()
    _handle(session, _store(session, samples.bounce(US, sent.message_id, "vanthu@soyte.example.vn")), tmp_path)
    mailbox = session.scalar(select(AgencyEmail).where(AgencyEmail.address == "vanthu@soyte.example.vn"))
    assert mailbox.failing_since is not None and "550" in mailbox.failing_reason
    assert "Giao nhiệm vụ" in mailbox.failing_reason  # which mail did not arrive
    other = session.scalar(select(AgencyEmail).where(AgencyEmail.address == "vanthu@sotc.example.vn"))
    assert other.failing_since is None
    login(client, meeting_world["office"])
    dashboard = client.get("/").get_data(as_text=True)
    assert "vanthu@soyte.example.vn" in dashboard and "Sở Y tế" in dashboard
    assert "vanthu@soyte.example.vn" in client.get("/agencies/").get_data(as_text=True).split("bị trả lại")[0][-400:]
    replace_emails(session, soyte, [("vanthu@soyte.example.vn", True)])
    session.commit()
    assert mailbox.failing_since is None and mailbox.failing_reason == ""


def test_the_queue_shows_what_was_kept_and_never_reads_the_stored_mail_again(client, session, meeting_world, tmp_path):
    raw = samples.outlook_reply_vi("nguoi.la@gmail.com", US, "Báo cáo", "<x@y>", "Báo cáo tiến độ 70%", b"%PDF")
    message = _store(session, raw)
    _handle(session, message, tmp_path)
    assert message.status is InboundStatus.QUARANTINED
    message.raw = b"\xff\xfe not a message any more"  # the queue must not need it
    session.commit()
    login(client, meeting_world["office"])
    page = client.get("/mail/queue").get_data(as_text=True)
    assert "Báo cáo tiến độ 70%" in page and "Báo cáo kết quả.pdf" in page and "nguoi.la@gmail.com" in page


def test_a_forged_too_large_mark_does_not_make_a_small_message_too_large(session, meeting_world, tmp_path):
    raw = samples.gmail_reply("nguoi.la@gmail.com", US, "Báo cáo", "<x@y>", "Đã thực hiện 70%")
    raw = b"X-DonDoc-Too-Large: 99999999\r\n" + raw
    message = _store(session, raw)
    _handle(session, message, tmp_path)
    assert "quá lớn" not in message.reason


CPYTHON_MAIL = Path(email.__file__).resolve().parents[1] / "test" / "test_email" / "data"


@pytest.mark.skipif(not CPYTHON_MAIL.is_dir(), reason="this Python ships without its test suite")
def test_every_message_of_another_projects_test_suite_gets_an_outcome_with_a_reason(session, meeting_world, tmp_path):
    """CPython's own email test messages (broken MIME, no sender, bounces, odd charsets, nested
    multiparts): each is handled without an error, and each ends stored with a stated outcome."""
    files = sorted(CPYTHON_MAIL.glob("msg_*.txt"))
    assert len(files) > 30
    seen_keys: set[str] = set()
    for path in files:
        raw = path.read_bytes()
        message = new_inbound("INBOX", 1, len(seen_keys) + 1, raw, len(raw))
        if message.message_key in seen_keys:
            continue  # the same message twice is stored once, as the fetcher does
        seen_keys.add(message.message_key)
        session.add(message)
        session.flush()
        _handle(session, message, tmp_path)
        assert message.status is not InboundStatus.STORED, path.name
        assert message.reason and not message.reason.rstrip().endswith(":"), (path.name, message.reason)
    assert session.scalar(select(func.count()).select_from(InboundMessage)) == len(seen_keys)
