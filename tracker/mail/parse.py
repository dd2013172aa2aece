"""An inbound email as plain values: who, what it answers, its text, its files, and whether
it is a machine talking (auto-reply, bounce, our own mail) rather than a person.

Never raises on bad input: broken MIME and undecodable parts are reported in `problems`
so the handler can quarantine the message with a reason.
"""
from __future__ import annotations

import email
import html as html_lib
import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr

from lxml import etree
from lxml import html as lxml_html

from ..core.text import strip_diacritics, text_of_part
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
        if html is not None and not parsed.text.strip():
            # The HTML is only read for its text (never shown), so it needs no sanitiser pass.
            parsed.text = html_to_text(_content(html, parsed))
        _read_attachments(parsed, message)
    except Exception as exc:  # noqa: BLE001 - a broken part must not stop the fetch
        parsed.problems.append(f"Không đọc được nội dung thư: {exc.__class__.__name__}")


def _content(part: Message, parsed: ParsedMail) -> str:
    text, readable = text_of_part(part)
    if not readable:
        parsed.problems.append("Bảng mã của thư không đọc được")
    return text


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


#: Where clients put the message being answered: Gmail, Apple Mail and Thunderbird (cite),
#: Thunderbird's attribution line, Yahoo, Zimbra, and Outlook's header block (after which
#: everything is the quoted original).
_QUOTES = ("//div[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
           " | //blockquote[@type='cite'] | //div[contains(@class, 'moz-cite-prefix')]"
           " | //div[contains(@class, 'yahoo_quoted')] | //div[contains(@class, 'zmail_extra')]"
           " | //blockquote[@id='zwchr'] | //div[@id='divRplyFwdMsg'] | //div[@id='appendonsend']"
           " | //div[@id='mail-editor-reference-message-container']")
_OUTLOOK_TAIL = ("divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container")
#: huge_tree: deeply nested markup is read whole instead of being cut at libxml2's depth limit.
_PARSER = lxml_html.HTMLParser(huge_tree=True)
#: A tag, or an unclosed one up to the next "<" (as browsers read "<div <div"). Linear: the
#: class cannot run past the next bracket.
_TAG = re.compile(r"<[^<>]*(?:>|(?=<)|$)")
_BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre"}


def html_to_text(html: str) -> str:
    """Text of an HTML body with the quoted original cut, read by a real parser (lxml), so its
    time grows with the size of the mail, whatever the markup."""
    try:
        root = lxml_html.document_fromstring(html, parser=_PARSER)
    except (ValueError, etree.ParserError):
        return ""
    tagless = _TAG.sub(" ", html)
    if len("".join(root.text_content().split())) < 0.9 * len("".join(tagless.split())):
        # libxml2 stops at a nesting depth no real mail reaches: keep every word, quotes and all
        return "\n".join(" ".join(line.split()) for line in html_lib.unescape(tagless).splitlines()).strip()
    for quote in root.xpath(_QUOTES):
        if quote.getparent() is None:
            continue  # inside a quote already removed
        if quote.get("id") in _OUTLOOK_TAIL:
            for later in list(quote.itersiblings()):
                later.getparent().remove(later)
        quote.getparent().remove(quote)  # remove(), not drop_tree(): the quote's tail text goes too
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("script", "style", "head"):
        if element.getparent() is not None:
            element.getparent().remove(element)
    return "\n".join(line.strip() for line in root.text_content().splitlines()).strip()
