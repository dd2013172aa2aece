"""Private feed links. The token in a feed URL is an HMAC of a random nonce under the app's
secret: the database holds the nonce and a SHA-256 of the token (for lookup), so a copy of
the database alone opens no feed, while the owner can always be shown its link again.
Regenerating draws a new nonce, which revokes the old link.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import UTCDateTime, enum_column, utc_now_default
from ..extensions import Model


class FeedKind(enum.Enum):
    AGENCY = "agency"  #: an agency's deadlines and the meetings it attends
    USER = "user"  #: what one user sees
    OFFICE = "office"  #: everything
    SERIES = "series"  #: one meeting series


class FeedToken(Model):
    __tablename__ = "feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[FeedKind] = mapped_column(enum_column(FeedKind, "feed_kind"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of the token; the only way a request finds its feed.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)
    revoked_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Size of the feed when last built, and how many events the size cap left out: the
    #: subscription page warns near the cap and offers narrower feeds.
    built_bytes: Mapped[int | None] = mapped_column(Integer)
    omitted_events: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
