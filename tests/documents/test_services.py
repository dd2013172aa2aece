import datetime as dt
import threading

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tracker.agencies.directory import load_default_directory
from tracker.core.errors import InvalidInput
from tracker.core.files import FileStore
from tracker.documents.models import Document, DocumentStatus
from tracker.extensions import db
from tracker.documents.services import (DraftChange, Upload, confirm_document, drafts_of, drop_draft, import_document,
                                        merge_drafts, split_draft, update_draft)
from tracker.tasks.models import HistoryKind, Task, TaskStatus
from tracker.tasks.operations import Actor

NOTICE = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
Số: 88/TB-UBND
Hà Nội, ngày 10 tháng 3 năm 2022
THÔNG BÁO
Kết luận của Phó Chủ tịch UBND Thành phố tại cuộc họp giao ban tháng 2/2022
Giao Sở Y tế chủ trì, phối hợp với UBND cấp xã tổ chức tiêm chủng, báo cáo trước ngày 31/3/2022.
UBND các xã, phường rà soát danh sách đối tượng, hoàn thành trong tháng 4/2022.
Giao Sở Hàng không Vũ trụ nghiên cứu đề xuất.
Giao Sở Tài chính bố trí kinh phí trước ngày 31/02/2022.
"""


@pytest.fixture()
def imported(session, tmp_path):  # noqa: ANN001, ANN201
    load_default_directory(session)
    return import_document(session, NOTICE, FileStore(tmp_path, 10**6), Upload("tb88.txt", NOTICE.encode()))


def _drafts(session, document):  # noqa: ANN001, ANN202
    return {t.lead_text: t for t in drafts_of(session, document)}


def test_import_makes_a_draft_with_reviewable_tasks(session, imported):
    assert (imported.number, imported.status, imported.issued_date) == ("88/TB-UBND", DocumentStatus.DRAFT,
                                                                        dt.date(2022, 3, 10))
    drafts = _drafts(session, imported)
    soyte = drafts["Sở Y tế"]
    assert soyte.due_date == dt.date(2022, 3, 31) and soyte.code is None and soyte.status is TaskStatus.DRAFT
    assert len(soyte.support_agencies) == 126  # "UBND cấp xã" is the group of Hà Nội's communes and wards
    assert soyte.source_text.startswith("Giao Sở Y tế chủ trì")
    assert drafts["UBND các xã, phường"].source_group.name == "UBND các xã, phường"
    assert "chưa có trong danh bạ" in drafts["Sở Hàng không Vũ trụ"].review_note
    assert "không tồn tại" in drafts["Sở Tài chính"].review_note and drafts["Sở Tài chính"].due_date is None
    assert imported.original_sha256 and imported.original_filename == "tb88.txt"


def test_an_unknown_lead_blocks_confirmation_and_nothing_goes_live(session, imported):
    with pytest.raises(InvalidInput) as caught:
        confirm_document(session, imported, Actor.system())
    assert "Sở Hàng không Vũ trụ" in caught.value.details[0]
    assert session.scalar(select(func.count()).select_from(Task).where(Task.status != TaskStatus.DRAFT)) == 0


def test_confirm_splits_groups_per_member_and_records_history(session, imported):
    drop_draft(session, _drafts(session, imported)["Sở Hàng không Vũ trụ"])
    live = confirm_document(session, imported, Actor.system())
    assert imported.status is DocumentStatus.CONFIRMED and drafts_of(session, imported) == []
    commune_tasks = [t for t in live if t.source_group is not None]
    assert len(commune_tasks) == 126 and len({t.lead_agency_id for t in commune_tasks}) == 126
    assert len({t.assignment_id for t in commune_tasks}) == 1  # one assignment, each member's share its own task
    assert commune_tasks[0].assignment.group_name == "UBND các xã, phường"
    assert all(t.assignment is None for t in live if t.source_group is None)
    assert all(t.due_date == dt.date(2022, 4, 30) for t in commune_tasks)
    assert len(live) == 128 and imported.task_count == 128
    assert sorted(t.code for t in live)[0] == "NV-2022-0001"
    assert [h.kind for h in live[0].history] == [HistoryKind.CREATED, HistoryKind.ASSIGNED]
    with pytest.raises(InvalidInput, match="đã được xác nhận"):
        confirm_document(session, imported, Actor.system())


def test_reviewer_fixes_a_draft_and_bad_input_changes_nothing(session, imported):
    task = _drafts(session, imported)["Sở Hàng không Vũ trụ"]
    before = (task.description, task.lead_text, task.due_date)
    for change, message in (
        (DraftChange("Nghiên cứu", "Sở Xây dựng", due="31/02/2022"), "không hợp lệ"),
        (DraftChange("Nghiên cứu", "Sở Ma"), "Không có cơ quan hay nhóm «Sở Ma»"),
        (DraftChange("Nghiên cứu", "Sở Xây dựng", support="Sở Ma"), "Không có cơ quan «Sở Ma»"),
        (DraftChange("  ", "Sở Xây dựng"), "không được để trống"),
    ):
        with pytest.raises(InvalidInput, match=message):
            update_draft(session, task, change)
        assert (task.description, task.lead_text, task.due_date) == before
    update_draft(session, task, DraftChange("Nghiên cứu đề xuất", "Sở XD", support="Sở TC; Sở Xây dựng",
                                            due="15/4/2022"))
    assert (task.lead_agency.name, task.due_date, task.review_note) == ("Sở Xây dựng", dt.date(2022, 4, 15), "")
    assert [a.name for a in task.support_agencies] == ["Sở Tài chính"]


def test_split_merge_and_drop(session, imported):
    task = _drafts(session, imported)["Sở Y tế"]
    twin = split_draft(session, task)
    assert (twin.lead_agency, twin.due_date, twin.source_text) == (task.lead_agency, task.due_date, task.source_text)
    count = len(drafts_of(session, imported))
    merge_drafts(session, task, twin)
    assert len(drafts_of(session, imported)) == count - 1
    assert task.description.count("tổ chức tiêm chủng") == 2


def test_a_confirmed_document_cannot_be_imported_twice(session, imported, tmp_path):
    drop_draft(session, _drafts(session, imported)["Sở Hàng không Vũ trụ"])
    confirm_document(session, imported, Actor.system())
    with pytest.raises(InvalidInput, match="đã được nhập"):
        import_document(session, NOTICE, FileStore(tmp_path, 10**6))
    assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_confirming_at_once_from_many_requests_confirms_once(app_ctx, session, imported):
    """A double click, or two clerks at once: eight confirmations race, one wins, the rest
    change nothing (on SQLite and PostgreSQL)."""
    drafts = _drafts(session, imported)
    for blocked in ("Sở Hàng không Vũ trụ", "Sở Tài chính"):  # an unknown lead, an impossible date
        drop_draft(session, drafts.pop(blocked))
    expected = sum(1 if d.lead_agency else len(d.source_group.members) for d in drafts.values())
    session.commit()
    engine, document_id = db.engine, imported.id
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def confirmer() -> None:
        with Session(engine) as own:
            document = own.get(Document, document_id)
            start.wait()
            try:
                confirm_document(own, document, Actor.system())
                own.commit()
                outcomes.append("confirmed")
            except (InvalidInput, OperationalError):
                own.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=confirmer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session.expire_all()
    codes = session.scalars(select(Task.code).where(Task.document_id == document_id,
                                                    Task.status != TaskStatus.DRAFT)).all()
    assert sorted(outcomes) == ["confirmed"] + ["refused"] * 7
    assert expected > 2 and len(codes) == expected and len(set(codes)) == expected


def _statements_confirming(session, document) -> tuple[int, int]:  # noqa: ANN001
    statements = []
    listener = event.listens_for(db.engine, "before_cursor_execute")(lambda *args: statements.append(args[2]))
    try:
        live = confirm_document(session, document, Actor.system())
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(live), len(statements)


@pytest.mark.parametrize("members", [3, 40])
def test_confirming_costs_statements_by_kind_of_row_not_by_task(session, imported, make_agency, members):
    """A plan given to every commune of a province becomes thousands of tasks; confirming it
    must write them in batches (it took 30 s on PostgreSQL a task at a time). The statements
    are the same for a group of 3 and of 40, and the codes are consecutive and unique."""
    drafts = _drafts(session, imported)
    for blocked in ("Sở Hàng không Vũ trụ", "Sở Tài chính"):
        drop_draft(session, drafts.pop(blocked))
    group = drafts["UBND các xã, phường"].source_group
    group.members = [make_agency(kind=group.members[0].kind) for _ in range(members)]
    session.flush()
    tasks, statements = _statements_confirming(session, imported)
    assert tasks == members + 1
    # PostgreSQL writes each kind of row in one batch (it was over 6 statements a task). SQLite
    # has no ordered RETURNING, so SQLAlchemy inserts tasks and history a row at a time, in process
    per_task = 0 if session.get_bind().dialect.name == "postgresql" else 3
    assert statements <= 30 + per_task * tasks, statements
    numbers = sorted(int(t.code.rsplit("-", 1)[1]) for t in session.scalars(select(Task).where(
        Task.document_id == imported.id)))
    assert numbers == list(range(1, tasks + 1))
