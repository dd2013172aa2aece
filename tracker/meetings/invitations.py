"""Meeting invitations by email, with an .ics each calendar client can add by itself."""
from __future__ import annotations

from flask import render_template
from sqlalchemy.orm import Session

from ..calendars.feeds import meeting_event
from ..calendars.ics import invitation_to_ical
from ..core.dates import VN_TZ
from ..mail.outbox import Mail, MailSettings, queue_mail
from .models import Meeting, MeetingStatus


def queue_invitations(session: Session, settings: MailSettings, meeting: Meeting, host: str) -> int:
    """One invitation per attending agency; a moved meeting (new SEQUENCE) invites again, a
    cancelled one sends METHOD:CANCEL. Returns how many were queued."""
    cancelled = meeting.status is MeetingStatus.CANCELLED
    event = meeting_event(meeting, host)
    start = meeting.start_dt.astimezone(VN_TZ)
    queued = 0
    for agency in meeting.attendees:
        addresses = [e.address for e in agency.emails]
        if not addresses:
            continue
        ics = invitation_to_ical(event, settings.sender, addresses, "CANCEL" if cancelled else "REQUEST").decode()
        word = "Hủy cuộc họp" if cancelled else "Giấy mời"
        queue_mail(session, settings, Mail(
            kind="invitation", to=addresses, subject=f"{word}: {meeting.title} – {start:%H:%M %d/%m/%Y}",
            text=render_template("mail/invitation.txt", meeting=meeting, start=start, agency=agency,
                                 cancelled=cancelled),
            calendar_ics=ics, dedupe_key=f"invitation:{meeting.id}:{agency.id}:{meeting.sequence}:{cancelled}"))
        queued += 1
    if queued and meeting.status is MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.INVITED
    session.flush()
    return queued
