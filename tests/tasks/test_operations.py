import datetime as dt

import pytest

from tracker.core.errors import InvalidInput, PermissionDenied
from tracker.core.files import FileStore, NewFile
from tracker.tasks import operations as ops
from tracker.tasks.models import HistoryIsAppendOnly, HistoryKind, TaskState, TaskStatus
from tracker.tasks.states import task_state
from tracker.users.models import Role

DUE = dt.date(2021, 11, 30)


def test_new_tasks_get_sequential_codes_per_year_and_a_history(session, make_task):
    first, second = make_task(due=DUE), make_task(due=DUE)
    assert (first.code, second.code) == ("NV-2021-0001", "NV-2021-0002")
    assert ops.next_task_code(session, 2022) == "NV-2022-0001"
    assert [h.kind for h in first.history] == [HistoryKind.CREATED, HistoryKind.ASSIGNED]
    assert first.status is TaskStatus.IN_PROGRESS and first.original_due_date == DUE


def test_lead_is_not_listed_again_as_coordinator(make_task, make_agency):
    lead, other = make_agency(), make_agency()
    task = make_task(lead=lead, support=(lead, other, other))
    assert task.support_agencies == [other]


def test_completion_by_lead_with_office_confirmation(session, make_task, make_agency, make_user, tmp_path):
    lead = make_agency()
    liaison, office = make_user(Role.AGENCY, lead), make_user(Role.OFFICE)
    task = make_task(lead=lead, due=DUE)
    store = FileStore(tmp_path, 1024 * 1024)
    report = NewFile("Báo cáo số 12.pdf", b"%PDF-1.4 report", "application/pdf")
    entry = ops.report_completion(session, task, ops.Actor.web(liaison), dt.date(2021, 11, 29), "Đã hoàn thành",
                                  files=[report], store=store, needs_confirmation=True)
    assert task_state(task, DUE, 3) is TaskState.AWAITING_CONFIRMATION
    assert entry.attachments[0].filename == "Báo cáo số 12.pdf"
    assert store.read(entry.attachments[0].sha256) == b"%PDF-1.4 report"
    ops.confirm_completion(session, task, ops.Actor.web(office))
    assert task_state(task, DUE, 3) is TaskState.DONE_ON_TIME


def test_office_returns_a_completion_and_the_agency_reports_again(session, make_task, make_agency, make_user):
    lead = make_agency()
    liaison, office = ops.Actor.web(make_user(Role.AGENCY, lead)), ops.Actor.web(make_user(Role.OFFICE))
    task = make_task(lead=lead, due=DUE)
    ops.report_completion(session, task, liaison, DUE, needs_confirmation=True)
    with pytest.raises(InvalidInput, match="lý do"):
        ops.return_task(session, task, office, "  ")
    ops.return_task(session, task, office, "Thiếu số liệu quý III")
    assert task.status is TaskStatus.RETURNED and task.completed_date is None
    ops.report_completion(session, task, liaison, DUE + dt.timedelta(days=2))
    assert task_state(task, DUE, 3) is TaskState.DONE_LATE
    assert [h.kind for h in task.history][-3:] == [HistoryKind.COMPLETED, HistoryKind.RETURNED,
                                                   HistoryKind.COMPLETED]


def test_agencies_change_only_their_own_tasks(session, make_task, make_agency, make_user):
    lead, coordinator, stranger = make_agency(), make_agency(), make_agency()
    task = make_task(lead=lead, support=(coordinator,), due=DUE)
    as_coordinator = ops.Actor.web(make_user(Role.AGENCY, coordinator))
    as_stranger = ops.Actor.web(make_user(Role.AGENCY, stranger))
    as_viewer = ops.Actor.web(make_user(Role.VIEWER))
    ops.report_progress(session, task, as_coordinator, "Đã gửi số liệu cho cơ quan chủ trì", 20)
    with pytest.raises(PermissionDenied):
        ops.report_completion(session, task, as_coordinator, DUE)  # only the lead closes a task
    for actor in (as_stranger, as_viewer):
        with pytest.raises(PermissionDenied):
            ops.report_progress(session, task, actor, "không phải việc của tôi")
    with pytest.raises(PermissionDenied):
        ops.cancel_task(session, task, ops.Actor.web(make_user(Role.AGENCY, lead)), "tự hủy")
    assert task.status is TaskStatus.IN_PROGRESS and task.progress_percent == 20


def test_postpone_cancel_and_reopen_are_office_decisions(session, make_task, make_user):
    office = ops.Actor.web(make_user(Role.OFFICE))
    task = make_task(due=DUE)
    ops.postpone_task(session, task, office, "Chờ chỉ đạo")
    assert task_state(task, DUE, 3) is TaskState.POSTPONED
    ops.reopen_task(session, task, office)
    ops.cancel_task(session, task, office, "Không còn phù hợp")
    assert task_state(task, DUE, 3) is TaskState.CANCELLED
    with pytest.raises(InvalidInput):
        ops.report_completion(session, task, office, DUE)


def test_progress_percentage_must_be_0_to_100(session, make_task):
    with pytest.raises(InvalidInput, match="0 đến 100"):
        ops.report_progress(session, make_task(), ops.Actor.system(), "x", 140)


def test_history_is_append_only(session, make_task):
    task = make_task()
    entry = task.history[0]
    entry.note = "rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        session.flush()
    session.rollback()
    task = make_task()
    session.delete(task.history[0])
    with pytest.raises(HistoryIsAppendOnly):
        session.flush()


def test_oversized_attachment_is_refused_and_nothing_recorded(session, make_task, tmp_path):
    task = make_task()
    store = FileStore(tmp_path, 10)
    with pytest.raises(InvalidInput, match="quá lớn"):
        ops.add_comment(session, task, ops.Actor.system(), "kèm tệp", [NewFile("big.bin", b"x" * 11)], store)
    assert not any(tmp_path.rglob("*"))
    assert HistoryKind.COMMENT not in [h.kind for h in task.history]
