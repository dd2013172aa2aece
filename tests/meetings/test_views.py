import datetime as dt

import pytest
from sqlalchemy import select

from tests.fixtures.web import login
from tracker.agencies.directory import load_default_directory
from tracker.core.dates import VN_TZ
from tracker.agencies.services import find_agency
from tracker.meetings.models import Meeting, MeetingStatus
from tracker.tasks.models import Task
from tracker.users.models import Role


@pytest.fixture()
def people(session, make_user):  # noqa: ANN001, ANN201
    load_default_directory(session)
    office = make_user(Role.OFFICE)
    liaison = make_user(Role.AGENCY, find_agency(session, "Sở Y tế"))
    session.commit()
    return office, liaison


def test_office_creates_moves_and_links_a_meeting(client, people, session):
    office, liaison = people
    login(client, office)
    form = {"title": "Giao ban văn hóa - xã hội tháng 12", "day": "24/12/2026", "start": "08:00", "end": "11:30",
            "mode": "hybrid", "topic": "Y tế cơ sở", "topic_agency": "Sở YT",
            "attendees": "Sở Y tế; Sở GD&ĐT; khối văn hóa - xã hội", "venues": "Phòng họp trực tuyến"}
    response = client.post("/meetings/new", data=form)
    assert response.status_code == 302
    meeting = session.scalar(select(Meeting))
    # the group's members as they are today (Sở LĐTB&XH is Sở Nội vụ now), each once
    assert sorted(a.name for a in meeting.attendees) == [
        "Sở Du lịch", "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính",
        "Sở Văn hóa và Thể thao", "Sở Y tế"]
    assert meeting.topic_agency.name == "Sở Y tế"
    tasks = session.scalars(select(Task).where(Task.meeting_id == meeting.id)).all()
    assert len(tasks) == 2 + 7 + 1  # office notice and invitation, 7 reports, topic advice
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Thời hạn chuẩn bị" in page and "18/12/2026" in page  # 5 days before is a Saturday: the Friday
    client.post(f"/meetings/{meeting.id}/move", data={"day": "29/12/2026", "start": "14:00", "end": ""})
    session.expire_all()
    assert meeting.start_dt.hour == 7  # 14:00 in Hà Nội is 07:00 UTC
    report = next(t for t in meeting_tasks(session, meeting) if t.lead_agency.name == "Sở Du lịch")
    assert report.due_date == dt.date(2026, 12, 24)
    month = client.get("/meetings/?month=2026-12").get_data(as_text=True)
    assert "Giao ban văn hóa - xã hội tháng 12" in month
    assert "/documents/new?meeting=" in page


def meeting_tasks(session, meeting):  # noqa: ANN001, ANN201
    return session.scalars(select(Task).where(Task.meeting_id == meeting.id)).all()


def test_bad_meeting_input_is_explained_and_nothing_is_created(client, people, session):
    login(client, people[0])
    for field, value, message in (("day", "31/02/2026", "Ngày không hợp lệ"), ("start", "25:00", "Giờ «25:00»"),
                                  ("attendees", "Sở Ma", "Không có cơ quan hay nhóm «Sở Ma»")):
        form = {"title": "Họp", "day": "10/12/2026", "start": "08:00", "attendees": "Sở Y tế", field: value}
        response = client.post("/meetings/new", data=form)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert session.scalar(select(Meeting)) is None


def test_liaisons_see_their_meetings_but_cannot_plan_them(client, people, session):
    office, liaison = people
    login(client, office)
    client.post("/meetings/new", data={"title": "Giao ban tuần", "day": "10/12/2026", "start": "08:00",
                                       "attendees": "Sở Tài chính"})
    client.post("/logout")
    login(client, liaison)
    meeting = session.scalar(select(Meeting))
    assert client.get(f"/meetings/{meeting.id}").status_code == 404  # Sở Y tế does not attend
    assert client.get("/meetings/new").status_code == 403
    assert client.post(f"/meetings/{meeting.id}/cancel").status_code == 403
    assert "Giao ban tuần" not in client.get("/meetings/?month=2026-12").get_data(as_text=True)
    session.expire_all()
    assert meeting.status is MeetingStatus.PLANNED


def test_office_plans_a_series_and_edits_a_meeting(client, people, session):
    office, _ = people
    login(client, office)
    client.post("/meetings/series", data={"name": "Giao ban văn hóa - xã hội", "cadence": "monthly",
                                          "default_day": "25", "default_hour": "14"})
    from tracker.meetings.models import MeetingSeries

    series = session.scalar(select(MeetingSeries))
    assert (series.default_day, series.default_hour) == (25, 14)
    client.post(f"/meetings/series/{series.id}/plan", data={"count": "2", "attendees": "Sở Y tế; Sở Tư pháp"})
    meetings = session.scalars(select(Meeting).order_by(Meeting.start_dt)).all()
    assert len(meetings) == 2 and all(m.start_dt.hour == 7 for m in meetings)  # 14:00 in Hà Nội
    client.post(f"/meetings/series/{series.id}/plan", data={"count": "2", "attendees": "Sở Y tế"})
    assert len(session.scalars(select(Meeting)).all()) == 2
    first = meetings[0]
    day = first.start_dt.astimezone(VN_TZ).strftime("%d/%m/%Y")
    client.post(f"/meetings/{first.id}/edit", data={"title": "Giao ban chuyên đề y tế", "day": day, "start": "14:00",
                                                    "mode": "hybrid", "attendees": "Sở Y tế", "venues": "Hội trường"})
    session.expire_all()
    assert first.title == "Giao ban chuyên đề y tế" and [a.name for a in first.attendees] == ["Sở Y tế"]
    page = client.get("/calendars/").get_data(as_text=True)
    assert "Giao ban văn hóa - xã hội" in page  # the series feed is offered to the office


def test_meeting_screens_speak_the_offices_words(client, people, session):
    """No enum values or placeholders on the screens; a weekly series' day chosen by name."""
    login(client, people[0])
    client.post("/meetings/series", data={"name": "Giao ban tuần", "cadence": "weekly", "weekday": "3",
                                          "default_day": "25", "default_hour": "7"})
    series_page = client.get("/meetings/series").get_data(as_text=True)
    assert "Giao ban tuần" in series_page and "Hằng tuần, Thứ Năm, 7h" in series_page
    assert '<option value="3" selected>Thứ Năm</option>' in series_page
    assert "{meeting}" not in series_page and "[cuộc họp]" in series_page
    client.post("/meetings/new", data={"title": "Giao ban tháng 12", "day": "24/12/2026", "start": "08:00",
                                       "mode": "hybrid", "attendees": "Sở Y tế"})
    meeting = session.scalar(select(Meeting))
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    for word in ("planned", "in_person", "hybrid", "in_progress", "day_of_month", "{meeting}"):
        assert word not in page.split("<main")[1].replace('value="hybrid"', "").replace('value="in_person"', ""), word
    assert "Dự kiến" in page and "Trực tiếp kết hợp trực tuyến" in page
    assert "Giao ban tháng 12 ngày 24/12/2026 ngày" not in page
    refused = client.post("/meetings/series", data={"name": "Giao ban X", "cadence": "weekly", "weekday": "9"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Hãy chọn thứ họp trong tuần" in refused


def test_a_rule_edited_with_the_shown_placeholder_keeps_working(client, people, session):
    from tracker.meetings.models import PrepRule

    login(client, people[0])
    client.get("/meetings/series")
    rule = session.scalar(select(PrepRule).order_by(PrepRule.position))
    client.post(f"/meetings/rules/{rule.id}", data={"value": "14", "is_active": "1",
                                                     "description": "Thông báo chuyên đề [cuộc họp] cho các sở"})
    session.expire_all()
    assert session.get(PrepRule, rule.id).description == "Thông báo chuyên đề {meeting} cho các sở"
