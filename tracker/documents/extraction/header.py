"""The document's own particulars, from the form Nghị định 30/2020/NĐ-CP gives them:
issuer lines, "Số: 17/KH-UBND", "Tân An, ngày 05 tháng 7 năm 2023", the kind in capitals
(KẾ HOẠCH), the title under it (or "V/v ..." for a công văn), and the signer's name last.
Texts copied from portals often lack the header; then the particulars are read from the
sentence that reports the document ("Ngày 3/4, UBND tỉnh ban hành Công văn số 88 ...").
"""
from __future__ import annotations

import datetime as dt
import re

from ...core.text import name_key
from .model import DocumentHeader

KIND_WORDS = {
    "thong bao ket luan": "conclusion_notice", "ke hoach": "plan", "cong van": "official_letter",
    "chi thi": "directive", "quyet dinh": "decision", "thong bao": "notice",
}
SYMBOL_KINDS = {"KH": "plan", "TB": "notice", "CT": "directive", "QĐ": "decision", "QD": "decision"}
CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}

_NUMBER = re.compile(r"^\s*Số\s*:?\s*(\d+)\s*/\s*([A-ZĐ][\w.&-]*(?:-[\w.&]+)*)", re.M)
_CITED_NUMBER = re.compile(
    r"(?:Công văn|Kế hoạch|Thông báo|Chỉ thị|Quyết định|văn bản)\s+số\s+(\d+)\s*/\s*([A-ZĐ][\w.&-]*)", re.I)
_PLACE_DATE = re.compile(r"^\s*([A-ZĐ][^\n,]{1,40}),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.M)
_REPORTED_DATE = re.compile(
    r"[Nn]gày\s+(\d{1,2})(?:\s*/\s*|\s+tháng\s+)(\d{1,2})(?:\s*/\s*|\s+năm\s+)(\d{4})")
_ISSUER_LINE = re.compile(r"^\s*(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s*(.*)$", re.M)
_LEVEL_LINE = re.compile(r"^(?:TỈNH|THÀNH PHỐ|TP|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\b")
_SIGNER_TITLE = re.compile(r"(CHỦ TỊCH|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|THỦ TRƯỞNG|BỘ TRƯỞNG)")
_PERSON = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")


def read_header(text: str) -> DocumentHeader:
    lines = [line.strip() for line in text.splitlines()]
    header = DocumentHeader()
    header.number, symbol = _number(text)
    header.issued, header.place = _issued(text)
    header.kind, header.title = _kind_and_title(lines, symbol, text)
    header.issuer = _issuer(lines, header.place, text)
    header.signer = _signer(lines)
    return header


def _number(text: str) -> tuple[str, str]:
    match = _NUMBER.search(text) or _CITED_NUMBER.search(text[:1500])
    if not match:
        return "", ""
    return f"{match.group(1)}/{match.group(2).rstrip('.,')}", match.group(2)


def _issued(text: str) -> tuple[dt.date | None, str]:
    match = _PLACE_DATE.search(text)
    if match:
        return _date(match.group(4), match.group(3), match.group(2)), match.group(1).strip()
    for sentence in re.split(r"(?<=[.;])\s+|\n", text[:3000]):
        if re.search(r"ban hành|Theo (?:Công văn|Kế hoạch|Thông báo)", sentence, re.I):
            found = _REPORTED_DATE.search(sentence)
            if found:
                return _date(found.group(3), found.group(2), found.group(1)), ""
    return None, ""


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _kind_and_title(lines: list[str], symbol: str, text: str) -> tuple[str, str]:
    for index, line in enumerate(lines[:40]):
        key = name_key(line)
        if line.isupper() and key in KIND_WORDS:
            title = _title_after(lines, index)
            kind = KIND_WORDS[key]
            if kind == "notice" and "ket luan" in name_key(title):
                kind = "conclusion_notice"
            return kind, title
    vv = next((line for line in lines[:15] if re.match(r"^V/v\b", line)), "")
    kind = next((k for code, k in SYMBOL_KINDS.items() if symbol.startswith(code + "-")), "")
    if not kind and re.search(r"\bCông văn\b", text[:1500]):
        kind = "official_letter"
    title = re.sub(r"^V/v\s*", "", vv) or next((line for line in lines if line), "")
    return kind or "other", title[:500]


_NOT_TITLE = re.compile(r"^(?:[-–+•]|Căn cứ|Giao\b|Kính gửi|[IVX]+\.|\d+\.|[a-zđ]\))")


def _title_after(lines: list[str], index: int) -> str:
    """The lines under the kind word, up to a blank line or the body: titles never end with a
    full stop, and the body starts with "Căn cứ", a heading, an item or an assignment."""
    parts: list[str] = []
    for line in lines[index + 1:index + 6]:
        if not line:
            if parts:
                break
            continue
        if _NOT_TITLE.match(line) or line.endswith(".") or len(parts) == 3:
            break
        parts.append(line)
    return " ".join(parts)[:500]


def _issuer(lines: list[str], place: str, text: str) -> str:
    for index, line in enumerate(lines[:8]):
        match = _ISSUER_LINE.match(line)
        if match and line.isupper():
            following = [other for other in lines[index + 1:index + 4] if other]  # a blank line may part them
            rest = match.group(2).strip() or (following[0] if following and _LEVEL_LINE.match(following[0]) else "")
            return "UBND " + _level_cased(rest.title()) if rest else "UBND"
    if place:
        level = "Thành phố" if name_key(place) in CENTRAL_CITIES else "tỉnh"
        return f"UBND {level} {place}"
    match = re.search(r"(UBND|Ủy ban nhân dân) (tỉnh|thành phố|TP\.?) ([A-ZĐ][\wÀ-ỹ]*(?: [A-ZĐ][\wÀ-ỹ]*)*)",
                      text[:2000])
    return f"UBND {match.group(2)} {match.group(3)}" if match else ""


def _level_cased(name: str) -> str:
    """"Huyện Tân Phú" → "huyện Tân Phú": level words are common nouns ("Thành phố" of a
    centrally run city keeps its capital, as its committee writes it)."""
    name = name.replace("Thành Phố", "Thành phố")
    for level in ("Tỉnh", "Huyện", "Quận", "Thị Xã", "Xã", "Phường", "Thị Trấn", "Đặc Khu"):
        if name.startswith(level + " "):
            return level.lower() + name[len(level):]
    return name


def _signer(lines: list[str]) -> str:
    """The name under the last signing title (CHỦ TỊCH, KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, ...)."""
    signer = ""
    for index, line in enumerate(lines):
        if _SIGNER_TITLE.search(line) and line.upper() == line:
            for candidate in lines[index + 1:index + 8]:
                if _PERSON.match(candidate) and not candidate.isupper() and not candidate.startswith("Hà Nội"):
                    signer = candidate
                    break
    return signer
