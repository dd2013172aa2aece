"""The web shell in a real browser: Debian's chromium driven by Playwright.

The app is served by a real WSGI server on a free loopback port. Screenshots of the main
pages (desktop and a 360 px phone) are saved under test-output/screenshots/.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from tests.fixtures.factories import PASSWORD
from tracker.core.dates import today_vn
from tracker.users.models import Role

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"



@pytest.fixture()
def browser():  # noqa: ANN201
    """Skipped where chromium is missing, unless TRACKER_REQUIRE_BROWSER=1 (.ci/run) makes that a failure."""
    if not Path(CHROMIUM).exists():
        message = "Debian chromium is not installed (apt-get install chromium; .ci/run does it)"
        if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


@pytest.fixture()
def people(session, make_agency, make_task, make_user):  # noqa: ANN001, ANN201
    soyte, sotc = make_agency("Sở Y tế", aliases=("Sở YT",)), make_agency("Sở Tài chính")
    today = today_vn()
    data = {
        "mine": make_task(lead=soyte, due=today + dt.timedelta(days=2), description="Báo cáo kết quả tiêm chủng",
                          due_text="trước ngày giao ban"),
        "theirs": make_task(lead=sotc, due=today - dt.timedelta(days=4), description="Công khai dự toán ngân sách"),
        "liaison": make_user(Role.AGENCY, soyte, email="lienlac@soyte.example.vn"),
        "office": make_user(Role.OFFICE, email="vanthu@vanphong.example.vn"),
    }
    session.commit()
    return data


def _login(page, base: str, email: str) -> None:  # noqa: ANN001
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")


def test_office_and_liaison_in_the_browser(live_server, browser, people, app_ctx, tmp_path):
    backend = app_ctx.config["BACKEND"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused = []  # what the Content-Security-Policy blocked: our own pages must need nothing it forbids
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    _login(page, live_server, people["office"].email)
    page.screenshot(path=SHOTS / f"dashboard-{backend}.png", full_page=True)
    for path in ("/calendars/", "/reports/", "/meetings/", "/agencies/", "/documents/new"):
        page.goto(live_server + path)
    assert refused == []
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    page.get_by_label("Trạng thái").select_option("overdue")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("table.tasks tbody tr")
    assert rows.count() == 1 and people["theirs"].code in rows.first.inner_text()
    page.screenshot(path=SHOTS / f"tasks-office-{backend}.png", full_page=True)
    page.close()

    phone = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    _login(phone, live_server, people["liaison"].email)
    phone.goto(live_server + "/tasks/")
    body = phone.locator("main").inner_text()
    assert people["mine"].code in body and people["theirs"].code not in body
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling on a phone
    phone.screenshot(path=SHOTS / f"tasks-phone-{backend}.png", full_page=True)
    assert phone.goto(f"{live_server}/tasks/{people['theirs'].code}").status == 404

    phone.goto(f"{live_server}/tasks/{people['mine'].code}")
    report = tmp_path / "Báo cáo tiêm chủng.pdf"
    report.write_bytes(b"%PDF-1.4 bao cao")
    phone.get_by_label("Nội dung báo cáo").fill("Đã tiêm 85% đối tượng trong tuần")
    phone.get_by_label("Tỷ lệ hoàn thành (%)").fill("85")
    phone.get_by_label("Tệp đính kèm").set_input_files(str(report))
    phone.get_by_role("button", name="Gửi báo cáo").click()
    phone.wait_for_selector("text=Đã ghi nhận báo cáo tiến độ.")
    history = phone.locator("ol.history").inner_text()
    assert "Đã tiêm 85% đối tượng trong tuần" in history and "Báo cáo tiêm chủng.pdf" in history
    phone.screenshot(path=SHOTS / f"task-detail-phone-{backend}.png", full_page=True)
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Báo cáo tiêm chủng.pdf").click()
    assert Path(download.value.path()).read_bytes() == b"%PDF-1.4 bao cao"


def test_office_imports_reviews_and_confirms_a_notice(live_server, browser, session, make_user, app_ctx):
    from tests.documents.test_services import NOTICE
    from tracker.agencies.directory import load_default_directory

    load_default_directory(session)
    office = make_user(Role.OFFICE, email="vanthu2@vanphong.example.vn")
    session.commit()
    backend = app_ctx.config["BACKEND"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, live_server, office.email)
    page.goto(live_server + "/documents/new")
    page.get_by_label("hoặc dán nội dung văn bản").fill(NOTICE)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_selector("text=Rà soát nhiệm vụ")
    drafts = page.locator("article.draft")
    assert drafts.count() == 4
    page.screenshot(path=SHOTS / f"review-{backend}.png", full_page=True)
    unknown = page.locator("article.draft.needs-review", has_text="Sở Hàng không Vũ trụ")
    unknown.get_by_label("Chủ trì").fill("Sở Xây dựng")
    unknown.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã cập nhật dự thảo.")
    page.locator("article.draft", has_text="Sở Tài chính").get_by_label("Thời hạn (dd/mm/yyyy)").fill("15/04/2022")
    page.locator("article.draft", has_text="Sở Tài chính").get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã cập nhật dự thảo.")
    assert page.locator("article.draft.needs-review").count() == 0
    page.get_by_role("button", name="Xác nhận văn bản và giao nhiệm vụ").click()
    page.wait_for_selector("text=Đã xác nhận văn bản: 129 nhiệm vụ được theo dõi.")
    page.goto(live_server + "/tasks/?document=88%2FTB-UBND")
    listing = page.locator("main").inner_text()  # the 126 communes' shares are one row
    assert "4 nhiệm vụ" in listing and "0/126 đã xong" in listing


def test_end_to_end_notice_to_completed_task_to_dashboard_and_excel(live_server, browser, session, make_user, app_ctx,
                                                                    tmp_path):
    """The whole office loop in a real browser, as issue 7 describes it."""
    import io
    import re

    from openpyxl import load_workbook

    from tests.documents.test_services import NOTICE
    from tracker.agencies.directory import load_default_directory
    from tracker.agencies.services import find_agency

    load_default_directory(session)
    office = make_user(Role.OFFICE, email="vp3@vanphong.example.vn")
    liaison = make_user(Role.AGENCY, find_agency(session, "Sở Y tế"), email="lienlac3@soyte.example.vn")
    session.commit()
    backend = app_ctx.config["BACKEND"]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    _login(page, live_server, office.email)
    page.goto(live_server + "/documents/new")
    page.get_by_label("hoặc dán nội dung văn bản").fill(NOTICE.replace("Giao Sở Hàng không Vũ trụ nghiên cứu đề xuất.\n", ""))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_selector("text=Rà soát nhiệm vụ")
    finance = page.locator("article.draft", has_text="Sở Tài chính")
    finance.get_by_label("Thời hạn (dd/mm/yyyy)").fill("15/04/2022")
    finance.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã cập nhật dự thảo.")
    page.get_by_role("button", name="Xác nhận văn bản và giao nhiệm vụ").click()
    page.wait_for_selector("text=nhiệm vụ được theo dõi")
    page.goto(live_server + "/")
    awaiting_before = int(page.locator(".tiles a[href*='awaiting_confirmation'] strong").inner_text())
    page.screenshot(path=SHOTS / f"dashboard-office-{backend}.png", full_page=True)


    phone = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    _login(phone, live_server, liaison.email)
    phone.screenshot(path=SHOTS / f"agency-home-phone-{backend}.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # readable on a phone
    phone.goto(live_server + "/meetings/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto(live_server + "/")
    code = re.search(r"NV-2022-\d{4}", phone.locator("table.tasks").inner_text()).group(0)
    phone.goto(f"{live_server}/tasks/{code}")
    report = tmp_path / "Báo cáo hoàn thành.pdf"
    report.write_bytes(b"%PDF-1.4 xong")
    phone.get_by_label("Kết quả thực hiện").fill("Đã tiêm xong cho 100% đối tượng")
    phone.get_by_label("Báo cáo đính kèm").set_input_files(str(report))
    phone.get_by_role("button", name="Báo cáo hoàn thành").last.click()
    phone.wait_for_selector("text=Đã cập nhật nhiệm vụ.")
    assert "Chờ xác nhận" in phone.locator("h1").inner_text()

    page.goto(live_server + "/")
    assert int(page.locator(".tiles a[href*='awaiting_confirmation'] strong").inner_text()) == awaiting_before + 1
    page.goto(live_server + "/reports/?document=88%2FTB-UBND")
    page.screenshot(path=SHOTS / f"report-print-{backend}.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book["Biểu tổng hợp"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=9) if isinstance(r[0].value, int)]
    done = next(r for r in rows if r[1] == code)
    assert done[3] == "Sở Y tế" and done[6].startswith("Đã báo cáo hoàn thành, chờ xác nhận")
    assert "Đã tiêm xong cho 100% đối tượng" in done[6]
    assert len(rows) == 3 and sheet["A5"].value == "(theo văn bản số 88/TB-UBND)"  # the communes' row is one
    assert next(r for r in rows if r[3] == "UBND các xã, phường (126 cơ quan)")[6].startswith("0/126 cơ quan")
    assert sheet["A1"].value == "UBND THÀNH PHỐ HÀ NỘI" and sheet["A2"].value == "VĂN PHÒNG"


def test_office_fills_in_an_agencys_mailbox_on_a_phone(live_server, browser, people, session, app_ctx):
    """The shipped directory has no addresses: the office types them in, often from a phone."""
    backend = app_ctx.config["BACKEND"]
    phone = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    _login(phone, live_server, people["office"].email)
    phone.goto(live_server + "/agencies/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("link", name="Sở Y tế", exact=True).click()
    phone.get_by_label("Hộp thư nhận nhiệm vụ (mỗi dòng một địa chỉ)").fill(
        "vanthu@soyte.example.vn\ngiamdoc@soyte.example.vn (chỉ nhận)")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=SHOTS / f"agency-edit-phone-{backend}.png", full_page=True)
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_selector("text=Đã lưu thông tin cơ quan.")
    assert "giamdoc@soyte.example.vn (chỉ nhận)" in phone.locator("main").inner_text()
    session.expire_all()
    from tracker.agencies.models import Agency

    soyte = session.get(Agency, people["mine"].lead_agency_id)
    assert sorted((e.address, e.may_act) for e in soyte.emails) == [
        ("giamdoc@soyte.example.vn", False), ("vanthu@soyte.example.vn", True)]


def test_agency_names_are_suggested_as_the_clerk_types(live_server, browser, people, app_ctx):
    page = browser.new_page()
    _login(page, live_server, people["office"].email)
    page.goto(live_server + "/tasks/")
    page.locator("#agency").press_sequentially("so y", delay=20)
    page.wait_for_selector("#agency-names option", state="attached")
    assert "Sở Y tế" in page.eval_on_selector_all("#agency-names option", "els => els.map(e => e.value)")
