"""`flask mail fetch|read`: the inbox read once, and saved messages read the way the inbox does.

Registered on the transport's `mail` group, so an office finds every mail command in one place.
"""
from __future__ import annotations

import click
from flask import current_app

from ..mail.cli import mail_cli, session_factory


@click.command("read")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON line per file.")
def read_command(files: tuple[str, ...], as_json: bool) -> None:
    """Read saved messages (.eml) the way the inbox does, and print what each says. Changes nothing."""
    import json
    from pathlib import Path

    from ..core.dates import today_vn
    from ..mail.parse import parse_mail
    from .intents import read_reply

    for name in files:
        reading = read_reply(parse_mail(Path(name).read_bytes(), current_app.config["MAIL_FROM"]), today_vn())
        if as_json:
            click.echo(json.dumps({"file": name, **reading.as_json()}, ensure_ascii=False))
        else:
            extra = f" {reading.date:%d/%m/%Y}" if reading.date else f" {reading.percent}%" if reading.percent else ""
            click.echo(f"{name}: {reading.intent}{extra}\n  {reading.text[:300]}")


@click.command("fetch")
def fetch_command() -> None:
    """Read the IMAP inbox once: store, handle and move every new message."""
    from functools import partial

    from ..core.files import app_file_store as file_store
    from .handler import InboxContext, handle_inbound
    from ..mail.inbox import ImapSettings, fetch_once

    config = current_app.config
    context = InboxContext.from_config(config, file_store())
    report = fetch_once(session_factory, ImapSettings.from_config(config), partial(handle_inbound, ctx=context))
    click.echo(f"Đã lưu {report.stored} thư mới (trùng {report.duplicates}), xử lý {report.handled}, "
               f"để lần sau {report.deferred}, lỗi (cách ly) {report.failed}, chuyển thư mục {report.moved}.")


def register_commands() -> None:
    """Add this domain's commands to `flask mail` (idempotent: the factory may run twice)."""
    for command in (read_command, fetch_command):
        mail_cli.add_command(command)
