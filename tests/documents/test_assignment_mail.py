"""Assignment mail the office can see and catch up on: who will get nothing, sending later,
the outbox page with resend."""
import pytest
from sqlalchemy import select

from tests.fixtures.web import login
from tests.mail.test_outbox import SETTINGS
from tracker.agencies.models import AgencyEmail
from tracker.agencies.services import find_agency
from tracker.core.files import FileStore
from tracker.documents.assignment_mail import send_missing_assignments
from tracker.documents.services import confirm_document, drafts_of, import_document
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.mail.outbox import resend
from tracker.tasks.models import HistoryKind
from tracker.tasks.operations import Actor
from tracker.users.models import Role

NOTICE = """ỦY BAN NHÂN DÂN
TỈNH CÀ MAU
Số: 21/TB-UBND
Cà Mau, ngày 10 tháng 3 năm 2026
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng 2/2026
Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức tiêm chủng, báo cáo trước ngày 30/6/2026.
Giao Sở Xây dựng rà soát các công trình, báo cáo trước ngày 30/7/2026.
"""


@pytest.fixture()
def cau_mau(session, app, make_user):  # noqa: ANN001, ANN201
    from tracker.agencies.provinces import import_province

    app.config.update(MAIL_FROM=SETTINGS.sender, MAIL_REPLY_SECRET=SETTINGS.secret)
    import_province(session, "Cà Mau")
    find_agency(session, "Sở Y tế").emails = [AgencyEmail(address="vanthu@soyte.example.vn", may_act=True)]
    clerk = make_user(Role.OFFICE)
    session.commit()
    return clerk


def test_review_says_who_will_get_nothing_and_confirm_repeats_it(client, session, cau_mau, tmp_path):
    document = import_document(session, NOTICE, FileStore(tmp_path, 10**6))
    session.commit()
    login(client, cau_mau)
    review = client.get(f"/documents/{document.id}/review").get_data(as_text=True)
    summary = review.split('id="summary"')[1].split("</section>")[0]
    assert "3 nhiệm vụ" not in summary and "2 nhiệm vụ cho 3 cơ quan" in summary
    assert "2 cơ quan chưa có địa chỉ email" in summary and "Sở Tài chính" in summary and "Sở Xây dựng" in summary
    response = client.post(f"/documents/{document.id}/confirm", follow_redirects=True).get_data(as_text=True)
    assert "Chưa gửi được thư giao việc cho 2 cơ quan chưa có địa chỉ email: Sở Tài chính, Sở Xây dựng" in response
    assert [m.to_addrs for m in session.scalars(select(OutboxMessage))] == ["vanthu@soyte.example.vn"]


def test_sending_later_reaches_only_the_agencies_that_got_nothing_and_only_once(session, cau_mau, tmp_path):
    document = import_document(session, NOTICE, FileStore(tmp_path, 10**6))
    tasks = confirm_document(session, document, Actor.system(), SETTINGS)
    find_agency(session, "Sở Xây dựng").emails = [AgencyEmail(address="vanthu@soxd.example.vn", may_act=True)]
    session.commit()
    sent = send_missing_assignments(session, SETTINGS, document)
    assert [m.to_addrs for m in sent] == ["vanthu@soxd.example.vn"]
    assert send_missing_assignments(session, SETTINGS, document) == []
    building = next(t for t in tasks if t.lead_agency.name == "Sở Xây dựng")
    assert [h.kind for h in building.history].count(HistoryKind.NOTIFIED) == 1
    health = next(t for t in tasks if t.lead_agency.name == "Sở Y tế")
    assert [h.kind for h in health.history].count(HistoryKind.NOTIFIED) == 1  # not told twice


def test_the_outbox_page_shows_failures_and_resends_once(client, session, cau_mau, tmp_path):
    document = import_document(session, NOTICE, FileStore(tmp_path, 10**6))
    confirm_document(session, document, Actor.system(), SETTINGS)
    [row] = session.scalars(select(OutboxMessage)).all()
    row.status, row.last_error, row.attempts = OutboxStatus.FAILED, "Bị trả lại: vanthu@soyte.example.vn. 550", 5
    session.commit()
    login(client, cau_mau)
    page = client.get("/mail/outbox?status=failed").get_data(as_text=True)
    assert "Bị trả lại: vanthu@soyte.example.vn. 550" in page and "Gửi lại" in page
    client.post(f"/mail/outbox/{row.id}/resend")
    session.expire_all()
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 0) and row.last_error.startswith("(gửi lại)")
    assert resend(session, row) is False  # a second click finds it queued already
    assert "Không có thư nào." in client.get("/mail/outbox?status=failed").get_data(as_text=True)
    assert drafts_of(session, document) == []
