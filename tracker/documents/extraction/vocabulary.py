"""The closed word classes of Vietnamese administrative names, as comparison keys.

An agency's name is built from parts: an optional title of a person heading it ("Giám đốc"),
a head noun for the kind of body ("Sở", "Phòng", "Ban Chỉ huy Quân sự", "UBND"), a domain
from the list the government fixes for each level ("Tài nguyên và Môi trường", "Tài chính -
Kế hoạch"), and a level word with a place ("tỉnh", "huyện Tứ Kỳ"). Open classes (places,
unknown bodies' own words) are read from capitalisation; these closed ones are listed here.

Domains follow the decrees that organise the specialised bodies: provincial departments
(Nghị định 24/2014/NĐ-CP, 107/2020/NĐ-CP, and after 1 March 2025 45/2025/NĐ-CP) and district
offices (Nghị định 37/2014/NĐ-CP, 108/2020/NĐ-CP); commune offices after July 2025
(Nghị định 150/2025/NĐ-CP).
"""
from __future__ import annotations

import re

from ...core.text import name_key

#: Titles of the person heading a body: "Giám đốc Sở X" names Sở X.
TITLES = frozenset({
    "giam doc", "pho giam doc", "thu truong", "chu tich", "pho chu tich", "pho chu tich thuong truc",
    "lanh dao", "dai dien lanh dao", "dai dien", "truong ban", "pho truong ban", "chanh thanh tra",
    "chanh van phong", "pho chanh van phong", "cuc truong", "chi cuc truong", "nguoi dung dau", "tong giam doc",
    "bi thu", "pho bi thu", "truong phong", "pho truong phong", "truong tram", "thanh vien", "thuong truc",
    "uy vien", "dong chi", "cac dong chi", "tong cuc truong", "vien truong", "hieu truong",
    "chi huy truong", "chu nhiem", "thu tuong", "pho thu tuong", "bo truong",
    "can bo", "tap the lanh dao", "ban giam doc", "ban lanh dao", "cap uy", "toan the",
})
#: One-syllable keys that stand for a different word once diacritics are folded: "Hội" (an
#: association) is not "Hồi" (part of a place name), "Trường" (a school) is not "Trưởng" (head of).
SPELLINGS = {
    "hoi": {"hội"}, "truong": {"trường"}, "bo": {"bộ"}, "so": {"sở"}, "doan": {"đoàn"}, "dai": {"đài"},
    "bao": {"báo"}, "cuc": {"cục"}, "doi": {"đội"}, "tram": {"trạm"}, "vien": {"viện"}, "thon": {"thôn"},
    "phong": {"phòng"}, "thue": {"thuế"}, "ban": {"ban"}, "xa": {"xã"}, "huyen": {"huyện"}, "quan": {"quận"},
    "tinh": {"tỉnh"}, "phuong": {"phường"}, "cap": {"cấp"}, "nganh": {"ngành"}, "thanh": {"thành"},
    "thi": {"thị"}, "ap": {"ấp"},
}

#: Head nouns of bodies, longest first where one extends another.
HEADS = frozenset({
    "bo", "tong cuc", "cuc", "chi cuc", "van phong", "van phong chinh phu", "so", "ban", "thanh tra", "cong an",
    "bo chi huy", "bo chi huy quan su", "bo chi huy bo doi bien phong", "ban chi huy", "ban chi huy quan su",
    "kho bac", "kho bac nha nuoc", "thue", "cuc thue", "chi cuc thue", "bao hiem xa hoi", "bhxh",
    "ban quan ly", "trung tam", "dai", "bao", "vien", "truong", "hoi", "lien doan", "lien minh", "mat tran",
    "mat tran to quoc", "uy ban mat tran to quoc", "ubmttq", "doan", "tinh doan", "thanh doan", "huyen doan",
    "phong", "tram", "hoi dong", "ban chi dao", "to cong tac", "doi", "cong ty", "tong cong ty", "tap doan",
    "ngan hang", "benh vien", "hoc vien", "toa an", "vien kiem sat", "chi nhanh", "thon", "to dan pho",
    "ban dan toc", "quan doi", "bo doi bien phong", "uy ban kiem tra", "ban thuong vu", "hdnd", "ban to chuc",
    "ban tuyen giao", "ban dan van", "ban noi chinh", "ban tiep cong dan", "ban bien tap", "dang uy",
    "chi bo", "hop tac xa", "ban dieu hanh",
})
#: Heads that alone, without a name after them, name no body ("Sở", "Ban", "Hội", ...).
BARE_HEADS = frozenset({"so", "ban", "phong", "dai", "bao", "bo", "hoi", "doan", "cuc", "truong", "tram", "doi",
                        "vien", "thue", "thon", "chi cuc", "trung tam", "cong ty", "hoi dong", "van phong"})
#: Level words of government units: "UBND huyện", "các xã, phường, thị trấn".
LEVELS = frozenset({"tinh", "thanh pho", "tp", "quan", "huyen", "thi xa", "xa", "phuong", "thi tran", "dac khu",
                    "thanh", "thi"})
#: "UBND cấp huyện", "các cấp".
LEVEL_CLASSES = frozenset({"cap tinh", "cap huyen", "cap xa", "cac cap", "cap co so"})
#: Nouns that make a group with "các": "các sở, ban, ngành", "các cơ quan, đơn vị, địa phương".
GROUP_NOUNS = frozenset({
    "so", "ban", "nganh", "co quan", "don vi", "dia phuong", "doan the", "quan", "huyen", "thi xa", "thanh pho",
    "xa", "phuong", "thi tran", "to chuc", "doanh nghiep", "hoi", "truong", "cap", "phong", "don vi su nghiep",
    "co so", "benh vien", "tinh", "cac cap", "to chuc chinh tri xa hoi", "so nganh", "ban nganh", "chi nhanh",
    "phong ban", "chu dau tu", "ban quan ly", "ban quan ly du an", "co quan chuyen mon",
    "thon", "to dan pho", "khu pho", "ap", "ban chi dao", "thanh vien", "hoi doan the", "nganh chuc nang",
    "cong ty", "tram", "trung tam", "dac khu", "don vi truc thuoc", "luc luong", "nha truong",
})
#: What may follow a group: "các sở, ngành liên quan", "... trực thuộc UBND huyện", "... của tỉnh".
GROUP_TAILS = frozenset({
    "lien quan", "co lien quan", "thanh pho", "tp", "tinh", "truc thuoc", "thuoc thanh pho", "thuoc ubnd thanh pho",
    "thuoc ubnd tinh", "thuoc tinh", "cap huyen", "cap xa", "cap tinh", "tuong duong so", "trung uong",
    "tren dia ban", "doan the tinh", "doan the thanh pho", "su nghiep truc thuoc", "cung cap",
    "truc thuoc ubnd thanh pho", "truc thuoc ubnd tinh", "thuoc ubnd tp", "truc thuoc ubnd tp", "cac cap",
    "duoc phan cong", "dia phuong", "cua tinh", "cua thanh pho",
    "cua huyen", "truc thuoc ubnd huyen", "thuoc ubnd huyen", "thuoc huyen", "huyen", "chuc nang",
    "chuyen mon", "chuyen nganh", "khu vuc", "doan the", "cua tp", "tren dia ban tinh", "tren dia ban huyen",
    "tren dia ban thanh pho", "truc thuoc ubnd xa", "xa", "phuong",
})
#: Words that open a name's place: "Sở Y tế tỉnh Quảng Ninh", "Công an huyện".
PLACE_LEVELS = frozenset({"tinh", "thanh pho", "tp", "quan", "huyen", "thi xa", "xa", "phuong", "thi tran",
                          "dac khu"})

#: Domains of specialised bodies: (official name, abbreviations, heads it goes with).
#: "so" = provincial department, "phong" = district or commune office.
DOMAINS: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...] = (
    ("Nội vụ", (), frozenset({"so", "phong"})),
    ("Tư pháp", (), frozenset({"so", "phong"})),
    ("Kế hoạch và Đầu tư", ("KH&ĐT", "KHĐT", "KH-ĐT", "KHĐT"), frozenset({"so"})),
    ("Tài chính", (), frozenset({"so"})),
    ("Công Thương", (), frozenset({"so"})),
    ("Xây dựng", ("XD",), frozenset({"so"})),
    ("Giao thông vận tải", ("GTVT",), frozenset({"so"})),
    ("Tài nguyên và Môi trường", ("TN&MT", "TNMT", "TN-MT", "TN và MT"), frozenset({"so", "phong"})),
    ("Nông nghiệp và Phát triển nông thôn", ("NN&PTNT", "NNPTNT", "NN-PTNT", "NN và PTNT"), frozenset({"so", "phong"})),
    ("Nông nghiệp và Môi trường", ("NN&MT", "NNMT", "NN-MT", "NN và MT"), frozenset({"so", "phong"})),
    ("Thông tin và Truyền thông", ("TT&TT", "TTTT", "TT-TT", "TT và TT"), frozenset({"so"})),
    ("Giáo dục và Đào tạo", ("GD&ĐT", "GDĐT", "GD-ĐT", "GD và ĐT"), frozenset({"so", "phong"})),
    ("Y tế", (), frozenset({"so", "phong"})),
    ("Lao động - Thương binh và Xã hội", ("LĐTB&XH", "LĐTBXH", "LĐ-TB&XH", "LĐ-TBXH"), frozenset({"so", "phong"})),
    ("Văn hóa, Thể thao và Du lịch", ("VH,TT&DL", "VHTTDL", "VH-TT-DL", "VHTT&DL", "VH-TT&DL"), frozenset({"so"})),
    ("Văn hóa và Thể thao", ("VH&TT", "VHTT"), frozenset({"so"})),
    ("Văn hóa và Thông tin", ("VH&TT",), frozenset({"phong"})),
    ("Văn hóa - Xã hội", ("VH-XH", "VHXH"), frozenset({"phong"})),
    ("Khoa học và Công nghệ", ("KH&CN", "KHCN", "KH-CN"), frozenset({"so"})),
    ("Ngoại vụ", (), frozenset({"so"})),
    ("Du lịch", (), frozenset({"so"})),
    ("Quy hoạch - Kiến trúc", ("QH-KT", "QHKT"), frozenset({"so"})),
    ("Dân tộc và Tôn giáo", (), frozenset({"so", "phong"})),
    ("Dân tộc", (), frozenset({"phong", "ban"})),
    ("Giao thông công chính", ("GTCC",), frozenset({"so"})),
    ("Kinh tế và Hạ tầng", ("KT&HT", "KT-HT", "KTHT", "KT và HT"), frozenset({"phong"})),
    ("Kinh tế, Hạ tầng và Đô thị", ("KT,HT&ĐT", "KTHTĐT"), frozenset({"phong"})),
    ("Kinh tế", (), frozenset({"phong"})),
    ("Quản lý đô thị", ("QLĐT",), frozenset({"phong"})),
    ("Tài chính - Kế hoạch", ("TC-KH", "TCKH", "TC&KH", "TC và KH"), frozenset({"phong"})),
    ("Thanh tra", (), frozenset({"phong"})),
)


def compact(key: str) -> str:
    """A domain's spelling-free form: "tai nguyen va moi truong", "tai nguyen moi truong" and
    "tn&mt" differ only in "và", "&", "-" and spaces, which this drops."""
    words = [w for w in key.replace("&", " ").split() if w != "va"]
    return "".join(words)


def _domain_table() -> dict[str, dict[str, str]]:
    """compact form → {head: official domain} for every domain and abbreviation."""
    table: dict[str, dict[str, str]] = {}
    for official, abbreviations, heads in DOMAINS:
        for written in (official, *abbreviations):
            forms = table.setdefault(compact(name_key(written)), {})
            for head in heads:
                forms.setdefault(head, official)
    return table


DOMAIN_FORMS = _domain_table()


def _initials_table() -> dict[str, dict[str, str]]:
    """Vietnamese abbreviates a name by the first letter of each syllable ("Tài nguyên và Môi
    trường" → TNMT), and writers mix the two ("Nông nghiệp - PTNT"): initials without "và"
    → {head: official domain}."""
    table: dict[str, dict[str, str]] = {}
    for official, _, heads in DOMAINS:
        letters = "".join(w[:1] for w in name_key(official).split() if w != "va")
        if len(letters) >= 3:
            forms = table.setdefault(letters, {})
            for head in heads:
                forms.setdefault(head, official)
    return table


DOMAIN_INITIALS = _initials_table()
#: The longest domain in words, bounding the scan for one.
DOMAIN_MAX_WORDS = 9

_ABBREVIATION = re.compile(r"^[A-ZĐ]{2,}(?:[&,\-][A-ZĐ]+)*$")


def looks_abbreviated(text: str) -> bool:
    return bool(_ABBREVIATION.match(text))
