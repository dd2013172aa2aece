"""Invitations per RFC 5546 through the office's pages: one per agency per change, a CANCEL to a
dropped attendee, the invited told of every move, and the invitation's SEQUENCE the feed's."""
import datetime as dt

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests.calendars.ics_checks import check_bytes
from tests.fixtures.web import login
from tracker.agencies.models import AgencyEmail
from tracker.calendars.feeds import meeting_event
from tracker.mail.models import OutboxMessage
from tracker.meetings.models import Meeting
from tracker.users.models import Role

ADDRESSES = {"Sở Y tế": "vt@soyte.example.vn", "Sở Tài chính": "vt@sotc.example.vn",
             "Sở Tư pháp": "vt@sotp.example.vn"}


@pytest.fixture()
def meeting(client, session, make_agency, make_user):  # noqa: ANN001, ANN201
    for name, address in ADDRESSES.items():
        make_agency(name).emails = [AgencyEmail(address=address, may_act=True)]
    office = make_user(Role.OFFICE)
    session.commit()
    login(client, office)
    client.post("/meetings/new", data={"title": "Giao ban tháng 12", "day": "24/12/2026", "start": "08:00",
                                       "mode": "in_person", "attendees": "; ".join(ADDRESSES), "venues": "Hội trường"})
    return session.scalar(select(Meeting))


def _invitations(session) -> list[tuple[str, str, int, str | None]]:  # noqa: ANN001
    """(address, METHOD, SEQUENCE, STATUS) of every invitation queued, in order."""
    session.expire_all()
    found = []
    for mail in session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "invitation")
                                .order_by(OutboxMessage.id)):
        check_bytes(mail.calendar_ics.encode().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        calendar = Calendar.from_ical(mail.calendar_ics)
        event = calendar.walk("VEVENT")[0]
        status = str(event["status"]) if "status" in event else None
        found.append((mail.to_addrs, str(calendar["method"]), int(event["sequence"]), status))
    return found


def test_two_clicks_send_one_invitation_per_agency_with_the_feeds_sequence(client, session, meeting):
    first = client.post(f"/meetings/{meeting.id}/invite", follow_redirects=True).get_data(as_text=True)
    second = client.post(f"/meetings/{meeting.id}/invite", follow_redirects=True).get_data(as_text=True)
    assert "Đã gửi giấy mời tới 3 cơ quan" in first and "đã nhận giấy mời mới nhất; không gửi lại" in second
    sent = _invitations(session)
    assert sorted(to for to, *_ in sent) == sorted(ADDRESSES.values())
    feed_sequence = meeting_event(session.get(Meeting, meeting.id), "h").sequence
    assert {(method, sequence, status) for _, method, sequence, status in sent} == {
        ("REQUEST", feed_sequence, "CONFIRMED")}


def test_a_dropped_attendee_gets_a_cancel_and_the_others_one_update(client, session, meeting):
    client.post(f"/meetings/{meeting.id}/invite")
    before = len(_invitations(session))
    page = client.post(f"/meetings/{meeting.id}/edit", follow_redirects=True, data={
        "title": "Giao ban tháng 12", "day": "24/12/2026", "start": "08:00", "mode": "in_person",
        "attendees": "Sở Y tế; Sở Tài chính", "venues": "Hội trường"}).get_data(as_text=True)
    assert "Đã gửi cập nhật tới 3 cơ quan đã được mời" in page
    after = _invitations(session)[before:]
    dropped = [s for s in after if s[0] == ADDRESSES["Sở Tư pháp"]]
    assert dropped and dropped[0][1:] == ("CANCEL", dropped[0][2], None)  # uninvited: no STATUS (RFC 5546 3.2.5)
    updates = sorted(s for s in after if s[0] != ADDRESSES["Sở Tư pháp"])
    assert [s[0] for s in updates] == sorted([ADDRESSES["Sở Tài chính"], ADDRESSES["Sở Y tế"]])
    assert {s[1:] for s in updates} == {("REQUEST", dropped[0][2], "CONFIRMED")}
    client.post(f"/meetings/{meeting.id}/invite")
    assert len(_invitations(session)) == before + 3  # nothing new to send


def test_moving_and_cancelling_reach_the_invited_by_themselves(client, session, meeting):
    client.post(f"/meetings/{meeting.id}/invite")
    sequence = _invitations(session)[0][2]
    client.post(f"/meetings/{meeting.id}/move", data={"day": "26/12/2026", "start": "14:00"})
    moved = _invitations(session)[3:]
    assert len(moved) == 3 and {s[1:3] for s in moved} == {("REQUEST", sequence + 1)}
    client.post(f"/meetings/{meeting.id}/cancel", data={"note": "Lùi sang năm sau"})
    cancelled = _invitations(session)[6:]
    assert len(cancelled) == 3 and {s[1] for s in cancelled} == {"CANCEL"} and {s[3] for s in cancelled} == {
        "CANCELLED"}
    assert {s[2] for s in cancelled} == {meeting_event(session.get(Meeting, meeting.id), "h").sequence}


def test_a_meeting_never_invited_sends_nothing_when_changed(client, session, meeting):
    client.post(f"/meetings/{meeting.id}/move", data={"day": "26/12/2026", "start": "14:00"})
    client.post(f"/meetings/{meeting.id}/cancel", data={"note": ""})
    assert _invitations(session) == []
    assert dt.date(2026, 12, 26) == session.get(Meeting, meeting.id).start_dt.date()
