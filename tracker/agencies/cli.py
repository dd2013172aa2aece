"""`flask agencies import|export|list`: manage the directory from CSV."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..core.cli import transactional
from ..extensions import db
from .directory import load_default_directory
from .services import export_agencies_csv, import_agencies, list_agencies, parse_agency_csv

agencies_cli = AppGroup("agencies", help="Manage the agency directory (CSV: name,short_names,kind,emails).")


@agencies_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option("--default", "use_default", is_flag=True, help="Load the shipped Hà Nội directory and groups.")
@transactional
def import_command(path: str | None, use_default: bool) -> None:
    """Create or update agencies from a CSV file; a bad row changes nothing."""
    if use_default == bool(path):
        raise click.UsageError("Give a CSV path or --default (not both).")
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
