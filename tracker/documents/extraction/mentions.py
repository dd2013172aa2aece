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
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from ...core.text import name_key
from .lexicon import HEAD_WORDS, Lexicon
from .people import person_at_end
from .vocabulary import (DOMAIN_FORMS, DOMAIN_MAX_WORDS, GROUP_NOUNS, GROUP_TAILS, HEADS, LEVELS, PLACE_LEVELS,
                         TITLES, BARE_HEADS, SPELLINGS, DOMAIN_INITIALS, compact,
                         looks_abbreviated)

TOKEN = re.compile(r"\w+(?:[&'’]\w+)*|[^\w\s]")


class Token(NamedTuple):
    """A word or punctuation mark; a tuple, since a document makes tens of thousands of them."""

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
    #: Named through a person's title ("Chủ tịch UBND huyện ..."): may be a person speaking.
    titled: bool = False


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`; a table's cells and a sentence's clauses are read several times
    over, so the last few thousand texts' tokens are kept."""
    return list(_tokens(text))


def clear_token_cache() -> None:
    """For benchmarks: forget the tokens kept, so a text is read as if for the first time."""
    _tokens.cache_clear()


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    new, key = tuple.__new__, name_key  # the tuple's own constructor: no keyword handling per token
    return tuple(new(Token, (m.group(), m.start(), m.end(), key(m.group()))) for m in TOKEN.finditer(text))


_TITLES = TITLES
_GROUP_NOUNS = GROUP_NOUNS
_GROUP_TAILS = GROUP_TAILS
_UNITS = LEVELS - {"thanh", "thi"}
_HEADS = tuple(HEADS)
_CLASSES = frozenset({"cap tinh", "cap huyen", "cap xa", "cac cap", "cung cap", "cap co so"})
_DOMAIN_HEADS = frozenset(HEAD_WORDS)
_TAILS_AFTER_COMMA = GROUP_TAILS - PLACE_LEVELS
_UNIT_WORDS = _UNITS - {"tp"}
#: Lower-case words that end an unknown name: the verbs and prepositions that follow subjects.
_STOP = set("""chủ phối có tiếp khẩn tổ rà tham triển thực báo gửi đề chịu là đôn hướng kiểm nghiên phát xây tổng
chuẩn trình theo tại về của cho để trong với đối được đã đang sẽ cần phải nghiêm quyết chỉ trên tăng nâng đẩy
thường định hằng hàng trước sau khi nếu các cùng liên thuộc trực làm lập sớm ban giao yêu tiến đảm phân bố hoàn
cập công thống căn đánh giải quản lựa lấy cung tuyên nắm vận mời ký tập ưu xử thẩm cử duy vào nhằm bảo có""".split())


def _keys(tokens: list[Token], i: int, n: int) -> str:
    """`name_key` of the words tokens[i:i+n] (punctuation drops out, as name_key drops it)."""
    joined = " ".join(t.key for t in tokens[i:i + n] if t.key)
    if "nhan dan" in joined:
        joined = joined.replace("uy ban nhan dan", "ubnd").replace("hoi dong nhan dan", "hdnd")
    return joined


_PREFIX_CACHE: dict[int, tuple[object, frozenset[str]]] = {}


def _prefixes(phrases: tuple[str, ...] | set[str] | frozenset[str]) -> frozenset[str]:
    """Every word-prefix of the phrases, so a scan stops at the first word no phrase continues."""
    cached = _PREFIX_CACHE.get(id(phrases))
    if cached is None or cached[0] is not phrases:
        words = (p.split() for p in phrases)
        cached = (phrases, frozenset(" ".join(w[:n]) for w in words for n in range(1, len(w) + 1)))
        _PREFIX_CACHE[id(phrases)] = cached
    return cached[1]


def _starts_with(tokens: list[Token], i: int, phrases: tuple[str, ...] | set[str] | frozenset[str]) -> int:
    """Length in tokens of the longest phrase (given as keys) that starts at i, or 0."""
    prefixes = _prefixes(phrases)
    best, key = 0, ""
    for n in range(1, min(7, len(tokens) - i + 1)):
        token = tokens[i + n - 1]
        if not token.key:
            key_n = _keys(tokens, i, n)
        else:
            key_n = f"{key} {token.key}" if key else token.key
            if "nhan dan" in key_n:
                key_n = _keys(tokens, i, n)
        key = key_n
        if token.text[:1].isalnum() and key in phrases:
            best = n
        if key not in prefixes and "uy ban" not in key and "hoi dong" not in key:
            break
    if best == 1 and tokens[i].key in SPELLINGS and tokens[i].text.lower() not in SPELLINGS[tokens[i].key]:
        return 0
    return best


def _title_length(tokens: list[Token], i: int) -> int:
    """A title at i. "Trưởng" (head of) and "Trường" (school) share a key: the written form decides."""
    if i < len(tokens) and tokens[i].text.lower() == "trưởng":
        return 1
    return _starts_with(tokens, i, _TITLES)


def _skip_titles(tokens: list[Token], i: int) -> int:
    """"Giám đốc, Thủ trưởng các Sở" → index of "các"; titles are not agencies."""
    while True:
        n = _title_length(tokens, i)
        if not n:
            return i
        i += n
        while i < len(tokens) and tokens[i].text in (",", "/", "-", "–") or (
                i < len(tokens) and tokens[i].key == "va" and _title_length(tokens, i + 1)):
            i += 1


def parse_name(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """The agency or group named at token i (after any titles), or None."""
    start = _skip_titles(tokens, i)
    if start >= len(tokens):
        return None
    for reader in (_read_group, _read_ubnd, _read_office, _read_named, _read_headed, _read_level_place):
        mention = reader(tokens, start, lexicon)
        if mention is not None:
            return _without_person(tokens, i, replace(mention, titled=True), lexicon) if start > i else mention
    return None


def _without_person(tokens: list[Token], i: int, mention: Mention, lexicon: Lexicon) -> Mention:
    """"Giám đốc Sở Xây dựng Lê Văn An": the body without the person's name, which still
    belongs to the mention (the predicate starts after it)."""
    k = end = mention.end
    while k > mention.start and tokens[k - 1].is_capitalised and tokens[k - 1].text.isalpha():
        k -= 1
    while end < len(tokens) and end - mention.end < 4 and tokens[end].is_capitalised and tokens[end].text.isalpha():
        end += 1  # a place reads a few words at most: the rest of a longer name follows it
    person = person_at_end([t.text for t in tokens[k:end]])
    if not person:
        return mention
    body = parse_name(tokens[:end - person], i, lexicon)
    return replace(body, end=end) if body is not None else mention


def _text(tokens: list[Token], i: int, j: int, source: str | None = None) -> str:
    parts = []
    for k in range(i, j):
        token = tokens[k]
        if parts and token.text not in (",", ";", ".", ")") and tokens[k - 1].text not in ("(",):
            parts.append(" ")
        parts.append(token.text)
    return "".join(parts)


def _read_named(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """A body named by a known name or by a head and a domain, whichever reads further."""
    known = _read_known(tokens, i, lexicon)
    domain = _read_domain(tokens, i, lexicon)
    if known is None:
        return domain
    if domain is None or known.end >= domain.end:
        return known
    return domain


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
    if not best or not tokens[i].is_capitalised and not _starts_with(tokens, i, _DOMAIN_HEADS):
        return None
    canonical = lexicon.agencies[_keys(tokens, i, best - i)]
    end = _place_tail(tokens, best)
    written = _text(tokens, i, end)
    tail = _text(tokens, best, end)
    name = canonical if end == best or name_key(canonical).endswith(name_key(tail)) else f"{canonical} {tail}"
    return Mention(written, lexicon.lookup(written) or lexicon.lookup(name) or name, False, i, end)


def _read_domain(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """A head with a domain from the fixed list, in any spelling: "Sở TN-MT", "phòng NN và
    PTNT", "Phòng Kinh tế – hạ tầng"; then its place. The name given is the official one."""
    head = tokens[i].key
    if head not in HEAD_WORDS:
        return None
    best: tuple[int, str] | None = None
    parts: list[str] = []
    initials: list[str] = []
    abbreviated = False
    for j in range(i + 1, min(len(tokens), i + 2 + DOMAIN_MAX_WORDS)):
        token = tokens[j]
        if not token.key:
            if token.text in ("-", "–", "—", ",", "&"):
                continue
            break
        parts.append(compact(token.key))
        if token.key != "va":  # "NN và PTNT": the conjunction has no initial
            initials.append(compact(token.key) if looks_abbreviated(token.text) else token.key[:1])
        abbreviated = abbreviated or looks_abbreviated(token.text)
        official = DOMAIN_FORMS.get("".join(parts), {}).get(head)
        if official is None and abbreviated and len("".join(initials)) >= 3 and token.key != "va":
            official = DOMAIN_INITIALS.get("".join(initials), {}).get(head)
        if official is not None:
            best = (j + 1, official)
    if best is None:
        return None
    end = _place_tail(tokens, best[0])
    name = f"{HEAD_WORDS[head]} {best[1]}"
    if end > best[0]:
        name += " " + _text(tokens, best[0], end)
    return Mention(_text(tokens, i, end), lexicon.lookup(name) or name, False, i, end)


#: The levels a system of bodies spans: "Công an từ tỉnh đến xã", "từ Trung ương đến cơ sở".
_SPAN_LEVELS = frozenset({"tinh", "huyen", "xa", "co so", "trung uong", "thanh pho", "quan", "phuong", "thon"})


def _level_range(tokens: list[Token], j: int) -> int:
    """"từ tỉnh đến huyện" after a name: part of it (the whole system); the index after."""
    if j >= len(tokens) or tokens[j].text.lower() != "từ":
        return j
    first = _starts_with(tokens, j + 1, _SPAN_LEVELS)
    if not first or _keys(tokens, j + 1 + first, 1) not in ("den", "toi"):
        return j
    last = _starts_with(tokens, j + 2 + first, _SPAN_LEVELS)
    return j + 2 + first + last if last else j


def _place_tail(tokens: list[Token], j: int) -> int:
    """A place after a name: "tỉnh", "huyện Tứ Kỳ", "TP Hà Nội", or a bare place ("Hà Nội"),
    or the levels the body spans ("từ tỉnh đến huyện")."""
    spanned = _level_range(tokens, j)
    if spanned > j:
        return spanned
    level = _starts_with(tokens, j, PLACE_LEVELS)
    if level:
        return _proper_words(tokens, j + level, 5)
    k = _proper_words(tokens, j, 3)
    return k


def _proper_words(tokens: list[Token], j: int, limit: int) -> int:
    """Capitalised words from j (a place's name), at most `limit`, not starting another body."""
    k = j
    while k < len(tokens) and k - j < limit and tokens[k].is_capitalised and tokens[k].text.isalpha() \
            and tokens[k].key not in ("ubnd", "hdnd") and not _starts_with(tokens, k, _HEADS) \
            and not _title_length(tokens, k):
        k += 1
    return k


def _read_group(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """"các sở, ban, ngành liên quan", "các xã, các phòng ban", "Các cơ quan, đơn vị, địa phương"."""
    if _keys(tokens, i, 1) not in ("cac", "nhung"):
        return None
    k = i + 1
    n = _starts_with(tokens, k, _GROUP_NOUNS)
    if not n:
        return None
    k += n
    while k < len(tokens):
        sep = 0
        if tokens[k].text in (",", "/") or tokens[k].key == "va":
            sep = 1
            if k + 1 < len(tokens) and tokens[k + 1].key == "cac":
                sep = 2
        if sep:
            n = _starts_with(tokens, k + sep, _GROUP_NOUNS)
            following = tokens[k + sep + n] if n and k + sep + n < len(tokens) else None
            named = following is not None and following.is_capitalised and following.text[:1].isalpha() \
                and following.key not in ("ubnd", "hdnd")  # ", Sở Tài chính": a body of its own
            if n and tokens[k + sep].key not in ("ubnd", "hdnd") and not named:
                k += sep + n
                continue
        break
    k = _group_tail(tokens, k)
    return Mention(_text(tokens, i, k), _text(tokens, i, k), True, i, k)


def _group_tail(tokens: list[Token], k: int) -> int:
    while k < len(tokens):
        owner = _owner(tokens, k)
        if owner > k:
            k = owner
            continue
        n = _starts_with(tokens, k, _GROUP_TAILS)
        if n:
            k += n
            continue
        if tokens[k].text == "," and k + 1 < len(tokens):
            n = _starts_with(tokens, k + 1, _TAILS_AFTER_COMMA)
            if n and _keys(tokens, k + 1, n) in ("khu vuc", "chuc nang", "doan the"):
                k += 1 + n
                continue
        break
    return k


def _owner(tokens: list[Token], k: int) -> int:
    """"(trực) thuộc UBND huyện Krông Bông" after a group: whose units they are; the index after."""
    j = k + (tokens[k].key == "truc")
    if k and tokens[k - 1].key == "thuoc":
        j = k  # "đơn vị trực thuộc" already read as the group's noun
    elif j < len(tokens) and tokens[j].key == "thuoc":
        j += 1
    else:
        return k
    n = _council_length(tokens, j)
    if not n:
        return k
    level = _starts_with(tokens, j + n, PLACE_LEVELS)
    return _proper_words(tokens, j + n + level, 5) if level else j + n


def _council_length(tokens: list[Token], i: int) -> int:
    """"UBND", "Ủy ban nhân dân", "HĐND", "Hội đồng nhân dân" at i."""
    if _keys(tokens, i, 1) in ("ubnd", "hdnd"):
        return 1
    return 4 if i + 4 <= len(tokens) and _keys(tokens, i, 4) in ("ubnd", "hdnd") else 0


def _level_list(tokens: list[Token], k: int) -> int:
    """"huyện, thị xã, thành phố" / "xã, thị trấn" from k; returns the index after it."""
    n = _starts_with(tokens, k, LEVELS)
    if not n:
        return k
    k += n
    while k + 1 < len(tokens) and (tokens[k].text in (",", "/") or tokens[k].key == "va"):
        n = _starts_with(tokens, k + 1, LEVELS)
        if not n:
            break
        k += 1 + n
    return k


def _read_ubnd(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """"UBND huyện Ngọc Hồi", "UBND các huyện, thị xã, thành phố", "UBND cấp huyện",
    "Ủy ban nhân dân thị xã và các xã", "UBND tỉnh", and "UBND" alone."""
    n = _council_length(tokens, i)
    if not n:
        return None
    k = i + n
    if _keys(tokens, k, 1) == "cac" and _starts_with(tokens, k + 1, LEVELS):
        end = _group_tail(tokens, _level_list(tokens, k + 1))
        return Mention(_text(tokens, i, end), _text(tokens, i, end), True, i, end)
    cls = _starts_with(tokens, k, _CLASSES)
    if cls:
        end = k + cls
        return Mention(_text(tokens, i, end), _text(tokens, i, end), True, i, end)
    unit = _starts_with(tokens, k, _UNITS)
    if not unit:
        written = _text(tokens, i, k)
        return Mention(written, written, False, i, k)
    after_level = _level_list(tokens, k)
    if after_level > k + unit:  # "UBND xã, phường, thị trấn"
        end = _group_tail(tokens, after_level)
        return Mention(_text(tokens, i, end), _text(tokens, i, end), True, i, end)
    k = _proper_words(tokens, k + unit, 5)
    is_group = False
    if _keys(tokens, k, 2) == "va cac" and _starts_with(tokens, k + 2, LEVELS):
        k = _level_list(tokens, k + 2)
        is_group = True
    written = _text(tokens, i, k)
    return Mention(written, lexicon.lookup(written) or written, is_group, i, k)


def _read_office(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """"Văn phòng HĐND và UBND huyện", "Văn phòng HĐND-UBND huyện", "Văn phòng UBND tỉnh": the
    office of the councils, named by the councils it serves and their level."""
    if _keys(tokens, i, 2) != "van phong":
        return None
    k = i + 2
    councils: list[str] = []
    while k < len(tokens):
        n = _council_length(tokens, k)
        if n:
            councils.append("HĐND" if _keys(tokens, k, n) == "hdnd" else "UBND")
            k += n
            if k < len(tokens) and (tokens[k].text in ("-", "–", "&") or tokens[k].key == "va") \
                    and _council_length(tokens, k + 1):
                k += 1
            continue
        break
    if not councils:
        return None
    level = _starts_with(tokens, k, PLACE_LEVELS)
    end = _proper_words(tokens, k + level, 5) if level else k
    name = f"Văn phòng {' và '.join(councils)}" + (f" {_text(tokens, k, end)}" if end > k else "")
    return Mention(_text(tokens, i, end), lexicon.lookup(name) or name, False, i, end)


def ubnd_named_list(tokens: list[Token], i: int) -> tuple[list[Mention], int] | None:
    """"UBND các tỉnh An Giang, Cà Mau": one People's Committee per place."""
    start = _skip_titles(tokens, i)
    n = _council_length(tokens, start)
    if not n or _keys(tokens, start + n, 1) != "cac":
        return None
    level = _starts_with(tokens, start + n + 1, _UNITS)
    if not level:
        return None
    level_text = _text(tokens, start + n + 1, start + n + 1 + level).lower()
    council = _text(tokens, start, start + n)
    mentions: list[Mention] = []
    k = start + n + 1 + level
    while k < len(tokens):
        end = _proper_words(tokens, k, 5)
        if end == k:
            break
        written = f"{council} {level_text} {_text(tokens, k, end)}"
        mentions.append(Mention(written, written, False, k, end))
        k = end
        if k + 1 < len(tokens) and (tokens[k].text == "," or tokens[k].key == "va") \
                and tokens[k + 1].is_capitalised:
            k += 1
            continue
        break
    return (mentions, k) if len(mentions) >= 1 else None


def _read_level_place(tokens: list[Token], i: int, lexicon: Lexicon) -> Mention | None:
    """"huyện Bắc Mê" where an agency is expected: the unit's government, as written."""
    n = _starts_with(tokens, i, _UNIT_WORDS)
    if not n:
        return None
    end = _proper_words(tokens, i + n, 4)
    if end == i + n:
        return None
    written = _text(tokens, i, end)
    name = written[:1].upper() + written[1:]
    return Mention(written, lexicon.lookup(name) or name, False, i, end)


def _read_headed(tokens: list[Token], i: int, lexicon: Lexicon, commas_continue: bool = True) -> Mention | None:
    """An unknown body: a head word, then its own name, then its place.

    Vietnamese capitalises the first syllable of a name's parts, so lower-case words continue
    a name ("Ban Quản lý vườn quốc gia Ba Vì") until a verb, a preposition, punctuation,
    or a level word, after which only the place's capitalised words follow. A comma followed
    by a capitalised word continues the name ("Trung tâm Văn hóa, Thông tin") except
    inside a factored list, where commas separate the items.
    """
    n = _starts_with(tokens, i, _HEADS)
    if not n or not tokens[i].is_capitalised:
        return None
    if i + n < len(tokens) and not tokens[i + n].is_capitalised and n == 1 \
            and _keys(tokens, i, 1) in BARE_HEADS and not _starts_with(tokens, i + n, PLACE_LEVELS):
        return None  # "Ban hành", "Hội nghị", "Báo cáo": a verb or noun, not a body
    k = i + n
    while k < len(tokens) and k - i < 18:
        token = tokens[k]
        if token.text.lower() == "từ":
            k = _level_range(tokens, k)
            break
        level = _starts_with(tokens, k, PLACE_LEVELS) if not token.is_capitalised else 0
        if level:
            k = _proper_words(tokens, k + level, 5)
            break
        if token.text in ("-", "–") or (token.text == "," and commas_continue) or token.key == "va":
            if k + 1 < len(tokens) and tokens[k + 1].is_capitalised and not _starts_with(tokens, k + 1, _HEADS) \
                    and tokens[k + 1].key not in ("ubnd", "hdnd") and not _title_length(tokens, k + 1) \
                    and not (token.text == "," and _keys(tokens, k + 1, 1) in ("cac",)):
                k += 1
                continue
            break
        if not token.text[:1].isalnum() or (not token.is_capitalised and token.text.lower() in _STOP
                                             and not _second_syllable(tokens, k)):
            break
        if token.key in ("ubnd", "hdnd"):
            k += 1
            continue
        k += 1
    if k == i + n and _keys(tokens, i, n) in BARE_HEADS:
        return None  # a bare "Sở" or "Ban" names nothing
    written = _text(tokens, i, k)
    return Mention(written, lexicon.lookup(written) or written, False, i, k)


#: Two-syllable verbs whose first syllable may also end a name's capitalised word ("Cục Thuế
#: triển khai" ends the name; "Trung tâm Phát triển quỹ đất" does not).
_VERBS = frozenset({"chu tri", "phoi hop", "co trach", "tiep tuc", "khan truong", "to chuc", "ra soat", "tham muu",
                    "trien khai", "thuc hien", "bao cao", "de xuat", "chiu trach", "don doc", "huong dan", "kiem tra",
                    "nghien cuu", "phat hanh", "xay dung", "tong hop", "chuan bi", "theo doi", "tiep nhan",
                    "cap nhat", "dam bao", "bao dam", "hoan thanh", "giai quyet", "quan ly", "chi dao", "tang cuong",
                    "day manh", "trinh", "lap", "gui"})


def _second_syllable(tokens: list[Token], k: int) -> bool:
    """A lower-case syllable right after a capitalised one belongs to that word ("Phát triển"),
    unless it starts a verb of its own."""
    if k == 0 or not tokens[k - 1].is_capitalised:
        return False
    pair = f"{tokens[k].key} {tokens[k + 1].key}" if k + 1 < len(tokens) else tokens[k].key
    return pair not in _VERBS and tokens[k].key not in _VERBS


def expand_abbreviations(name: str) -> str:
    """Kept for callers that hold a written name: read it again as a name and give its reading."""
    tokens = tokenize(name)
    mention = _read_domain(tokens, 0, Lexicon()) if tokens else None
    return mention.name if mention is not None and mention.end == len(tokens) else name


def parse_list(tokens: list[Token], i: int, lexicon: Lexicon) -> tuple[list[Mention], int]:
    """A list of agencies from token i: "Sở A, Sở B và UBND các huyện"; returns (mentions, next index).

    Factored lists are expanded: "các Sở: Nội vụ, Y tế" → "Sở Nội vụ", "Sở Y tế".
    """
    factored = _factored_list(tokens, i, lexicon) or ubnd_named_list(tokens, i)
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
    """"Giám đốc các sở, Thủ trưởng các đơn vị" is one collective (the heads of those
    bodies), not two leads. Groups of People's Committees stay apart ("..., Chủ tịch UBND các
    huyện" is a different level of government)."""
    merged: list[Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        joined_by_title = previous is not None and previous.is_group and mention.is_group \
            and _title_between(tokens, previous, mention)
        if joined_by_title and not any(name_key(m.written).startswith("ubnd") for m in (previous, mention)):
            written = _text(tokens, previous.start, mention.end)
            written = re.sub(r",\s*(?:\w+\s+){0,3}?các\s+", ", các ", written)
            written = re.sub(r"^(các sở), các (ban\b)", r"\1, \2", written, flags=re.I)  # the fixed "sở, ban, ngành"
            merged[-1] = Mention(written, written, True, previous.start, mention.end)
        else:
            merged.append(mention)
    return merged


def _title_between(tokens: list[Token], first: Mention, second: Mention) -> bool:
    between = tokens[first.end:second.start]
    return any(_title_length(tokens, k) for k in range(first.end, second.start)) and len(between) <= 4


def _extend_to_next_item(tokens: list[Token], mention: Mention, lexicon: Lexicon) -> Mention:
    """In a list separated by ";" each item runs to the next ";" (or "và" + another name), so a
    long name with lower-case words ("Ban Quản lý dự án các công trình thủy lợi và
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
    mention = _read_named(virtual, 0, lexicon) or _read_headed(virtual, 0, lexicon, commas_continue=False)
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
