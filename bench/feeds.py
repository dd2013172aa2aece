"""Benchmark: a province's office feed (10,000 deadlines and a year of weekly and monthly
meetings for 30 agencies) against bare `icalendar` serialisation of the events it holds.

Times the whole feed request through the app (token lookup, change-log fingerprint, nearest-
first queries, events, the size cap, serialisation) with the cache of built feeds emptied each
time, the same request served from that cache, a bare `icalendar` build of as many deadline
events from plain tuples in the same run, and a 304 answer. Prints the feed's size against
its cap (FEED_MAX_BYTES) and how many events the cap left out.
Targets: under 1 MB; a 304 under 10 ms; the build within 1.5x of the bare serialisation.

    python -m bench.feeds [--events N] [--runs N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import tempfile

from icalendar import Calendar, Event
from sqlalchemy import insert

from bench.timing import median_ms
from tracker import create_app
from tracker.agencies.models import Agency, AgencyKind
from tracker.calendars.cache import BUILT_FEEDS
from tracker.calendars.models import FeedKind, FeedToken
from tracker.calendars.tokens import get_or_create_feed, token_for
from tracker.core.dates import VN_TZ, now_utc, today_vn
from tracker.extensions import db
from tracker.meetings.models import Meeting
from tracker.tasks.models import Task, TaskStatus


def bare(rows: list[tuple]) -> bytes:
    """The same properties our deadline events carry, straight from tuples: no database, no app."""
    calendar = Calendar()
    calendar.add("prodid", "-//bench//")
    calendar.add("version", "2.0")
    for uid, summary, due, stamp, description in rows:
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", 0)
        event.add("summary", summary)
        event.add("dtstart", due)
        event.add("dtend", due + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("description", description)
        event.add("categories", ["Đôn Đốc", "Thời hạn"])
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/feeds.sqlite", "SECRET_KEY": "bench-" + "k" * 32,
                      "TESTING": True})
    today, stamp = today_vn(), now_utc()
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        agency = Agency(name="Sở Y tế", name_key="so y te", kind=AgencyKind.DEPARTMENT, is_active=True)
        db.session.add(agency)
        db.session.flush()
        rows = [{"id": n + 1, "code": f"NV-2026-{n + 1:05d}", "description": f"Báo cáo kết quả thực hiện nhiệm vụ số {n}",
                 "lead_agency_id": agency.id, "lead_text": "Sở Y tế", "status": TaskStatus.IN_PROGRESS,
                 "due_date": today + dt.timedelta(days=n % 360), "item_ref": "", "due_text": "",
                 "created_dt": stamp, "updated_dt": stamp, "calendar_sequence": 0}
                for n in range(args.events)]
        db.session.execute(insert(Task), rows)
        _a_year_of_meetings(today)
        feed = get_or_create_feed(db.session, app.config["SECRET_KEY"], FeedKind.OFFICE)
        db.session.commit()
        url = f"/calendars/{token_for(app.config['SECRET_KEY'], feed)}.ics"
        feed_id = feed.id
        plain = [(f"task-{r['id']}-deadline@h", f"Hạn: {r['code']} {r['description']} (Sở Y tế)", r["due_date"], stamp,
                  f"{r['code']} – {r['description']}\nChủ trì: Sở Y tế") for r in rows]
    client = app.test_client()
    first = client.get(url)
    assert first.status_code == 200, (first.status_code, first.data[:300])
    events = first.data.count(b"BEGIN:VEVENT")

    def uncached() -> None:
        BUILT_FEEDS.clear()
        client.get(url)

    feed_ms = median_ms(uncached, args.runs, warmup=1)
    cached_ms = median_ms(lambda: client.get(url), args.runs * 4, warmup=1)
    bare_ms = median_ms(lambda: bare(plain[:events]), args.runs, warmup=1)
    etag = first.headers["ETag"]
    not_modified_ms = median_ms(lambda: client.get(url, headers={"If-None-Match": etag}), 50)
    with app.app_context():
        omitted = db.session.get(FeedToken, feed_id).omitted_events
    print(f"stored: {args.events} deadlines, {MEETINGS} meetings; feed: {events} events, {omitted} left out by the cap")
    print(f"feed size: {len(first.data) / 1024:.0f} KB (cap {app.config['FEED_MAX_BYTES'] / 1024:.0f} KB)")
    print(f"feed request, built: {feed_ms:.0f} ms   bare icalendar of {events} events: {bare_ms:.0f} ms   "
          f"ratio {feed_ms / bare_ms:.2f}x")
    print(f"feed request, from the cache: {cached_ms:.2f} ms")
    print(f"304 answer: {not_modified_ms:.2f} ms")


#: A weekly series and a monthly one for a year, each meeting with 30 attending agencies.
MEETINGS = 52 + 12


def _a_year_of_meetings(today: dt.date) -> None:
    attendees = [Agency(name=f"UBND phường {n}", name_key=f"ubnd phuong {n}", kind=AgencyKind.COMMUNE, is_active=True)
                 for n in range(30)]
    db.session.add_all(attendees)
    starts = [dt.datetime.combine(today + dt.timedelta(weeks=w), dt.time(8), VN_TZ) for w in range(52)]
    starts += [dt.datetime.combine(today + dt.timedelta(days=30 * m), dt.time(14), VN_TZ) for m in range(12)]
    for n, start in enumerate(starts):
        meeting = Meeting(title=f"Giao ban {'tuần' if n < 52 else 'tháng'} số {n}", start_dt=start,
                          end_dt=start + dt.timedelta(hours=3), venues="Hội trường UBND\nĐiểm cầu các phường",
                          chair="Chủ tịch UBND", topic="Cải cách hành chính")
        meeting.attendees = attendees
        db.session.add(meeting)
    db.session.flush()


if __name__ == "__main__":
    main()
