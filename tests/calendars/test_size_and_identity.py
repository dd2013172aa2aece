"""Feeds stay under their readers' size limit; event UIDs keep one domain for the installation's life."""
import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.calendars.ics_checks import check_bytes
from tests.calendars.test_feeds import world  # noqa: F401 - fixture
from tests.fixtures.factories import PASSWORD
from tests.fixtures.libical import libical_problems
from tracker.calendars.ics import FeedEvent, build_feed
from tracker.calendars.models import FeedKind
from tracker.calendars.tokens import get_or_create_feed, token_for
from tracker.core.dates import VN_TZ, today_vn
from tracker.core.settings import AppSetting
from tracker.users.models import Role

MODIFIED = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


def _deadline(n: int, words: str) -> FeedEvent:
    day = dt.date(2026, 12, 5) + dt.timedelta(days=n)
    return FeedEvent(uid=f"task-{n}@x", summary=f"Hạn: {words}", start=day, end=day + dt.timedelta(days=1),
                     modified=MODIFIED, description=words * 3)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ ", min_size=1, max_size=300), min_size=1,
                max_size=60), st.integers(min_value=2_000, max_value=40_000))
def test_the_cap_keeps_the_nearest_events_that_fit_and_counts_the_rest(wordings, cap):
    events = [_deadline(n, words) for n, words in enumerate(wordings)]  # given nearest first
    built = build_feed("Lịch", events, cap)
    assert len(built.data) <= cap or built.omitted == len(events)
    kept = set(re.findall(rb"UID:task-(\d+)@x", built.data))
    assert kept == {str(n).encode() for n in range(len(events) - built.omitted)}  # a prefix of the priority order
    if built.omitted:
        assert len(build_feed("Lịch", events[: len(events) - built.omitted + 1], None).data) > cap
    check_bytes(built.data)


def test_the_office_feed_stays_under_the_cap_and_the_page_says_so(client, app, session, world, make_task,  # noqa: F811
                                                                   make_user, monkeypatch):
    soyte = world[0]
    for n in range(120):
        make_task(lead=soyte, due=today_vn() + dt.timedelta(days=n % 200 - 20), description=f"Nhiệm vụ số {n} " * 8)
    office = make_user(Role.OFFICE)
    feed = get_or_create_feed(session, app.config["SECRET_KEY"], FeedKind.OFFICE, user_id=office.id)
    session.commit()
    monkeypatch.setitem(app.config, "FEED_MAX_BYTES", 40_000)
    body = client.get(f"/calendars/{token_for(app.config['SECRET_KEY'], feed)}.ics").data
    assert len(body) <= 40_000
    check_bytes(body)
    days = sorted(abs((dt.date.fromisoformat(f"{d[:4]}-{d[4:6]}-{d[6:]}") - today_vn()).days)
                  for d in re.findall(r"DTSTART;VALUE=DATE:(\d{8})", body.decode()))
    session.refresh(feed)
    assert feed.omitted_events > 0 and feed.built_bytes == len(body)
    assert days[-1] <= 100  # what was left out is farther from today than anything kept
    client.post("/login", data={"email": office.email, "password": PASSWORD})
    page = client.get("/calendars/").get_data(as_text=True)
    assert f"{feed.omitted_events} mục xa ngày hôm nay nhất đã được lược bớt" in page


def test_libical_is_a_real_check():
    """The checker itself fails a VTIMEZONE with a COMMENT (what icalendar's from_tzid adds)."""
    start = dt.datetime(2026, 12, 7, 8, tzinfo=VN_TZ)
    good = build_feed("x", [FeedEvent("m@x", "Giao ban", start, start + dt.timedelta(hours=2), MODIFIED)]).data
    assert b"COMMENT" not in good and libical_problems(good) == []
    bad = good.replace(b"BEGIN:STANDARD", b"COMMENT:made by a library\r\nBEGIN:STANDARD", 1)
    assert libical_problems(bad)


def test_the_uid_domain_is_fixed_once_and_survives_a_new_mail_address(app, session, world, monkeypatch):  # noqa: F811
    session.query(AppSetting).delete()
    monkeypatch.setitem(app.config, "CALENDAR_UID_DOMAIN", None)
    monkeypatch.setitem(app.config, "BASE_URL", "https://dondoc.ubnd.example.vn")
    from tracker.calendars.identity import uid_domain
    from tracker.calendars.models import FeedToken

    session.query(FeedToken).delete()
    assert uid_domain(session) == "dondoc.ubnd.example.vn"  # a new installation: its own address, not mail
    monkeypatch.setitem(app.config, "MAIL_FROM", "vanphong@hanoi.gov.vn")
    monkeypatch.setitem(app.config, "BASE_URL", "https://moi.example.vn")
    assert uid_domain(session) == "dondoc.ubnd.example.vn"


@pytest.mark.parametrize("configured, served, expected", [
    ("ubnd.quangninh.gov.vn", True, "ubnd.quangninh.gov.vn"),
    (None, True, "ubnd.example.vn"),  # links handed out by an earlier version: keep the UIDs clients hold
    (None, False, ".dondoc.invalid"),  # nothing configured, nothing served: a name of its own
])
def test_the_first_uid_domain(app, session, make_agency, monkeypatch, configured, served, expected):
    from tracker.calendars.identity import uid_domain
    from tracker.calendars.models import FeedToken

    session.query(AppSetting).delete()
    monkeypatch.setitem(app.config, "CALENDAR_UID_DOMAIN", configured)
    monkeypatch.setitem(app.config, "BASE_URL", None)
    monkeypatch.setitem(app.config, "MAIL_FROM", "dondoc@ubnd.example.vn")
    if served:
        session.add(FeedToken(kind=FeedKind.OFFICE, nonce="n", token_hash="h" * 64))
        session.flush()
    assert uid_domain(session).endswith(expected)


def test_cli_shows_and_deliberately_changes_the_uid_domain(runner, session):
    shown = runner.invoke(args=["calendars", "uid-domain"])
    assert shown.exit_code == 0 and shown.output.strip()
    changed = runner.invoke(args=["calendars", "uid-domain", "--set", "ubnd.hanoi.gov.vn"])
    assert changed.exit_code == 0 and changed.output.strip().endswith("ubnd.hanoi.gov.vn") and "trùng" in changed.output
    assert runner.invoke(args=["calendars", "uid-domain", "--set", "a b"]).exit_code == 1
