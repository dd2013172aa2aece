"""Headers every response carries, pages that satisfy their own CSP, the 500 page, and what the
proxy may tell us."""
from __future__ import annotations

import re
from pathlib import Path

from tracker import create_app
from tracker.extensions import db
from tracker.users.models import Role
from tests.fixtures.web import login

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_page_carries_the_security_headers(client, session, make_user):
    office = make_user(Role.OFFICE)
    session.commit()
    login(client, office)
    for path in ("/", "/tasks/", "/login", "/no-such-page", "/static/app.css"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"], path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert (headers["X-Frame-Options"], headers["X-Content-Type-Options"], headers["Referrer-Policy"]) == (
            "DENY", "nosniff", "same-origin")
    assert "Strict-Transport-Security" not in client.get("/login").headers
    assert "Strict-Transport-Security" in client.get("/login", base_url="https://tracker.test").headers


def test_the_pages_need_nothing_the_policy_forbids():
    """No inline script, handler or style attribute in a page template (mail templates are not pages)."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+=|\sstyle=|<style|javascript:", re.I)
    offenders = [f"{p.relative_to(TEMPLATES)}: {m.group(0)}" for p in TEMPLATES.rglob("*.html")
                 if p.parent.name != "mail" for m in [inline.search(p.read_text())] if m]
    assert offenders == []


def test_cookies_are_secure_unless_told_otherwise(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True


def test_an_unexpected_error_shows_the_500_page_and_rolls_back(app, session):
    """A production app (not TESTING) on the same database: the error is handled, not raised."""
    from tracker.agencies.models import Agency

    live = create_app({"SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                       "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
                       "SESSION_COOKIE_SECURE": False})

    @live.get("/__boom")
    def boom():  # noqa: ANN202
        db.session.add(Agency(name="Sở Chưa Lưu"))
        db.session.flush()
        raise RuntimeError("bug")

    response = live.test_client().get("/__boom")
    with live.app_context():
        db.engine.dispose()
    assert response.status_code == 500 and "Hệ thống đang gặp sự cố" in response.get_data(as_text=True)
    assert session.query(Agency).filter_by(name="Sở Chưa Lưu").count() == 0


def test_behind_one_proxy_the_forwarded_client_is_the_one_throttled(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "PROXY_HOPS": 1,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    seen = []

    @app.get("/__who")
    def who():  # noqa: ANN202
        from flask import request

        seen.append((request.remote_addr, request.scheme))
        return "ok"

    app.test_client().get("/__who", headers={"X-Forwarded-For": "203.0.113.8", "X-Forwarded-Proto": "https"})
    assert seen == [("203.0.113.8", "https")]
