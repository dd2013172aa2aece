"""`flask reports tasks --format xlsx|csv --out PATH [--document N] [--agency NAME] [--from D --to D]`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..core.cli import transactional
from ..core.dates import today_vn
from ..extensions import db
from .export import Heading, to_csv, to_xlsx
from .requests import build_request
from .tables import period_figures, report_heading, task_rows

reports_cli = AppGroup("reports", help="Reports in the offices' own forms.")


@reports_cli.command("tasks")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--document", default="", help="Document number, e.g. 244/KH-UBND.")
@click.option("--agency", default="", help="Agency name or abbreviation.")
@click.option("--from", "start", default="", help="Deadlines from dd/mm/yyyy.")
@click.option("--to", "end", default="", help="Deadlines to dd/mm/yyyy.")
@transactional
def tasks_command(fmt: str, out: str, document: str, agency: str, start: str, end: str) -> None:
    """Write the "Biểu tổng hợp nhiệm vụ" (with period figures in the Excel file)."""
    request = build_request(db.session, document, agency, start, end)
    today = today_vn()
    rows = task_rows(db.session, None, request.filter, today, current_app.config["DUE_SOON_DAYS"])
    if fmt == "csv":
        data = to_csv(rows)
    else:
        figures = period_figures(db.session, request.start, request.end, today) if request.start and request.end \
            else None
        data = to_xlsx(request.title, request.subtitle, rows, figures, Heading(*report_heading(db.session), today))
    Path(out).write_bytes(data)
    click.echo(f"Đã ghi {len(rows)} nhiệm vụ vào {out}.")
