import pytest

from tracker.core.errors import InvalidInput
from tracker.users.models import Role
from tracker.users.services import authenticate, create_user


def test_passwords_are_hashed_and_checked(session):
    user = create_user(session, "Lan@VanPhong.example.vn", "mot-mat-khau-dai", Role.OFFICE)
    assert user.email == "lan@vanphong.example.vn"
    assert "mot-mat-khau-dai" not in user.password_hash
    assert authenticate(session, "LAN@vanphong.example.vn", "mot-mat-khau-dai") == user
    assert authenticate(session, "lan@vanphong.example.vn", "sai") is None
    user.is_enabled = False
    assert authenticate(session, "lan@vanphong.example.vn", "mot-mat-khau-dai") is None


def test_liaison_needs_an_agency_and_others_must_not_have_one(session, make_agency):
    with pytest.raises(InvalidInput):
        create_user(session, "a@x.example.vn", "mot-mat-khau-dai", Role.AGENCY)
    with pytest.raises(InvalidInput):
        create_user(session, "b@x.example.vn", "mot-mat-khau-dai", Role.OFFICE, agency=make_agency())
    with pytest.raises(InvalidInput, match="10 ký tự"):
        create_user(session, "c@x.example.vn", "ngan", Role.OFFICE)


def test_cli_creates_user_with_generated_password_once(runner, session):
    runner.invoke(args=["agencies", "import", "--default"])
    made = runner.invoke(args=["users", "create", "lienlac@soyte.example.vn", "--role", "agency", "--agency", "Sở Y tế"])
    assert made.exit_code == 0, made.output
    password = made.output.split("Mật khẩu: ")[1].strip()
    assert authenticate(session, "lienlac@soyte.example.vn", password).agency.name == "Sở Y tế"
    again = runner.invoke(args=["users", "create", "lienlac@soyte.example.vn", "--if-missing"])
    assert again.exit_code == 0 and "giữ nguyên" in again.output
    duplicate = runner.invoke(args=["users", "create", "lienlac@soyte.example.vn"])
    assert duplicate.exit_code == 1 and "Đã có người dùng" in duplicate.output


def test_cli_set_password_gives_a_way_back_in(runner, session):
    runner.invoke(args=["users", "create", "admin@donduc.vn", "--role", "admin", "--password", "mat-khau-cu-123"])
    reset = runner.invoke(args=["users", "set-password", "admin@donduc.vn"])
    assert reset.exit_code == 0, reset.output
    new_password = reset.output.split("Mật khẩu: ")[1].strip()
    assert authenticate(session, "admin@donduc.vn", new_password) is not None
    assert authenticate(session, "admin@donduc.vn", "mat-khau-cu-123") is None
    assert runner.invoke(args=["users", "set-password", "ai@donduc.vn"]).exit_code == 1
