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
from .vocabulary import DOMAINS, compact

HEAD_WORDS = {"so": "Sở", "phong": "Phòng", "ban": "Ban"}

#: Bodies every province has; "{p}" is "tỉnh" or "Thành phố".
PROVINCIAL_BODIES = (
    "Văn phòng UBND {p}", "Văn phòng Ủy ban nhân dân {p}", "Công an {p}", "Thanh tra {p}",
    "Bộ Chỉ huy Quân sự {p}", "Bộ Chỉ huy Bộ đội Biên phòng {p}", "Kho bạc Nhà nước {p}", "Cục Thuế {p}",
    "Thuế {p}", "Bảo hiểm xã hội {p}", "Đài Phát thanh và Truyền hình {p}", "Ban Dân tộc {p}",
    "Ban Quản lý Khu kinh tế {p}", "Ủy ban Mặt trận Tổ quốc Việt Nam {p}", "Hội Liên hiệp Phụ nữ {p}",
    "Liên đoàn Lao động {p}", "Hội Nông dân {p}", "Hội Cựu chiến binh {p}", "Liên minh Hợp tác xã {p}",
    "Văn phòng Đoàn ĐBQH và HĐND {p}", "Trung tâm Phục vụ hành chính công {p}",
    "Ban Quản lý dự án đầu tư xây dựng {p}",
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
    #: The same names by their spelling-free form ("Sở Tài nguyên-Môi trường" is "Sở Tài nguyên
    #: và Môi trường"), for names the reader assembled from parts.
    compacts: dict[str, str] = field(default_factory=dict)

    def add(self, written: str, canonical: str, overwrite: bool = True) -> None:
        key = name_key(written)
        if key and (overwrite or key not in self.agencies):
            self.agencies[key] = canonical
            self.compacts[compact(key)] = canonical
            words = key.split()
            self.longest = max(self.longest, len(words))
            self.prefixes.update(" ".join(words[:n]) for n in range(1, len(words) + 1))

    def lookup(self, text: str) -> str | None:
        key = name_key(text)
        return self.agencies.get(key) or self.compacts.get(compact(key))

    @classmethod
    def national(cls) -> "Lexicon":
        """Names every province uses; what the extractor knows without a directory."""
        lexicon = cls()
        for official, abbreviations, heads in DOMAINS:
            for head in heads:
                word = HEAD_WORDS[head]
                for written in (official, *abbreviations):
                    lexicon.add(f"{word} {written}", f"{word} {official}", overwrite=False)
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
