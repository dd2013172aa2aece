import datetime as dt
import os

import pytest

from tests.calendars.ics_checks import check_bytes, icaljs_available, read_with_icaljs, read_with_icalendar
from tracker.calendars.feeds import FeedWindow, feed_events
from tracker.calendars.ics import feed_to_ical
from tracker.calendars.models import FeedKind
from tracker.calendars.tokens import get_or_create_feed, token_for
from tracker.core.dates import VN_TZ, now_utc, today_vn
from tracker.meetings.models import Meeting, MeetingStatus
from tracker.tasks import operations as ops

SECRET = "test-secret"
LONG = ("Xây dựng báo cáo tiến độ, kết quả triển khai nhiệm vụ được giao, đề xuất, kiến nghị của đơn vị, gửi "
        "Sở Kế hoạch và Đầu tư tổng hợp chung, đồng gửi Văn phòng UBND Thành phố (ưu tiên đặc biệt ƯỮỰỬỮ)")


@pytest.fixture()
def world(session, make_agency, make_task):  # noqa: ANN001, ANN201
    today = today_vn()
    soyte, other = make_agency("Sở Y tế"), make_agency("Sở Tài chính")
    tasks = {
        "open": make_task(lead=soyte, due=today + dt.timedelta(days=5), description=LONG),
        "done": make_task(lead=soyte, due=today - dt.timedelta(days=3), description="Báo cáo đã xong"),
        "cancelled": make_task(lead=soyte, due=today + dt.timedelta(days=9), description="Việc bị hủy"),
        "far": make_task(lead=soyte, due=today + dt.timedelta(days=800), description="Quá xa"),
        "other": make_task(lead=other, due=today + dt.timedelta(days=2), description="Của Sở Tài chính"),
        "coordinated": make_task(lead=other, support=(soyte,), due=today + dt.timedelta(days=4), description="Phối hợp"),
    }
    ops.report_completion(session, tasks["done"], ops.Actor.system(), today - dt.timedelta(days=1))
    ops.cancel_task(session, tasks["cancelled"], ops.Actor.system(), "không còn cần")
    start = dt.datetime.combine(today + dt.timedelta(days=3), dt.time(8, 0), VN_TZ)
    meetings = {
        "attended": Meeting(title="Giao ban văn hóa - xã hội tháng 11", start_dt=start,
                            end_dt=start + dt.timedelta(hours=3), venues="Phòng họp trực tuyến\nĐiểm cầu quận"),
        "cancelled": Meeting(title="Giao ban quý IV", start_dt=start + dt.timedelta(days=7),
                             status=MeetingStatus.CANCELLED),
        "elsewhere": Meeting(title="Họp chuyên đề tài chính", start_dt=start + dt.timedelta(days=1)),
    }
    meetings["attended"].attendees = [soyte]
    meetings["cancelled"].attendees = [soyte]
    session.add_all(meetings.values())
    session.flush()
    return soyte, tasks, meetings


def _feed_bytes(session, kind, **target):  # noqa: ANN001, ANN003, ANN202
    feed = get_or_create_feed(session, SECRET, kind, **target)
    window = FeedWindow(today_vn(), now_utc())
    return feed_to_ical("Lịch Sở Y tế", feed_events(session, feed, window, "ubnd.example.vn")), window


def _expected(tasks, meetings, names):  # noqa: ANN001, ANN202
    expected = {}
    for name in names["tasks"]:
        task = tasks[name]
        expected[f"task-{task.id}-deadline@ubnd.example.vn"] = {
            "allDay": True, "start": task.due_date.isoformat(),
            "end": (task.due_date + dt.timedelta(days=1)).isoformat(),
            "status": "CANCELLED" if name == "cancelled" else "CONFIRMED"}
    for name in names["meetings"]:
        meeting = meetings[name]
        end = meeting.end_dt or meeting.start_dt + dt.timedelta(hours=2)
        expected[f"meeting-{meeting.id}@ubnd.example.vn"] = {
            "allDay": False, "start": meeting.start_dt.astimezone(dt.timezone.utc).isoformat(),
            "end": end.astimezone(dt.timezone.utc).isoformat(),
            "status": "CANCELLED" if name == "cancelled" else "CONFIRMED"}
    return expected


def test_agency_feed_bytes_and_two_independent_readers_agree_with_the_database(session, world):
    soyte, tasks, meetings = world
    data, window = _feed_bytes(session, FeedKind.AGENCY, agency_id=soyte.id)
    check_bytes(data)
    expected = _expected(tasks, meetings, {"tasks": ["open", "done", "cancelled", "coordinated"],
                                           "meetings": ["attended", "cancelled"]})
    seen = read_with_icalendar(data, window.first, window.last + dt.timedelta(days=1))
    assert {uid: {k: e[k] for k in ("allDay", "start", "end", "status")} for uid, e in seen.items()} == expected
    summaries = {uid: e["summary"] for uid, e in seen.items()}
    open_uid = f"task-{tasks['open'].id}-deadline@ubnd.example.vn"
    assert summaries[open_uid].startswith(f"Hạn: {tasks['open'].code} Xây dựng báo cáo tiến độ")
    assert summaries[f"task-{tasks['done'].id}-deadline@ubnd.example.vn"].startswith("[ĐÃ XONG] ")
    assert summaries[f"meeting-{meetings['cancelled'].id}@ubnd.example.vn"] == "[ĐÃ HỦY] Giao ban quý IV"
    if not icaljs_available():
        if os.environ.get("TRACKER_REQUIRE_ICALJS") == "1":
            pytest.fail("ical.js is not installed (npm ci --prefix tests/js)")
        pytest.skip("ical.js is not installed (npm ci --prefix tests/js)")
    by_icaljs = read_with_icaljs(data)
    assert not any(e["floating"] for e in by_icaljs.values())
    assert {uid: {k: e[k] for k in ("allDay", "start", "end", "status")} for uid, e in by_icaljs.items()} == expected
    assert {uid: e["summary"] for uid, e in by_icaljs.items()} == summaries


def test_long_vietnamese_lines_fold_without_splitting_characters(session, world):
    soyte, _, _ = world
    data, _ = _feed_bytes(session, FeedKind.AGENCY, agency_id=soyte.id)
    assert b"\r\n " in data  # it did fold
    check_bytes(data)


def test_finished_and_cancelled_items_leave_after_their_time(session, world):
    soyte, tasks, meetings = world
    feed = get_or_create_feed(session, SECRET, FeedKind.AGENCY, agency_id=soyte.id)
    later = FeedWindow(today_vn() + dt.timedelta(days=20), now_utc() + dt.timedelta(days=20))
    uids = {e.uid for e in feed_events(session, feed, later, "h")}
    assert f"task-{tasks['done'].id}-deadline@h" not in uids
    assert f"task-{tasks['cancelled'].id}-deadline@h" not in uids
    assert f"meeting-{meetings['cancelled'].id}@h" not in uids
    assert f"task-{tasks['open'].id}-deadline@h" in uids or tasks["open"].due_date < later.first


def test_office_feed_holds_everything_in_the_window_and_series_feeds_their_meetings(session, world):
    _, tasks, meetings = world
    office, window = _feed_bytes(session, FeedKind.OFFICE)
    seen = read_with_icalendar(office, window.first, window.last + dt.timedelta(days=1))
    assert len(seen) == 5 + 3  # every task but the far one; every meeting
    assert f"task-{tasks['far'].id}-deadline@ubnd.example.vn" not in seen


def test_changing_a_deadline_bumps_sequence_and_keeps_the_uid(session, world):
    _, tasks, _ = world
    task = tasks["open"]
    before = task.calendar_sequence
    task.due_date = task.due_date + dt.timedelta(days=7)
    session.flush()
    assert task.calendar_sequence == before + 1
    task.progress_percent = 40  # not shown in calendars
    session.flush()
    assert task.calendar_sequence == before + 1


def test_token_is_long_stable_and_not_stored(session, world):
    soyte, _, _ = world
    feed = get_or_create_feed(session, SECRET, FeedKind.AGENCY, agency_id=soyte.id)
    token = token_for(SECRET, feed)
    assert len(token) >= 32 and token not in (feed.nonce, feed.token_hash)
    assert get_or_create_feed(session, SECRET, FeedKind.AGENCY, agency_id=soyte.id).id == feed.id


@pytest.mark.parametrize("kind", list(FeedKind))
def test_every_kind_of_feed_passes_the_byte_checks_and_both_readers(session, world, make_user, kind):
    from tracker.meetings.models import MeetingCadence, MeetingSeries
    from tracker.users.models import Role

    soyte, tasks, meetings = world
    series = MeetingSeries(name="Giao ban văn hóa - xã hội", cadence=MeetingCadence.MONTHLY)
    session.add(series)
    session.flush()
    meetings["attended"].series_id = series.id
    tasks["open"].meeting_id = meetings["attended"].id
    session.flush()
    target = {FeedKind.AGENCY: {"agency_id": soyte.id}, FeedKind.USER: {"user_id": make_user(Role.AGENCY, soyte).id},
              FeedKind.OFFICE: {}, FeedKind.SERIES: {"series_id": series.id}}[kind]
    data, window = _feed_bytes(session, kind, **target)
    check_bytes(data)
    seen = read_with_icalendar(data, window.first, window.last + dt.timedelta(days=1))
    assert seen, kind
    if kind is FeedKind.SERIES:
        assert set(seen) == {f"meeting-{meetings['attended'].id}@ubnd.example.vn",
                             f"task-{tasks['open'].id}-deadline@ubnd.example.vn"}
    if icaljs_available():
        by_icaljs = read_with_icaljs(data)
        assert {u: (e["start"], e["status"]) for u, e in by_icaljs.items()} == {
            u: (e["start"], e["status"]) for u, e in seen.items()}
