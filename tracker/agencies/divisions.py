"""Names of provinces, communes and wards without the word for their kind, as documents put
them after their own ("UBND phường Chu Văn An", "tỉnh Cao Bằng"). Reads only the official
list (`vietnam-provinces`), so the directory and the notice reader share one spelling."""
from __future__ import annotations

from vietnam_provinces import Province, Ward


def province_name(province: Province) -> str:
    """"Hà Nội" of "Thành phố Hà Nội"; the list already gives a province's bare name."""
    return province.name.removeprefix("Thành phố ").strip()


def ward_name(ward: Ward) -> str:
    """"Chu Văn An" of "Phường Chu Văn An", "Côn Đảo" of "Đặc khu Côn Đảo"."""
    return ward.name.split(" ", 2 if ward.name.lower().startswith("đặc khu") else 1)[-1]
