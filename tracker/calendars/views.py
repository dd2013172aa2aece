"""Feed URLs for calendar clients, and the page where people copy their links.

Calendar clients send no cookies and follow no login redirects: the feed answers on its
token alone, with text/calendar whatever the Accept header, a strong ETag and Last-Modified,
304 when nothing changed (decided before the feed is built), HEAD, and 404 for anything
unknown or revoked. It is never gzipped (that broke an Outlook subscription).
"""
from __future__ import annotations

import datetime as dt
from email.utils import format_datetime, parsedate_to_datetime

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select



from ..core.dates import now_utc, today_vn
from ..extensions import csrf, db
from ..core.actions import commit_or_flash
from .feeds import FeedWindow, feed_events, feed_name, fingerprint
from .ics import feed_to_ical
from .models import FeedKind, FeedToken
from .tokens import get_or_create_feed, regenerate, resolve, token_for

bp = Blueprint("calendars", __name__, url_prefix="/calendars")
def _secret() -> str:
    return current_app.config.get("FEED_SECRET") or current_app.config["SECRET_KEY"]


def feed_host() -> str:
    return current_app.config.get("FEED_UID_HOST") or current_app.config["MAIL_FROM"].partition("@")[2] or "dondoc"


@bp.route("/<token>.ics", methods=["GET", "HEAD"])
@csrf.exempt
def feed(token: str) -> Response:
    subscription = resolve(db.session, _secret(), token)
    if subscription is None:
        abort(404)
    window = FeedWindow.from_config(current_app.config, today_vn(), now_utc())
    etag, modified = fingerprint(db.session, subscription, window)
    headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True),
               "Cache-Control": "private, max-age=3600", "Content-Type": "text/calendar; charset=utf-8"}
    if _not_modified(etag, modified):
        return Response(status=304, headers=headers)
    body = feed_to_ical(feed_name(db.session, subscription), feed_events(db.session, subscription, window,
                                                                         feed_host()))
    response = Response(body, headers=headers)
    response.headers["Content-Disposition"] = 'inline; filename="don-doc.ics"'
    return response


def _not_modified(etag: str, modified: dt.datetime) -> bool:
    """If-None-Match decides when present; If-Modified-Since only without it (RFC 9110)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")] or if_none_match == "*"
    since = request.headers.get("If-Modified-Since")
    if since:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


@bp.get("/")
@login_required
def subscriptions():  # noqa: ANN201
    feeds = []
    for kind, kwargs, label in _feeds_for_user():
        subscription = get_or_create_feed(db.session, _secret(), kind, **kwargs)
        token = token_for(_secret(), subscription)
        https = url_for("calendars.feed", token=token, _external=True, _scheme="https")
        feeds.append({"id": subscription.id, "label": label, "https": https,
                      "webcal": "webcal://" + https.split("://", 1)[1]})
    db.session.commit()
    return render_template("calendars/subscriptions.html", feeds=feeds)


def _feeds_for_user() -> list[tuple[FeedKind, dict, str]]:
    """Every link is the user's own (its holder), so it stops when they are disabled or move."""
    user = current_user
    items: list[tuple[FeedKind, dict, str]] = [(FeedKind.USER, {"user_id": user.id}, _("Lịch của tôi"))]
    if user.agency_id is not None:
        items.append((FeedKind.AGENCY, {"agency_id": user.agency_id, "user_id": user.id}, user.agency.name))
    if user.is_office:
        items.append((FeedKind.OFFICE, {"user_id": user.id}, _("Toàn bộ Văn phòng UBND")))
        from ..meetings.models import MeetingSeries

        for series in db.session.scalars(select(MeetingSeries).order_by(MeetingSeries.name)):
            items.append((FeedKind.SERIES, {"series_id": series.id, "user_id": user.id}, series.name))
    return items


@bp.post("/<int:feed_id>/regenerate")
@login_required
def regenerate_link(feed_id: int):  # noqa: ANN201
    subscription = db.get_or_404(FeedToken, feed_id)
    if not _owns(subscription):
        abort(404)
    commit_or_flash(lambda: regenerate(db.session, _secret(), subscription),
                    _("Đã tạo đường dẫn mới; đường dẫn cũ không còn dùng được."))
    return redirect(url_for("calendars.subscriptions"))


def _owns(subscription: FeedToken) -> bool:
    user = current_user
    if subscription.user_id is not None:
        return subscription.user_id == user.id
    if subscription.kind is FeedKind.USER:
        return subscription.user_id == user.id
    if subscription.kind is FeedKind.AGENCY:
        return user.is_office or subscription.agency_id == user.agency_id
    return user.is_office
