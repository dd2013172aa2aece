"""Finding agency names in a sentence and splitting lists of them.

Documents name agencies by full name ("Sở Tài nguyên và Môi trường"), abbreviation ("Sở
TN&MT"), with a title ("Giám đốc Sở Xây dựng"), as a group ("các sở, ban, ngành", "UBND các
quận, huyện, thị xã", "UBND cấp huyện") or as a factored list ("các Sở: Nội vụ, Y tế, Tài
chính"). Known names come from the lexicon; unknown ones are read from a head word ("Sở",
"Ban", "Công an", ...) and the capitalised words after it, since Vietnamese capitalises the
first syllable of each part of an official name and not the verbs that follow.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.text import name_key
from .lexicon import DEPARTMENT_ABBREVIATIONS, Lexicon

TOKEN = re.compile(r"\w+(?:[&'’]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    #: `name_key(text)`, computed once: every window of tokens is looked up by its keys.
    key: str = ""

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Mention:
    """An agency or group named in the text."""

    written: str  #: as written, titles dropped
    name: str  #: what to report: the canonical name when known, else the written name expanded
    is_group: bool
    start: int  #: token index where it starts
    end: int  #: token index after it


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end(), name_key(m.group(0))) for m in TOKEN.finditer(text)]


_TITLES = ("giam doc", "pho giam doc", "thu truong", "chu tich", "pho chu tich", "lanh dao", "truong ban",
           "chanh thanh tra", "chanh van phong", "cuc truong", "nguoi dung dau", "tong giam doc", "bi thu",
           "dai dien lanh dao", "truong phong")
_GROUP_NOUNS = {"so", "ban", "nganh", "co quan", "don vi", "dia phuong", "doan the", "quan", "huyen", "thi xa",
                "thanh pho", "xa", "phuong", "thi tran", "to chuc", "doanh nghiep", "hoi", "truong", "cap",
                "phong", "don vi su nghiep", "co so", "benh vien", "tinh", "cac cap", "to chuc chinh tri xa hoi",
                "so nganh", "ban nganh", "chi nhanh", "phong ban"}
_GROUP_TAILS = ("lien quan", "co lien quan", "thanh pho", "tp", "tinh", "truc thuoc", "thuoc thanh pho",
                "thuoc ubnd thanh pho", "thuoc ubnd tinh", "thuoc tinh", "cap huyen", "cap xa", "cap tinh",
                "tuong duong so", "trung uong", "tren dia ban", "duoc giao", "doan the tinh", "doan the thanh pho",
                "su nghiep truc thuoc", "cung cap", "truc thuoc ubnd thanh pho", "truc thuoc ubnd tinh",
                "thuoc ubnd tp", "truc thuoc ubnd tp", "cac cap", "duoc giao chu tri", "chu tri tham muu",
                "duoc phan cong", "dia phuong")
_UNITS = ("tinh", "thanh pho", "tp", "quan", "huyen", "thi xa", "xa", "phuong", "thi tran")
_HEADS = ("so", "ban", "van phong", "thanh tra", "cong an", "cuc", "chi cuc", "kho bac", "bao hiem xa hoi", "bhxh",
          "dai", "lien minh", "lien doan", "hoi", "uy ban mat tran", "ubmttq", "mat tran to quoc", "trung tam",
          "phong", "vien", "truong", "bao", "cong ty", "tinh doan", "thanh doan", "bo chi huy", "bo", "tong cuc",
          "ngan hang", "hoc vien", "benh vien", "toa an", "vien kiem sat", "hoi dong", "ban chi dao", "doan",
          "tong cong ty", "tap doan")
#: Lower-case words that end an unknown name: the verbs and prepositions that follow subjects.
_STOP = set("""chủ phối có tiếp khẩn tổ rà tham triển thực báo gửi đề chịu là đôn hướng kiểm nghiên phát xây tổng
chuẩn trình theo tại về của cho để trong với đối được đã đang sẽ cần phải nghiêm quyết chỉ trên tăng nâng đẩy
thường định hằng hàng trước sau khi nếu các cùng liên thuộc trực làm lập sớm ban giao yêu tiến đảm phân bố hoàn
cập công thống căn đánh giải quản lựa lấy cung tuyên nắm vận mời ký tập ưu xử thẩm cử duy vào nhằm bảo có""".split())
_ROMAN_OR_LIST = re.compile(r"^[IVXivx]+$|^\d+$|^[a-zđ]$")


def _keys(tokens: list[Token], i: int, n: int) -> str:
    """`name_key` of the words tokens[i:i+n] (punctuation drops out, as name_key drops it)."""
    joined = " ".join(t.key for t in tokens[i:i + n] if t.key)
    return joined.replace("uy ban nhan dan", "ubnd") if "nhan dan" in joined else joined


def _starts_with(tokens: list[Token], i: int, phrases: tuple[str, ...] | set[str]) -> int:
    """Length in tokens of the longest phrase (given as keys) that starts at i, or 0."""
    best = 0
    for n in range(1, 6):
        if i + n <= len(tokens) and tokens[i + n - 1].text[:1].isalnum() and _keys(tokens, i, n) in phrases:
            best = n
    return best


def _skip_titles(tokens: list[Token], i: int) -> int:
    """"Giám đốc, Thủ trưởng các Sở" → index of "các"; titles are not agencies."""
    while True:
        n = _starts_with(tokens, i, _TITLES)
        if not n:
            return i
        i += n
        while i < len(tokens) and tokens[i].text in (",", "/") or (i < len(tokens) and tokens[i].key == "va"
                                                                  and _starts_with(tokens, i + 1, _TITLES)):
            i += 1


def parse_name(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """The agency or group named at token i (after any titles), or None."""
    start = _skip_titles(tokens, i)
    if start >= len(tokens):
        return None
    for reader in (_read_group, _read_known, _read_ubnd, _read_headed):
        mention = reader(tokens, start, lexicon)
        if mention is not None:
            return mention
    return None


def _text(tokens: list[Token], i: int, j: int, source: str | None = None) -> str:
    parts = []
    for k in range(i, j):
        token = tokens[k]
        if parts and token.text not in (",", ";", ".", ")") and tokens[k - 1].text not in ("(",):
            parts.append(" ")
        parts.append(token.text)
    return "".join(parts)


def _read_known(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """The longest known name starting at token i, extended over a following place name."""
    best = 0
    key = ""
    for j in range(i, min(len(tokens), i + lexicon.longest + 8)):
        if not tokens[j].key:
            continue  # punctuation: part of the name only if words follow
        key = f"{key} {tokens[j].key}" if key else tokens[j].key
        if "nhan dan" in key:
            key = key.replace("uy ban nhan dan", "ubnd")
        if key in lexicon.agencies:
            best = j + 1
        elif key not in lexicon.prefixes and "uy ban" not in key:
            break
    if not best:
        return None
    canonical = lexicon.agencies[_keys(tokens, i, best - i)]
    end = _proper_tail(tokens, best)
    written = _text(tokens, i, end)
    name = canonical if end == best else expand_abbreviations(written)
    return Mention(written, name, False, i, end)


def _proper_tail(tokens: list[Token], j: int) -> int:
    """Extend over a place name after a known name: "Cục Thuế TP" + "Hà Nội"."""
    k = j
    while k < len(tokens) and tokens[k].is_capitalised and tokens[k].key not in ("ubnd",) \
            and not _starts_with(tokens, k, _HEADS) and tokens[k].text.isalpha():
        k += 1
    return k if k - j <= 3 else j


def _read_group(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    j = i
    ubnd = _ubnd_length(tokens, j)
    if ubnd:
        j += ubnd
        if _keys(tokens, j, 1) == "cap" or _keys(tokens, j, 2) == "cung cap":
            n = 2 if _keys(tokens, j, 1) == "cap" else 2
            end = j + n
            return Mention(_text(tokens, i, end), _text(tokens, i, end), True, i, end)
    if _keys(tokens, j, 1) != "cac":
        return None
    k = j + 1
    n = _starts_with(tokens, k, _GROUP_NOUNS)
    if not n:
        return None
    k += n
    while k < len(tokens):  # "các sở, ban, ngành", "các quận, huyện, thị xã", "các sở và ngành"
        if tokens[k].text in (",", "/") or tokens[k].key == "va":
            n = _starts_with(tokens, k + 1, _GROUP_NOUNS)
            if n and not (tokens[k + 1].key == "ubnd"):
                k += 1 + n
                continue
        break
    while True:
        n = _starts_with(tokens, k, _GROUP_TAILS)
        if not n:
            break
        k += n
    end = k
    return Mention(_text(tokens, i, end), _text(tokens, i, end), True, i, end)


def _ubnd_length(tokens: list[Token], i: int) -> int:
    if _keys(tokens, i, 1) == "ubnd":
        return 1
    return 4 if _keys(tokens, i, 4) == "ubnd" else 0  # "Ủy ban nhân dân" folds to "ubnd"


def _read_ubnd(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """"UBND huyện Ngọc Hồi", "Ủy ban nhân dân thành phố và các huyện", "UBND tỉnh"."""
    n = _ubnd_length(tokens, i)
    if not n:
        return None
    k = i + n
    unit = _starts_with(tokens, k, _UNITS)
    if not unit:
        return None
    k += unit
    while k < len(tokens) and tokens[k].is_capitalised and tokens[k].text.isalpha() and tokens[k].key != "ubnd":
        k += 1
    is_group = False
    if _keys(tokens, k, 2) == "va cac" and _starts_with(tokens, k + 2, _GROUP_NOUNS):
        k += 2 + _starts_with(tokens, k + 2, _GROUP_NOUNS)
        is_group = True
    written = _text(tokens, i, k)
    return Mention(written, lexicon.lookup(written) or written, is_group, i, k)


def _read_headed(tokens: list[Token], i: int, lexicon: Lexicon, commas_continue: bool = True) -> Mention | None:
    """An unknown body: a head word, then its name up to the first verb or preposition.

    A comma followed by a capitalised word continues the name ("Sở Văn hóa, Thể thao và Du
    lịch") except inside a factored list, where commas separate the items.
    """
    n = _starts_with(tokens, i, _HEADS)
    if not n or not tokens[i].is_capitalised:
        return None
    if i + n < len(tokens) and not tokens[i + n].is_capitalised and n == 1:
        return None  # "Ban hành", "Hội nghị", "Báo cáo": a verb or noun, not a body
    k = i + n
    while k < len(tokens) and k - i < 18:
        token = tokens[k]
        if (token.text == "-" or (token.text == "," and commas_continue)) and k + 1 < len(tokens) \
                and tokens[k + 1].is_capitalised \
                and not _starts_with(tokens, k + 1, _HEADS) and tokens[k + 1].key != "ubnd":
            k += 1
            continue
        if token.key == "va" and k + 1 < len(tokens) and tokens[k + 1].is_capitalised \
                and not _starts_with(tokens, k + 1, _HEADS) and tokens[k + 1].key != "ubnd":
            k += 1
            continue
        if not token.text[:1].isalnum() or (not token.is_capitalised and token.text.lower() in _STOP):
            break
        if token.key == "ubnd":
            k += 1
            continue
        k += 1
    if k == i + n and tokens[i].key in ("so", "ban", "phong", "dai", "bao", "bo", "hoi", "doan"):
        return None  # a bare "Sở" or "Ban" names nothing
    written = _text(tokens, i, k)
    return Mention(written, lexicon.lookup(written) or expand_abbreviations(written), False, i, k)


def expand_abbreviations(name: str) -> str:
    """"Sở KH&ĐT" → "Sở Kế hoạch và Đầu tư"; leaves other names as they are."""
    for full, shorts in DEPARTMENT_ABBREVIATIONS.items():
        for short in shorts:
            if re.search(rf"\bSở\s+{re.escape(short)}(?!\w)", name):
                return re.sub(rf"\bSở\s+{re.escape(short)}(?!\w)", f"Sở {full}", name)
    return name


def parse_list(tokens: list[Token], i: int, lexicon: Lexicon) -> tuple[list[Mention], int]:
    """A list of agencies from token i: "Sở A, Sở B và UBND các huyện"; returns (mentions, next index).

    Factored lists are expanded: "các Sở: Nội vụ, Y tế" → "Sở Nội vụ", "Sở Y tế".
    """
    factored = _factored_list(tokens, i, lexicon)
    if factored is not None:
        return factored
    mentions: list[Mention] = []
    k, semicolons = i, False
    while k < len(tokens):
        mention = parse_name(tokens, k, lexicon)
        if mention is None:
            break
        if semicolons and not _separator(tokens, mention.end):
            mention = _extend_to_next_item(tokens, mention, lexicon)
        mentions.append(mention)
        k = mention.end
        separator = _separator(tokens, k)
        if not separator or parse_name(tokens, k + separator, lexicon) is None:
            break
        semicolons = semicolons or tokens[k].text == ";"
        k += separator
    return _merge_title_joined_groups(tokens, mentions), k


def _merge_title_joined_groups(tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """"Giám đốc các Sở, Thủ trưởng các cơ quan, đơn vị" is one collective (the heads of those
    bodies), not two leads. Groups of People's Committees stay apart ("..., Chủ tịch UBND các
    huyện" is a different level of government)."""
    merged: list[Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if previous is not None and previous.is_group and mention.is_group and _title_between(tokens, previous, mention) \
                and not any(name_key(m.written).startswith("ubnd") for m in (previous, mention)):
            written = _text(tokens, previous.start, mention.end)
            written = re.sub(r",\s*(?:Giám đốc|Thủ trưởng|Lãnh đạo|Người đứng đầu)\s+", ", ", written)
            merged[-1] = Mention(written, written, True, previous.start, mention.end)
        else:
            merged.append(mention)
    return merged


def _title_between(tokens: list[Token], first: Mention, second: Mention) -> bool:
    between = tokens[first.end:second.start]
    return any(_starts_with(tokens, k, _TITLES) for k in range(first.end, second.start)) and len(between) <= 4


def _extend_to_next_item(tokens: list[Token], mention: Mention, lexicon: Lexicon) -> Mention:
    """In a list separated by ";" each item runs to the next ";" (or "và" + another name), so a
    long name with lower-case words ("Ban Quản lý dự án đầu tư xây dựng các công trình giao
    thông, dân dụng và công nghiệp tỉnh") is kept whole."""
    for j in range(mention.end, min(len(tokens), mention.end + 30)):
        if tokens[j].text in (".", ":") or tokens[j].text == ";" and j == mention.end:
            break
        if tokens[j].text == ";" or (tokens[j].key == "va" and parse_name(tokens, j + 1, lexicon) is not None):
            written = _text(tokens, mention.start, j)
            return Mention(written, lexicon.lookup(written) or expand_abbreviations(written), mention.is_group,
                           mention.start, j)
    return mention


def _separator(tokens: list[Token], k: int) -> int:
    if k >= len(tokens):
        return 0
    if tokens[k].text in (",", ";"):
        return 2 if k + 1 < len(tokens) and tokens[k + 1].key in ("va", "cung") else 1
    if tokens[k].key in ("va", "cung"):
        return 1
    return 0


def _factored_item(tokens: list[Token], j: int, head: Token, lexicon: Lexicon) -> Mention | None:
    """One item of a factored list: a body named in full ("Thanh tra TP"), or the shared head
    word plus the item ("Tài chính" → "Sở Tài chính"), known names first."""
    if _starts_with(tokens, j, _HEADS + ("ubnd",)) and tokens[j].is_capitalised:
        return parse_name(tokens, j, lexicon)
    virtual = [Token(head.text, head.start, head.start, head.key)] + tokens[j:]
    mention = _read_known(virtual, 0, lexicon) or _read_headed(virtual, 0, lexicon, commas_continue=False)
    if mention is None or mention.end <= 1:
        return None
    written = head.text + " " + _text(tokens, j, j + mention.end - 1)
    return Mention(written, mention.name, False, j, j + mention.end - 1)


def _factored_list(tokens: list[Token], i: int, lexicon: Lexicon) -> tuple[list[Mention], int] | None:
    """"các Sở: Tài nguyên và Môi trường, Tài chính, Thanh tra TP" (a head word shared by a list)."""
    k = _skip_titles(tokens, i)
    if _keys(tokens, k, 1) != "cac" or k + 2 >= len(tokens):
        return None
    head = tokens[k + 1]
    if head.key not in ("so", "ban") or tokens[k + 2].text != ":":
        return None
    mentions, j = [], k + 3
    while j < len(tokens):
        mention = _factored_item(tokens, j, head, lexicon)
        if mention is None:
            break
        mentions.append(mention)
        j = mention.end
        separator = _separator(tokens, j)
        if not separator:
            break
        j += separator
    return (mentions, j) if mentions else None
