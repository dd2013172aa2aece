"""`flask documents extract|import`: read a notice or plan from the shell."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.cli import transactional
from ..core.errors import DomainError
from ..extensions import db
from .extraction.extract import extract
from .lexicons import lexicon_for
from .models import Document, DocumentStatus
from .reading import read_document

documents_cli = AppGroup("documents", help="Read conclusion notices and plans into tasks.")


def _read(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DomainError(_("Không mở được tệp %(path)s: %(strerror)s.", path=path, strerror=exc.strerror)) from exc
    return read_document(Path(path).name, data, current_app.config["MAX_DOCUMENT_BYTES"])


@documents_cli.command("extract")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print the proposed document and tasks as JSON.")
def extract_command(path: str, as_json: bool) -> None:
    """Propose the tasks a document assigns; stores nothing."""
    try:
        text = _read(path)
    except DomainError as exc:
        click.echo(exc.message.replace("\n", " "), err=True)
        sys.exit(1)
    result = extract(text, lexicon_for(db.session))
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        return
    header = result.header
    click.echo(f"{header.number or '(không số)'} · {header.kind} · {header.title}")
    for task in result.tasks:
        due = task.due.strftime("%d/%m/%Y") if task.due else (task.recurrence or "-")
        click.echo(f"  {task.lead} | {due} | {task.summary[:90]}")


@documents_cli.command("import")
@click.argument("path")
@click.option("--confirm", is_flag=True, help="Confirm at once: the tasks go live (groups split per member).")
@transactional
def import_command(path: str, confirm: bool) -> None:
    """Import a document as a draft for review in the web UI (or confirm it at once)."""
    from ..tasks.operations import Actor
    from ..core.files import app_file_store as file_store
    from .services import Upload, confirm_document, drafts_of, import_document

    data = Path(path).read_bytes() if Path(path).is_file() else b""
    text = _read(path)
    document = import_document(db.session, text, file_store(), Upload(Path(path).name, data))
    drafts = drafts_of(db.session, document)
    click.echo(f"Đã nhập {document.number}: {len(drafts)} nhiệm vụ dự thảo (văn bản #{document.id}).")
    for draft in drafts:
        if draft.review_note:
            click.echo(f"  cần xem: {draft.lead_text}: {draft.review_note}")
    if confirm:
        from ..mail.outbox import MailSettings

        tasks = confirm_document(db.session, document, Actor.system(), MailSettings.from_config(current_app.config))
        click.echo(f"Đã xác nhận: {len(tasks)} nhiệm vụ được theo dõi.")


@documents_cli.command("withdraw")
@click.argument("number")
@click.option("--reason", required=True, help="Why: each cancelled task's history and each agency's mail say it.")
@transactional
def withdraw_command(number: str, reason: str) -> None:
    """Withdraw a confirmed document: its open tasks are cancelled, each agency told once."""
    from ..mail.outbox import MailSettings
    from ..tasks.operations import Actor
    from .services import withdraw_document

    documents = db.session.scalars(select(Document).where(Document.number == number,
                                                          Document.status == DocumentStatus.CONFIRMED)).all()
    if len(documents) != 1:
        raise click.ClickException(f"Không có một văn bản đã xác nhận số {number} (tìm thấy {len(documents)}).")
    cancelled = withdraw_document(db.session, documents[0], Actor.system(), reason,
                                  MailSettings.from_config(current_app.config))
    click.echo(f"Đã rút văn bản {number}: hủy {len(cancelled)} nhiệm vụ đang mở.")
