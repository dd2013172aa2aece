"""The agency directory shipped with the package (Hà Nội, today and as its older notices name it)
and the groups documents name.

A group lists member kinds ("all districts") and/or named members; members by kind are
recomputed at each load so a district added later joins "UBND các quận, huyện, thị xã".
"""
from __future__ import annotations

import csv
import io
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session
from flask_babel import gettext as _

from ..core.dates import today_vn
from ..core.errors import InvalidInput
from ..core.text import name_key
from .models import Agency, AgencyGroup, AgencyGroupAlias, AgencyKind
from .succession import current_agency
from .services import ImportResult, find_agency, parse_agency_csv, replace_aliases


def default_directory_files() -> tuple[bytes, bytes]:
    data = resources.files("tracker.agencies") / "data"
    return (data / "hanoi.csv").read_bytes(), (data / "hanoi_groups.csv").read_bytes()


def load_default_directory(session: Session) -> tuple[ImportResult, int]:
    """Load (or complete) Hà Nội's directory in its current structure: the province's standard
    bodies, communes and wards (`provinces.import_province`), over the names its notices used
    before 2025 (hanoi.csv: bodies that still exist, merged departments and the dissolved
    districts, kept as history so old notices are read). Adds only what is missing: addresses
    and short names the office entered stay. Returns the import counts and group count."""
    from .provinces import import_province

    agencies_csv, groups_csv = default_directory_files()
    province = import_province(session, "Hà Nội", older_names=parse_agency_csv(agencies_csv))
    groups = load_groups(session, groups_csv)
    return ImportResult(province.created, province.updated), groups + province.groups


def load_groups(session: Session, raw: bytes) -> int:
    """Create or update groups from `name,aliases,kinds,members` rows; all rows or none."""
    specs, errors = [], []
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    for record in reader:
        try:
            specs.append(_group_spec(session, record))
        except InvalidInput as exc:
            errors.append(f"dòng {reader.line_num}: {exc.message}")
    if errors:
        raise InvalidInput(_("Tệp nhóm cơ quan có dòng không hợp lệ; không thay đổi gì."), errors)
    for name, aliases, members in specs:
        upsert_group(session, name, aliases, members)
    session.flush()
    return len(specs)


def _group_spec(session: Session, record: dict[str, str]) -> tuple[str, list[str], list[Agency]]:
    name = (record.get("name") or "").strip()
    if not name:
        raise InvalidInput(_("thiếu tên nhóm"))
    kinds = []
    for word in _split(record.get("kinds")):
        try:
            kinds.append(AgencyKind(word))
        except ValueError as exc:
            raise InvalidInput(_("loại «%(word)s» không hợp lệ", word=word)) from exc
    members = list(session.scalars(select(Agency).where(Agency.kind.in_(kinds), Agency.is_active.is_(True)))) \
        if kinds else []
    today = today_vn()
    for member_name in _split(record.get("members")):
        agency = find_agency(session, member_name)
        if agency is None:
            raise InvalidInput(_("không có cơ quan «%(member_name)s» trong danh bạ", member_name=member_name))
        members.append(current_agency(agency, today))  # a member that merged is its successor now
    return name, _split(record.get("aliases")), members


def upsert_group(session: Session, name: str, aliases: list[str], members: list[Agency]) -> AgencyGroup:
    """Create or update a group; a short name another group already has stays with that group."""
    group = session.scalar(select(AgencyGroup).where(AgencyGroup.name_key == name_key(name)))
    if group is None:
        group = AgencyGroup(name=name, name_key=name_key(name))
        session.add(group)
        session.flush()
    others = set(session.scalars(select(AgencyGroupAlias.alias_key).where(AgencyGroupAlias.group_id != group.id)))
    aliases = [a for a in aliases if name_key(a) not in others]
    group.members = list({m.id: m for m in members}.values())
    replace_aliases(session, group, aliases, AgencyGroupAlias)
    return group


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]
