"""The feed over HTTP, as calendar clients use it: no login, 304s, HEAD, revocation."""
import datetime as dt
from email.utils import format_datetime

import pytest

from tests.calendars.test_feeds import world  # noqa: F401 - fixture
from tests.fixtures.factories import PASSWORD
from tracker.calendars.models import FeedKind
from tracker.calendars.tokens import get_or_create_feed, token_for
from tracker.users.models import Role


@pytest.fixture()
def feed_url(app, session, world):  # noqa: ANN001, ANN201, F811
    soyte = world[0]
    feed = get_or_create_feed(session, app.config["SECRET_KEY"], FeedKind.AGENCY, agency_id=soyte.id)
    session.commit()
    return f"/calendars/{token_for(app.config['SECRET_KEY'], feed)}.ics"


def test_feed_answers_without_login_or_cookie(client, feed_url):
    response = client.get(feed_url, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Set-Cookie" not in response.headers and "Content-Encoding" not in response.headers
    assert response.data.startswith(b"BEGIN:VCALENDAR\r\n") and "Sở Y tế".encode() in response.data


def test_conditional_requests_and_head(client, feed_url, session, world):  # noqa: F811
    first = client.get(feed_url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and client.get(feed_url).headers["ETag"] == etag  # stable bytes, stable tag
    assert client.get(feed_url).data == first.data
    not_modified = client.get(feed_url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""
    assert client.get(feed_url, headers={"If-Modified-Since": modified}).status_code == 304
    old = format_datetime(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc), usegmt=True)
    assert client.get(feed_url, headers={"If-Modified-Since": old}).status_code == 200
    assert client.get(feed_url, headers={"If-None-Match": '"other"', "If-Modified-Since": modified}).status_code == 200
    head = client.head(feed_url)
    assert head.status_code == 200 and head.headers["ETag"] == etag and head.data == b""
    assert head.headers.get("Content-Length") in (None, str(len(first.data)))  # never a false 0
    from tracker.calendars.cache import BUILT_FEEDS

    BUILT_FEEDS.clear()
    unbuilt = client.head(feed_url)
    assert unbuilt.status_code == 200 and "Content-Length" not in unbuilt.headers and unbuilt.data == b""
    task = world[1]["open"]
    task.due_date += dt.timedelta(days=1)
    session.commit()
    changed = client.get(feed_url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_unknown_revoked_and_malformed_tokens_get_404(client, feed_url, app, session, world):  # noqa: F811
    assert client.get("/calendars/" + "A" * 32 + ".ics").status_code == 404
    assert client.get("/calendars/short.ics").status_code == 404
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendars", "link", "--agency", "Sở Y tế", "--regenerate"])
    assert result.exit_code == 0, result.output
    new_url = result.output.strip()
    assert new_url != feed_url and new_url.startswith("/calendars/")
    assert client.get(feed_url).status_code == 404
    assert client.get(new_url).status_code == 200
    assert runner.invoke(args=["calendars", "link", "--agency", "Sở Y tế"]).output.strip() == new_url


def test_subscribe_page_shows_links_and_regenerates(client, session, world, make_user):  # noqa: F811
    liaison = make_user(Role.AGENCY, world[0])
    session.commit()
    client.post("/login", data={"email": liaison.email, "password": PASSWORD})
    page = client.get("/calendars/").get_data(as_text=True)
    # the scheme and host the user reached the tracker at (not forced to https: under `make run` that fails)
    assert 'value="webcal://tracker.test/calendars/' in page and "Sở Y tế" in page
    import re

    link = re.search(r'value="http://tracker\.test(/calendars/[^"]+\.ics)"', page).group(1)
    assert client.get(link).status_code == 200
    feed_id = re.search(r"/calendars/(\d+)/regenerate", page).group(1)
    client.post(f"/calendars/{feed_id}/regenerate")
    assert client.get(link).status_code == 404


def test_feed_tokens_are_redacted_from_every_log_line():
    """werkzeug's access line (tuple arguments), gunicorn's (a dict of atoms) and a traceback."""
    import logging

    from tracker.core.logs import RedactSecrets

    token = "abcdefghijklmnopqrstuvwx"
    lines = [logging.LogRecord("werkzeug", logging.INFO, "", 0, '"%s" %s', (f"GET /calendars/{token}.ics HTTP/1.1", 200), None),
             logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(r)s", ({"r": f"GET /calendars/{token}.ics"},), None)]
    try:
        raise RuntimeError(f"Error handling request /calendars/{token}.ics")
    except RuntimeError:
        import sys

        lines.append(logging.LogRecord("gunicorn.error", logging.ERROR, "", 0, "Error handling request %s",
                                       (f"/calendars/{token}.ics",), sys.exc_info()))
    for record in lines:
        RedactSecrets().filter(record)
        text = logging.Formatter().format(record)
        assert token not in text and "/calendars/***" in text, text


def test_links_use_the_configured_address_and_offer_narrower_feeds(client, session, world, make_user, app,  # noqa: F811
                                                                    monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://dondoc.ubnd.example.vn/")
    liaison = make_user(Role.AGENCY, world[0])
    session.commit()
    client.post("/login", data={"email": liaison.email, "password": PASSWORD})
    page = client.get("/calendars/").get_data(as_text=True)
    assert 'value="https://dondoc.ubnd.example.vn/calendars/' in page
    assert 'href="webcal://dondoc.ubnd.example.vn/calendars/' in page and "http://tracker.test" not in page
    import re

    base = re.search(r'value="https://dondoc\.ubnd\.example\.vn(/calendars/[^"?]+\.ics)"', page).group(1)
    for query in ("only=deadlines", "only=meetings", "lead=1", "alarm=1"):
        assert f"{base}?{query}" in page
    deadlines = client.get(f"{base}?only=deadlines").data
    meetings = client.get(f"{base}?only=meetings").data
    assert b"task-" in deadlines and b"meeting-" not in deadlines
    assert b"meeting-" in meetings and b"task-" not in meetings
    led = client.get(f"{base}?lead=1").data
    coordinated = world[1]["coordinated"]
    assert f"task-{coordinated.id}-".encode() not in led and f"task-{coordinated.id}-".encode() in client.get(base).data
    alarmed = client.get(f"{base}?alarm=1").data
    assert b"BEGIN:VALARM" in alarmed and b"TRIGGER:-PT15H" in alarmed and b"BEGIN:VALARM" not in client.get(base).data
    assert b"URL:https://dondoc.ubnd.example.vn/tasks/NV-" in client.get(base).data  # each event links back
