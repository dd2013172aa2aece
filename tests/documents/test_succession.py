"""Notices that name bodies which have since merged: tasks go to today's bodies, the review
shows both names; and the directory learns the forms the office teaches it."""
import datetime as dt

import pytest

from tracker.agencies.merge import merge_agency
from tracker.agencies.provinces import import_province
from tracker.agencies.services import find_agency
from tracker.core.files import FileStore
from tracker.documents.services import DraftChange, confirm_document, drafts_of, import_document, update_draft
from tracker.tasks.operations import Actor


def _notice(year: int, number: int, body: str) -> str:
    return f"""ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
Số: {number}/TB-UBND
Quảng Ninh, ngày 10 tháng 3 năm {year}
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng 2/{year}
{body}
"""


ASSIGNMENT = ("Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài nguyên và Môi trường rà soát danh mục "
              "dự án, báo cáo UBND tỉnh trước ngày 30/6/{year}.")


@pytest.fixture()
def quang_ninh(session):  # noqa: ANN001, ANN201
    import_province(session, "Quảng Ninh")
    session.commit()


@pytest.mark.parametrize("year", [2026, 2021])
def test_an_old_department_is_proposed_as_todays_with_both_names_shown(session, quang_ninh, tmp_path, year):
    document = import_document(session, _notice(year, 12, ASSIGNMENT.format(year=year)), FileStore(tmp_path, 10**6))
    [draft] = drafts_of(session, document)
    assert draft.lead_agency.name == "Sở Tài chính" and draft.lead_text == "Sở Kế hoạch và Đầu tư"
    assert "Sở Kế hoạch và Đầu tư → nay là Sở Tài chính" in draft.review_note
    assert "→ nay là Sở Nông nghiệp và Môi trường" in draft.review_note
    assert [a.name for a in draft.support_agencies] == ["Sở Nông nghiệp và Môi trường"]
    [task] = confirm_document(session, document, Actor.system())
    assert task.lead_agency.name == "Sở Tài chính" and task.lead_text == "Sở Kế hoạch và Đầu tư"


def test_a_merger_between_reading_and_confirming_sends_the_task_to_the_successor(session, make_agency, tmp_path):
    old = make_agency("Sở Kế hoạch và Đầu tư")
    new = make_agency("Sở Tài chính")
    make_agency("Sở Tài nguyên và Môi trường")
    session.commit()
    document = import_document(session, _notice(2024, 13, ASSIGNMENT.format(year=2024)), FileStore(tmp_path, 10**6))
    [draft] = drafts_of(session, document)
    assert draft.lead_agency.id == old.id and "nay là" not in draft.review_note
    merge_agency(session, old, new, dt.date(2025, 3, 1))
    [task] = confirm_document(session, document, Actor.system())
    assert task.lead_agency.id == new.id and task.lead_text == "Sở Kế hoạch và Đầu tư"


def test_the_directory_learns_a_name_the_office_taught_it(session, quang_ninh, tmp_path):
    body = "Giao Trung tâm Phục vụ hành chính công tỉnh rà soát danh mục dự án, báo cáo trước ngày 30/6/2026."
    first = import_document(session, _notice(2026, 14, body), FileStore(tmp_path, 10**6))
    [draft] = drafts_of(session, first)
    assert draft.lead_agency is None and draft.lead_text == "Trung tâm Phục vụ hành chính công tỉnh"
    update_draft(session, draft, DraftChange(draft.description, "Văn phòng UBND tỉnh", remember=True))
    session.commit()
    assert find_agency(session, "Trung tâm Phục vụ hành chính công tỉnh").name == "Văn phòng UBND tỉnh"
    second = import_document(session, _notice(2026, 15, body), FileStore(tmp_path, 10**6))
    [again] = drafts_of(session, second)
    assert again.lead_agency.name == "Văn phòng UBND tỉnh"


def test_without_the_office_saying_so_nothing_is_learned(session, quang_ninh, tmp_path):
    body = "Giao Trung tâm Phục vụ hành chính công tỉnh rà soát danh mục dự án, báo cáo trước ngày 30/6/2026."
    [draft] = drafts_of(session, import_document(session, _notice(2026, 16, body), FileStore(tmp_path, 10**6)))
    update_draft(session, draft, DraftChange(draft.description, "Sở Tài chính"))
    session.commit()
    assert find_agency(session, "Trung tâm Phục vụ hành chính công tỉnh") is None


def test_the_review_page_offers_to_remember_and_shows_both_names(client, session, quang_ninh, make_user, tmp_path):
    from tests.fixtures.web import login
    from tracker.users.models import Role

    body = ASSIGNMENT.format(year=2026) + "\nGiao Trung tâm Phục vụ hành chính công tỉnh rà soát, xong trước 30/6/2026."
    document = import_document(session, _notice(2026, 17, body), FileStore(tmp_path, 10**6))
    unknown = next(t for t in drafts_of(session, document) if t.lead_agency is None)
    clerk = make_user(Role.OFFICE)
    session.commit()
    login(client, clerk)
    page = client.get(f"/documents/{document.id}/review").get_data(as_text=True)
    assert "Sở Kế hoạch và Đầu tư → nay là Sở Tài chính" in page
    assert page.count('name="remember"') == 1 and "Ghi nhớ «Trung tâm Phục vụ hành chính công tỉnh» là tên viết tắt của cơ quan được chọn" in page
    client.post(f"/documents/drafts/{unknown.id}/save", data={
        "description": unknown.description, "lead": "Văn phòng UBND tỉnh", "remember": "1"})
    session.expire_all()
    assert find_agency(session, "Trung tâm Phục vụ hành chính công tỉnh").name == "Văn phòng UBND tỉnh"


def test_an_old_notice_to_the_districts_asks_the_office_to_choose_todays_bodies(session, tmp_path):
    from tracker.agencies.directory import load_default_directory
    from tracker.core.errors import InvalidInput

    load_default_directory(session)
    session.commit()
    body = ("Giao Sở Y tế chủ trì tổ chức tiêm chủng, báo cáo trước ngày 31/3/2022.\n"
            "UBND các quận, huyện, thị xã rà soát danh sách hộ nghèo, hoàn thành trong tháng 4/2022.")
    text = _notice(2022, 18, body).replace("TỈNH QUẢNG NINH", "THÀNH PHỐ HÀ NỘI").replace("Quảng Ninh,", "Hà Nội,")
    document = import_document(session, text, FileStore(tmp_path, 10**6))
    draft = next(t for t in drafts_of(session, document) if t.source_group is not None)
    assert draft.source_group.name == "UBND các quận, huyện, thị xã"
    assert "không còn cơ quan nào" in draft.review_note
    with pytest.raises(InvalidInput):
        confirm_document(session, document, Actor.system())
    update_draft(session, draft, DraftChange(draft.description, "UBND các xã, phường", due="30/04/2022"))
    assert len(confirm_document(session, document, Actor.system())) == 1 + 126
