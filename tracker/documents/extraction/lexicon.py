"""Names of agencies the extractor recognises, from the directory and from national usage.

Documents come from every province, so besides the office's own directory the extractor
knows the names every province uses for its departments and bodies ("Sở Nội vụ", "Công an
tỉnh", "Văn phòng UBND tỉnh") and the abbreviations they are written with ("Sở KH&ĐT").
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from importlib import resources

from ...core.text import name_key

#: Department names used in every province (before and after the 2025 mergers).
DEPARTMENTS = (
    "Nội vụ", "Tư pháp", "Kế hoạch và Đầu tư", "Tài chính", "Công Thương", "Xây dựng", "Giao thông vận tải",
    "Tài nguyên và Môi trường", "Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và Môi trường",
    "Thông tin và Truyền thông", "Giáo dục và Đào tạo", "Y tế", "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch", "Văn hóa và Thể thao", "Văn hóa - Thể thao", "Du lịch", "Khoa học và Công nghệ",
    "Ngoại vụ", "Quy hoạch - Kiến trúc", "Dân tộc và Tôn giáo", "Giao thông công chính", "Quy hoạch Kiến trúc",
)
#: Abbreviations of department names as documents write them, by full name.
DEPARTMENT_ABBREVIATIONS = {
    "Kế hoạch và Đầu tư": ("KH&ĐT", "KHĐT", "KH-ĐT"),
    "Tài nguyên và Môi trường": ("TN&MT", "TNMT", "TN-MT"),
    "Thông tin và Truyền thông": ("TT&TT", "TTTT", "TT-TT"),
    "Giáo dục và Đào tạo": ("GD&ĐT", "GDĐT", "GD-ĐT"),
    "Nông nghiệp và Phát triển nông thôn": ("NN&PTNT", "NNPTNT", "NN-PTNT"),
    "Lao động - Thương binh và Xã hội": ("LĐTB&XH", "LĐTBXH", "LĐ-TB&XH"),
    "Văn hóa, Thể thao và Du lịch": ("VH,TT&DL", "VHTTDL", "VH-TT-DL", "VHTT&DL"),
    "Văn hóa và Thể thao": ("VH&TT", "VHTT"),
    "Khoa học và Công nghệ": ("KH&CN", "KHCN"),
    "Giao thông vận tải": ("GTVT",),
    "Nông nghiệp và Môi trường": ("NN&MT", "NNMT"),
}
#: Bodies every province has; "{p}" is "tỉnh" or "Thành phố".
PROVINCIAL_BODIES = (
    "Văn phòng UBND {p}", "Văn phòng Ủy ban nhân dân {p}", "Công an {p}", "Thanh tra {p}",
    "Bộ Chỉ huy Quân sự {p}", "Bộ Chỉ huy Bộ đội Biên phòng {p}", "Kho bạc Nhà nước {p}", "Cục Thuế {p}",
    "Bảo hiểm xã hội {p}", "Đài Phát thanh và Truyền hình {p}", "Ban Dân tộc {p}", "Ban Quản lý Khu kinh tế {p}",
    "Ủy ban Mặt trận Tổ quốc Việt Nam {p}", "Hội Liên hiệp Phụ nữ {p}", "Liên đoàn Lao động {p}",
    "Hội Nông dân {p}", "Hội Cựu chiến binh {p}", "Liên minh Hợp tác xã {p}", "Văn phòng Đoàn ĐBQH và HĐND {p}",
    "Trung tâm Phục vụ hành chính công {p}", "Ban Quản lý dự án đầu tư xây dựng {p}",
)
PARTY_BODIES = ("Ban Tuyên giáo", "Ban Dân vận", "Ban Tổ chức", "Ban Nội chính", "Văn phòng", "Ủy ban Kiểm tra")
OTHER_BODIES = ("Liên minh Hợp tác xã Việt Nam", "Tỉnh đoàn", "Thành đoàn", "Sở chuyên ngành phụ trách",
                "Sở chuyên ngành")


@dataclass
class Lexicon:
    """Name keys → the name to report: the directory's canonical name, or a full generic name."""

    agencies: dict[str, str] = field(default_factory=dict)
    #: Longest known name, in words, to bound the lookup window.
    longest: int = 1
    #: Every word-prefix of every known key, so a scan stops as soon as no name can follow.
    prefixes: set[str] = field(default_factory=set)

    def add(self, written: str, canonical: str, overwrite: bool = True) -> None:
        key = name_key(written)
        if key and (overwrite or key not in self.agencies):
            self.agencies[key] = canonical
            words = key.split()
            self.longest = max(self.longest, len(words))
            self.prefixes.update(" ".join(words[:n]) for n in range(1, len(words) + 1))

    def lookup(self, text: str) -> str | None:
        return self.agencies.get(name_key(text))

    @classmethod
    def national(cls) -> "Lexicon":
        """Names every province uses; what the extractor knows without a directory."""
        lexicon = cls()
        for dept in DEPARTMENTS:
            lexicon.add(f"Sở {dept}", f"Sở {dept}")
        for dept, abbreviations in DEPARTMENT_ABBREVIATIONS.items():
            for short in abbreviations:
                lexicon.add(f"Sở {short}", f"Sở {dept}")
        for body in PROVINCIAL_BODIES:
            for place in ("tỉnh", "Thành phố", "TP"):
                lexicon.add(body.format(p=place), body.format(p="Thành phố" if place == "TP" else place))
        for body in PARTY_BODIES:
            for committee in ("Tỉnh ủy", "Thành ủy"):
                lexicon.add(f"{body} {committee}", f"{body} {committee}")
        for body in OTHER_BODIES:
            lexicon.add(body, body)
        return lexicon

    def with_directory(self, rows: list[tuple[str, list[str]]]) -> "Lexicon":
        """Add a directory's agencies (name and short names → canonical name); the directory wins."""
        for name, short_names in rows:
            for written in (name, *short_names):
                self.add(written, name)
        return self


def builtin_directory_rows() -> list[tuple[str, list[str]]]:
    """The shipped Hà Nội directory as (name, short names), read without a database."""
    raw = (resources.files("tracker.agencies") / "data" / "hanoi.csv").read_text(encoding="utf-8")
    return [(row["name"], [s for s in row["short_names"].split(";") if s]) for row in csv.DictReader(io.StringIO(raw))]
