"""Issue 14's whole flow in a real browser: the PAPI plan imported, its flagged drafts fixed in
bulk, confirmed, then one task's deadline edited, another reassigned, a third cancelled; each
checked in the task's history, in the mail an aiosmtpd server received, and in the feeds."""
from __future__ import annotations

import datetime as dt
import io
import urllib.request
from pathlib import Path

from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.test_browser import SHOTS, _login, browser  # noqa: F401 - the fixture
from tracker.agencies.directory import load_default_directory
from tracker.agencies.models import AgencyEmail
from tracker.agencies.services import find_agency
from tracker.calendars.models import FeedKind
from tracker.calendars.tokens import get_or_create_feed, token_for
from tracker.core.dates import today_vn
from tracker.extensions import db
from tracker.mail.outbox import MailSettings
from tracker.mail.sender import SmtpTransport, send_due
from tracker.tasks.models import Task, TaskStatus
from tracker.users.models import Role

PAPI = Path(__file__).resolve().parents[3] / "shared" / "samples" / "hanoi-122-KH-UBND-2020-papi.txt"
ADDRESSES = {"Sở Y tế": "vanthu@soyte.example.vn", "Sở Tư pháp": "vanthu@sotp.example.vn",
             "Sở Nội vụ": "vanthu@sonv.example.vn", "Thanh tra Thành phố": "vanthu@thanhtra.example.vn"}


def _feed(base: str, secret: str, session, agency_name: str) -> dict[str, object]:  # noqa: ANN001
    """The agency's feed as a calendar client reads it: events by UID."""
    feed = get_or_create_feed(session, secret, FeedKind.AGENCY, agency_id=find_agency(session, agency_name).id)
    session.commit()
    with urllib.request.urlopen(f"{base}/calendars/{token_for(secret, feed)}.ics", timeout=30) as response:
        calendar = Calendar.from_ical(response.read())
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def _task_of(session, lead: str, not_ids: set[int] = frozenset()) -> Task:  # noqa: ANN001
    agency = find_agency(session, lead)
    return session.scalars(select(Task).where(Task.lead_agency_id == agency.id, Task.status == TaskStatus.IN_PROGRESS,
                                              Task.id.not_in(not_ids)).order_by(Task.id)).first()


def _change(page, base: str, code: str, **fields: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/tasks/{code}")
    for label, value in fields.items():
        page.locator(f"#change-{label}").fill(value)
    page.locator("#change button[type=submit]").first.click()
    page.wait_for_selector("text=Đã sửa nhiệm vụ")


def test_papi_plan_from_import_through_bulk_review_to_changes(live_server, browser, session, make_user,  # noqa: F811
                                                              app_ctx, smtp_server):
    port, delivered = smtp_server
    load_default_directory(session)
    for name, address in ADDRESSES.items():
        find_agency(session, name).emails.append(AgencyEmail(address=address, may_act=True))
    office = make_user(Role.OFFICE, email="vanthu@vanphong.example.vn")
    session.commit()
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    _login(page, live_server, office.email)
    page.goto(live_server + "/documents/new")
    page.locator("#file").set_input_files(str(PAPI))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_selector("text=Rà soát nhiệm vụ")
    review_url = page.url
    attention = page.locator("#attention")
    flagged_before = int(attention.inner_text().split("(")[1].rstrip(")"))

    # the districts are gone since 1/7/2025: every draft given to them goes to the communes, at once
    dissolved = page.locator("article.draft", has_text="không còn cơ quan nào")
    moved = dissolved.count()
    assert moved >= 2
    for n in range(moved):
        dissolved.nth(n).locator("input[name=ids]").check()
    page.locator("#bulk-lead").fill("UBND các xã, phường")
    page.get_by_role("button", name="Đặt cơ quan chủ trì").click()
    page.wait_for_selector(f"text=Đã đặt cơ quan chủ trì cho {moved} nhiệm vụ")
    assert page.locator("article.draft", has_text="không còn cơ quan nào").count() == 0
    # the rest with no lead the directory knows ("Các đơn vị liên quan" ...) are dropped in one go
    unknown = page.locator("article.draft", has_text="Cơ quan chủ trì chưa có trong danh bạ")
    dropped = unknown.count()
    for n in range(dropped):
        unknown.nth(n).locator("input[name=ids]").check()
    page.get_by_role("button", name="Bỏ các nhiệm vụ đã chọn").click()
    page.wait_for_selector(f"text=Đã bỏ {dropped} nhiệm vụ")
    flagged = int(page.locator("#attention").inner_text().split("(")[1].rstrip(")"))
    assert flagged < flagged_before - dropped  # moved drafts left too, unless something else needs a look
    assert page.locator("article.draft", has_text="Cơ quan chủ trì chưa có trong danh bạ").count() == 0

    # an edit not saved is neither lost nor silently ignored by "Xác nhận"
    first = page.locator("article.draft").first
    first.locator("textarea[name=description]").fill("Nội dung sửa nhưng chưa lưu")
    page.get_by_role("button", name="Xác nhận văn bản và giao nhiệm vụ").click()
    page.wait_for_selector(".unsaved-warning")
    assert page.url == review_url
    page.reload()
    kept = page.locator("article.draft.unsaved")
    assert kept.count() == 1 and kept.locator("textarea[name=description]").input_value() == \
        "Nội dung sửa nhưng chưa lưu"
    kept.get_by_role("button", name="Bỏ thay đổi").click()
    page.wait_for_load_state()
    assert page.locator("article.draft.unsaved").count() == 0
    page.screenshot(path=SHOTS / f"review-bulk-{app_ctx.config['BACKEND']}.png", full_page=True)

    page.get_by_role("button", name="Xác nhận văn bản và giao nhiệm vụ").click()
    page.wait_for_selector("text=nhiệm vụ được theo dõi")
    page.goto(live_server + "/tasks/?document=122%2FKH-UBND")
    assert "đã xong" in page.locator("table.tasks").inner_text()  # group assignments are one row each

    session.expire_all()
    health, justice = _task_of(session, "Sở Y tế"), _task_of(session, "Sở Tư pháp")
    inspection = _task_of(session, "Thanh tra Thành phố")
    soon, later = today_vn() + dt.timedelta(days=30), today_vn() + dt.timedelta(days=45)
    _change(page, live_server, health.code, due=f"{soon:%d/%m/%Y}", reason="Lùi hạn theo đề nghị của Sở")
    _change(page, live_server, justice.code, lead="Sở Nội vụ", due=f"{later:%d/%m/%Y}",
            reason="Giao lại theo chức năng mới")
    page.goto(f"{live_server}/tasks/{inspection.code}")
    page.locator("#stop-reason").fill("Nội dung đã được thay thế")
    page.get_by_role("button", name="Hủy nhiệm vụ").click()
    page.wait_for_selector("text=Đã cập nhật nhiệm vụ")

    for task, words in ((health, "Lùi hạn theo đề nghị của Sở"), (justice, "Giao lại theo chức năng mới"),
                        (inspection, "Nội dung đã được thay thế")):
        page.goto(f"{live_server}/tasks/{task.code}")
        assert words in page.locator("ol.history").inner_text()

    engine = db.engine
    send_due(lambda: Session(engine, expire_on_commit=False), SmtpTransport("127.0.0.1", port),
             MailSettings.from_config(app_ctx.config))
    received = [(m["To"], str(m["Subject"])) for m in delivered.parsed()]
    for address, code in ((ADDRESSES["Sở Y tế"], health.code), (ADDRESSES["Sở Tư pháp"], justice.code),
                          (ADDRESSES["Sở Nội vụ"], justice.code), (ADDRESSES["Thanh tra Thành phố"], inspection.code)):
        assert (address, f"[{code}] Thay đổi nhiệm vụ") in received
    assert any(to == ADDRESSES["Sở Y tế"] and "Giao nhiệm vụ" in subject for to, subject in received)  # on confirm

    secret = app_ctx.config["SECRET_KEY"]
    uid = "task-{}-deadline@"
    health_feed = _feed(live_server, secret, session, "Sở Y tế")
    event = next(e for k, e in health_feed.items() if k.startswith(uid.format(health.id)))
    assert event.decoded("dtstart") == soon and int(event["sequence"]) >= 1
    assert not any(k.startswith(uid.format(justice.id)) for k in _feed(live_server, secret, session, "Sở Tư pháp"))
    moved_event = next(e for k, e in _feed(live_server, secret, session, "Sở Nội vụ").items()
                       if k.startswith(uid.format(justice.id)))
    assert moved_event.decoded("dtstart") == later
    cancelled = [e for k, e in _feed(live_server, secret, session, "Thanh tra Thành phố").items()
                 if k.startswith(uid.format(inspection.id))]
    assert all(str(e.get("status")) == "CANCELLED" for e in cancelled)  # gone, or shown cancelled

    # the plan's Excel: one row per assignment (a group's members are one row), deadlines as date cells
    session.expire_all()
    tasks = session.scalars(select(Task).where(Task.document_id == health.document_id)).all()
    assignments = {t.assignment_id or -t.id for t in tasks}
    assert len(assignments) < len(tasks)
    with page.expect_download() as download:
        page.goto(live_server + "/reports/?document=122%2FKH-UBND")
        page.get_by_role("link", name="Tải Excel").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))["Biểu tổng hợp"]
    rows = [list(r) for r in sheet.iter_rows(min_row=9) if isinstance(r[0].value, int)]
    assert len(rows) == len(assignments)
    dated = [r[5] for r in rows if r[5].value is not None and not isinstance(r[5].value, str)]
    assert dated and all(isinstance(c.value, dt.datetime) and c.number_format == "DD/MM/YYYY" for c in dated)
