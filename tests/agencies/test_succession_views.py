"""The office chooses its province and merges bodies on the web; lists show both names."""
import datetime as dt

import pytest
from sqlalchemy import select

from tests.fixtures.web import login
from tracker.agencies.models import Agency
from tracker.agencies.services import find_agency
from tracker.core.dates import today_vn
from tracker.tasks.models import Task
from tracker.users.models import Role


@pytest.fixture()
def clerk(session, make_user):  # noqa: ANN001, ANN201
    user = make_user(Role.OFFICE)
    session.commit()
    return user


def test_a_new_office_is_shown_where_to_start_and_chooses_its_province(client, session, clerk):
    login(client, clerk)
    assert 'id="first-run"' in client.get("/").get_data(as_text=True)
    page = client.get("/agencies/").get_data(as_text=True)
    assert page.count("<option value=") == 34 and "Tỉnh Cà Mau" in page and "Thành phố Hồ Chí Minh" in page
    client.post("/agencies/province", data={"province": "96"})
    session.expire_all()
    assert find_agency(session, "Sở Tài chính tỉnh Cà Mau") is not None
    listed = client.get("/agencies/").get_data(as_text=True)
    assert "Sở Kế hoạch và Đầu tư</a> <span class=\"muted\">(nay là Sở Tài chính, từ 01/03/2025)" in listed
    client.post("/agencies/province", data={"province": "Atlantis"})
    assert "Không có tỉnh, thành phố «Atlantis»" in client.get("/agencies/").get_data(as_text=True)


def test_the_office_merges_on_the_web_and_lists_show_the_name_given_under(client, session, clerk, make_agency,
                                                                           make_task, make_user):
    old = make_agency("Sở Giao thông vận tải", aliases=("Sở GTVT",), emails=("vanthu@sgtvt.example.vn",))
    new = make_agency("Sở Xây dựng")
    task = make_task(lead=old, due=today_vn() + dt.timedelta(days=3), lead_text="Sở Giao thông vận tải")
    liaison = make_user(Role.AGENCY, old)
    session.commit()
    login(client, clerk)
    refused = client.post(f"/agencies/{old.id}/merge", data={"into": "Sở Không Có", "from": "01/03/2025"})
    assert refused.headers["Location"].endswith(f"/agencies/{old.id}/edit")
    response = client.post(f"/agencies/{old.id}/merge", data={"into": "Sở Xây dựng", "from": "01/03/2025",
                                                               "keep_emails": "1"})
    assert response.headers["Location"].endswith("/agencies/")
    session.expire_all()
    assert session.get(Task, task.id).lead_agency_id == new.id and liaison.agency_id == new.id
    listing = client.get("/tasks/").get_data(as_text=True)
    assert "Sở Xây dựng <span class=\"small muted\">(văn bản ghi: Sở Giao thông vận tải)</span>" in listing
    detail = client.get(f"/tasks/{task.code}").get_data(as_text=True)
    assert "(văn bản ghi: Sở Giao thông vận tải)" in detail
    assert session.scalar(select(Agency.is_active).where(Agency.id == old.id)) is False


def test_a_task_given_under_a_short_name_of_its_lead_shows_one_name(client, session, clerk, make_agency, make_task):
    soyte = make_agency("Sở Y tế", aliases=("Sở YT",))
    task = make_task(lead=soyte, due=today_vn(), lead_text="Sở YT")
    session.commit()
    assert task.given_under == "" and task.lead_label == "Sở Y tế"
    login(client, clerk)
    assert "văn bản ghi" not in client.get("/tasks/").get_data(as_text=True)
