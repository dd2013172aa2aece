"""`flask calendars link`: print a feed's path, creating its link if it has none."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from flask_babel import gettext as _

from ..agencies.services import require_agency
from ..core.cli import transactional
from ..core.errors import InvalidInput
from ..extensions import db
from ..meetings.models import MeetingSeries
from ..users.services import find_user
from .models import FeedKind
from .tokens import get_or_create_feed, regenerate, token_for

calendars_cli = AppGroup("calendars", help="Private iCalendar feed links.")


@calendars_cli.command("link")
@click.option("--agency", help="The agency's feed (name or abbreviation).")
@click.option("--office", is_flag=True, help="The office-wide feed.")
@click.option("--series", help="A meeting series' feed (its name).")
@click.option("--user", "email", help="A user's own feed.")
@click.option("--regenerate", "renew", is_flag=True, help="Revoke the current link and make a new one.")
@transactional
def link_command(agency: str | None, office: bool, series: str | None, email: str | None, renew: bool) -> None:
    """Print /calendars/<token>.ics for one feed."""
    if sum(bool(x) for x in (agency, office, series, email)) != 1:
        raise click.UsageError("Give exactly one of --agency, --office, --series, --user.")
    secret = current_app.config.get("FEED_SECRET") or current_app.config["SECRET_KEY"]
    kind, target = FeedKind.OFFICE, {}
    if agency:
        kind, target = FeedKind.AGENCY, {"agency_id": require_agency(db.session, agency).id}
    elif series:
        found = db.session.scalar(select(MeetingSeries).where(MeetingSeries.name == series))
        if found is None:
            raise InvalidInput(_("Không có chuỗi cuộc họp «%(series)s».", series=series))
        kind, target = FeedKind.SERIES, {"series_id": found.id}
    elif email:
        user = find_user(db.session, email)
        if user is None:
            raise InvalidInput(_("Không có người dùng %(email)s.", email=email))
        kind, target = FeedKind.USER, {"user_id": user.id}
    feed = get_or_create_feed(db.session, secret, kind, **target)
    if renew:
        regenerate(db.session, secret, feed)
    click.echo(f"/calendars/{token_for(secret, feed)}.ics")


@calendars_cli.command("uid-domain")
@click.option("--set", "new_domain", help="Replace it (every client then sees every event as new: duplicates).")
@transactional
def uid_domain_command(new_domain: str | None) -> None:
    """Show the domain in every event UID, fixed at the first feed or invitation."""
    from ..core.settings import change_setting
    from .identity import UID_DOMAIN, uid_domain

    if new_domain:
        domain = new_domain.strip().lower()
        if not domain or any(c in domain for c in " @/\\"):
            raise InvalidInput(_("Tên miền không hợp lệ: %(d)s", d=new_domain))
        change_setting(db.session, UID_DOMAIN, domain)
        click.echo(_("Đã đổi. Lịch đã đăng ký sẽ thấy mọi sự kiện như mới (có thể bị trùng)."))
    click.echo(uid_domain(db.session))
