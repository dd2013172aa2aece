"""Feed URLs for calendar clients, and the page where people copy their links.

Calendar clients send no cookies and follow no login redirects: the feed answers on its
token alone, with text/calendar whatever the Accept header, a strong ETag and Last-Modified,
304 when nothing changed (decided before the feed is built), HEAD, and 404 for anything
unknown or revoked. It is never gzipped (that broke an Outlook subscription).
"""
from __future__ import annotations

import datetime as dt
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..core.dates import now_utc, today_vn
from ..extensions import csrf, db
from ..core.actions import commit_or_flash
from ..core.urls import base_url
from .cache import BUILT_FEEDS
from .feeds import FeedOptions, FeedWindow, feed_events, feed_name, fingerprint
from .ics import build_feed
from .identity import uid_domain
from .models import FeedKind, FeedToken
from .tokens import get_or_create_feed, regenerate, resolve, token_for

bp = Blueprint("calendars", __name__, url_prefix="/calendars")


def _secret() -> str:
    return current_app.config.get("FEED_SECRET") or current_app.config["SECRET_KEY"]


@bp.route("/<token>.ics", methods=["GET", "HEAD"])
@csrf.exempt
def feed(token: str) -> Response:
    """The 304 is decided from the token and the change log; a 200 is served from the cache of
    built feeds when its ETag is there; HEAD never builds a feed."""
    subscription = resolve(db.session, _secret(), token)
    if subscription is None:
        abort(404)
    options = FeedOptions.from_args(request.args)
    window = FeedWindow.from_config(current_app.config, today_vn(), now_utc())
    etag, modified = fingerprint(db.session, subscription, window, options)
    headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True),
               "Cache-Control": "private, max-age=3600", "Content-Type": "text/calendar; charset=utf-8"}
    if _not_modified(etag, modified):
        return Response(status=304, headers=headers)
    body = BUILT_FEEDS.get(etag)
    if body is None and request.method == "HEAD":
        response = Response(status=200, headers=headers)
        response.automatically_set_content_length = False  # not built: no length to claim, never 0
        return response
    if body is None:
        body = _build(subscription, window, options)
        BUILT_FEEDS.put(etag, body)
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


def _build(subscription: FeedToken, window: FeedWindow, options: FeedOptions) -> bytes:
    """Build the feed under the size cap, and note its size for the page of links."""
    config = current_app.config
    events = feed_events(db.session, subscription, window, uid_domain(db.session), options, base_url(),
                         config["FEED_MAX_EVENTS"])
    built = build_feed(feed_name(db.session, subscription), events, config["FEED_MAX_BYTES"], options.alarms)
    if not options.args and (subscription.built_bytes, subscription.omitted_events) != (len(built.data),
                                                                                          built.omitted):
        subscription.built_bytes, subscription.omitted_events = len(built.data), built.omitted
        db.session.commit()
    return built.data


@bp.get("/")
@login_required
def subscriptions():  # noqa: ANN201
    feeds = []
    for kind, kwargs, label in _feeds_for_user():
        subscription = get_or_create_feed(db.session, _secret(), kind, **kwargs)
        token = token_for(_secret(), subscription)
        link = base_url() + url_for("calendars.feed", token=token)
        feeds.append({"id": subscription.id, "label": label, "link": link, "webcal": _webcal(link),
                      "near_cap": (subscription.built_bytes or 0) > 0.8 * current_app.config["FEED_MAX_BYTES"],
                      "omitted": subscription.omitted_events, "kind": kind,
                      "narrower": [(name, _webcal(link + "?" + urlencode(options.args)), link + "?" +
                                    urlencode(options.args)) for name, options in _narrower(kind)]})
    db.session.commit()
    return render_template("calendars/subscriptions.html", feeds=feeds)


def _webcal(link: str) -> str:
    """The same link for "open in calendar app": webcal:// stands for http(s)://."""
    return "webcal://" + link.split("://", 1)[1]


def _narrower(kind: FeedKind) -> list[tuple[str, FeedOptions]]:
    """Narrower and richer forms of a feed, each its own subscription in a client."""
    forms = [(_("Chỉ thời hạn nhiệm vụ"), FeedOptions(meetings=False)),
             (_("Chỉ lịch họp"), FeedOptions(deadlines=False))]
    if kind in (FeedKind.AGENCY, FeedKind.USER):
        forms.append((_("Chỉ nhiệm vụ cơ quan chủ trì"), FeedOptions(lead_only=True)))
    forms.append((_("Có nhắc việc (báo trước 1 ngày, họp trước 30 phút)"), FeedOptions(alarms=True)))
    return forms


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
