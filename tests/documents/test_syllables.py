"""Glued words from scraped text, cut by the grammar of the Vietnamese syllable."""
import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from vietnam_provinces import Province, Ward

from tracker.documents.extraction.syllables import unglue

_ONSETS = ["b", "c", "ch", "d", "đ", "g", "gh", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "r", "s", "t", "th",
           "tr", "v", "x"]
_RHYMES = ["a", "ai", "ao", "ăn", "âm", "ông", "ương", "ươc", "iêt", "uyên", "ưa", "oan", "ơi", "ach", "inh", "ươi",
           "ên", "ơ", "ăng", "ung", "ôc", "ap", "ây"]
_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
_CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]


def _bare(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        ch for ch in unicodedata.normalize("NFD", text) if ch not in "\u0300\u0301\u0303\u0309\u0323"))


def _readings(glued: str) -> list[int]:
    """Every place the glued word could be cut into onset+rhyme, onset+rhyme."""
    bare = _bare(glued)
    open_runs = "a ă â e ê i o ô ơ u ư y ia iê oa oă oe ua uâ uê uô uơ uy ưa ươ yê uyê".split()
    closed_runs = "ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu iêu yêu oai oay uây uôi ươi ươu uyu".split()
    rhymes = {r + c for r in open_runs for c in _CODAS} | set(closed_runs)
    cuts = []
    for cut in range(1, len(bare)):
        left, right = bare[:cut], bare[cut:]
        if _one(left, rhymes) and _one(right, rhymes):
            cuts.append(cut)
    return cuts


def _one(part: str, rhymes: set[str]) -> bool:
    return any(part.startswith(o) and part[len(o):] in rhymes for o in _ONSETS)


def _toned(rhyme: str, tone: str) -> str:
    """The tone mark on the rhyme's last vowel letter (any placement reads the same here)."""
    vowels = [i for i, ch in enumerate(rhyme) if ch not in "cmnptgh"]
    i = vowels[-1]
    return unicodedata.normalize("NFC", rhyme[:i + 1] + tone + rhyme[i + 1:])


syllables = st.builds(lambda o, r, t: o + _toned(r, t), st.sampled_from(_ONSETS), st.sampled_from(_RHYMES),
                      st.sampled_from(_TONES))


def _marked(word: str) -> bool:
    return word != unicodedata.normalize("NFC", "".join(
        ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))) or any(
        ch in "ăâêôơưđ" for ch in word)


@settings(max_examples=300, deadline=None)
@given(first=syllables, second=syllables)
def test_two_glued_syllables_get_their_space_back(first, second):
    assume(_marked(first + second))
    # "cá" + "ngà" and "cán" + "gà" glue alike: only a gluing with one reading is asked back
    assume(len(_readings(first + second)) == 1)
    assert unglue(f"giao Sở {first}{second} thực hiện") == f"giao Sở {first} {second} thực hiện"


@settings(max_examples=100, deadline=None)
@given(first=syllables, second=syllables)
def test_a_capital_inside_a_word_starts_a_new_one(first, second):
    assume(_marked(first + second))
    assert unglue(f"{first.title()}{second.title()}") == f"{first.title()} {second.title()}"


def test_real_words_and_names_are_left_whole():
    names = [p.name for p in Province.iter_all()] + [w.name for w in Ward.iter_all()]
    assert [n for n in names if unglue(n) != n] == []
    for text in ("email online Internet VnExpress fax", "quyết định giữa khuỷu nghiêng ngoằng",
                 "TTg UBND HĐND KH&ĐT", "Krông Bông M'Drắk Chư Păh Ia Grai"):
        assert unglue(text) == text


def test_the_reader_sees_a_glued_lead_whole():
    from tracker.documents.extraction.extract import normalise
    assert normalise("giao Sở Xây dựngchủ trì kiểm tra, hoàn thành trướcngày 15/3/2024") == (
        "giao Sở Xây dựng chủ trì kiểm tra, hoàn thành trước ngày 15/3/2024")
