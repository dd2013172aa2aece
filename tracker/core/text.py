"""Text keys for matching Vietnamese names as people actually type them.

Documents write "Sở TT&TT", "Sở Thông tin và Truyền thông", "UBND", "Ủy ban nhân dân", and
people search "so y te" for "Sở Y tế". A key folds case, diacritics (đ → d) and punctuation
so that these compare equal; NFC first, because windows-1258 text arrives decomposed.
"""
from __future__ import annotations

import re
import unicodedata
from email.message import Message
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z&]+")


def strip_diacritics(text: str) -> str:
    """"Sở Y tế" → "So Y te"; đ/Đ become d/D, which NFD alone does not do."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A comparison key: NFC, casefolded, without diacritics, words joined by single spaces.

    "&" is kept because it carries meaning in abbreviations ("TT&TT" vs "TTTT" both occur,
    so aliases list both forms rather than the key guessing).
    """
    folded = strip_diacritics(unicodedata.normalize("NFC", text)).casefold()
    folded = folded.replace("uy ban nhan dan", "ubnd")
    return _NON_WORD.sub(" ", folded).strip()


def ubnd_abbreviated(text: str) -> str:
    """"Ủy ban nhân dân" (either placement of the tone mark, any case) as offices abbreviate it:
    "UBND". Keeps every other diacritic, unlike `name_key`."""
    return _UBND.sub("UBND", unicodedata.normalize("NFC", text))


_UBND = re.compile(r"(?i)(?:ủy|uỷ) ban nhân dân")


def search_key(text: str) -> str:
    """Key for free-text search columns: like `name_key`, for whole descriptions."""
    return name_key(text)


#: What makes Excel or LibreOffice read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_text(value: object) -> object:
    """A text cell that a spreadsheet shows as text: one starting like a formula gets a leading
    apostrophe, the spreadsheet convention for "this is text". Numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def from_spreadsheet_text(value: str) -> str:
    """Undo `spreadsheet_text` on a cell read back from our own export."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def text_of_part(part: Message) -> tuple[str, bool]:
    """A MIME text part's content, and whether its charset was readable. An unknown or lying
    charset is read as UTF-8, then Windows Vietnamese; failing both, Latin-1 (every byte kept)."""
    try:
        return part.get_content(), True  # type: ignore[attr-defined]
    except (LookupError, UnicodeError):
        payload: bytes = part.get_payload(decode=True) or b""  # type: ignore[assignment]  # a leaf part: bytes
        for charset in ("utf-8", "cp1258"):
            try:
                return payload.decode(charset), True
            except UnicodeDecodeError:
                continue
        return payload.decode("latin-1"), False
