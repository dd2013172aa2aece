"""`flask mail send`: send the outbox once (the scheduler runs the same on a timer). The reply
domain adds `fetch` and `read` to the same group (tracker.replies.cli)."""
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
