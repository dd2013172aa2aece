"""Meeting invitations by email, each with an .ics its calendar adds by itself (RFC 5546).

Each invited agency's calendar is brought up to date, and only where it is not: what it was
last sent (SEQUENCE, and whether it was a CANCEL) is kept per agency. So a second click sends
nothing; a moved or changed meeting sends one update per agency; a cancelled one a CANCEL; an
agency dropped from the attendees a CANCEL of its own (the meeting's SEQUENCE grows first, as
RFC 5546 asks, so the others' calendars take the new attendee list too).
"""
from __future__ import annotations

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..agencies.models import Agency
from ..calendars.feeds import meeting_event
from ..calendars.ics import invitation_to_ical
from ..core.dates import VN_TZ
from ..core.urls import base_url
from ..mail.outbox import Mail, MailSettings, queue_mail
from .models import Meeting, MeetingInvitation, MeetingStatus


def was_invited(session: Session, meeting: Meeting) -> bool:
    """Some agency's calendar holds this meeting: changes must reach it."""
    return session.scalar(select(MeetingInvitation.agency_id).where(MeetingInvitation.meeting_id == meeting.id)
                          .limit(1)) is not None


def queue_invitations(session: Session, settings: MailSettings, meeting: Meeting, host: str) -> int:
    """Send each agency what its calendar lacks; returns how many mails were queued."""
    sent = {row.agency_id: row for row in session.scalars(
        select(MeetingInvitation).where(MeetingInvitation.meeting_id == meeting.id))}
    attending = {a.id: a for a in meeting.attendees}
    dropped = [row for agency_id, row in sent.items() if agency_id not in attending and not row.cancelled]
    if dropped:
        meeting.sequence = (meeting.sequence or 0) + 1  # an uninvitation is a change of the event
    cancelled = meeting.status is MeetingStatus.CANCELLED
    queued = 0
    for agency in attending.values():
        row = sent.get(agency.id)
        if row is not None and (row.sequence, row.cancelled) == (meeting.sequence, cancelled):
            continue  # its calendar is up to date
        if row is None and cancelled:
            continue  # never invited: nothing to cancel
        queued += _send(session, settings, meeting, host, agency, "cancelled" if cancelled else
                        "updated" if row is not None else "invited", row)
    for row in dropped:
        queued += _send(session, settings, meeting, host, session.get(Agency, row.agency_id), "dropped", row)
    if queued and meeting.status is MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.INVITED
    session.flush()
    return queued


SUBJECTS = {"invited": "Giấy mời", "updated": "Giấy mời (thay đổi)", "cancelled": "Hủy cuộc họp",
            "dropped": "Thôi mời dự họp"}


def _send(session: Session, settings: MailSettings, meeting: Meeting, host: str, agency: Agency | None, what: str,
          row: MeetingInvitation | None) -> int:
    """One mail to one agency, and the record of what its calendar now holds."""
    if agency is None:
        return 0
    addresses = [e.address for e in agency.emails]
    if not addresses:
        return 0
    cancel = what in ("cancelled", "dropped")
    ics = invitation_to_ical(meeting_event(meeting, host, base_url()), settings.sender, addresses,
                             "CANCEL" if cancel else "REQUEST", uninvite=what == "dropped").decode()
    start = meeting.start_dt.astimezone(VN_TZ)
    queue_mail(session, settings, Mail(
        kind="invitation", to=addresses, subject=f"{SUBJECTS[what]}: {meeting.title} – {start:%H:%M %d/%m/%Y}",
        text=render_template("mail/invitation.txt", meeting=meeting, start=start, agency=agency, what=what),
        calendar_ics=ics, dedupe_key=f"invitation:{meeting.id}:{agency.id}:{meeting.sequence}:{cancel}"))
    if row is None:
        session.add(MeetingInvitation(meeting_id=meeting.id, agency_id=agency.id, sequence=meeting.sequence or 0,
                                      cancelled=cancel))
    else:
        row.sequence, row.cancelled = meeting.sequence or 0, cancel
    return 1
