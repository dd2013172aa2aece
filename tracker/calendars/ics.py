"""Events as iCalendar bytes: one pure function, `feed_to_ical`, tested byte by byte.

What calendar clients need (../shared/notes/interop.md): CRLF and 75-octet folds that never
split a UTF-8 character (icalendar does this), NFC text, a VTIMEZONE for every TZID, all-day
deadlines as VALUE=DATE with DTEND the next day, stable UIDs, SEQUENCE and LAST-MODIFIED
that move on change, DTSTAMP at the last change (so the bytes and their ETag stay stable),
and no METHOD (which would make strict readers want an ORGANIZER).
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vDuration

TZID = "Asia/Ho_Chi_Minh"
PRODID = "-//Don Doc//Theo doi nhiem vu giao ban//VI"


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    summary: str
    start: dt.date | dt.datetime  #: a date for all-day deadlines, an aware datetime for meetings
    end: dt.date | dt.datetime
    modified: dt.datetime  #: aware; DTSTAMP and LAST-MODIFIED
    sequence: int = 0
    description: str = ""
    location: str = ""
    cancelled: bool = False
    categories: tuple[str, ...] = field(default_factory=tuple)
    url: str = ""


@dataclass(frozen=True)
class BuiltFeed:
    data: bytes
    omitted: int  #: events left out to stay under the size cap (the farthest from today)


def feed_to_ical(name: str, events: list[FeedEvent], max_bytes: int | None = None, alarms: bool = False) -> bytes:
    return build_feed(name, events, max_bytes, alarms).data


def build_feed(name: str, events: list[FeedEvent], max_bytes: int | None = None, alarms: bool = False) -> BuiltFeed:
    """The calendar of `events`, given in priority order: when `max_bytes` is set, events are
    kept in that order while the whole still fits, and the rest counted as omitted. Events are
    written sorted by UID, so the same events give the same bytes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _text(name))
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", vDuration(dt.timedelta(hours=1)), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    timed = [e for e in events if isinstance(e.start, dt.datetime)]
    if timed:
        calendar.add_component(_timezone(min(e.start for e in timed).date(), max(e.end for e in timed).date()))
    head = calendar.to_ical()
    assert head.endswith(_END)
    budget = (max_bytes if max_bytes is not None else 1 << 62) - len(head)
    kept: list[tuple[str, bytes]] = []
    for item in events:
        data = _event(item, alarms).to_ical()
        if len(data) > budget:
            break
        budget -= len(data)
        kept.append((item.uid, data))
    body = b"".join(data for _, data in sorted(kept))
    return BuiltFeed(head[:-len(_END)] + body + _END, len(events) - len(kept))


_END = b"END:VCALENDAR\r\n"


def _timezone(first: dt.date, last: dt.date) -> Timezone:
    """The VTIMEZONE for TZID covering [first, last], without the COMMENT icalendar adds to it:
    RFC 5545 allows no COMMENT in VTIMEZONE, and libical (Evolution, many servers) rejects it."""
    zone = Timezone.from_tzid(TZID, first_date=first - dt.timedelta(days=1), last_date=last + dt.timedelta(days=1))
    for component in zone.walk():
        component.pop("COMMENT", None)
    return zone


def _event(item: FeedEvent, alarms: bool = False) -> Event:
    event = Event()
    event.add("uid", item.uid)
    modified = item.modified.astimezone(dt.timezone.utc)
    event.add("dtstamp", modified)
    event.add("last-modified", modified)
    event.add("sequence", item.sequence)
    event.add("summary", _text(item.summary))
    if isinstance(item.start, dt.datetime):
        zone = ZoneInfo(TZID)
        event.add("dtstart", item.start.astimezone(zone))
        event.add("dtend", item.end.astimezone(zone))
    else:
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    if item.description.strip():  # a blank value is no value to libical, which drops the property with an error
        event.add("description", _text(item.description))
    if item.location.strip():
        event.add("location", _text(item.location))
    if item.categories:
        event.add("categories", list(item.categories))
    if item.url:
        event.add("url", item.url)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    if alarms and not item.cancelled:
        event.add_component(_alarm(item))
    return event


def _alarm(item: FeedEvent) -> Alarm:
    """A reminder: the day before a deadline (09:00 of the day before an all-day event in most
    clients' reading of -PT15H), 30 minutes before a meeting."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _text(item.summary))
    before = dt.timedelta(minutes=30) if isinstance(item.start, dt.datetime) else dt.timedelta(hours=15)
    alarm.add("trigger", -before)
    return alarm


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def invitation_to_ical(item: FeedEvent, organizer: str, attendees: list[str], method: str = "REQUEST",
                       uninvite: bool = False) -> bytes:
    """An iTIP message (REQUEST or CANCEL) for one meeting, for calendars that do not subscribe:
    the same UID and SEQUENCE as the feed, so both land on one event. A CANCEL that uninvites
    some attendees (the meeting goes on) carries no STATUS (RFC 5546 3.2.5)."""
    from icalendar import vCalAddress

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    day = item.start.date()  # type: ignore[union-attr]
    calendar.add_component(_timezone(day, day + dt.timedelta(days=1)))
    event = _event(item)
    if uninvite:
        event.pop("STATUS", None)
    event.add("organizer", vCalAddress(f"mailto:{organizer}"), parameters={"CN": "Văn phòng UBND"})
    for address in attendees:
        event.add("attendee", vCalAddress(f"mailto:{address}"),
                  parameters={"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"})
    calendar.add_component(event)
    return calendar.to_ical()
