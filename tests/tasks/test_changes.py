"""The office changes confirmed tasks: with a reason, one history entry, mail to every agency
concerned, the calendar event following; and withdraws documents."""
import datetime as dt

import pytest
from sqlalchemy import event, select

from tests.fixtures.web import login
from tests.mail.test_outbox import SETTINGS
from tracker.core.dates import today_vn
from tracker.core.errors import InvalidInput, PermissionDenied
from tracker.documents.models import DocumentStatus
from tracker.documents.services import withdraw_document
from tracker.extensions import db
from tracker.mail.models import OutboxMessage
from tracker.tasks.changes import TaskChange, change_task, stop_task
from tracker.tasks.models import HistoryKind, Task, TaskStatus
from tracker.tasks.operations import Actor
from tracker.users.models import Role


@pytest.fixture()
def world(session, make_agency, make_task, make_user, make_document):  # noqa: ANN001, ANN201
    health = make_agency("Sở Y tế", emails=("vanthu@soyte.example.vn",))
    education = make_agency("Sở Giáo dục và Đào tạo", emails=("vanthu@sogd.example.vn",))
    finance = make_agency("Sở Tài chính", emails=("vanthu@sotc.example.vn",))
    silent = make_agency("Sở Tư pháp")  # no address yet
    document = make_document()
    task = make_task(lead=health, support=(finance,), due=today_vn() + dt.timedelta(days=10), document=document)
    other = make_task(lead=education, due=today_vn() - dt.timedelta(days=3), document=document)
    office, liaison = make_user(Role.OFFICE), make_user(Role.AGENCY, health)
    document.status = DocumentStatus.CONFIRMED
    session.commit()
    return {"health": health, "education": education, "finance": finance, "silent": silent, "task": task,
            "other": other, "office": office, "liaison": liaison, "document": document}


def _mail_to(session, address: str) -> list[OutboxMessage]:  # noqa: ANN001
    return [m for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)) if address in m.to_addrs]


def test_reassigning_tells_the_old_lead_and_the_new_one_and_records_what_was(session, world):
    task, sequence = world["task"], world["task"].calendar_sequence or 0
    new_due = task.due_date + dt.timedelta(days=20)
    entry = change_task(session, task, Actor.web(world["office"]), TaskChange(
        reason="Điều chỉnh theo kết luận tại phiên họp", due=new_due, lead=world["education"],
        coordinators=[world["finance"], world["silent"]]), SETTINGS)
    session.commit()
    assert task.lead_agency is world["education"] and task.due_date == new_due
    assert task.original_due_date == new_due - dt.timedelta(days=20)
    assert {a.name for a in task.support_agencies} == {"Sở Tài chính", "Sở Tư pháp"}
    assert entry.kind is HistoryKind.CHANGED and entry.note.startswith("Điều chỉnh theo kết luận")
    assert "Chủ trì: Sở Y tế → Sở Giáo dục và Đào tạo" in entry.note and "Thời hạn:" in entry.note
    for address in ("vanthu@soyte.example.vn", "vanthu@sogd.example.vn", "vanthu@sotc.example.vn"):
        [mail] = _mail_to(session, address)
        assert f"[{task.code}] Thay đổi nhiệm vụ" == mail.subject and "Điều chỉnh theo kết luận" in mail.text_body
    assert "không còn tham gia" in _mail_to(session, "vanthu@soyte.example.vn")[0].text_body
    assert task.calendar_sequence > sequence  # calendar clients update the deadline event


@pytest.mark.parametrize("change, message", [
    (TaskChange(reason=""), "lý do"),
    (TaskChange(reason="Không đổi gì"), "Không có gì thay đổi"),
    (TaskChange(reason="x", text="   "), "không được để trống"),
])
def test_a_change_without_reason_or_substance_changes_nothing(session, world, change, message):
    before = (world["task"].revision, len(world["task"].history))
    with pytest.raises(InvalidInput, match=message):
        change_task(session, world["task"], Actor.web(world["office"]), change, SETTINGS)
    session.rollback()
    assert (world["task"].revision, len(world["task"].history)) == before
    assert session.scalar(select(OutboxMessage)) is None


def test_only_the_office_changes_tasks(session, world):
    with pytest.raises(PermissionDenied):
        change_task(session, world["task"], Actor.web(world["liaison"]), TaskChange(reason="x", text="khác"))


def test_cancel_postpone_and_resume_tell_the_agencies(session, world):
    task, office = world["task"], Actor.web(world["office"])
    stop_task(session, task, office, "postpone", "Chờ chủ trương mới", SETTINGS)
    assert task.status is TaskStatus.POSTPONED
    stop_task(session, task, office, "resume", "", SETTINGS)
    assert task.status is TaskStatus.IN_PROGRESS
    stop_task(session, task, office, "cancel", "Không còn cần thiết", SETTINGS)
    session.commit()
    assert task.status is TaskStatus.CANCELLED
    bodies = [m.text_body for m in _mail_to(session, "vanthu@soyte.example.vn")]
    assert len(bodies) == 3 and "được tạm hoãn" in bodies[0] and "được hủy" in bodies[2]
    with pytest.raises(InvalidInput):
        stop_task(session, world["other"], office, "cancel", "", SETTINGS)  # a reason is required


def test_withdrawing_a_document_cancels_its_open_tasks_once(session, world):
    done = world["other"]
    done.status = TaskStatus.DONE
    session.commit()
    cancelled = withdraw_document(session, world["document"], Actor.web(world["office"]), "Ban hành nhầm", SETTINGS)
    session.commit()
    assert [t.id for t in cancelled] == [world["task"].id]
    assert world["task"].status is TaskStatus.CANCELLED and done.status is TaskStatus.DONE
    assert "Ban hành nhầm" in world["task"].history[-1].note
    with pytest.raises(InvalidInput):
        withdraw_document(session, world["document"], Actor.web(world["office"]), "Lần nữa", SETTINGS)


def test_the_commands_change_cancel_and_resume(runner, session, world, app):
    app.config.update(MAIL_FROM=SETTINGS.sender, MAIL_REPLY_SECRET=SETTINGS.secret)
    code = world["task"].code
    result = runner.invoke(args=["tasks", "edit", code, "--due", "none", "--lead", "Sở Tài chính",
                                 "--reason", "Giao lại theo chức năng"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    task = session.scalar(select(Task).where(Task.code == code))
    assert task.due_date is None and task.lead_agency.name == "Sở Tài chính" and task.support_agencies == []
    assert runner.invoke(args=["tasks", "cancel", code]).exit_code != 0  # --reason is required
    assert runner.invoke(args=["tasks", "cancel", code, "--reason", "Trùng"]).exit_code == 0
    assert runner.invoke(args=["tasks", "resume", code]).exit_code == 0
    refused = runner.invoke(args=["tasks", "edit", code, "--lead", "Sở Không Có", "--reason", "x"])
    assert refused.exit_code != 0 and "Sở Không Có" in refused.output
    session.expire_all()
    assert session.scalar(select(Task).where(Task.code == code)).status is TaskStatus.IN_PROGRESS


def test_the_office_changes_a_task_on_its_page(client, session, world):
    login(client, world["office"])
    code = world["task"].code
    page = client.get(f"/tasks/{code}").get_data(as_text=True)
    assert 'id="change"' in page
    client.post(f"/tasks/{code}/change", data={"text": "Tổ chức tiêm chủng mở rộng", "lead": "Sở Y tế",
                                               "coordinators": "", "due": "31/12/2026", "reason": "Mở rộng"})
    session.expire_all()
    task = session.scalar(select(Task).where(Task.code == code))
    assert task.description == "Tổ chức tiêm chủng mở rộng" and task.due_date == dt.date(2026, 12, 31)
    assert task.support_agencies == [] and task.history[-1].kind is HistoryKind.CHANGED
    client.post(f"/tasks/{code}/change", data={"text": "x", "lead": "Sở Y tế", "due": "31/02/2026", "reason": "y"})
    session.expire_all()
    assert session.scalar(select(Task).where(Task.code == code)).description == "Tổ chức tiêm chủng mở rộng"
    client.post("/logout")
    login(client, world["liaison"])
    assert client.post(f"/tasks/{code}/stop/cancel", data={"reason": "x"}).status_code == 403


def _statements_withdrawing(session, document, office) -> int:  # noqa: ANN001
    statements = []
    listener = event.listens_for(db.engine, "before_cursor_execute")(lambda *args: statements.append(args[2]))
    try:
        withdraw_document(session, document, Actor.web(office), "Ban hành nhầm", SETTINGS)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


@pytest.mark.parametrize("tasks", [4, 24])
def test_withdrawing_a_long_plan_cancels_together_and_writes_each_agency_once(
        session, make_agency, make_task, make_user, make_document, tasks):
    """A withdrawn plan may hold a thousand tasks (one per commune): each is claimed on its own
    (so a change made meanwhile is never overwritten), the rest (statuses, history, feed
    changes) is written in batches, and each agency gets one mail listing its cancelled tasks:
    the department that coordinated them all is not sent one per task."""
    document = make_document()
    coordinator = make_agency(emails=("vanthu@phoihop.example.vn",))
    leads = [make_agency(emails=(f"vanthu{n}@xa.example.vn",)) for n in range(tasks)]
    made = [make_task(lead=lead, support=(coordinator,), document=document) for lead in leads]
    office = make_user(Role.OFFICE)
    session.commit()
    statements = _statements_withdrawing(session, document, office)
    session.commit()
    mails = tasks + 1  # each lead's, and the coordinator's
    # SQLite has no ordered RETURNING: there SQLAlchemy writes history rows and mail links one by one
    one_by_one = 2 * tasks if session.get_bind().dialect.name == "sqlite" else 0
    # a claim per task; per mail a lookup, a savepoint around its insert, its links
    assert statements <= tasks + 5 * mails + one_by_one + 30, statements
    assert all(t.status is TaskStatus.CANCELLED and t.history[-1].kind is HistoryKind.CANCELLED for t in made)
    for n, task in enumerate(made):
        [mail] = _mail_to(session, f"vanthu{n}@xa.example.vn")
        assert "Ban hành nhầm" in mail.text_body and task.code in mail.text_body and "(cơ quan chủ trì)" in mail.text_body
    [together] = _mail_to(session, "vanthu@phoihop.example.vn")
    assert f"{tasks} nhiệm vụ" in together.text_body and all(t.code in together.text_body for t in made)
    assert {link.task_id for link in together.tasks} == {t.id for t in made}
