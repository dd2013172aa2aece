import datetime as dt

import pytest
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.calendars.ics_checks import check_bytes
from tracker.agencies.models import AgencyEmail, AgencyKind
from tracker.core.dates import VN_TZ, WorkingCalendar
from tracker.core.errors import PermissionDenied
from tracker.extensions import db
from tracker.mail.outbox import MailSettings
from tracker.mail.sender import SmtpTransport, send_due
from tracker.meetings.invitations import queue_invitations
from tracker.meetings.models import MeetingSeries, MeetingCadence, MeetingStatus, PrepLead, PrepRule, PrepTiming
from tracker.meetings.preparation import due_date
from tracker.meetings.services import (MeetingSpec, cancel_meeting, create_meeting, preparation_tasks,
                                       reschedule_meeting)
from tracker.tasks.models import TaskStatus
from tracker.tasks.operations import Actor
from tracker.users.models import Role

CAL = WorkingCalendar()
SETTINGS = MailSettings(sender="dondoc@ubnd.example.vn", secret="s")


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), VN_TZ)


@pytest.fixture()
def setup(session, make_agency, make_user):  # noqa: ANN001, ANN201
    office = make_agency("Văn phòng UBND Thành phố", kind=AgencyKind.OFFICE)
    kh, yt, ld = make_agency("Sở Kế hoạch và Đầu tư"), make_agency("Sở Y tế"), make_agency("Sở Lao động")
    yt.emails = [AgencyEmail(address="vt@soyte.example.vn", may_act=True)]
    ld.emails = [AgencyEmail(address="vt@sold.example.vn", may_act=True)]
    actor = Actor.web(make_user(Role.OFFICE))
    spec = MeetingSpec(title="Giao ban văn hóa - xã hội tháng 11", start=at(dt.date(2026, 11, 25)),
                       end=at(dt.date(2026, 11, 25), 11), venues="Phòng họp trực tuyến UBND Thành phố",
                       topic="Y tế cơ sở", topic_agency=yt, attendees=[kh, yt, ld])
    return office, (kh, yt, ld), actor, spec


def test_rule_arithmetic():
    assert due_date(PrepTiming.DAY_OF_MONTH, 15, dt.date(2026, 11, 25), CAL) == dt.date(2026, 11, 15)
    assert due_date(PrepTiming.DAY_OF_MONTH, 15, dt.date(2026, 12, 3), CAL) == dt.date(2026, 11, 15)
    assert due_date(PrepTiming.DAYS_BEFORE, 3, dt.date(2026, 11, 25), CAL) == dt.date(2026, 11, 22)
    assert due_date(PrepTiming.WORKING_DAYS_BEFORE, 3, dt.date(2026, 2, 25), CAL) == dt.date(2026, 2, 13)  # Tết
    assert due_date(PrepTiming.WORKING_DAYS_AFTER_REPORTS, 3, dt.date(2026, 11, 25), CAL,
                    reports_due=dt.date(2026, 11, 20)) == dt.date(2026, 11, 24)


def test_a_new_meeting_gets_its_preparation_deadlines(session, setup):
    office, (kh, yt, ld), actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL)
    tasks = preparation_tasks(session, meeting)
    by = {(t.lead_agency.name, t.due_date) for t in tasks}
    assert by == {("Văn phòng UBND Thành phố", dt.date(2026, 11, 15)), ("Văn phòng UBND Thành phố", dt.date(2026, 11, 22)),
                  ("Sở Kế hoạch và Đầu tư", dt.date(2026, 11, 20)), ("Sở Y tế", dt.date(2026, 11, 20)),
                  ("Sở Lao động", dt.date(2026, 11, 20)), ("Sở Y tế", dt.date(2026, 11, 24))}
    report = next(t for t in tasks if t.lead_agency is ld)
    assert report.code.startswith("NV-2026-") and report.due_text == "ít nhất 05 ngày trước ngày diễn ra giao ban"
    assert "Giao ban văn hóa - xã hội tháng 11 ngày 25/11/2026" in report.description
    assert [a.name for a in report.support_agencies] == ["Sở Y tế"]


def test_moving_the_meeting_moves_open_deadlines_and_bumps_their_sequence(session, setup):
    _, (kh, yt, ld), actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL)
    done = next(t for t in preparation_tasks(session, meeting) if t.lead_agency is kh)
    from tracker.tasks.operations import report_completion

    report_completion(session, done, Actor.system(), dt.date(2026, 11, 18))
    report = next(t for t in preparation_tasks(session, meeting) if t.lead_agency is ld)
    sequence = report.calendar_sequence
    reschedule_meeting(session, meeting, at(dt.date(2026, 11, 27)), None, actor, CAL)
    assert report.due_date == dt.date(2026, 11, 22) and report.calendar_sequence > sequence
    assert done.due_date == dt.date(2026, 11, 20)  # a finished one keeps its date
    assert meeting.sequence >= 1
    assert len(preparation_tasks(session, meeting)) == 6  # nothing duplicated


def test_cancelling_the_meeting_cancels_its_open_preparation(session, setup):
    _, _, actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL)
    cancel_meeting(session, meeting, actor)
    assert meeting.status is MeetingStatus.CANCELLED
    assert {t.status for t in preparation_tasks(session, meeting)} == {TaskStatus.CANCELLED}


def test_a_series_uses_its_own_rules_when_it_has_them(session, setup):
    _, _, actor, spec = setup
    series = MeetingSeries(name="Giao ban tuần", cadence=MeetingCadence.WEEKLY)
    session.add(series)
    session.flush()
    session.add(PrepRule(series_id=series.id, description="Gửi đề xuất nội dung {meeting}", lead=PrepLead.ATTENDEES,
                         timing=PrepTiming.WORKING_DAYS_BEFORE, value=2, due_words="trước 02 ngày làm việc"))
    spec.series = series
    meeting = create_meeting(session, spec, actor, CAL)
    tasks = preparation_tasks(session, meeting)
    assert len(tasks) == 3 and {t.due_date for t in tasks} == {dt.date(2026, 11, 23)}


def test_only_the_office_schedules_meetings(session, setup, make_user):
    _, (kh, _, _), _, spec = setup
    with pytest.raises(PermissionDenied):
        create_meeting(session, spec, Actor.web(make_user(Role.AGENCY, kh)), CAL)


def test_invitations_carry_a_request_with_the_feed_uid(app_ctx, session, setup, smtp_server):
    port, delivered = smtp_server
    _, _, actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL)
    assert queue_invitations(session, SETTINGS, meeting, "ubnd.example.vn") == 2  # agencies with addresses
    session.commit()
    engine = db.engine
    send_due(lambda: Session(engine, expire_on_commit=False), SmtpTransport("127.0.0.1", port), SETTINGS)
    message = next(m for m in delivered.parsed() if m["To"] == "vt@soyte.example.vn")
    assert str(message["Subject"]).startswith("Giấy mời: Giao ban văn hóa - xã hội tháng 11 – 08:00 25/11/2026")
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    data = part.get_content().encode()
    check_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["uid"]) == f"meeting-{meeting.id}@ubnd.example.vn"
    assert event.decoded("dtstart") == at(dt.date(2026, 11, 25))
    attendees = event.get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:vt@soyte.example.vn"]
    assert str(event["organizer"]) == "mailto:dondoc@ubnd.example.vn"
    assert meeting.status is MeetingStatus.INVITED
    cancel_meeting(session, meeting, actor)
    assert queue_invitations(session, SETTINGS, meeting, "ubnd.example.vn") == 2
    session.commit()
    send_due(lambda: Session(engine, expire_on_commit=False), SmtpTransport("127.0.0.1", port), SETTINGS)
    cancel = [m for m in delivered.parsed() if str(m["Subject"]).startswith("Hủy cuộc họp")]
    assert len(cancel) == 2
    assert next(p for p in cancel[0].walk() if p.get_content_type() == "text/calendar").get_param("method") == "CANCEL"
