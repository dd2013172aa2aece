"""Review at scale: the flagged drafts first, and one lead or one drop for many drafts."""
import pytest
from sqlalchemy import func, select

from tests.documents.test_services import NOTICE, imported  # noqa: F401 - the fixture
from tests.fixtures.web import login
from tracker.core.errors import InvalidInput
from tracker.documents.review import drop_drafts, needs_attention, review_queue, set_lead_of_drafts
from tracker.documents.services import drafts_of
from tracker.tasks.models import Task
from tracker.users.models import Role


def _by_lead(session, document):  # noqa: ANN001, ANN202
    return {t.lead_text: t for t in drafts_of(session, document)}


def test_the_flagged_drafts_come_first_in_the_documents_order(session, imported):  # noqa: F811
    queue = review_queue(session, imported)
    assert [t.lead_text for t in queue.attention] == ["Sở Hàng không Vũ trụ", "Sở Tài chính"]  # unknown; 31/02
    assert [t.lead_text for t in queue.fine] == ["Sở Y tế", "UBND các xã, phường"]
    assert all(needs_attention(t) for t in queue.attention) and not any(needs_attention(t) for t in queue.fine)


def test_one_lead_for_many_drafts_answers_lead_notes_and_keeps_the_others(session, imported):  # noqa: F811
    drafts = _by_lead(session, imported)
    unknown, bad_date = drafts["Sở Hàng không Vũ trụ"], drafts["Sở Tài chính"]
    assert set_lead_of_drafts(session, imported, [unknown.id, bad_date.id], "Sở XD") == 2
    assert unknown.lead_agency.name == bad_date.lead_agency.name == "Sở Xây dựng"
    assert unknown.review_note == "" and "không tồn tại" in bad_date.review_note  # the date still needs the clerk
    assert [t.id for t in review_queue(session, imported).attention] == [bad_date.id]
    set_lead_of_drafts(session, imported, [unknown.id], "UBND các xã, phường")  # a group is a lead too
    assert unknown.source_group.name == "UBND các xã, phường" and unknown.lead_agency is None


@pytest.mark.parametrize("ids, lead, message", [
    ([], "Sở Y tế", "Chưa chọn"), (None, "Sở Ma Thuật", "Không có cơ quan hay nhóm"), (None, "  ", "Cần có"),
    ("foreign", "Sở Y tế", "không còn là dự thảo")])
def test_a_bulk_action_that_cannot_be_done_changes_nothing(session, imported, make_task, ids, lead,  # noqa: F811
                                                           message):
    drafts = drafts_of(session, imported)
    before = [(t.id, t.lead_text, t.review_note) for t in drafts]
    chosen = [t.id for t in drafts] if ids is None else [drafts[0].id, make_task().id] if ids == "foreign" else ids
    with pytest.raises(InvalidInput, match=message):
        set_lead_of_drafts(session, imported, chosen, lead)
    if ids is not None:  # no selection, or one not of this document: dropping is refused as well
        with pytest.raises(InvalidInput):
            drop_drafts(session, imported, chosen)
    assert [(t.id, t.lead_text, t.review_note) for t in drafts_of(session, imported)] == before


def test_bulk_drop_removes_exactly_the_selected(session, imported):  # noqa: F811
    drafts = drafts_of(session, imported)
    assert drop_drafts(session, imported, [drafts[1].id, drafts[3].id, drafts[1].id]) == 2
    assert [t.id for t in drafts_of(session, imported)] == [drafts[0].id, drafts[2].id]


def test_the_review_page_leads_with_attention_and_takes_bulk_actions(client, session, imported,  # noqa: F811
                                                                      make_user):
    office = make_user(Role.OFFICE)
    session.commit()
    login(client, office)
    page = client.get(f"/documents/{imported.id}/review").get_data(as_text=True)
    assert "Cần xem lại (2)" in page and "2 nhiệm vụ đọc được đầy đủ" in page
    assert page.index("Sở Hàng không Vũ trụ") < page.index("Giao Sở Y tế chủ trì")
    drafts = _by_lead(session, imported)
    ids = [drafts["Sở Hàng không Vũ trụ"].id, drafts["Sở Tài chính"].id]
    done = client.post(f"/documents/{imported.id}/drafts", data={"ids": ids, "action": "lead", "lead": "Sở XD"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Đã đặt cơ quan chủ trì cho 2 nhiệm vụ" in done and "Cần xem lại (1)" in done
    refused = client.post(f"/documents/{imported.id}/drafts", data={"ids": ids, "action": "lead", "lead": "Sở Ma"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Không có cơ quan hay nhóm «Sở Ma»" in refused
    client.post(f"/documents/{imported.id}/drafts", data={"ids": ids, "action": "drop"})
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Task).where(Task.document_id == imported.id)) == 2
