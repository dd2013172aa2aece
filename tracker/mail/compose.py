"""An outbox row as an RFC 5322 message, with the headers that keep mail loops away."""
from __future__ import annotations

import email.utils
from email.headerregistry import Address
from email.message import EmailMessage

from .models import OutboxMessage
from .outbox import MailSettings

LOOP_HEADER = "X-DonDoc-Loop"


def compose(row: OutboxMessage, settings: MailSettings) -> EmailMessage:
    message = EmailMessage()
    local, _, domain = settings.sender.partition("@")
    message["From"] = Address(settings.sender_name, local, domain)
    message["To"] = row.to_addrs
    if row.cc_addrs:
        message["Cc"] = row.cc_addrs
    message["Reply-To"] = row.reply_to or settings.sender
    message["Subject"] = one_line(row.subject)
    message["Message-ID"] = row.message_id
    message["Date"] = email.utils.format_datetime(row.created_dt)
    if row.in_reply_to:
        message["In-Reply-To"] = row.in_reply_to
        message["References"] = row.in_reply_to
    # Automatic mail: no out-of-office answers to it, and we recognise our own mail coming back.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message[LOOP_HEADER] = settings.domain
    message.set_content(row.text_body)
    if row.html_body:
        message.add_alternative(row.html_body, subtype="html")
    if row.calendar_ics:
        _attach_invitation(message, row.calendar_ics)
    return message


def _attach_invitation(message: EmailMessage, ics: str) -> None:
    """Outlook reads the text/calendar alternative (with its method); others the .ics file."""
    method = "CANCEL" if "METHOD:CANCEL" in ics else "REQUEST"
    message.add_alternative(ics, subtype="calendar", params={"method": method})
    message.add_attachment(ics.encode("utf-8"), maintype="application", subtype="ics", filename="giay-moi.ics")


def one_line(text: str) -> str:
    """A header value on one line: a line break typed into a meeting title must not become a
    header injection, nor a message Python refuses to build."""
    return " ".join(text.split())


def recipients(row: OutboxMessage) -> list[str]:
    addresses = [a.strip() for a in (row.to_addrs + "," + row.cc_addrs).split(",")]
    return [a for a in dict.fromkeys(addresses) if a]
