"""Creating, finding and revoking private feed links."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.dates import now_utc
from ..users.models import User
from .models import FeedKind, FeedToken


def token_for(secret: str, feed: FeedToken) -> str:
    """192 bits, URL-safe: an HMAC of the feed's nonce under the app's secret."""
    digest = hmac.new(secret.encode(), f"feed:{feed.nonce}".encode(), hashlib.sha256).digest()[:24]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_or_create_feed(session: Session, secret: str, kind: FeedKind, *, agency_id: int | None = None,
                       user_id: int | None = None, series_id: int | None = None) -> FeedToken:
    feed = session.scalar(select(FeedToken).where(
        FeedToken.kind == kind,
        FeedToken.agency_id.is_(None) if agency_id is None else FeedToken.agency_id == agency_id,
        FeedToken.user_id.is_(None) if user_id is None else FeedToken.user_id == user_id,
        FeedToken.series_id.is_(None) if series_id is None else FeedToken.series_id == series_id,
        FeedToken.revoked_dt.is_(None)))
    if feed is None:
        from .identity import uid_domain

        uid_domain(session)  # fixed before any link exists, so a new installation gets its own
        feed = FeedToken(kind=kind, agency_id=agency_id, user_id=user_id, series_id=series_id)
        _new_nonce(feed, secret)
        session.add(feed)
        session.flush()
    return feed


def regenerate(session: Session, secret: str, feed: FeedToken) -> FeedToken:
    """A new link; the old one answers 404 from now on."""
    _new_nonce(feed, secret)
    feed.created_dt = now_utc()
    session.flush()
    return feed


def revoke(session: Session, feed: FeedToken) -> None:
    feed.revoked_dt = now_utc()
    session.flush()


def resolve(session: Session, secret: str, token: str) -> FeedToken | None:
    """The live feed a token opens, or None (unknown, revoked or malformed: all the same)."""
    if not 20 <= len(token) <= 64:
        return None
    feed = session.scalar(select(FeedToken).where(FeedToken.token_hash == _hash(token)))
    if feed is None or feed.revoked_dt is not None or not holder_may_read(session, feed):
        return None
    return feed if hmac.compare_digest(token_for(secret, feed), token) else None


def holder_may_read(session: Session, feed: FeedToken) -> bool:
    """A link given to a user works only while that user could still open the page it came
    from: enabled, still in the agency (for an agency feed), still in the office (office and
    series feeds). A link with no holder was made for the agency itself and stays until revoked."""
    if feed.user_id is None:
        return True
    user = session.get(User, feed.user_id)
    if user is None or not user.is_enabled:
        return False
    if feed.kind is FeedKind.AGENCY:
        return user.is_office or user.agency_id == feed.agency_id
    if feed.kind in (FeedKind.OFFICE, FeedKind.SERIES):
        return user.is_office
    return True


def _new_nonce(feed: FeedToken, secret: str) -> None:
    feed.nonce = secrets.token_hex(16)
    feed.token_hash = _hash(token_for(secret, feed))
