"""Accounts in the browser: the admin manages users; everyone changes their own password."""
import re

import pytest
from sqlalchemy import select

from tests.fixtures.web import PASSWORD, login
from tracker.users.models import Role, User


@pytest.fixture()
def admin(session, make_user):  # noqa: ANN001, ANN201
    user = make_user(Role.ADMIN, email="quantri@ubnd.example.vn")
    session.commit()
    return user


def test_the_admin_creates_a_liaison_who_can_then_log_in(client, session, admin, make_agency):
    make_agency("Sở Y tế")
    session.commit()
    login(client, admin)
    page = client.post("/users/", data={"email": "lienlac@soyte.example.vn", "full_name": "Nguyễn Văn B",
                                        "role": "agency", "agency": "Sở Y tế"}, follow_redirects=True)
    password = re.search(r"mật khẩu: (\S+) \(chỉ hiện", page.get_data(as_text=True)).group(1)
    user = session.scalar(select(User).where(User.email == "lienlac@soyte.example.vn"))
    assert user.role is Role.AGENCY and user.agency.name == "Sở Y tế"
    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": password}).status_code == 302
    assert client.get("/users/").status_code == 403  # a liaison manages nobody


@pytest.mark.parametrize("data, message", [
    ({"email": "x@example.vn", "role": "agency", "agency": ""}, "phải thuộc một cơ quan"),
    ({"email": "not an address", "role": "office"}, "không hợp lệ"),
    ({"email": "quantri@ubnd.example.vn", "role": "office"}, "Đã có người dùng"),
])
def test_a_bad_account_is_refused_with_a_message(client, session, admin, data, message):
    login(client, admin)
    page = client.post("/users/", data=data, follow_redirects=True).get_data(as_text=True)
    assert message in page
    assert session.scalar(select(User).where(User.email == data["email"])) is None or data["email"] == admin.email


def test_disabling_or_resetting_ends_the_users_sessions_and_the_admin_cannot_lock_themselves_out(
        client, session, admin, make_user, app):
    office = make_user(Role.OFFICE, email="vanphong@ubnd.example.vn")
    session.commit()
    other = app.test_client()
    login(other, office)
    assert other.get("/").status_code == 200
    login(client, admin)
    client.post(f"/users/{office.id}/disable")
    assert other.get("/").status_code == 302  # sent back to the login page
    client.post(f"/users/{office.id}/enable")
    page = client.post(f"/users/{office.id}/reset", follow_redirects=True).get_data(as_text=True)
    new_password = re.search(r"vanphong@ubnd.example.vn: (\S+) \(chỉ hiện", page).group(1)
    assert other.post("/login", data={"email": office.email, "password": PASSWORD}).status_code == 200  # old fails
    assert other.post("/login", data={"email": office.email, "password": new_password}).status_code == 302
    refused = client.post(f"/users/{admin.id}/disable", follow_redirects=True).get_data(as_text=True)
    assert "Không thể tự khóa" in refused
    session.expire_all()
    assert session.get(User, admin.id).is_enabled


def test_everyone_changes_their_own_password_and_stays_logged_in(client, session, make_user):
    user = make_user(Role.VIEWER, email="xem@ubnd.example.vn")
    session.commit()
    login(client, user)
    wrong = client.post("/account/password", data={"current": "sai", "new": "x", "repeated": "x"},
                        follow_redirects=True).get_data(as_text=True)
    assert "Mật khẩu hiện tại không đúng" in wrong
    new = "Trăng rằm tháng tám sáng vằng vặc 2026"
    client.post("/account/password", data={"current": PASSWORD, "new": new, "repeated": new})
    assert client.get("/").status_code == 200  # this session goes on
    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": new}).status_code == 302
