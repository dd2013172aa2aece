"""The office keeps the directory in the browser: one agency at a time, or a whole CSV."""
from io import BytesIO

import pytest

from tests.fixtures.web import login
from tracker.agencies.models import Agency, AgencyKind
from tracker.agencies.services import AgencyForm, find_agency, save_agency
from tracker.core.errors import InvalidInput
from tracker.users.models import Role


def _snapshot(agency: Agency) -> tuple:
    return (agency.name, agency.kind, agency.is_active, sorted(agency.short_names),
            sorted((e.address, e.may_act) for e in agency.emails))


def test_saving_changes_names_abbreviations_mailboxes_and_state(session, make_agency):
    agency = make_agency("Sở Y tế", aliases=("SYT",), emails=("cu@soyte.vn",))
    session.commit()
    form = AgencyForm("Sở Y tế Thành phố", "Sở YT; SYT", "department",
                      "vanthu@soyte.vn\ngiamdoc@soyte.vn (chỉ nhận)\nCU@soyte.vn", is_active=False)
    save_agency(session, agency, form)
    session.commit()
    assert find_agency(session, "Sở YT") is agency and find_agency(session, "Sở Y tế Thành phố") is agency
    assert _snapshot(agency) == ("Sở Y tế Thành phố", AgencyKind.DEPARTMENT, False, ["SYT", "Sở YT"],
                                 [("cu@soyte.vn", True), ("giamdoc@soyte.vn", False), ("vanthu@soyte.vn", True)])


@pytest.mark.parametrize(("form", "message"), [
    (AgencyForm("", "", "department", ""), "thiếu tên cơ quan"),
    (AgencyForm("Sở Y tế", "", "bộ", ""), "loại cơ quan «bộ» không hợp lệ"),
    (AgencyForm("Sở Y tế", "", "department", "khong-phai-email"), "«khong-phai-email» không hợp lệ"),
    (AgencyForm("Sở Y tế", "STC", "department", ""), "«STC» đã là tên hoặc tên viết tắt của «Sở Tài chính»"),
    (AgencyForm("Sở Tài chính", "", "department", ""), "«Sở Tài chính» đã là tên"),
])
def test_a_refused_edit_says_why_and_changes_nothing(session, make_agency, form, message):
    agency = make_agency("Sở Y tế", aliases=("SYT",), emails=("a@soyte.vn",))
    make_agency("Sở Tài chính", aliases=("STC",))
    session.commit()
    before = _snapshot(agency)
    with pytest.raises(InvalidInput, match=message):
        save_agency(session, agency, form)
    session.rollback()
    assert _snapshot(session.get(Agency, agency.id)) == before


def test_office_adds_and_edits_an_agency_in_the_browser_form(client, session, make_user):
    office = make_user(Role.OFFICE)
    session.commit()
    login(client, office)
    response = client.post("/agencies/new", data={"name": "Sở Du lịch", "short_names": "SDL", "kind": "department",
                                                  "emails": "vanthu@sdl.vn", "is_active": "1"})
    assert response.status_code == 302
    agency = find_agency(session, "SDL")
    assert agency is not None and [e.address for e in agency.emails] == ["vanthu@sdl.vn"]
    page = client.get(f"/agencies/{agency.id}/edit").get_data(as_text=True)
    assert 'value="Sở Du lịch"' in page and "vanthu@sdl.vn" in page
    refused = client.post(f"/agencies/{agency.id}/edit", data={"name": "Sở Du lịch", "kind": "department",
                                                                "emails": "sai địa chỉ", "is_active": "1"})
    assert refused.status_code == 400 and "Chưa lưu" in refused.get_data(as_text=True)
    session.expire_all()
    assert [e.address for e in session.get(Agency, agency.id).emails] == ["vanthu@sdl.vn"]


def test_office_imports_and_exports_the_directory_csv(client, session, make_user):
    office = make_user(Role.OFFICE)
    session.commit()
    login(client, office)
    csv = "name,short_names,kind,emails\nSở Du lịch,SDL,sở,vanthu@sdl.vn\n".encode()
    response = client.post("/agencies/import", data={"file": (BytesIO(csv), "danh-ba.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "1 cơ quan mới" in response.get_data(as_text=True)
    exported = client.get("/agencies/export.csv")
    assert exported.mimetype == "text/csv"
    assert "Sở Du lịch,SDL,department,vanthu@sdl.vn" in exported.get_data(as_text=True)
    bad = "name,short_names,kind,emails\nSở Xây dựng,SXD,bộ,\n".encode()
    response = client.post("/agencies/import", data={"file": (BytesIO(bad), "x.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "danh bạ không thay đổi" in response.get_data(as_text=True)
    assert find_agency(session, "SXD") is None


def test_liaisons_read_the_directory_but_may_not_change_it(client, session, make_agency, make_user):
    agency = make_agency("Sở Y tế")
    liaison = make_user(Role.AGENCY, agency)
    session.commit()
    login(client, liaison)
    assert "/agencies/new" not in client.get("/agencies/").get_data(as_text=True)
    assert client.get(f"/agencies/{agency.id}/edit").status_code == 403
    assert client.post(f"/agencies/{agency.id}/edit", data={"name": "Đổi tên", "kind": "department"}).status_code == 403
    assert client.get("/agencies/export.csv").status_code == 403
    assert client.post("/agencies/import").status_code == 403
    session.expire_all()
    assert session.get(Agency, agency.id).name == "Sở Y tế"
