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

from ..core.text import strip_diacritics

_CUT = re.compile(
    r"^(?:>|-{2,}\s*(?:original message|thu goc|thong diep goc|tin nhan da duoc chuyen tiep|forwarded message)"
    r"|-{3,}\s*vao .*da viet|vao .*da viet:?$|on .* wrote:?$|.* da viet:$|_{10,}|bat dau thu chuyen tiep"
    r"|begin forwarded message|-- $)", re.I)
_HEADER_BLOCK = re.compile(r"^(?:from|tu|sent|da gui|date|ngay|to|toi|den|subject|chu de|cc):\s", re.I)
CODE = re.compile(r"\bNV-\d{4}-\d{4,6}\b", re.I)


def new_text(body: str) -> str:
    """The part of a reply its sender wrote, above the quoted original and the signature."""
    lines = unicodedata.normalize("NFC", body).splitlines()
    kept: list[str] = []
    for index, line in enumerate(lines):
        folded = strip_diacritics(line.strip()).lower()
        if _CUT.match(folded) or _CUT.match(line.rstrip("\n")):
            break
        if _HEADER_BLOCK.match(folded) and _looks_like_header_block(lines[index:index + 5]):
            break
        kept.append(line)
    return "\n".join(kept).strip()


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


_DONE = re.compile(r"\b(?:da|đa)\s+hoan\s+thanh\b|\bhoan\s+thanh\s+(?:nhiem\s+vu|100\s*%)|\bxong\s+roi\b", re.I)
_NOT_DONE = re.compile(r"\b(?:chua|se|dang|se\s+som|chua\s+the)\s+hoan\s+thanh|\bhoan\s+thanh\s+truoc\b", re.I)
_EXTENSION = re.compile(r"\b(?:xin|de nghi|kinh de nghi)\s+(?:duoc\s+)?(?:gia\s+han|lui\s+thoi\s+han)"
                        r"(?:\s+(?:thoi\s+han|nhiem\s+vu))?(?:\s+(?:den|toi|den\s+het|den\s+ngay|toi\s+ngay))?"
                        r"\s*(?:ngay\s+)?(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})?", re.I)
_PERCENT = re.compile(r"(?<!\d)(\d{1,3})\s*%")


def read_intent(text: str) -> Intent:
    folded = strip_diacritics(unicodedata.normalize("NFC", text)).lower()
    codes = tuple(dict.fromkeys(code.upper() for code in CODE.findall(text)))
    percents = [int(p) for p in _PERCENT.findall(folded) if int(p) <= 100]
    percent = percents[-1] if percents else None
    extension = _EXTENSION.search(folded)
    if extension:
        return _extension(extension.group("date"), percent, codes)
    if _DONE.search(folded) and not _NOT_DONE.search(folded):
        return Intent("completed", 100, codes=codes)
    return Intent("progress", percent, codes=codes)


def _extension(date_text: str | None, percent: int | None, codes: tuple[str, ...]) -> Intent:
    if not date_text:
        return Intent("extension", percent, problem="Không ghi ngày xin gia hạn đến.", codes=codes)
    day, month, year = (int(p) for p in re.split(r"\s*[/.-]\s*", date_text.strip()))
    try:
        return Intent("extension", percent, dt.date(year, month, day), codes=codes)
    except ValueError:
        return Intent("extension", percent, problem=f"Ngày xin gia hạn «{date_text}» không tồn tại.", codes=codes)
