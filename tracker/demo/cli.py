"""`flask demo load`: a realistic data set to look around with."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..core.cli import transactional
from ..core.dates import today_vn
from ..extensions import db
from .data import DOCUMENTS
from .loader import load_demo

demo_cli = AppGroup("demo", help="Demo data built from the sample Hà Nội plans.")


@demo_cli.command("load")
@transactional
def load_command() -> None:
    """Load the directory, two plans with their tasks, and demo accounts (passwords printed once)."""
    accounts = load_demo(db.session, today_vn())
    tasks = sum(len(d.tasks) for d in DOCUMENTS)
    click.echo(f"Đã nạp dữ liệu mẫu: {len(DOCUMENTS)} văn bản, {tasks} nhiệm vụ.")
    for email, password in accounts.items():
        click.echo(f"  {email}  mật khẩu: {password}")
