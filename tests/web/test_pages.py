import datetime as dt
import io
import re

import pytest

from tests.fixtures.factories import PASSWORD
from tests.fixtures.web import login
from tracker.core.dates import today_vn
from tracker.users.models import Role


@pytest.fixture()
def world(session, make_agency, make_task, make_user):  # noqa: ANN001, ANN201
    soyte, sotc = make_agency("Sở Y tế", aliases=("Sở YT",)), make_agency("Sở Tài chính")
    today = today_vn()
    data = {
        "soyte_task": make_task(lead=soyte, due=today + dt.timedelta(days=10), description="Báo cáo tiêm chủng"),
        "sotc_task": make_task(lead=sotc, due=today - dt.timedelta(days=3), description="Công khai ngân sách"),
        "liaison": make_user(Role.AGENCY, soyte),
        "office": make_user(Role.OFFICE),
    }
    session.commit()
    return data


def test_pages_need_login(client, world):
    for path in ("/", "/tasks/", f"/tasks/{world['soyte_task'].code}", "/agencies/", "/documents/"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_wrong_password_is_refused_in_vietnamese(client, world):
    response = client.post("/login", data={"email": world["office"].email, "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Email hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_login_redirect_never_leaves_the_site(client, world):
    response = client.post("/login?next=//evil.example/x", data={"email": world["office"].email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_liaison_sees_own_tasks_and_gets_404_for_another_agencys(client, world):
    login(client, world["liaison"])
    listing = client.get("/tasks/").get_data(as_text=True)
    assert world["soyte_task"].code in listing and world["sotc_task"].code not in listing
    assert client.get(f"/tasks/{world['sotc_task'].code}").status_code == 404
    assert client.get(f"/tasks/{world['sotc_task'].id}").status_code == 404
    posted = client.post(f"/tasks/{world['sotc_task'].code}/progress", data={"note": "xen vào", "percent": "50"})
    assert posted.status_code == 404


def test_office_list_filters_by_state_and_shows_vietnamese_states(client, world):
    login(client, world["office"])
    page = client.get("/tasks/?state=overdue").get_data(as_text=True)
    assert world["sotc_task"].code in page and world["soyte_task"].code not in page
    assert "Quá hạn" in page


def test_bad_filter_date_is_explained_and_ignored(client, world):
    login(client, world["office"])
    page = client.get("/tasks/?due_from=31/02/2026").get_data(as_text=True)
    assert "Ngày không hợp lệ: «31/02/2026»" in page
    assert world["sotc_task"].code in page and world["soyte_task"].code in page


def test_task_detail_shows_history_and_progress_with_attachment(client, world, app):
    login(client, world["liaison"])
    code = world["soyte_task"].code
    response = client.post(f"/tasks/{code}/progress", data={
        "note": "Đã tiêm 80% đối tượng", "percent": "80",
        "attachment": (io.BytesIO(b"bao cao"), "Báo cáo tuần.docx"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(f"/tasks/{code}").get_data(as_text=True)
    assert "Đã tiêm 80% đối tượng" in page and "Báo cáo tiến độ" in page and "Báo cáo tuần.docx" in page
    link = re.search(r'href="(/tasks/attachments/\d+)"', page).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.data == b"bao cao"
    client.post("/logout")
    other = world["office"]
    login(client, other)
    assert client.get(link).status_code == 200


def test_attachment_of_another_agencys_task_is_not_served(client, world, make_user, make_agency, session):
    login(client, world["office"])
    code = world["sotc_task"].code
    client.post(f"/tasks/{code}/progress", data={"note": "n", "attachment": (io.BytesIO(b"mat"), "mat.pdf")},
                content_type="multipart/form-data")
    link = re.search(r'href="(/tasks/attachments/\d+)"', client.get(f"/tasks/{code}").get_data(as_text=True)).group(1)
    client.post("/logout")
    login(client, world["liaison"])
    assert client.get(link).status_code == 404


def test_forms_carry_and_require_csrf(client, world, app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        login_page = client.get("/login").get_data(as_text=True)
        assert 'name="csrf_token"' in login_page
        refused = client.post("/login", data={"email": world["office"].email, "password": PASSWORD})
        assert refused.status_code == 400 and "hết hạn" in refused.get_data(as_text=True)
        assert client.get("/").status_code == 302  # not logged in
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
        accepted = client.post("/login", data={"email": world["office"].email, "password": PASSWORD,
                                               "csrf_token": token})
        assert accepted.status_code == 302
        no_token = client.post(f"/tasks/{world['soyte_task'].code}/progress", data={"note": "x"})
        assert no_token.status_code == 400
        assert "hết hạn" in no_token.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_english_is_available(client, world):
    login(client, world["office"])
    client.get("/lang/en")
    page = client.get("/tasks/?state=overdue").get_data(as_text=True)
    assert "Overdue" in page and "Tasks" in page and "Quá hạn" not in page
    client.get("/lang/vi")
    assert "Quá hạn" in client.get("/tasks/?state=overdue").get_data(as_text=True)


def test_dashboard_directory_and_documents_render(client, world):
    login(client, world["office"])
    dashboard = client.get("/").get_data(as_text=True)
    assert "Tổng quan" in dashboard and "Quá hạn" in dashboard
    assert "Sở YT" in client.get("/agencies/").get_data(as_text=True)
    documents = client.get("/documents/").get_data(as_text=True)
    assert world["soyte_task"].document.number in documents


def test_liaison_document_list_shows_only_documents_assigning_it(client, world):
    login(client, world["liaison"])
    documents = client.get("/documents/").get_data(as_text=True)
    assert world["soyte_task"].document.number in documents
    assert world["sotc_task"].document.number not in documents
    assert client.get(f"/documents/{world['sotc_task'].document_id}").status_code == 404


def test_agency_filter_takes_abbreviations_and_explains_unknown_names(client, world):
    login(client, world["office"])
    page = client.get("/tasks/?agency=S%E1%BB%9F+YT").get_data(as_text=True)  # "Sở YT"
    assert world["soyte_task"].code in page and world["sotc_task"].code not in page
    unknown = client.get("/tasks/?agency=S%E1%BB%9F+Ma").get_data(as_text=True)
    assert "Không có cơ quan «Sở Ma» trong danh bạ." in unknown


def test_document_filter_by_number(client, world):
    login(client, world["office"])
    number = world["sotc_task"].document.number
    page = client.get("/tasks/", query_string={"document": number}).get_data(as_text=True)
    assert world["sotc_task"].code in page and world["soyte_task"].code not in page


def test_drafts_listed_and_opened_lead_to_their_review_and_take_no_action(client, world, session, tmp_path):
    from tracker.core.files import FileStore
    from tracker.documents.services import Upload, drafts_of, import_document

    notice = ("ỦY BAN NHÂN DÂN TỈNH THỬ\nSố: 9/TB-UBND\nngày 02 tháng 12 năm 2026\nTHÔNG BÁO\nKết luận giao ban\n"
              "Giao Sở Y tế rà soát trạm y tế, hoàn thành trước ngày 30/12/2026.\n")
    document = import_document(session, notice, FileStore(tmp_path, 10**6), Upload("tb9.txt", notice.encode()))
    session.commit()
    draft = drafts_of(session, document)[0]
    login(client, world["office"])
    listing = client.get("/tasks/?state=draft")
    review = f"/documents/{document.id}/review"
    assert listing.status_code == 200 and review in listing.get_data(as_text=True)
    opened = client.get(f"/tasks/{draft.id}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(review)
    client.post(f"/tasks/{draft.id}/progress", data={"note": "chưa là nhiệm vụ", "percent": "10"})
    session.expire_all()
    assert [h.kind.value for h in drafts_of(session, document)[0].history] == []
