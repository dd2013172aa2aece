"""Getting in: throttled guessing, the same answer for unknown accounts, sessions that really end,
passwords a guesser would not try first, calendar links that follow their holder."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixtures.factories import PASSWORD
from tests.fixtures.web import login
from tracker.calendars.models import FeedKind
from tracker.calendars.tokens import get_or_create_feed, token_for
from tracker.core.errors import InvalidInput
from tracker.users import services
from tracker.users.models import Role
from tracker.users.services import check_password_strength, set_enabled, set_password


def _try(client, email: str, password: str, address: str = "203.0.113.5"):  # noqa: ANN001, ANN202
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, session, make_user):
    user = make_user(Role.OFFICE, email="vanthu@ubnd.example.vn")
    session.commit()
    for _ in range(5):
        assert _try(client, user.email, "sai-mat-khau-roi").status_code == 200
    locked = _try(client, user.email, PASSWORD)
    assert locked.status_code == 429 and "thử lại sau" in locked.get_data(as_text=True)
    assert _try(client, user.email, PASSWORD, address="198.51.100.7").status_code == 429  # per account
    other = make_user(Role.OFFICE, email="khac@ubnd.example.vn")
    session.commit()
    assert _try(client, other.email, PASSWORD).status_code == 302  # another account from that address


def test_one_address_guessing_many_accounts_is_stopped(client, session, make_user, app):
    user = make_user(Role.OFFICE, email="that@ubnd.example.vn")
    session.commit()
    app.config.update(LOGIN_MAX_FAILURES_PER_ADDRESS=6)
    try:
        for n in range(6):
            _try(client, f"doan{n}@ubnd.example.vn", "sai-mat-khau-roi", address="192.0.2.9")
        assert _try(client, user.email, PASSWORD, address="192.0.2.9").status_code == 429
        assert _try(client, user.email, PASSWORD, address="192.0.2.10").status_code == 302
    finally:
        app.config.update(LOGIN_MAX_FAILURES_PER_ADDRESS=30)


def test_an_unknown_account_costs_a_password_check_like_a_real_one(session, make_user, monkeypatch):
    make_user(Role.OFFICE, email="co@ubnd.example.vn")
    checked = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    assert services.authenticate(session, "khong-co@ubnd.example.vn", "bat-ky-mat-khau") is None
    assert len(checked) == 1 and checked[0].split("$")[0] == session.scalars(
        services.select(services.User.password_hash)).first().split("$")[0]  # the same hashing method


@pytest.mark.parametrize("ending", ["logout", "new password", "disabled"])
def test_a_copied_cookie_stops_working_when_the_session_ends(app, session, make_user, ending):
    user = make_user(Role.OFFICE, email="vanthu@ubnd.example.vn")
    session.commit()
    owner, thief = app.test_client(), app.test_client()
    login(owner, user)
    cookie = next(c for c in owner._cookies.values() if c.key == "session")
    thief.set_cookie("session", cookie.value, domain=cookie.domain)
    assert thief.get("/").status_code == 200
    if ending == "logout":
        owner.post("/logout")
    else:
        set_password(user, "mot-cau-rat-dai-kho-doan-2026") if ending == "new password" else set_enabled(user, False)
        session.commit()
    assert thief.get("/").status_code == 302 and owner.get("/").status_code == 302


@pytest.mark.parametrize("weak", ["1111111111", "abcdefghij", "qwertyuiop", "1234567890", "password12",
                                  "Password123!", "vanthu2026", "ngan"])
def test_obvious_passwords_are_refused(weak):
    with pytest.raises(InvalidInput):
        check_password_strength(weak, ["vanthu@ubnd.example.vn", "vanthu"])


@settings(max_examples=50, deadline=None)
@given(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), st.integers(10, 40))
def test_any_repeated_character_is_refused(char, length):
    with pytest.raises(InvalidInput):
        check_password_strength(char * length, [])


def test_generated_and_passphrase_passwords_are_accepted():
    check_password_strength(services.generate_password(), [])
    check_password_strength("mùa thu hà nội có gió heo may", [])


@pytest.mark.parametrize("change", ["disabled", "moved", "no longer office"])
def test_a_calendar_link_follows_its_holder(app, client, session, make_user, make_agency, change):
    health, finance = make_agency("Sở Y tế"), make_agency("Sở Tài chính")
    liaison = make_user(Role.AGENCY, health, email="lienlac@soyte.example.vn")
    office = make_user(Role.OFFICE, email="vanthu@ubnd.example.vn")
    secret = app.config["SECRET_KEY"]
    agency_feed = get_or_create_feed(session, secret, FeedKind.AGENCY, agency_id=health.id, user_id=liaison.id)
    office_feed = get_or_create_feed(session, secret, FeedKind.OFFICE, user_id=office.id)
    session.commit()
    urls = [f"/calendars/{token_for(secret, f)}.ics" for f in (agency_feed, office_feed)]
    assert [client.get(u).status_code for u in urls] == [200, 200]
    if change == "disabled":
        set_enabled(liaison, False)
        set_enabled(office, False)
    elif change == "moved":
        liaison.agency = finance
        office.role, office.agency = Role.AGENCY, finance
    else:
        office.role, office.agency = Role.VIEWER, None
        liaison.agency = finance
    session.commit()
    assert [client.get(u).status_code for u in urls] == [404, 404]
