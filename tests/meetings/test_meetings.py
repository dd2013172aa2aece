import datetime as dt

import pytest
from icalendar import Calendar
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
#: The day the tests plan their November 2026 meeting on (planning skips deadlines already past).
PLANNED_ON = dt.date(2026, 11, 1)
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
    # 15/11/2026 and 22/11/2026 are Sundays: a deadline "before" moves to the Friday before
    assert due_date(PrepTiming.DAY_OF_MONTH, 15, dt.date(2026, 11, 25), CAL) == dt.date(2026, 11, 13)
    assert due_date(PrepTiming.DAY_OF_MONTH, 15, dt.date(2026, 12, 3), CAL) == dt.date(2026, 11, 13)
    assert due_date(PrepTiming.DAY_OF_MONTH, 15, dt.date(2026, 10, 26), CAL) == dt.date(2026, 10, 15)  # a Thursday
    assert due_date(PrepTiming.DAYS_BEFORE, 3, dt.date(2026, 11, 25), CAL) == dt.date(2026, 11, 20)
    assert due_date(PrepTiming.DAYS_BEFORE, 3, dt.date(2026, 11, 26), CAL) == dt.date(2026, 11, 23)
    assert due_date(PrepTiming.WORKING_DAYS_BEFORE, 3, dt.date(2026, 2, 25), CAL) == dt.date(2026, 2, 13)  # Tết
    assert due_date(PrepTiming.WORKING_DAYS_AFTER_REPORTS, 3, dt.date(2026, 11, 25), CAL,
                    reports_due=dt.date(2026, 11, 20)) == dt.date(2026, 11, 24)


def test_a_new_meeting_gets_its_preparation_deadlines(session, setup):
    office, (kh, yt, ld), actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL, PLANNED_ON)
    tasks = preparation_tasks(session, meeting)
    by = {(t.lead_agency.name, t.due_date) for t in tasks}
    # the 15th and the 22nd are Sundays: the office's notice and invitation are due the Friday before
    assert by == {("Văn phòng UBND Thành phố", dt.date(2026, 11, 13)), ("Văn phòng UBND Thành phố", dt.date(2026, 11, 20)),
                  ("Sở Kế hoạch và Đầu tư", dt.date(2026, 11, 20)), ("Sở Y tế", dt.date(2026, 11, 20)),
                  ("Sở Lao động", dt.date(2026, 11, 20)), ("Sở Y tế", dt.date(2026, 11, 24))}
    report = next(t for t in tasks if t.lead_agency is ld)
    assert report.code.startswith("NV-2026-") and report.due_text == "ít nhất 05 ngày trước ngày diễn ra giao ban"
    assert "Giao ban văn hóa - xã hội tháng 11 ngày 25/11/2026" in report.description
    assert [a.name for a in report.support_agencies] == ["Sở Y tế"]


def test_moving_the_meeting_moves_open_deadlines_and_bumps_their_sequence(session, setup):
    _, (kh, yt, ld), actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL, PLANNED_ON)
    done = next(t for t in preparation_tasks(session, meeting) if t.lead_agency is kh)
    from tracker.tasks.operations import report_completion

    report_completion(session, done, Actor.system(), dt.date(2026, 11, 18))
    report = next(t for t in preparation_tasks(session, meeting) if t.lead_agency is ld)
    sequence = report.calendar_sequence
    reschedule_meeting(session, meeting, at(dt.date(2026, 11, 30)), None, actor, CAL, PLANNED_ON)
    assert report.due_date == dt.date(2026, 11, 25) and report.calendar_sequence > sequence
    assert done.due_date == dt.date(2026, 11, 20)  # a finished one keeps its date
    assert meeting.sequence >= 1
    assert len(preparation_tasks(session, meeting)) == 6  # nothing duplicated


def test_cancelling_the_meeting_cancels_its_open_preparation(session, setup):
    _, _, actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL, PLANNED_ON)
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
    meeting = create_meeting(session, spec, actor, CAL, PLANNED_ON)
    tasks = preparation_tasks(session, meeting)
    assert len(tasks) == 3 and {t.due_date for t in tasks} == {dt.date(2026, 11, 23)}


def test_only_the_office_schedules_meetings(session, setup, make_user):
    _, (kh, _, _), _, spec = setup
    with pytest.raises(PermissionDenied):
        create_meeting(session, spec, Actor.web(make_user(Role.AGENCY, kh)), CAL)


def test_invitations_carry_a_request_with_the_feed_uid(app_ctx, session, setup, smtp_server):
    port, delivered = smtp_server
    _, _, actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL, PLANNED_ON)
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


def _series(session, cadence, day, hour=8):  # noqa: ANN001, ANN202
    series = MeetingSeries(name=f"Giao ban {cadence.value}", cadence=cadence, default_day=day, default_hour=hour)
    session.add(series)
    session.flush()
    return series


def test_series_slots_follow_the_usual_day_and_skip_days_off(session):
    from tracker.meetings.services import series_slots

    monthly = _series(session, MeetingCadence.MONTHLY, 25)
    days = [s.date() for s in series_slots(monthly, dt.date(2026, 9, 1), 4, CAL)]
    assert days == [dt.date(2026, 9, 25), dt.date(2026, 10, 26), dt.date(2026, 11, 25), dt.date(2026, 12, 25)]
    weekly = _series(session, MeetingCadence.WEEKLY, 3, hour=7)  # Thursday mornings
    slots = series_slots(weekly, dt.date(2026, 2, 10), 3, CAL)
    assert [s.date() for s in slots] == [dt.date(2026, 2, 12), dt.date(2026, 2, 23), dt.date(2026, 2, 26)]  # Tết
    assert slots[0].astimezone(VN_TZ).hour == 7
    quarterly = _series(session, MeetingCadence.QUARTERLY, 20)
    assert [s.date() for s in series_slots(quarterly, dt.date(2026, 4, 1), 2, CAL)] == [dt.date(2026, 6, 22),
                                                                                       dt.date(2026, 9, 21)]


def test_planning_a_series_twice_creates_nothing_twice(session, setup):
    from tracker.meetings.services import plan_series

    _, (kh, yt, ld), actor, _ = setup
    monthly = _series(session, MeetingCadence.MONTHLY, 25)
    first = plan_series(session, monthly, dt.date(2026, 11, 1), 2, actor, CAL, [yt, ld])
    again = plan_series(session, monthly, dt.date(2026, 11, 1), 2, actor, CAL, [yt, ld])
    assert [m.title for m in first] == ["Giao ban monthly tháng 11/2026", "Giao ban monthly tháng 12/2026"]
    assert again == []
    assert len(preparation_tasks(session, first[0])) == 2 + 2  # office notice and invitation, two reports


def test_editing_attendees_adds_and_cancels_report_deadlines(session, setup):
    from tracker.meetings.services import update_meeting

    _, (kh, yt, ld), actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL, PLANNED_ON)
    spec.attendees = [kh, yt]  # Sở Lao động no longer attends
    update_meeting(session, meeting, spec, actor, CAL, PLANNED_ON)
    reports = {t.lead_agency.name: t.status for t in preparation_tasks(session, meeting) if t.prep_rule_id and
               t.due_date == dt.date(2026, 11, 20) and t.lead_agency.kind is not AgencyKind.OFFICE}
    assert reports == {"Sở Kế hoạch và Đầu tư": TaskStatus.IN_PROGRESS, "Sở Y tế": TaskStatus.IN_PROGRESS,
                       "Sở Lao động": TaskStatus.CANCELLED}


def test_a_series_can_get_its_own_copy_of_the_rules(session, setup):
    from tracker.meetings.services import copy_rules_to_series, rules_for

    _, _, actor, spec = setup
    series = _series(session, MeetingCadence.MONTHLY, 25)
    copies = copy_rules_to_series(session, series)
    copies[1].value = 7  # invitation a week before
    spec.series = series
    meeting = create_meeting(session, spec, actor, CAL, PLANNED_ON)
    assert [r.id for r in rules_for(session, meeting)] == [r.id for r in copies]
    assert dt.date(2026, 11, 18) in {t.due_date for t in preparation_tasks(session, meeting)}


def test_planning_late_skips_deadlines_already_past_and_says_which(session, setup):
    """Planned on 19/11 for the 25th: the notice (13/11) is past and skipped, not overdue at birth."""
    _, (kh, yt, ld), actor, spec = setup
    meeting = create_meeting(session, spec, actor, CAL, dt.date(2026, 11, 19))
    dues = sorted(t.due_date for t in preparation_tasks(session, meeting))
    assert dues and min(dues) >= dt.date(2026, 11, 19)
    assert len(meeting.skipped_preparation) == 1 and "(13/11/2026)" in meeting.skipped_preparation[0]
    assert "Ban hành văn bản thông báo nội dung chuyên đề" in meeting.skipped_preparation[0]
    reschedule_meeting(session, meeting, at(dt.date(2026, 11, 23)), None, actor, CAL, dt.date(2026, 11, 20))
    assert all(t.due_date >= dt.date(2026, 11, 20) for t in preparation_tasks(session, meeting))  # none moved into the past


@pytest.mark.parametrize("timing, value", [(PrepTiming.DAYS_BEFORE, 3), (PrepTiming.DAY_OF_MONTH, 15),
                                           (PrepTiming.WORKING_DAYS_BEFORE, 2), (PrepTiming.DAYS_BEFORE, 0)])
def test_every_preparation_deadline_is_a_working_day_no_later_than_the_arithmetic(timing, value):
    day = dt.date(2026, 1, 1)
    while day < dt.date(2027, 1, 1):
        due = due_date(timing, value, day, CAL)
        assert CAL.is_working_day(due), (timing, day)
        assert due <= day  # moved earlier, never past the meeting
        day += dt.timedelta(days=1)
