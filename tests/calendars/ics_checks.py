"""Independent checks of iCalendar bytes: our own byte-level rules, and two other readers."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

JS_DIR = Path(__file__).resolve().parents[1] / "js"


def check_bytes(data: bytes) -> None:
    """What Google, Outlook and Thunderbird need at the byte level (../shared/notes/interop.md)."""
    assert data.endswith(b"\r\n"), "feed must end with CRLF"
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        assert b"\n" not in line and b"\r" not in line, f"line {number}: bare LF or CR"
        assert len(line) <= 75, f"line {number}: {len(line)} octets"
        line.decode("utf-8")  # a fold inside a UTF-8 sequence fails here
    unfolded = re.sub(rb"\r\n[ \t]", b"", data).decode("utf-8")
    tzids = set(re.findall(r";TZID=([^:;]+)[:;]", unfolded))
    zones = set(re.findall(r"^TZID:([^\r\n]+)", unfolded, re.M))
    assert tzids <= zones, f"TZID without VTIMEZONE: {tzids - zones}"
    uids = re.findall(r"^UID:([^\r\n]+)", unfolded, re.M)
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded, re.S):
        for name in ("UID:", "DTSTAMP:", "DTSTART", "DTEND", "SEQUENCE:", "LAST-MODIFIED:"):
            assert name in block, f"event without {name}: {block[:80]}"
        start = re.search(r"^DTSTART;VALUE=DATE:(\d{8})", block, re.M)
        if start:
            end = re.search(r"^DTEND;VALUE=DATE:(\d{8})", block, re.M)
            day = dt.datetime.strptime(start.group(1), "%Y%m%d").date()
            assert end and end.group(1) == (day + dt.timedelta(days=1)).strftime("%Y%m%d"), "all-day DTEND"
    from tests.fixtures.libical import libical_problems

    assert libical_problems(data) == [], "libical (Evolution) objects"


def read_with_icalendar(data: bytes, first: dt.date, last: dt.date) -> dict[str, dict]:
    import recurring_ical_events
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    events = {}
    for event in recurring_ical_events.of(calendar).between(first, last):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        all_day = not isinstance(start, dt.datetime)
        events[str(event["uid"])] = {
            "summary": str(event["summary"]), "allDay": all_day, "status": str(event.get("status")),
            "start": start.isoformat() if all_day else start.astimezone(dt.timezone.utc).isoformat(),
            "end": end.isoformat() if all_day else end.astimezone(dt.timezone.utc).isoformat(),
        }
    return events


def icaljs_available() -> bool:
    return shutil.which("node") is not None and (JS_DIR / "node_modules" / "ical.js").exists()


def read_with_icaljs(data: bytes) -> dict[str, dict]:
    with tempfile.NamedTemporaryFile(suffix=".ics", delete=False) as handle:
        handle.write(data)
    out = subprocess.run(["node", str(JS_DIR / "read_feed.mjs"), handle.name], capture_output=True, text=True,
                         check=True, timeout=60)
    Path(handle.name).unlink()
    events = {}
    for event in json.loads(out.stdout)["events"]:
        if not event["allDay"]:
            for key in ("start", "end"):
                event[key] = dt.datetime.fromisoformat(event[key].replace("Z", "+00:00")).isoformat()
        else:
            for key in ("start", "end"):
                event[key] = dt.date.fromisoformat(event[key]).isoformat()
        events[event["uid"]] = event
    return events
