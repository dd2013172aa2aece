"""People named after their title and body: "Giám đốc Sở Xây dựng Lê Văn An".

Vietnamese writes an official as title, body, then full name, and capitalises every syllable
of both a place and a person's name, so "Sở Xây dựng Lê Văn An" reads like a body with a place
after it. A full name is family name, middle name(s), given name: three or more syllables whose
first is one of the family names nearly every Vietnamese person carries. Places take such
names too ("phường Chu Văn An", "xã Trần Văn Thời"), so a run that is a place in the official
list of provinces, communes and wards stays a place.
"""
from __future__ import annotations

import functools

from vietnam_provinces import Province, Ward

from ...agencies.divisions import province_name, ward_name
from ...core.text import name_key

#: Family names of the great majority of Vietnamese people (diacritics kept: "Hà" the name,
#: not the letter sequence of "Hạ" or "Hả").
FAMILY_NAMES = frozenset("""Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn
Trương Lâm Mai Trịnh Cao Lương Hà Tạ Tô Châu Thái Kiều Quách Vương Phùng Lưu Chu Đào Nông Lò Triệu Tăng Thân
Khổng Mạc Lại Âu Doãn Diệp Giang Hứa Kim Lục Mã Nghiêm Quan Tống Từ Viên Vi Ông La Lã Thạch Danh""".split())


@functools.cache
def known_places() -> frozenset[str]:
    """Name keys of every province, commune and ward ("chu van an", "ho chi minh")."""
    names = [province_name(p) for p in Province.iter_all()] + [ward_name(w) for w in Ward.iter_all()]
    return frozenset(name_key(n) for n in names)


def person_at_end(words: list[str]) -> int:
    """How many of `words` (the capitalised syllables closing a titled body's name) are a
    person's full name, or 0."""
    for start in range(0, max(len(words) - 2, 0)):
        run = words[start:]
        if run[0] in FAMILY_NAMES and 3 <= len(run) <= 5 and name_key(" ".join(run)) not in known_places():
            return len(run)
    return 0
