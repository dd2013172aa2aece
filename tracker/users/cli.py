"""`flask users create`: make accounts from the shell (the first admin, liaisons in bulk)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..agencies.services import require_agency
from ..core.cli import transactional
from ..extensions import db
from .models import Role
from .services import create_user, find_user, generate_password

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.OFFICE.value, show_default=True)
@click.option("--agency", help="The liaison's agency (name or abbreviation); required for --role agency.")
@click.option("--name", "full_name", default="", help="Full name shown in the history.")
@click.option("--password", help="Password; generated and printed when omitted.")
@click.option("--if-missing", is_flag=True, help="Do nothing (exit 0) if the user already exists.")
@transactional
def create_command(email: str, role: str, agency: str | None, full_name: str, password: str | None,
                   if_missing: bool) -> None:
    """Create a user. A generated password is printed once; it is not stored in clear."""
    if if_missing and find_user(db.session, email) is not None:
        click.echo(f"Người dùng {email} đã có; giữ nguyên.")
        return
    generated = password is None
    password = password or generate_password()
    agency_obj = require_agency(db.session, agency) if agency else None
    user = create_user(db.session, email, password, Role(role), full_name, agency_obj)
    click.echo(f"Đã tạo {user.email} ({user.role.value}).")
    if generated:
        click.echo(f"Mật khẩu: {password}")
