"""`flask mail send|fetch`: move mail once (the scheduler runs the same on a timer)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from ..extensions import db
from .outbox import MailSettings
from .sender import SmtpTransport, send_due

mail_cli = AppGroup("mail", help="Send the outbox and read the inbox.")


def session_factory() -> Session:
    return Session(db.engine, expire_on_commit=False)


@mail_cli.command("send")
def send_command() -> None:
    """Send every due message in the outbox once (failures are retried later with backoff)."""
    config = current_app.config
    report = send_due(session_factory, SmtpTransport.from_config(config), MailSettings.from_config(config),
                      max_attempts=config["MAIL_MAX_ATTEMPTS"])
    click.echo(f"Đã gửi {report.sent}, lỗi tạm thời {report.failed}, bỏ cuộc {report.gave_up}.")


@mail_cli.command("read")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON line per file.")
def read_command(files: tuple[str, ...], as_json: bool) -> None:
    """Read saved messages (.eml) the way the inbox does, and print what each says. Changes nothing."""
    import json
    from pathlib import Path

    from ..core.dates import today_vn
    from .parse import parse_mail
    from .replies import read_reply

    for name in files:
        reading = read_reply(parse_mail(Path(name).read_bytes(), current_app.config["MAIL_FROM"]), today_vn())
        if as_json:
            click.echo(json.dumps({"file": name, **reading.as_json()}, ensure_ascii=False))
        else:
            extra = f" {reading.date:%d/%m/%Y}" if reading.date else f" {reading.percent}%" if reading.percent else ""
            click.echo(f"{name}: {reading.intent}{extra}\n  {reading.text[:300]}")


@mail_cli.command("fetch")
def fetch_command() -> None:
    """Read the IMAP inbox once: store, handle and move every new message."""
    from functools import partial

    from ..core.files import app_file_store as file_store
    from .handler import InboxContext, handle_inbound
    from .inbox import ImapSettings, fetch_once

    config = current_app.config
    context = InboxContext.from_config(config, file_store())
    report = fetch_once(session_factory, ImapSettings.from_config(config), partial(handle_inbound, ctx=context))
    click.echo(f"Đã lưu {report.stored} thư mới (trùng {report.duplicates}), xử lý {report.handled}, "
               f"để lần sau {report.deferred}, lỗi (cách ly) {report.failed}, chuyển thư mục {report.moved}.")
