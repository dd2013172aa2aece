"""`flask users create`: make accounts from the shell (the first admin, liaisons in bulk)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..agencies.services import require_agency
from ..core.cli import transactional
from ..extensions import db
from .models import Role, User
from .services import create_user, find_user, generate_password, set_enabled, set_password

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


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password", help="New password; generated and printed when omitted.")
@transactional
def set_password_command(email: str, password: str | None) -> None:
    """Reset a user's password (the way back in when the first admin's password is lost)."""
    user = _existing(email)
    new_password = password or generate_password()
    set_password(user, new_password)
    click.echo(f"Đã đặt lại mật khẩu cho {user.email}; mọi phiên đăng nhập cũ đã kết thúc.")
    if password is None:
        click.echo(f"Mật khẩu: {new_password}")


@users_cli.command("disable")
@click.argument("email")
@transactional
def disable_command(email: str) -> None:
    """Disable an account: its sessions end now and its calendar links stop working."""
    set_enabled(_existing(email), False)
    click.echo(f"Đã khóa tài khoản {email}.")


@users_cli.command("enable")
@click.argument("email")
@transactional
def enable_command(email: str) -> None:
    """Enable a disabled account again (it signs in afresh)."""
    set_enabled(_existing(email), True)
    click.echo(f"Đã mở lại tài khoản {email}.")


def _existing(email: str) -> User:
    user = find_user(db.session, email)
    if user is None:
        raise click.ClickException(f"Không có người dùng {email}.")
    return user
