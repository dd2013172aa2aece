"""`flask agencies import|export|list`: manage the directory from CSV."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..core.cli import transactional
from ..extensions import db
from .directory import load_default_directory
from .provinces import import_province
from .services import export_agencies_csv, import_agencies, list_agencies, parse_agency_csv

agencies_cli = AppGroup("agencies", help="Manage the agency directory (CSV: name,short_names,kind,emails).")


@agencies_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option("--default", "use_default", is_flag=True, help="Load the shipped Hà Nội directory and groups.")
@click.option("--province", help='One of the 34 provinces, by name or code ("Quảng Ninh", "22"): its '
                                 "departments, bodies, communes and wards, groups and 2025 successions.")
@transactional
def import_command(path: str | None, use_default: bool, province: str | None) -> None:
    """Create or update agencies from a CSV file, the shipped Hà Nội directory, or a province's
    standard directory; a bad row changes nothing, a second run changes nothing."""
    if sum(map(bool, (path, use_default, province))) != 1:
        raise click.UsageError("Give one of: a CSV path, --default, --province NAME.")
    if province:
        report = import_province(db.session, province)
        click.echo(f"{report.province}: {report.created} cơ quan mới ({report.communes} xã, phường), "
                   f"{report.updated} đã có, {report.successions} cơ quan cũ nối với cơ quan kế thừa, "
                   f"{report.groups} nhóm.")
        for name in report.skipped_names:
            click.echo(f"  Bỏ qua «{name}»: đã là tên viết tắt của cơ quan khác trong danh bạ.")
        return
    if use_default:
        result, groups = load_default_directory(db.session)
        click.echo(f"Danh bạ Hà Nội: {result.created} cơ quan mới, {result.updated} cập nhật, {groups} nhóm.")
        return
    with open(path, "rb") as handle:
        result = import_agencies(db.session, parse_agency_csv(handle.read()))
    click.echo(f"{result.created} cơ quan mới, {result.updated} cập nhật.")


@agencies_cli.command("export")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write to a file instead of stdout.")
def export_command(out: str | None) -> None:
    """Write the directory as CSV (the same format import reads)."""
    text = export_agencies_csv(db.session)
    if out:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)


@agencies_cli.command("list")
def list_command() -> None:
    """Print the directory: kind, name, short names."""
    for agency in list_agencies(db.session):
        flag = "" if agency.is_active else " (ngừng hoạt động)"
        click.echo(f"{agency.kind.value:<10} {agency.name}{flag}  [{'; '.join(agency.short_names)}]")


@agencies_cli.command("merge")
@click.argument("old")
@click.option("--into", "new", required=True, help="The successor, by name or short name.")
@click.option("--from", "on", help="The date it took effect, dd/mm/yyyy (default: today).")
@click.option("--drop-emails", is_flag=True, help="Do not move the old body's mail addresses to the successor.")
@transactional
def merge_command(old: str, new: str, on: str | None, drop_emails: bool) -> None:
    """Merge OLD into NEW: its tasks (with a history entry each), liaisons, feeds, groups,
    meetings to come and addresses move to NEW; OLD is kept as history. A second run changes nothing."""
    from ..core.dates import parse_date, today_vn
    from .merge import merge_agency
    from .services import require_agency

    report = merge_agency(db.session, require_agency(db.session, old), require_agency(db.session, new),
                          parse_date(on) if on else today_vn(), keep_emails=not drop_emails)
    click.echo(f"Đã chuyển {report.tasks_led} nhiệm vụ chủ trì, {report.tasks_supported} nhiệm vụ phối hợp, "
               f"{report.users} tài khoản, {report.feeds} lịch, {report.emails} địa chỉ email, "
               f"{report.groups} nhóm, {report.meetings} cuộc họp.")
