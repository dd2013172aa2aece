"""Configuration: defaults here (no secrets), then `instance/config.py`, then
`TRACKER_*` environment variables (`TRACKER_DATABASE_URL` sets the database).
"""
from __future__ import annotations

import json
import os
from typing import Any

from flask import Flask

ENV_PREFIX = "TRACKER"


class DefaultConfig:
    #: Signing key for sessions and CSRF; `create_app` refuses the placeholder outside tests/debug.
    SECRET_KEY = "dev-only-change-me"
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled with instance/tracker.sqlite
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    #: Days before a deadline when an open task counts as "sắp quá hạn".
    DUE_SOON_DAYS = 3
    #: When an agency reports a task done, it waits for the office ("chờ xác nhận") before
    #: counting as done. False: the agency's word closes the task.
    CONFIRM_COMPLETIONS = True
    #: Extra days off ("YYYY-MM-DD" strings) and make-up working days (e.g. a Saturday
    #: worked to bridge Tết), on top of the statutory holidays the `holidays` package knows.
    EXTRA_DAYS_OFF: tuple[str, ...] = ()
    MAKEUP_WORKING_DAYS: tuple[str, ...] = ()
    #: Where attachments and document originals are stored; default instance/attachments.
    ATTACHMENTS_DIR: str | None = None
    #: Largest attachment accepted, in bytes.
    MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
    #: Largest document (notice, plan) accepted for import, in bytes.
    MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    TASKS_PER_PAGE = 50
    #: Follow-up: reminders this many working days before a deadline (0 = on the day),
    #: escalation after this many working days overdue, the weekly digest's day and time.
    REMINDER_WORKING_DAYS = (3, 0)
    ESCALATE_AFTER_WORKING_DAYS = 5
    SEND_ON_DAYS_OFF = False
    DIGEST_WEEKDAY = 0
    DIGEST_TIME = "07:30"
    #: Minutes between scheduler runs of each job, and the scheduler lease's length.
    SCHEDULE_SEND_MINUTES = 1
    SCHEDULE_FETCH_MINUTES = 2
    SCHEDULE_FOLLOWUP_MINUTES = 60
    SCHEDULE_DIGEST_MINUTES = 30
    SCHEDULE_RECURRING_MINUTES = 360
    SCHEDULE_HOUSEKEEPING_MINUTES = 720
    #: The office dashboard's province-wide figures are computed this often by the scheduler; a
    #: load finding them older than FIGURES_MAX_AGE_MINUTES (no scheduler) computes them itself.
    SCHEDULE_FIGURES_MINUTES = 5
    FIGURES_MAX_AGE_MINUTES = 15
    #: Tasks done or cancelled longer ago than this leave the lists' working set (still found by
    #: code, search and reports; "Gồm nhiệm vụ đã lưu trữ" shows them in lists).
    ARCHIVE_AFTER_DAYS = 365
    SCHEDULER_LEASE_SECONDS = 60
    #: /healthz answers 503 (and the dashboard warns) past these: a job failing this many runs
    #: in a row, replies unhandled 15 minutes after arriving, quarantined replies waiting for
    #: the office, mail given up on in the last 7 days. The scheduler's heartbeat may be as old
    #: as its lease.
    HEALTH_MAX_JOB_FAILURES = 3
    HEALTH_MAX_INBOX_BACKLOG = 20
    HEALTH_MAX_QUARANTINED = 50
    HEALTH_MAX_FAILED_OUTBOX = 0
    #: Calendar feeds: the window they cover, and how long finished/cancelled items stay.
    FEED_DAYS_BACK = 90
    FEED_DAYS_AHEAD = 365
    FEED_KEEP_DONE_DAYS = 14
    FEED_KEEP_CANCELLED_DAYS = 7
    #: The most a feed may weigh: Google Calendar silently drops feeds over about 1 MB. The
    #: events nearest today are kept; the page of links warns when a feed is near the cap.
    FEED_MAX_BYTES = 900_000
    #: At most this many deadlines on each side of today are read to build a feed.
    FEED_MAX_EVENTS = 5000
    #: Domain part of every event UID. Set it once at install (your office's domain); it is
    #: stored at the first feed or invitation and kept even if this setting or the mail
    #: address later changes, since clients duplicate every event whose UID changes. Unset, an
    #: installation that already served feeds keeps FEED_UID_HOST or MAIL_FROM's domain (what
    #: earlier versions used), a new one gets a random name. `flask calendars uid-domain` shows it.
    CALENDAR_UID_DOMAIN: str | None = None
    FEED_UID_HOST: str | None = None
    #: The address users reach the tracker at ("https://dondoc.ubnd.example.vn"), for links in
    #: feeds, mail and the page of feed links. Unset, links use the request's own scheme and host
    #: (behind a proxy, set PROXY_HOPS so the forwarded scheme and host are believed).
    BASE_URL: str | None = None
    #: The tracker's mailbox: mail comes From it and replies go to it (plus-addressed per task
    #: when MAIL_PLUS_ADDRESSING is on; turn it off for servers that do not deliver tracker+x@).
    MAIL_FROM = "dondoc@localhost"
    MAIL_FROM_NAME = "Đôn Đốc – Văn phòng UBND"
    MAIL_PLUS_ADDRESSING = True
    #: Signs reply tokens; defaults to SECRET_KEY.
    MAIL_REPLY_SECRET: str | None = None
    MAIL_MAX_ATTEMPTS = 12
    #: Quarantine replies whose top Authentication-Results (stamped by our own server, whose
    #: authserv-id is MAIL_AUTHSERV_ID) shows neither DMARC pass nor aligned DKIM pass.
    MAIL_REQUIRE_AUTHENTICATION = False
    MAIL_AUTHSERV_ID = ""
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_SECURITY = "none"  #: none, starttls, tls
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    IMAP_HOST = "localhost"
    IMAP_PORT = 993
    IMAP_SSL = True
    IMAP_USERNAME = ""
    IMAP_PASSWORD = ""
    IMAP_FOLDER = "INBOX"
    IMAP_PROCESSED_FOLDER = "Processed"
    #: Larger messages are stored as a stub and quarantined, not downloaded whole.
    IMAP_MAX_MESSAGE_BYTES = 25 * 1024 * 1024
    #: Login throttling: this many wrong passwords for one account, or from one address, within
    #: the window, and it must wait until the oldest one leaves the window.
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 30
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    #: Cookies only over https. `make run` (the development server on http://127.0.0.1) turns
    #: this off with TRACKER_SESSION_COOKIE_SECURE=false; a production server never should.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    #: How many reverse proxies stand in front (nginx: 1); their X-Forwarded-* headers are
    #: trusted for the client address and https. 0 when the app is reached directly.
    PROXY_HOPS = 0
    LOG_LEVEL = "INFO"
    WTF_CSRF_TIME_LIMIT = None


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Layer the configuration: defaults, instance file, environment, then test overrides."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX, loads=_loads_or_string)
    if "DATABASE_URL" in app.config:
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config.pop("DATABASE_URL")
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "tracker.sqlite")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])


def normalise_database_url(url: str) -> str:
    """Point bare `postgresql://` URLs at psycopg 3, the driver we ship."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _loads_or_string(value: str) -> Any:
    """Environment values are JSON when they parse as JSON (numbers, lists), else plain strings."""
    try:
        return json.loads(value)
    except ValueError:
        return value
