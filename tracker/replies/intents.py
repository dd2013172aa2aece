"""What a reply says: the new text without the quoted original, and what it asks for.

Quote markers as real clients write them in Vietnamese and English: Gmail/Thunderbird
"Vào … đã viết:" / "On … wrote:", Zimbra "----- Vào …, lúc …, … đã viết:", Outlook's
"From:/Từ:" header block and "-----Original Message-----", "-------- Thư gốc --------",
"----- Thông điệp gốc -----", forwarded-message banners, "> " lines and "-- " signatures.
Keywords are compared without diacritics ("da hoan thanh" = "Đã hoàn thành").
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from typing import TYPE_CHECKING

from ..core.text import strip_diacritics

if TYPE_CHECKING:
    from .parse import ParsedMail

_CUT = re.compile(
    r"^(?:>|-{2,}\s*(?:original message|thu goc|thong diep goc|tin nhan da duoc chuyen tiep|forwarded message)"
    r"|-{3,}\s*vao .*da viet|vao .*da viet:?$|on .* wrote:?$|.* da viet:$|_{10,}|bat dau thu chuyen tiep"
    r"|begin forwarded message|-- $)", re.I)
#: Outlook's header block labels in Vietnamese and English, and in the languages of the other
#: Outlook builds agencies' partners use (French, German, Spanish, Portuguese, Italian, Dutch).
_HEADER_LABELS = ("from|tu|sent|da gui|date|ngay|to|toi|den|subject|chu de|cc"
                  "|de|envoye|a|objet|von|gesendet|an|betreff|enviado|enviada em|para|asunto|assunto"
                  "|da|inviato|oggetto|van|verzonden|aan|onderwerp")
_HEADER_BLOCK = re.compile(r"^[*_]*(?:" + _HEADER_LABELS + r")[*_]*\s?:[*_]*(?:\s|$)", re.I)
#: "---- Nguyễn Văn A wrote ----", and an attribution with a date and an address but no "wrote"
#: ("2026-12-01 10:00 GMT+07:00 Đôn Đốc <dondoc@…>:").
_ATTRIBUTION = re.compile(r"^-{2,}.*(?:wrote|da viet|viet).*-{2,}$|^(?=.*\d).*<[^<>@\s]+@[^<>\s]+>\s*:$", re.I)
#: An attribution line with its verb in the languages mail clients are set to (diacritics
#: folded), before or after the name, with a date or an address, ending in a colon:
#: "wrote", "a écrit", "schrieb", "escribió", "ha scritto", "skrev", "schreef", "escreveu",
#: "napisał", "kirjoitti", "yazdı", "написал".
_WROTE = re.compile(r"^(?=.*(?:\d|@)).*\b(?:wrote|a ecrit|schrieb|escribio|ha scritto|skrev|schreef|escreveu|napisa\w*|"
                    r"kirjoitti|yazdi|написал\w*)\b.{0,160}:\s*$", re.I)
#: A list item ("- …", "+ …", "1. …", "a) …"): a report's line, never an attribution.
_LIST_ITEM = re.compile(r"^(?:[-+*•–]|\d{1,2}[.)]|[a-zđ]\))\s")
#: An attribution in any language: a date or an address, and a colon at the end of the line.
_DATED_COLON = re.compile(r"^(?=.*(?:\d|@)).{8,300}:\s*$")
CODE = re.compile(r"\bNV-\d{4}-\d{4,6}\b", re.I)


def new_text(body: str) -> str:
    """The part of a reply its sender wrote: above the quoted original and the signature, or,
    when nothing is above it (Thunderbird's default), below the "> " quote."""
    lines = unicodedata.normalize("NFC", body).splitlines()
    kept: list[str] = []
    cut = len(lines)
    for index, line in enumerate(lines):
        folded = strip_diacritics(line.strip()).lower()
        joined = f"{folded} {strip_diacritics(lines[index + 1].strip()).lower()}" if index + 1 < len(lines) else ""
        if _CUT.match(folded) or _CUT.match(line.rstrip("\n")) or _ATTRIBUTION.match(folded) \
                or (folded[:3] in ("on ", "vao") and _CUT.match(joined)) or _is_attribution(lines, index):
            cut = index
            break
        if _HEADER_BLOCK.match(folded) and _looks_like_header_block(lines[index:index + 5]):
            cut = index
            break
        kept.append(line)
    above = "\n".join(kept).strip()
    return above or _below_quote(lines[cut:])


def _is_attribution(lines: list[str], index: int) -> bool:
    """The line introducing a quote, in whatever language the client speaks: it ends (alone or
    wrapped onto the next line) with a "wrote" verb and a colon, or it has a date or an address,
    ends with a colon, and a "> " quote follows it."""
    here = strip_diacritics(lines[index].strip()).lower()
    if not here:
        return False
    following = [i for i in range(index + 1, min(index + 4, len(lines))) if lines[i].strip()]
    wrapped = here
    if following and following[0] == index + 1 and not here.endswith((":", ".", "!", "?", ";")) \
            and not _LIST_ITEM.match(lines[following[0]].strip()):  # one line wrapped at the margin
        wrapped = f"{here} {strip_diacritics(lines[following[0]].strip()).lower()}"
    if _WROTE.search(here) or (len(here) > 12 and _WROTE.search(wrapped)):
        return True
    for candidate, after in ((here, following[:1]), (wrapped, following[1:2] if wrapped != here else [])):
        # "1. …:" before a quote is a report's own line, unless it names an address ("15. marts …")
        if _LIST_ITEM.match(candidate) and "@" not in candidate:
            continue
        if _DATED_COLON.match(candidate) and after and lines[after[0]].lstrip().startswith(">"):
            return True
    return False


def _below_quote(lines: list[str]) -> str:
    """Text written after a "> " quote block, up to the signature or the next quote."""
    quoted = [i for i, line in enumerate(lines) if line.lstrip().startswith(">")]
    if not quoted:
        return ""
    below: list[str] = []
    for line in lines[quoted[-1] + 1:]:
        if line.rstrip() == "--" or line.startswith("-- ") or line.lstrip().startswith(">"):
            break
        below.append(line)
    return "\n".join(below).strip()


def _looks_like_header_block(lines: list[str]) -> bool:
    """Outlook's "From: … / Sent: … / To: … / Subject: …" (or Vietnamese) block, not a sentence."""
    return sum(bool(_HEADER_BLOCK.match(strip_diacritics(line.strip()).lower())) for line in lines) >= 2


@dataclass(frozen=True)
class Intent:
    kind: str  #: "completed", "extension" or "progress"
    percent: int | None = None
    requested_date: dt.date | None = None
    problem: str = ""  #: an unreadable requested date, for the office
    codes: tuple[str, ...] = ()


#: A date as agencies write it: 30/6/2027, 30-06-2027, 30.6.2027, or without the year.
_DATE = r"(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?)"
#: Reply commands, as the assignment mail shows them, at the start of a line (diacritics folded).
_COMMAND = re.compile(r"^\W*(?P<verb>hoan thanh|tien do|gia han)\b(?P<rest>.*)$", re.M)
_EXTENSION = re.compile(r"\b(?:xin|de nghi|kinh de nghi|mong|xin phep)\s+(?:cho\s+)?(?:duoc\s+)?"
                        r"(?:gia\s+han|lui\s+(?:thoi\s+)?han|keo\s+dai\s+thoi\s+han)"
                        r"(?:\s+(?:thoi\s+han|nhiem\s+vu|them))?"
                        r"(?:\s+(?:den\s+het\s+ngay|den\s+het|den\s+ngay|toi\s+ngay|sang\s+ngay|den|toi|sang))?"
                        r"\s*(?:ngay\s+)?" + _DATE + "?", re.I)
_PERCENT = re.compile(r"(?<!\d)(\d{1,3})\s*%")
#: Past and finished: the only free-text way to say a task is done.
_DONE = re.compile(r"\b(?:da\s+(?:hoan\s+thanh|hoan\s+tat|xong)|xong\s+roi|hoan\s+tat)\b")
#: Words that take "done" back: a future or a plan, a purpose, a condition, a question, a
#: negation, "basically" or "partly". Any of them in the sentence leaves the reply a progress
#: report. Matched with their diacritics (without them "để" is "đề" and "cần" is "cán"), or
#: folded when the writer typed no diacritics at all.
_UNSURE_WORDS = ("sẽ", "dự kiến", "phấn đấu", "đang", "để", "nhằm", "khi", "nếu", "chưa", "không", "chẳng",
                 "cơ bản", "gần", "một phần", "bước đầu", "từng phần", "giai đoạn", "kế hoạch", "mục tiêu",
                 "cần", "phải", "hay", "được không")
_UNSURE = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _UNSURE_WORDS) + r")\b|\?")
_UNSURE_FOLDED = re.compile(r"\b(?:" + "|".join(strip_diacritics(w).replace(" ", r"\s+") for w in _UNSURE_WORDS)
                            + r")\b|\?")


def read_intent(text: str, today: dt.date | None = None) -> Intent:
    """What the reply asks, safest first: an explicit command line wins; free text completes a
    task only when it says so in the past with nothing left; anything unsure is progress."""
    folded = strip_diacritics(unicodedata.normalize("NFC", text)).lower()
    codes = tuple(dict.fromkeys(code.upper() for code in CODE.findall(text)))
    percents = [int(p) for p in _PERCENT.findall(folded) if int(p) <= 100]
    percent = percents[-1] if percents else None
    command = _command(folded, percent, codes, today)
    if command is not None:
        return command
    extension = _EXTENSION.search(folded)
    if extension:
        return _extension(extension.group("date"), percent, codes, today)
    if _says_done(unicodedata.normalize("NFC", text).lower()) and (percent is None or percent == 100):
        return Intent("completed", 100, codes=codes)
    return Intent("progress", percent, codes=codes)


def _command(folded: str, percent: int | None, codes: tuple[str, ...], today: dt.date | None) -> Intent | None:
    match = _COMMAND.search(folded)
    if match is None:
        return None
    rest = CODE.sub(" ", match.group("rest"))
    if match.group("verb") == "hoan thanh":
        leftover = re.sub(r"[\W_]+|100\s*%", " ", rest).strip()
        return Intent("completed", 100, codes=codes) if not leftover else None  # "Hoàn thành 70% ..." is prose
    if match.group("verb") == "gia han":
        date = re.search(_DATE, rest)  # without a date it is prose (or our own mail quoted), not a command
        return _extension(date.group("date"), percent, codes, today) if date else None
    own = _PERCENT.search(rest)
    return Intent("progress", int(own.group(1)) if own and int(own.group(1)) <= 100 else percent, codes=codes)


def _says_done(lowered: str) -> bool:
    """A sentence that says "done" in the past, and nothing in it that takes it back."""
    unsure = _UNSURE if lowered != strip_diacritics(lowered) else _UNSURE_FOLDED
    for sentence in re.split(r"[.;!\n]+|,\s*(?:nhưng|nhung|tuy nhiên|tuy nhien|song)\b", lowered):
        if _DONE.search(strip_diacritics(sentence)) and not unsure.search(sentence):
            return True
    return False


def _extension(date_text: str | None, percent: int | None, codes: tuple[str, ...],
               today: dt.date | None = None) -> Intent:
    if not date_text:
        return Intent("extension", percent, problem="Không ghi ngày xin gia hạn đến.", codes=codes)
    parts = [int(p) for p in re.split(r"\s*[/.-]\s*", date_text.strip())]
    day, month = parts[0], parts[1]
    year = parts[2] if len(parts) > 2 else _next_year_for(day, month, today or dt.date.today())
    year += 2000 if year < 100 else 0
    try:
        return Intent("extension", percent, dt.date(year, month, day), codes=codes)
    except ValueError:
        return Intent("extension", percent, problem=f"Ngày xin gia hạn «{date_text}» không tồn tại.", codes=codes)


def _next_year_for(day: int, month: int, today: dt.date) -> int:
    """A date written without its year means its next occurrence: in December, "15/01" is January."""
    try:
        return today.year if dt.date(today.year, month, day) >= today else today.year + 1
    except ValueError:
        return today.year


@dataclass(frozen=True)
class ReplyReading:
    """What the fetch would make of one message, before any task is looked up."""

    text: str  #: the visible reply, quotes and signature cut
    intent: str  #: completed | extension | progress | auto | bounce | calendar-reply
    date: dt.date | None = None
    percent: int | None = None

    def as_json(self) -> dict:
        return {"text": self.text, "intent": self.intent, "date": self.date.isoformat() if self.date else None,
                "percent": self.percent}


_MACHINE_INTENTS = {"auto-reply": "auto", "own": "auto", "bounce": "bounce", "calendar-reply": "calendar-reply"}


def read_reply(parsed: "ParsedMail", today: dt.date | None = None) -> ReplyReading:
    """The one reading the inbox acts on and `flask mail read` prints."""
    if parsed.machine:
        return ReplyReading(new_text(parsed.text), _MACHINE_INTENTS.get(parsed.machine, "auto"))
    text = new_text(parsed.text)
    intent = read_intent(text, today)
    return ReplyReading(text, intent.kind, intent.requested_date, intent.percent)
