"""A province's directory in one command, from the official list of provinces, communes and
wards (the `vietnam-provinces` package: 34 provinces, about 3,300 communes and wards, July 2025)
and the provincial bodies organised alike in every province (Nghị định 45/2025/NĐ-CP), with the
2025 successions so notices written before the reorganisation are still read.

Importing is idempotent and keeps what the office entered: addresses, its own short names,
agencies it added. A name the office already uses for another agency is not taken.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType, Ward

from ..core.errors import InvalidInput
from ..core.text import name_key
from .divisions import province_name, ward_name
from .services import AgencyRow, spelled_key
from .models import Agency, AgencyAlias, AgencyKind, Succession

#: The groups documents name, by member kinds: (name, short names, kinds).
GROUPS = (
    ("Các sở, ban, ngành", ["các sở, ngành", "các Sở, ban, ngành {cấp}", "các sở, ban, ngành {cấp}",
                            "các cơ quan chuyên môn thuộc UBND {cấp}"], [AgencyKind.DEPARTMENT]),
    ("UBND các xã, phường", ["UBND cấp xã", "UBND các xã, phường, đặc khu", "các xã, phường",
                             "UBND xã, phường", "UBND các phường, xã"], [AgencyKind.COMMUNE]),
    ("Các sở, ban, ngành, UBND các xã, phường", ["các sở, ngành, UBND các xã, phường",
                                                 "các Sở, ban, ngành {cấp}, UBND các xã, phường",
                                                 "các sở, ban, ngành và UBND các xã, phường"],
     [AgencyKind.DEPARTMENT, AgencyKind.COMMUNE]),
)
_KINDS = {k.value: k for k in AgencyKind}
_WARD_WORDS = {VietNamDivisionType.XA: "xã", VietNamDivisionType.PHUONG: "phường",
               VietNamDivisionType.DAC_KHU: "đặc khu"}


@dataclass
class Place:
    """A province as its documents write it."""

    code: int
    name: str  #: "Quảng Ninh", "Hà Nội"
    level: str  #: "tỉnh" or "Thành phố", as in "UBND tỉnh", "Văn phòng UBND Thành phố"
    full_name: str  #: "Tỉnh Quảng Ninh", "Thành phố Hà Nội"

    def fill(self, template: str) -> str:
        youth = "Tỉnh đoàn" if self.level == "tỉnh" else "Thành đoàn"
        return " ".join(template.replace("{cấp}", self.level).replace("{tên}", self.name)
                        .replace("{đoàn}", youth).split())


@dataclass
class ProvinceImport:
    province: str
    created: int = 0
    updated: int = 0
    communes: int = 0
    successions: int = 0
    groups: int = 0
    dissolved: int = 0  #: district UBNDs (and their offices) marked as gone from 1 July 2025
    skipped_names: list[str] = field(default_factory=list)  #: names another agency already uses


def all_provinces() -> list[Place]:
    """The 34 provinces, by name, for the office's choice."""
    return sorted((_place(p) for p in Province.iter_all()), key=lambda place: name_key(place.name))


def find_province(query: str) -> Place:
    """A province by its code ("22") or its name with or without "Tỉnh"/"Thành phố"/"TP."."""
    wanted = _province_key(query)
    for province in Province.iter_all():
        if wanted in (str(int(province.code)), _province_key(province.name), province.codename.replace("_", " ")):
            return _place(province)
    names = ", ".join(sorted(_place(p).name for p in Province.iter_all()))
    raise InvalidInput(_("Không có tỉnh, thành phố «%(query)s». Có: %(names)s.", query=query, names=names))


def _province_key(text: str) -> str:
    key = name_key(text)
    for prefix in ("thanh pho ", "tp ", "tinh "):
        key = key.removeprefix(prefix)
    return key.lstrip("0") or key


def _place(province: Province) -> Place:
    city = province.division_type is VietNamDivisionType.THANH_PHO_TRUNG_UONG
    name = province_name(province)
    return Place(int(province.code), name, "Thành phố" if city else "tỉnh",
                 province.name if city else f"Tỉnh {province.name}")


@dataclass
class Commune:
    name: str  #: "UBND phường Hoàn Kiếm"
    short_names: list[str]
    #: Set when another commune of the province differs only by its tone marks ("xã Sơn Hà" and
    #: "xã Sơn Hạ"): the directory's diacritic-free key would make them one, so this one's key
    #: carries its official code and it is found by its exact spelling only.
    code: int | None = None


def communes_of(place: Place) -> list[Commune]:
    """The UBND of every commune, ward and special zone of the province."""
    wards = sorted(Ward.iter_by_province(ProvinceCode(place.code)), key=lambda w: int(w.code))
    bare = {int(w.code): ward_name(w) for w in wards}
    folded = Counter(name_key(name) for name in bare.values())
    communes = []
    for ward in wards:
        word, name = _WARD_WORDS.get(ward.division_type, "xã"), bare[int(ward.code)]
        if folded[name_key(name)] > 1:
            communes.append(Commune(f"UBND {word} {name}", [], int(ward.code)))
        else:
            communes.append(Commune(f"UBND {word} {name}", [f"{word} {name}", f"UBND {word} {name} {place.name}"]))
    return communes


def _bodies(place: Place, filename: str) -> list[dict[str, str]]:
    raw = (resources.files("tracker.agencies") / "data" / filename).read_text("utf-8")
    return [row for row in csv.DictReader(io.StringIO(raw)) if _applies(row.get("provinces") or "", place.code)]


def _applies(spec: str, code: int) -> bool:
    """"" everywhere; "1;79" only there; "-1;-79" everywhere but there."""
    parts = [p.strip() for p in spec.split(";") if p.strip()]
    only = {int(p) for p in parts if not p.startswith("-")}
    never = {int(p[1:]) for p in parts if p.startswith("-")}
    return (not only or code in only) and code not in never


def _with_place(name: str, place: Place) -> list[str]:
    """The same body named with its province, as notices and older directories write it:
    "Sở Y tế tỉnh Quảng Ninh", "Sở Y tế Quảng Ninh", "Hội Nông dân thành phố Hà Nội"."""
    if place.name in name:
        return []
    if name.endswith((" tỉnh", " Thành phố")):  # "Thanh tra tỉnh" -> "Thanh tra tỉnh Quảng Ninh"
        return [f"{name} {place.name}"]
    return [f"{name} {place.level} {place.name}", f"{name} {place.name}"]


def import_province(session: Session, query: str, older_names: Sequence[AgencyRow] = ()) -> ProvinceImport:
    """Create or complete the directory of one province; a second run changes nothing.
    `older_names` are bodies the province's notices named before (kept as they are, so old
    notices are read; the 2025 successions below then link them to today's bodies)."""
    place = find_province(query)
    report = ProvinceImport(place.full_name)
    directory = _Directory(session)
    for known in older_names:
        directory.ensure(known.name, known.kind, known.short_names, report)
    for row in _bodies(place, "provincial_bodies.csv"):
        name = place.fill(row["name"])
        aliases = [place.fill(a) for a in (row["short_names"] or "").split(";") if a.strip()]
        directory.ensure(name, _KINDS[row["kind"]], aliases, report, same_as=_with_place(name, place))
    before = report.created
    for commune in communes_of(place):
        directory.ensure(commune.name, AgencyKind.COMMUNE, commune.short_names, report, code=commune.code)
    report.communes = report.created - before
    report.successions = _ensure_successions(session, place, directory, report)
    report.dissolved = _dissolve_districts(session)
    report.groups = _ensure_groups(session, place)
    session.flush()
    return report


class _Directory:
    """The agencies and names already in the database, kept in step as rows are added."""

    def __init__(self, session: Session) -> None:
        self.session = session
        agencies = session.scalars(select(Agency).options(selectinload(Agency.aliases))).all()
        self.by_key = {a.name_key: a for a in agencies}
        self.owner = {al.alias_key: a for a in agencies for al in a.aliases} | dict(self.by_key)

    def ensure(self, name: str, kind: AgencyKind, aliases: list[str], report: ProvinceImport,
               active: bool = True, code: int | None = None, same_as: list[str] | None = None) -> Agency | None:
        """The agency called `name` (or already known by one of the `same_as` names), created
        if missing, with `aliases` and `same_as` added where free. None when `name` is another
        agency's short name (the office's choice stands)."""
        key = name_key(name) if code is None else spelled_key(name, code)
        agency = self.by_key.get(key) or next((self.owner[name_key(n)] for n in same_as or []
                                               if name_key(n) in self.owner), None)
        aliases = aliases + (same_as or [])
        if agency is None and key in self.owner:
            report.skipped_names.append(name)
            return None
        if agency is None:
            agency = Agency(name=name, name_key=key, kind=kind, is_active=active)
            self.session.add(agency)
            self.by_key[key] = self.owner[key] = agency
            report.created += 1
        else:
            report.updated += 1
        for alias in aliases:
            alias_key = name_key(alias)
            if alias_key and alias_key not in self.owner:
                agency.aliases.append(AgencyAlias(alias))
                self.owner[alias_key] = agency
        return agency


def _ensure_successions(session: Session, place: Place, directory: _Directory, report: ProvinceImport) -> int:
    """The bodies that merged or were renamed in 2025, kept inactive with their successor, so a
    notice naming them is read and its tasks go to today's body. Open tasks they still hold are
    moved by `agencies merge` (the office decides when)."""
    count = 0
    for row in _bodies(place, "successions_2025.csv"):
        successor = directory.by_key.get(name_key(place.fill(row["successor"]))) if row["successor"] else None
        aliases = [place.fill(a) for a in (row["short_names"] or "").split(";") if a.strip()]
        old = directory.ensure(place.fill(row["name"]), _KINDS[row["kind"]], aliases, report, active=False)
        dissolved = row["how"] == Succession.DISSOLVED.value
        if old is None or old is successor or old.succession or (successor is None and not dissolved):
            continue
        old.successor = successor
        old.succeeded_on = dt.datetime.strptime(row["date"], "%d/%m/%Y").date()
        old.succession = Succession(row["how"]).value
        old.is_active = False
        count += 1
    session.flush()
    return count


#: The day the district level ended (Luật Tổ chức chính quyền địa phương 2025).
DISTRICTS_END = dt.date(2025, 7, 1)


def _dissolve_districts(session: Session) -> int:
    """No district level exists after 1 July 2025: every district body still marked active
    becomes history, without a successor (its work went to several communes: the office
    chooses, by `agencies merge` or on each task)."""
    districts = list(session.scalars(select(Agency).where(Agency.kind == AgencyKind.DISTRICT,
                                                          Agency.is_active.is_(True),
                                                          Agency.successor_id.is_(None))))
    for agency in districts:
        agency.is_active, agency.succession, agency.succeeded_on = False, Succession.DISSOLVED.value, DISTRICTS_END
    return len(districts)


def _ensure_groups(session: Session, place: Place) -> int:
    """The usual groups, their members by kind (active bodies only)."""
    from .directory import upsert_group

    for name, aliases, kinds in GROUPS:
        members = list(session.scalars(select(Agency).where(Agency.kind.in_(kinds), Agency.is_active.is_(True))))
        upsert_group(session, name, [place.fill(t) for t in aliases], members)
    return len(GROUPS)
