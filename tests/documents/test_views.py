import io
import re

import pytest
from sqlalchemy import func, select

from tests.documents.test_services import NOTICE
from tests.fixtures.web import login
from tracker.agencies.directory import load_default_directory
from tracker.agencies.services import find_agency
from tracker.documents.models import Document
from tracker.tasks.models import Task, TaskStatus
from tracker.users.models import Role


@pytest.fixture()
def office(session, make_user):  # noqa: ANN001, ANN201
    load_default_directory(session)
    user = make_user(Role.OFFICE)
    liaison = make_user(Role.AGENCY, find_agency(session, "Sở Y tế"))
    session.commit()
    return user, liaison


def test_office_pastes_reviews_and_confirms(client, office, session):
    login(client, office[0])
    response = client.post("/documents/new", data={"text": NOTICE})
    assert response.status_code == 302
    review_url = response.headers["Location"]
    page = client.get(review_url).get_data(as_text=True)
    assert "Giao Sở Y tế chủ trì, phối hợp với UBND cấp xã" in page  # the source sentence beside the task
    assert "chưa có trong danh bạ" in page and "sẽ thành 126 nhiệm vụ" in page
    refused = client.post(review_url.replace("/review", "/confirm"))
    assert "Chưa xác nhận được" in client.get(refused.headers["Location"]).get_data(as_text=True)
    unknown = session.scalar(select(Task).where(Task.lead_text == "Sở Hàng không Vũ trụ"))
    fixed = client.post(f"/documents/drafts/{unknown.id}/save", data={
        "description": "Nghiên cứu đề xuất", "lead": "Sở XD", "support": "", "due": "31/02/2022", "recurrence": ""})
    kept = fixed.get_data(as_text=True)  # refused: the page again, with everything typed still there
    assert fixed.status_code == 400 and "Ngày không hợp lệ" in kept
    draft = kept.split(f'id="draft-{unknown.id}"')[1].split("</article>")[0]
    assert 'value="31/02/2022"' in draft and 'value="Sở XD"' in draft and "Nghiên cứu đề xuất</textarea>" in draft
    session.expire_all()
    assert session.get(Task, unknown.id).lead_text == "Sở Hàng không Vũ trụ"  # and nothing was changed
    client.post(f"/documents/drafts/{unknown.id}/save", data={
        "description": "Nghiên cứu đề xuất", "lead": "Sở XD", "support": "", "due": "30/4/2022", "recurrence": ""})
    confirmed = client.post(review_url.replace("/review", "/confirm"))
    assert "Đã xác nhận văn bản: 129 nhiệm vụ" in client.get(confirmed.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Task).where(Task.status == TaskStatus.IN_PROGRESS)) == 129
    listing = client.get("/tasks/?document=88/TB-UBND").get_data(as_text=True)  # 126 communes: one row
    assert "4 nhiệm vụ" in listing and "0/126 đã xong" in listing and listing.count("<tr") == 5
    expand = re.search(r'href="(/tasks/\?[^"]*assignment=\d+[^"]*)">Xem 126 nhiệm vụ', listing).group(1)
    members = client.get(expand.replace("&amp;", "&")).get_data(as_text=True)
    assert "126 nhiệm vụ" in members and "UBND các xã, phường" in members and "Về danh sách chung" in members


def test_liaison_cannot_import_review_or_see_drafts(client, office, session):
    login(client, office[0])
    review_url = client.post("/documents/new", data={"text": NOTICE}).headers["Location"]
    client.post("/logout")
    login(client, office[1])
    assert client.get("/documents/new").status_code == 403
    assert client.post("/documents/new", data={"text": NOTICE}).status_code == 403
    assert client.get(review_url).status_code == 403
    assert "88/TB-UBND" not in client.get("/documents/").get_data(as_text=True)  # drafts are not live
    assert "tổ chức tiêm chủng" not in client.get("/tasks/").get_data(as_text=True)  # drafts are not live


@pytest.mark.parametrize("name, data, message", [
    ("scan.docx", b"PK\x03\x04broken", "Không đọc được tệp .docx"),
    ("empty.txt", b"", "Tệp trống"),
    ("old.txt", "Giao Së Y tÕ chñ tr×, b¸o c¸o UBND Thµnh phè tr­íc ngµy 15/6/2020 vÒ kÕt qu¶.".encode(), "TCVN3"),
])
def test_bad_uploads_get_a_vietnamese_message_and_store_nothing(client, office, session, name, data, message):
    login(client, office[0])
    response = client.post("/documents/new", data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_cli_import_and_confirm(runner, session, tmp_path):
    load_default_directory(session)
    session.commit()
    path = tmp_path / "tb.txt"
    path.write_text(NOTICE.replace("Giao Sở Hàng không Vũ trụ nghiên cứu đề xuất.\n", ""), encoding="utf-8")
    result = runner.invoke(args=["documents", "import", str(path), "--confirm"])
    assert result.exit_code == 0, result.output
    assert "Đã xác nhận: 128 nhiệm vụ" in result.output
    extracted = runner.invoke(args=["documents", "extract", str(path), "--json"])
    assert '"number": "88/TB-UBND"' in extracted.output
    assert re.search(r'"lead": "UBND các xã, phường"', extracted.output)
