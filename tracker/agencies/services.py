"""Finding agencies by the names documents use, and managing the directory from CSV.

The CSV is what clerks edit in Excel: `name,short_names,kind,emails`, lists separated by
";". An import checks every row first and changes nothing if any row is bad, so a typo in
row 57 never leaves half a directory behind.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from flask_babel import gettext as _

from ..core.errors import InvalidInput
from ..core.text import from_spreadsheet_text, name_key, spreadsheet_text, ubnd_abbreviated
from .models import Agency, AgencyAlias, AgencyEmail, AgencyGroup, AgencyGroupAlias, AgencyKind

CSV_COLUMNS = ("name", "short_names", "kind", "emails")
#: Suffix marking an address that receives mail but may not act on tasks by replying.
NOTIFY_ONLY_MARK = "(chỉ nhận)"

#: Vietnamese words clerks write in the kind column, by their `name_key`.
KIND_WORDS = {
    name_key(word): kind
    for word, kind in {
        "sở/ngành": AgencyKind.DEPARTMENT, "sở": AgencyKind.DEPARTMENT, "ngành": AgencyKind.DEPARTMENT,
        "quận/huyện/thị xã": AgencyKind.DISTRICT, "quận": AgencyKind.DISTRICT, "huyện": AgencyKind.DISTRICT,
        "xã/phường": AgencyKind.COMMUNE, "xã": AgencyKind.COMMUNE, "phường": AgencyKind.COMMUNE,
        "văn phòng": AgencyKind.OFFICE, "khác": AgencyKind.OTHER,
    }.items()
}


@dataclass
class AgencyRow:
    """One validated CSV row."""

    line: int
    name: str
    short_names: list[str]
    kind: AgencyKind
    emails: list[tuple[str, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


# -- looking agencies up -------------------------------------------------------------

#: Separates a name's key from the official code that tells apart names differing only by
#: their tone marks (see `spelled_key`).
SPELLED = " ~"


def spelled_key(name: str, code: int) -> str:
    """The key of a name that another agency shares once diacritics are folded ("xã Sơn Hà",
    "xã Sơn Hạ"): unique by the official code, found by the exact spelling (`find_agency`)."""
    return f"{name_key(name)}{SPELLED}{code}"


def suggest_names(session: Session, text: str, limit: int = 20) -> list[str]:
    """Names of active agencies and of groups containing what was typed (diacritics or not),
    those starting with it first: forms ask for these as the clerk types instead of carrying
    every name of the directory (1.7 MB at national scale)."""
    key = name_key(text)
    if not key:
        return []
    found: dict[str, bool] = {}
    for name, name_key_ in session.execute(
            select(Agency.name, Agency.name_key).where(Agency.is_active, Agency.name_key.contains(key, autoescape=True))
            .order_by(Agency.name).limit(limit * 5)).all() + session.execute(
            select(AgencyGroup.name, AgencyGroup.name_key).where(AgencyGroup.name_key.contains(key, autoescape=True))
            .order_by(AgencyGroup.name).limit(limit)).all():
        found.setdefault(name, name_key_.startswith(key))
    return sorted(found, key=lambda n: (not found[n], n))[:limit]


def find_agency(session: Session, text: str) -> Agency | None:
    """The agency a name or abbreviation refers to, or None. Exact key match, no guessing; a
    name shared once diacritics are folded is found only as spelled."""
    key = name_key(text)
    if not key:
        return None
    agency = session.scalar(select(Agency).where(Agency.name_key == key))
    if agency is None:
        agency = session.scalar(select(Agency).join(AgencyAlias).where(AgencyAlias.alias_key == key))
    if agency is None:
        spelled = _spelling(text)
        agency = next((a for a in session.scalars(select(Agency).where(Agency.name_key.startswith(key + SPELLED)))
                       if _spelling(a.name) == spelled), None)
    return agency


def _spelling(text: str) -> str:
    """Case and spacing aside, the name as written, diacritics kept."""
    return " ".join(ubnd_abbreviated(text).casefold().split())


def find_group(session: Session, text: str) -> AgencyGroup | None:
    key = name_key(text)
    group = session.scalar(select(AgencyGroup).where(AgencyGroup.name_key == key))
    if group is None:
        group = session.scalar(select(AgencyGroup).join(AgencyGroupAlias).where(AgencyGroupAlias.alias_key == key))
    return group


def require_agency(session: Session, text: str) -> Agency:
    agency = find_agency(session, text)
    if agency is None:
        raise InvalidInput(_("Không có cơ quan «%(text)s» trong danh bạ.", text=text))
    return agency


def list_agencies(session: Session, include_inactive: bool = True) -> list[Agency]:
    stmt = (select(Agency).options(selectinload(Agency.aliases), selectinload(Agency.emails))
            .order_by(Agency.kind, Agency.name))
    if not include_inactive:
        stmt = stmt.where(Agency.is_active.is_(True))
    return list(session.scalars(stmt))


def list_groups(session: Session) -> list[AgencyGroup]:
    return list(session.scalars(
        select(AgencyGroup).options(selectinload(AgencyGroup.members)).order_by(AgencyGroup.name)))


# -- CSV ------------------------------------------------------------------------------

def parse_agency_csv(raw: bytes) -> list[AgencyRow]:
    """Validate a whole CSV; raise InvalidInput listing every bad row, or return all rows."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(_("Tệp CSV phải được lưu với mã hóa UTF-8.")) from exc
    try:
        return _parse_agency_rows(csv.DictReader(io.StringIO(text, newline="")))  # any line ending, bare CR too
    except csv.Error as exc:
        raise InvalidInput(_("Tệp CSV không đọc được (ký tự lạ, dấu ngoặc kép hoặc xuống dòng không hợp lệ); "
                             "danh bạ không thay đổi. Hãy lưu lại dạng «CSV UTF-8» trong Excel.")) from exc


def _parse_agency_rows(reader: csv.DictReader) -> list[AgencyRow]:
    missing = [c for c in ("name", "kind") if c not in (reader.fieldnames or [])]
    unknown = [c for c in (reader.fieldnames or []) if c not in CSV_COLUMNS]
    if missing or unknown:
        raise InvalidInput(
            _("Tiêu đề cột CSV không đúng: cần name,short_names,kind,emails."),
            [_("thiếu cột: %(columns)s", columns=", ".join(missing))] * bool(missing)
            + [_("cột lạ: %(columns)s", columns=", ".join(unknown))] * bool(unknown),
        )
    rows, errors = [], []
    for record in reader:
        line = reader.line_num
        try:
            rows.append(_parse_row(line, record))
        except InvalidInput as exc:
            errors.append(f"dòng {line}: {exc.message}")
    errors += _duplicate_keys(rows)
    if errors:
        raise InvalidInput(_("Tệp CSV có dòng không hợp lệ; danh bạ không thay đổi."), errors)
    if not rows:
        raise InvalidInput(_("Tệp CSV không có dòng dữ liệu nào."))
    return rows


def _parse_row(line: int, record: dict[str, str | None]) -> AgencyRow:
    if None in record:
        raise InvalidInput(_("thừa cột (có dấu phẩy trong tên? hãy đặt tên trong ngoặc kép)"))
    record = {k: from_spreadsheet_text(v) if isinstance(v, str) else v for k, v in record.items()}
    name = " ".join((record.get("name") or "").split())
    if not name or not name_key(name):
        raise InvalidInput(_("thiếu tên cơ quan"))
    if len(name) > 255:
        raise InvalidInput(_("tên cơ quan quá dài"))
    return AgencyRow(line, name, _split_list(record.get("short_names")), _parse_kind(record.get("kind") or ""),
                     [_parse_email(e) for e in _split_list(record.get("emails"))])


def _split_list(value: str | None) -> list[str]:
    return [" ".join(v.split()) for v in (value or "").split(";") if v.strip()]


def _parse_kind(value: str) -> AgencyKind:
    key = name_key(value)
    kind = next((k for k in AgencyKind if k.value == key), None) or KIND_WORDS.get(key)
    if kind is None:
        raise InvalidInput(_("loại cơ quan «%(value)s» không hợp lệ (department, district, commune, office, other)",
                             value=value.strip()))
    return kind


def _parse_email(value: str) -> tuple[str, bool]:
    may_act = True
    if name_key(value).endswith(name_key(NOTIFY_ONLY_MARK)):
        value, may_act = value[: value.rfind("(")].strip(), False
    try:
        address = validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInput(_("địa chỉ email «%(value)s» không hợp lệ", value=value)) from exc
    return address.lower(), may_act


def _duplicate_keys(rows: list[AgencyRow]) -> list[str]:
    """Every name and abbreviation must point at one agency only."""
    owner: dict[str, tuple[int, str]] = {}
    errors = []
    for row in rows:
        for text in [row.name, *row.short_names]:
            key = name_key(text)
            first = owner.setdefault(key, (row.line, row.name))
            if first[1] != row.name or (text == row.name and first[0] != row.line):
                errors.append(f"dòng {row.line}: «{text}» đã dùng cho «{first[1]}» ở dòng {first[0]}")
    return errors


def import_agencies(session: Session, rows: list[AgencyRow]) -> ImportResult:
    """Create or update the agencies in `rows` (matched by name); others are left alone."""
    existing = {a.name_key: a for a in session.scalars(select(Agency).options(selectinload(Agency.aliases)))}
    _check_alias_clashes(session, rows, existing)
    created = updated = 0
    for row in rows:
        agency = existing.get(name_key(row.name))
        if agency is None:
            agency = Agency(name=row.name, name_key=name_key(row.name), kind=row.kind, is_active=True)
            session.add(agency)
            created += 1
        else:
            updated += 1
        agency.name, agency.kind = row.name, row.kind
        replace_aliases(session, agency, row.short_names, AgencyAlias)
        replace_emails(session, agency, row.emails)
    session.flush()
    return ImportResult(created, updated)


def _check_alias_clashes(session: Session, rows: list[AgencyRow], existing: dict[str, Agency]) -> None:
    """An abbreviation in the file must not already name an agency the file does not touch."""
    touched = {name_key(r.name) for r in rows}
    taken = {al.alias_key: a for a in existing.values() if a.name_key not in touched for al in a.aliases}
    taken.update({key: a for key, a in existing.items() if key not in touched})
    errors = [
        f"dòng {row.line}: «{text}» đã là tên của «{taken[name_key(text)].name}» trong danh bạ"
        for row in rows for text in row.short_names if name_key(text) in taken
    ]
    if errors:
        raise InvalidInput(_("Tệp CSV có dòng không hợp lệ; danh bạ không thay đổi."), errors)


def replace_aliases(session: Session, owner: Agency | AgencyGroup, texts: list[str],
                    make: type[AgencyAlias] | type[AgencyGroupAlias]) -> None:
    """Make `owner`'s aliases exactly `texts` (its own name excluded), keeping rows that stay."""
    wanted = {name_key(t): t for t in texts if name_key(t) != owner.name_key}
    owner.aliases = [a for a in owner.aliases if a.alias_key in wanted]
    session.flush()  # free removed keys before adding, the alias key being unique
    have = {a.alias_key for a in owner.aliases}
    owner.aliases.extend(make(t) for k, t in wanted.items() if k not in have)


def replace_emails(session: Session, agency: Agency, wanted: list[tuple[str, bool]]) -> None:
    """Make `agency`'s mailboxes exactly `wanted`, updating rows that stay.

    Rows are kept by address rather than replaced: the unit of work inserts before it
    deletes orphans, so dropping and re-adding an address would hit its unique key. An
    address listed twice is one mailbox; its last mark counts.
    """
    acting = dict(wanted)
    agency.emails = [e for e in agency.emails if e.address in acting]
    session.flush()
    for email in agency.emails:
        email.may_act = acting[email.address]
        email.failing_since, email.failing_reason = None, ""  # the office has looked at it
    have = {e.address for e in agency.emails}
    agency.emails.extend(AgencyEmail(address=a, may_act=m) for a, m in acting.items() if a not in have)


def mailbox_entries(agency: Agency) -> list[str]:
    """The agency's addresses as clerks write them, notify-only ones marked: what the CSV and the form read back."""
    return [e.address if e.may_act else f"{e.address} {NOTIFY_ONLY_MARK}" for e in agency.emails]


@dataclass(frozen=True)
class AgencyForm:
    """One agency as the office types it on the web: lists as text, the way the CSV writes them."""

    name: str
    short_names: str
    kind: str
    emails: str
    is_active: bool = True


def save_agency(session: Session, agency: Agency | None, form: AgencyForm) -> Agency:
    """Create (`agency` None) or change one agency with the CSV's rules, or raise and change nothing."""
    record = {"name": form.name, "short_names": form.short_names.replace("\n", ";"), "kind": form.kind,
              "emails": form.emails.replace("\n", ";").replace(",", ";")}
    try:
        row = _parse_row(0, record)
    except InvalidInput as exc:
        raise InvalidInput(_("Chưa lưu: %(reason)s.", reason=exc.message)) from exc
    _check_names_free(session, agency, [row.name, *row.short_names])
    key = name_key(row.name)
    if agency is not None and agency.name_key.startswith(key + SPELLED):
        key = agency.name_key  # still told apart from its namesake by its code
    if agency is None:
        agency = Agency(name=row.name, name_key=key, kind=row.kind)
        session.add(agency)
    agency.name, agency.name_key, agency.kind, agency.is_active = row.name, key, row.kind, form.is_active
    replace_aliases(session, agency, row.short_names, AgencyAlias)
    replace_emails(session, agency, row.emails)
    session.flush()
    return agency


def _check_names_free(session: Session, agency: Agency | None, texts: list[str]) -> None:
    """A name or abbreviation must not already name another agency: documents would become ambiguous."""
    own_id = agency.id if agency is not None else None
    for text in texts:
        other = find_agency(session, text)
        if other is not None and other.id != own_id:
            raise InvalidInput(_("Chưa lưu: «%(text)s» đã là tên hoặc tên viết tắt của «%(name)s».",
                                 text=text, name=other.name))


def export_agencies_csv(session: Session) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for agency in list_agencies(session):
        writer.writerow([spreadsheet_text(v) for v in (agency.name, ";".join(agency.short_names), agency.kind.value,
                                                        ";".join(mailbox_entries(agency)))])
    return out.getvalue()
