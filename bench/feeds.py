"""Benchmark: an office feed of 10,000 deadline events, against bare `icalendar` serialisation.

Times the whole feed request through the app (token lookup, fingerprint, query, events,
serialisation) and a bare `icalendar` build of the same 10,000 events from plain tuples
(UID, SUMMARY, DTSTART/DTEND, DTSTAMP), in the same run; then the time of a 304 answer.
Targets: within 1.5x of the bare serialisation; a 304 under 5 ms of server time.

    python -m bench.feeds [--events N]
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
from tracker.calendars.models import FeedKind
from tracker.calendars.tokens import get_or_create_feed, token_for
from tracker.core.dates import now_utc, today_vn
from tracker.extensions import db
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
        feed = get_or_create_feed(db.session, "bench", FeedKind.OFFICE)
        db.session.commit()
        url = f"/calendars/{token_for('bench', feed)}.ics"
        plain = [(f"task-{r['id']}-deadline@h", f"Hạn: {r['code']} {r['description']} (Sở Y tế)", r["due_date"], stamp,
                  f"{r['code']} – {r['description']}\nChủ trì: Sở Y tế") for r in rows]
    client = app.test_client()
    first = client.get(url)
    assert first.status_code == 200
    feed_ms = median_ms(lambda: client.get(url), args.runs, warmup=1)
    bare_ms = median_ms(lambda: bare(plain), args.runs, warmup=1)
    etag = first.headers["ETag"]
    not_modified_ms = median_ms(lambda: client.get(url, headers={"If-None-Match": etag}), 50)
    events = first.data.count(b"BEGIN:VEVENT")
    print(f"events: {events}  feed size: {len(first.data) / 1024:.0f} KB")
    print(f"feed request: {feed_ms:.0f} ms   bare icalendar: {bare_ms:.0f} ms   ratio {feed_ms / bare_ms:.2f}x")
    print(f"304 answer: {not_modified_ms:.2f} ms")


if __name__ == "__main__":
    main()
