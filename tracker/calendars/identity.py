"""The domain part of event UIDs: fixed once per installation, never derived again."""
from __future__ import annotations

import logging
import secrets
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..core.settings import fixed_setting
from ..mail.models import OutboxMessage
from .models import FeedToken

log = logging.getLogger(__name__)
UID_DOMAIN = "calendar_uid_domain"


def uid_domain(session: Session) -> str:
    """The stored UID domain; the first call stores the configured one (see CALENDAR_UID_DOMAIN)."""
    config = current_app.config
    stored = fixed_setting(session, UID_DOMAIN, _first_domain(session))
    wanted = config.get("CALENDAR_UID_DOMAIN")
    if wanted and wanted != stored:
        log.warning("CALENDAR_UID_DOMAIN is %s but events keep %s, fixed when the first feed was served; "
                    "`flask calendars uid-domain --set` changes it (clients then duplicate events)", wanted, stored)
    return stored


def _first_domain(session: Session) -> str:
    config = current_app.config
    if config.get("CALENDAR_UID_DOMAIN"):
        return str(config["CALENDAR_UID_DOMAIN"])
    served = session.scalar(select(exists().where(FeedToken.id.is_not(None)))) or session.scalar(
        select(exists().where(OutboxMessage.kind == "invitation")))
    if served:  # clients already hold UIDs made the way earlier versions made them: keep them
        return config.get("FEED_UID_HOST") or config["MAIL_FROM"].partition("@")[2] or "dondoc"
    host = urlsplit(config.get("BASE_URL") or "").hostname
    return host or f"{secrets.token_hex(6)}.dondoc.invalid"
