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

from icalendar import Calendar, Event, Timezone, vDuration

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


def feed_to_ical(name: str, events: list[FeedEvent]) -> bytes:
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
        first = min(e.start for e in timed).date() - dt.timedelta(days=1)
        last = max(e.end for e in timed).date() + dt.timedelta(days=1)
        calendar.add_component(Timezone.from_tzid(TZID, first_date=first, last_date=last))
    for item in sorted(events, key=lambda e: e.uid):
        calendar.add_component(_event(item))
    return calendar.to_ical()


def _event(item: FeedEvent) -> Event:
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
    if item.description:
        event.add("description", _text(item.description))
    if item.location:
        event.add("location", _text(item.location))
    if item.categories:
        event.add("categories", list(item.categories))
    if item.url:
        event.add("url", item.url)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    return event


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def invitation_to_ical(item: FeedEvent, organizer: str, attendees: list[str], method: str = "REQUEST") -> bytes:
    """An iTIP message (REQUEST or CANCEL) for one meeting, for calendars that do not subscribe:
    the same UID and SEQUENCE as the feed, so both land on one event."""
    from icalendar import vCalAddress

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    day = item.start.date()
    calendar.add_component(Timezone.from_tzid(TZID, first_date=day - dt.timedelta(days=1),
                                              last_date=day + dt.timedelta(days=2)))
    event = _event(item)
    event.add("organizer", vCalAddress(f"mailto:{organizer}"), parameters={"CN": "Văn phòng UBND"})
    for address in attendees:
        event.add("attendee", vCalAddress(f"mailto:{address}"),
                  parameters={"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"})
    calendar.add_component(event)
    return calendar.to_ical()
