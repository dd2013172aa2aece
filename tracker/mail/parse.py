"""An inbound email as plain values: who, what it answers, its text, its files, and whether
it is a machine talking (auto-reply, bounce, our own mail) rather than a person.

Never raises on bad input: broken MIME and undecodable parts are reported in `problems`
so the handler can quarantine the message with a reason.
"""
from __future__ import annotations

import email
import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr

import nh3

from ..core.text import strip_diacritics
from .compose import LOOP_HEADER

MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
_OUT_OF_OFFICE = re.compile(r"^(?:tra loi tu dong|auto(?:matic)? ?reply|out of (?:the )?office|vang mat|"
                            r"autosvar|abwesenheit|absence)", re.I)


@dataclass
class ParsedMail:
    from_addr: str = ""
    from_name: str = ""
    recipients: list[str] = field(default_factory=list)  #: To, Cc, Delivered-To, X-Original-To
    subject: str = ""
    message_id: str = ""
    answers: list[str] = field(default_factory=list)  #: In-Reply-To then References, newest first
    text: str = ""  #: the body as text (HTML converted), quotes included
    html: str = ""  #: sanitised HTML body, for display
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)
    machine: str = ""  #: why this is not a person writing: "auto-reply", "bounce", "own", ""
    authentication: str = ""  #: the top-most Authentication-Results header
    problems: list[str] = field(default_factory=list)


def parse_mail(raw: bytes, own_address: str) -> ParsedMail:
    """`own_address` is the tracker's mailbox (MAIL_FROM); the office often shares its domain."""
    parsed = ParsedMail()
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
    except Exception as exc:  # noqa: BLE001 - the stdlib parser rarely raises, but never crash a fetch
        parsed.problems.append(f"MIME hỏng: {exc}")
        return parsed
    parsed.problems += [f"MIME: {d.__class__.__name__}" for d in message.defects]
    _read_headers(parsed, message)
    parsed.machine = _machine(message, parsed, own_address)
    _read_body(parsed, message)
    # windows-1258 decodes to base letters plus combining tones: compose, so matching works
    parsed.text, parsed.subject = (unicodedata.normalize("NFC", v) for v in (parsed.text, parsed.subject))
    return parsed


def _header(message: Message, name: str, parsed: ParsedMail) -> str:
    try:
        value = message.get(name)
        return " ".join(str(value).split()) if value is not None else ""
    except Exception:  # noqa: BLE001 - undecodable header
        parsed.problems.append(f"Không giải mã được tiêu đề {name}")
        return ""


def _read_headers(parsed: ParsedMail, message: Message) -> None:
    parsed.from_name, address = parseaddr(_header(message, "From", parsed))
    parsed.from_addr = address.lower()
    fields = [_header(message, n, parsed) for n in ("To", "Cc", "Delivered-To", "X-Original-To")]
    parsed.recipients = [a.lower() for _, a in getaddresses(fields) if a]
    parsed.subject = _header(message, "Subject", parsed)
    parsed.message_id = _header(message, "Message-ID", parsed)
    ids = re.findall(r"<[^<>\s]+>", _header(message, "In-Reply-To", parsed))
    ids += list(reversed(re.findall(r"<[^<>\s]+>", _header(message, "References", parsed))))
    parsed.answers = list(dict.fromkeys(ids))
    parsed.authentication = _header(message, "Authentication-Results", parsed)


def _machine(message: Message, parsed: ParsedMail, own_address: str) -> str:
    """Mail no person wrote: answering it or acting on it makes loops and noise."""
    get = lambda name: _header(message, name, parsed).lower()  # noqa: E731
    if get(LOOP_HEADER.lower()) or parsed.from_addr == own_address.lower():
        return "own"
    content_type = message.get_content_type()
    report_type = str(message.get_param("report-type") or "").lower()
    if content_type == "multipart/report" or report_type in ("delivery-status", "disposition-notification"):
        return "bounce"
    local = parsed.from_addr.split("@")[0]
    if local in ("mailer-daemon", "postmaster") or get("return-path") == "<>":
        return "bounce"
    if get("auto-submitted") not in ("", "no") or get("x-autoreply") or get("x-autorespond"):
        return "auto-reply"
    if get("precedence") in ("bulk", "junk", "list", "auto_reply") or get("list-id"):
        return "auto-reply"
    if get("x-auto-response-suppress") and get("x-ms-exchange-inbox-rules-loop"):
        return "auto-reply"
    if _OUT_OF_OFFICE.match(strip_diacritics(parsed.subject.lower())):
        return "auto-reply"
    if _is_calendar_reply(message):
        return "calendar-reply"
    return ""


def _is_calendar_reply(message: Message) -> bool:
    """An invitation answered from a calendar (Accepted/Declined): METHOD:REPLY in a calendar part."""
    for part in message.walk():
        if part.get_content_type() != "text/calendar":
            continue
        if str(part.get_param("method") or "").upper() == "REPLY":
            return True
        payload = part.get_payload(decode=True) or b""
        if b"METHOD:REPLY" in payload.upper():
            return True
    return False


def _read_body(parsed: ParsedMail, message: Message) -> None:
    if not isinstance(message, EmailMessage):
        return
    try:
        plain = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        parsed.text = _content(plain, parsed) if plain is not None else ""
        if html is not None:
            raw_html = _content(html, parsed)
            parsed.html = nh3.clean(raw_html)
            if not parsed.text.strip():
                parsed.text = html_to_text(raw_html)
        _read_attachments(parsed, message)
    except Exception as exc:  # noqa: BLE001 - a broken part must not stop the fetch
        parsed.problems.append(f"Không đọc được nội dung thư: {exc.__class__.__name__}")


def _content(part: Message, parsed: ParsedMail) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError):  # unknown charset: decode as Windows Vietnamese, then Latin-1
        payload = part.get_payload(decode=True) or b""
        for charset in ("utf-8", "cp1258"):
            try:
                return payload.decode(charset)
            except UnicodeDecodeError:
                continue
        parsed.problems.append("Bảng mã của thư không đọc được")
        return payload.decode("latin-1")


def _read_attachments(parsed: ParsedMail, message: EmailMessage) -> None:
    for part in message.iter_attachments():
        if len(parsed.attachments) >= MAX_ATTACHMENTS:
            parsed.problems.append(f"Quá {MAX_ATTACHMENTS} tệp đính kèm; các tệp sau bị bỏ qua")
            break
        data = part.get_payload(decode=True) or b""
        if len(data) > MAX_ATTACHMENT_BYTES:
            parsed.problems.append(f"Tệp {part.get_filename()} quá lớn; bị bỏ qua")
            continue
        parsed.attachments.append((part.get_filename() or "tep-dinh-kem", part.get_content_type(), data))


_QUOTE_HTML = re.compile(
    r"<div[^>]+(?:class=\"gmail_quote[^\"]*\"|id=\"(?:divRplyFwdMsg|appendonsend)\")[^>]*>.*"
    r"|<blockquote[^>]+type=\"cite\".*", re.S | re.I)


def html_to_text(html: str) -> str:
    """Text of an HTML body, with the quoted original (Gmail, Outlook, Apple/Thunderbird) cut first."""
    html = _QUOTE_HTML.sub("", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>", "\n", html)
    text = nh3.clean(html, tags=set())
    import html as html_lib

    return "\n".join(line.strip() for line in html_lib.unescape(text).splitlines())
