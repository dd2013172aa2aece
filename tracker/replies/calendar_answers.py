"""Answers to meeting invitations sent back by calendars (iCalendar METHOD:REPLY, RFC 5546).

Outlook, Gmail and Thunderbird answer an invitation with a text/calendar part carrying the
event's UID, the SEQUENCE answered and the attendee with PARTSTAT. The UID names the meeting
(our invitations use the feed's UID, "meeting-<id>@<host>"); the answer counts only when the
attendee is the sender and the sender is a registered address of an agency invited to that
meeting, so a forged or forwarded reply records nothing.
"""
from __future__ import annotations

import email
import re
from dataclasses import dataclass
from email import policy

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..agencies.models import AgencyEmail
from ..core.dates import now_utc
from ..meetings.models import InvitationAnswer, Meeting, MeetingResponse

_MEETING_UID = re.compile(r"^meeting-(\d{1,12})@")
_ANSWERS = {"ACCEPTED": InvitationAnswer.ACCEPTED, "TENTATIVE": InvitationAnswer.TENTATIVE,
            "DECLINED": InvitationAnswer.DECLINED}
#: A calendar part larger than this is no reply to one meeting.
MAX_CALENDAR_BYTES = 256 * 1024


@dataclass
class CalendarAnswer:
    meeting_id: int
    address: str
    answer: InvitationAnswer
    sequence: int
    comment: str


def read_calendar_answers(raw: bytes) -> list[CalendarAnswer]:
    """Every meeting answer in the message's REPLY calendar parts; unreadable parts are skipped."""
    message = email.message_from_bytes(raw, policy=policy.default)
    found: list[CalendarAnswer] = []
    for part in message.walk():
        if part.get_content_type() != "text/calendar":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or len(payload) > MAX_CALENDAR_BYTES:
            continue
        try:
            calendar = Calendar.from_ical(payload.decode("utf-8", "replace"))
        except ValueError:
            continue
        if str(calendar.get("METHOD", "")).upper() != "REPLY":
            continue
        found += [answer for event in calendar.walk("VEVENT") for answer in _answers_of(event)]
    return found


def _answers_of(event) -> list[CalendarAnswer]:  # noqa: ANN001 - an icalendar Event
    match = _MEETING_UID.match(str(event.get("UID", "")))
    if not match:
        return []
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees] if attendees is not None else []
    try:
        sequence = int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        sequence = 0
    comment = str(event.get("COMMENT", ""))[:2000]
    answers = []
    for attendee in attendees:
        answer = _ANSWERS.get(str(attendee.params.get("PARTSTAT", "")).upper())
        address = str(attendee).removeprefix("mailto:").removeprefix("MAILTO:").strip().lower()
        if answer and "@" in address:
            answers.append(CalendarAnswer(int(match.group(1)), address, answer, sequence, comment))
    return answers


def record_calendar_answers(session: Session, raw: bytes, sender: str) -> list[str]:
    """Record the sender's own answers on their meetings; one line per answer recorded, for the
    message's reason. Answers for someone else, or for a meeting the sender's agency is not
    invited to, are not recorded."""
    sender = sender.lower()
    lines = []
    for answer in read_calendar_answers(raw):
        if answer.address != sender:
            continue
        meeting = session.get(Meeting, answer.meeting_id)
        agency_id = _invited_agency(session, meeting, sender) if meeting else None
        if meeting is None or agency_id is None:
            continue
        _store(session, meeting, agency_id, answer)
        lines.append(f"{sender}: {_WORDS[answer.answer]} «{meeting.title}»")
    return lines


_WORDS = {InvitationAnswer.ACCEPTED: "nhận lời dự", InvitationAnswer.TENTATIVE: "có thể dự",
          InvitationAnswer.DECLINED: "không dự"}


def _invited_agency(session: Session, meeting: Meeting, address: str) -> int | None:
    invited = {agency.id for agency in meeting.attendees}
    owners = session.scalars(select(AgencyEmail.agency_id).where(AgencyEmail.address == address))
    return next((agency_id for agency_id in owners if agency_id in invited), None)


def _store(session: Session, meeting: Meeting, agency_id: int, answer: CalendarAnswer) -> None:
    """One row per address; a later answer replaces an earlier one, an answer to an older
    SEQUENCE never replaces an answer to a newer one."""
    row = session.scalar(select(MeetingResponse).where(MeetingResponse.meeting_id == meeting.id,
                                                       MeetingResponse.address == answer.address))
    if row is None:
        row = MeetingResponse(meeting_id=meeting.id, address=answer.address)
        session.add(row)
    elif row.sequence > answer.sequence:
        return
    row.agency_id, row.answer, row.sequence, row.comment = agency_id, answer.answer, answer.sequence, answer.comment
    row.answered_dt = now_utc()
    session.flush()
