"""Words glued together by scraping ("Môi trườngchủ trì", "trướcngày", "BáoThanh tra").

Text copied from portals loses the space where a line or a tag ended. Vietnamese writes one
syllable per word, and a syllable is (onset) + one run of vowels + (coda): so a word with two
runs of vowels is two syllables, and it can be cut where the consonants between them split
into a coda the first may end with and an onset the second may start with ("ngch" is "ng" +
"ch"). A capital after a small letter inside a word starts a new one. Only words carrying a
mark of Vietnamese spelling (a tone or ă â ê ô ơ ư đ) are cut: "email" and "online" stay.
"""
from __future__ import annotations

import re
import unicodedata

_ONSETS = frozenset(("b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
                     "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v", "x"))
_CODAS = frozenset(("", "c", "ch", "m", "n", "ng", "nh", "p", "t"))
#: The vowel runs Vietnamese spelling allows (after "qu" and "gi" their u and i are the onset's).
_NUCLEI = frozenset((
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ "
    "yê iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu").split())
#: Runs that end in a glide (ai, ây, ươu) close the syllable: no consonant follows them.
_GLIDED = frozenset(n for n in _NUCLEI if len(n) > 1 and n[-1] in "iyou" and n != "uy")
_VIETNAMESE_MARK = frozenset("ăâêôơưđ")
_VOWEL_RUN = re.compile(r"[aăâeêioôơuưy]+")


def _untoned(letter: str) -> str:
    """The letter without its tone mark: "ườ" -> "ư" (the vowel's own shape kept)."""
    decomposed = unicodedata.normalize("NFD", letter)
    kept = "".join(ch for ch in decomposed if ch not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", kept).lower()


#: Lower case without tones, by table: this runs on every word of a document.
_BASES = {ord(ch): _untoned(ch) for ch in map(chr, range(0x41, 0x1F00)) if ch.isalpha() and len(_untoned(ch)) == 1}
_FOREIGN = frozenset("fjwz")


def _is_vietnamese(word: str, bases: str) -> bool:
    if any(b in _FOREIGN for b in bases):
        return False
    return any(b in _VIETNAMESE_MARK for b in bases) or any(ch.lower() != b for ch, b in zip(word, bases, strict=True))


def _cut(word: str) -> list[str]:
    """The syllables of a glued word, or the word itself when it cannot be cut cleanly."""
    bases = word.translate(_BASES)
    if not _is_vietnamese(word, bases):
        return [word]
    for i in range(2, len(word) - 1):
        if word[i - 1].islower() and word[i].isupper():
            return _cut(word[:i]) + _cut(word[i:])
    runs = [m.span() for m in _VOWEL_RUN.finditer(bases)]
    if len(runs) != 2:
        return [word]
    between = bases[runs[0][1]:runs[1][0]]
    for k in range(len(between), -1, -1):  # the longest coda that leaves an onset
        if between[:k] in _CODAS and between[k:] in _ONSETS:
            cut = runs[0][1] + k
            if _is_syllable(bases[:cut]) and _is_syllable(bases[cut:]):
                return [word[:cut], word[cut:]]
    return [word]


_SYLLABLE = re.compile(r"(?P<onset>[bcdđghklmnpqrstvx]*)(?P<nucleus>[aăâeêioôơuưy]+)(?P<coda>[bcdđghklmnpqrstvx]*)")


def _is_syllable(bases: str) -> bool:
    """Onset, an allowed vowel run, coda; a lone vowel is not cut off (ethnic names: "A Vương")."""
    match = _SYLLABLE.fullmatch(bases)
    if match is None or len(bases) == 1:
        return False
    onset, nucleus, coda = match.group("onset", "nucleus", "coda")
    if onset in ("q", "g") and len(nucleus) > 1 and nucleus[0] in "ui":
        nucleus = nucleus[1:]
    if coda and nucleus in _GLIDED:
        return False  # a run ending in a glide (ai, ây, ươu) closes the syllable
    return (onset == "" or onset in _ONSETS) and nucleus in _NUCLEI and coda in _CODAS


#: A word with two runs of vowels, found on the toneless lower-case copy (same offsets).
_TWO_RUNS = re.compile(r"(?<![^\W\d_])[a-zăâêôơưđ]*[aăâeêioôơuưy]+[bcdđghklmnpqrstvx]+[aăâeêioôơuưy][a-zăâêôơưđ]*"
                       r"(?![^\W\d_])")


def unglue(text: str) -> str:
    """`text` with glued Vietnamese words given their space back."""
    bases = text.translate(_BASES)
    pieces: list[str] = []
    done = 0
    for match in _TWO_RUNS.finditer(bases):
        start, end = match.span()
        pieces += [text[done:start], " ".join(_cut(text[start:end]))]
        done = end
    return "".join(pieces) + text[done:] if pieces else text
