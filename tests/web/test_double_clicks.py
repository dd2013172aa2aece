"""Twelve identical posts at once, through a real threaded server, on SQLite and PostgreSQL:
each state change happens exactly once, and the other eleven get a page, not an error."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from tests.fixtures.web import Browser
from tracker.core.files import FileStore
from tracker.documents.models import Document, DocumentStatus
from tracker.documents.services import Upload, import_document
from tracker.mail.models import OutboxMessage
from tracker.tasks import operations as ops
from tracker.tasks.models import ExtensionRequest, ExtensionStatus, HistoryKind, Task, TaskHistoryEntry, TaskStatus
from tracker.users.models import Role

AT_ONCE = 12
DUE = dt.date(2030, 6, 30)


@pytest.fixture()
def people(session, make_agency, make_user, make_task):  # noqa: ANN001, ANN201
    health, finance = make_agency("Sở Y tế"), make_agency("Sở Tài chính")
    data = {"health": health, "finance": finance, "task": make_task(lead=health, due=DUE),
            "office": make_user(Role.OFFICE, email="vanthu@ubnd.example.vn"),
            "liaison": make_user(Role.AGENCY, health, email="lienlac@soyte.example.vn")}
    session.commit()
    return data


def _at_once(live_server: str, email: str, path: str, form: dict[str, str]) -> list[int]:
    """Sign in AT_ONCE visitors, then release their posts together; the statuses they got."""
    visitors = [Browser(live_server) for _ in range(AT_ONCE)]
    for visitor in visitors:
        visitor.login(email)
    start, statuses = threading.Barrier(AT_ONCE), []

    def post(visitor: Browser) -> None:
        start.wait()
        statuses.append(visitor.post(path, form)[0])

    threads = [threading.Thread(target=post, args=(v,)) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    return statuses


def _history(session, task: Task, kind: HistoryKind) -> int:  # noqa: ANN001
    session.expire_all()
    return session.scalar(select(func.count()).select_from(TaskHistoryEntry)
                          .where(TaskHistoryEntry.task_id == task.id, TaskHistoryEntry.kind == kind))


def test_confirm(live_server, session, people, tmp_path):  # noqa: ANN001
    notice = ("ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM\nSố: 7/TB-UBND\nngày 01 tháng 12 năm 2026\nTHÔNG BÁO\n"
              "Kết luận tại cuộc họp giao ban\n"
              "1. Giao Sở Y tế chủ trì rà soát cơ sở khám bệnh, hoàn thành trước ngày 30/12/2026.\n"
              "2. Giao Sở Tài chính bố trí kinh phí, báo cáo trước ngày 15/01/2027.\n")
    document = import_document(session, notice, FileStore(tmp_path, 10**6), Upload("tb7.txt", notice.encode()))
    session.commit()
    statuses = _at_once(live_server, people["office"].email, f"/documents/{document.id}/confirm", {})
    session.expire_all()
    live = session.scalars(select(Task).where(Task.document_id == document.id)).all()
    assert statuses == [302] * AT_ONCE
    assert session.get(Document, document.id).status is DocumentStatus.CONFIRMED
    assert sorted(t.lead_text for t in live) == ["Sở Tài chính", "Sở Y tế"]
    assert all(t.status is TaskStatus.IN_PROGRESS for t in live)


def test_extension_requests(live_server, session, people):  # noqa: ANN001
    task = people["task"]
    statuses = _at_once(live_server, people["liaison"].email, f"/tasks/{task.code}/act/extension",
                        {"requested": "31/07/2030", "note": "Chờ kinh phí"})
    assert statuses == [302] * AT_ONCE
    assert _history(session, task, HistoryKind.EXTENSION_REQUESTED) == 1
    assert len(session.scalars(select(ExtensionRequest).where(ExtensionRequest.task_id == task.id)).all()) == 1


def test_approvals(live_server, session, people):  # noqa: ANN001
    task = people["task"]
    request = ops.request_extension(session, task, ops.Actor.web(people["liaison"]), dt.date(2030, 7, 31), "Chờ")
    session.commit()
    statuses = _at_once(live_server, people["office"].email, f"/tasks/extensions/{request.id}/approve", {})
    assert statuses == [302] * AT_ONCE
    assert _history(session, task, HistoryKind.EXTENSION_APPROVED) == 1
    assert session.get(ExtensionRequest, request.id).status is ExtensionStatus.APPROVED
    assert session.get(Task, task.id).due_date == dt.date(2030, 7, 31)
    mails = session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind.like("extension%")))
    assert mails <= 1  # one decision mail at most (none when the agency has no address)


def test_completions(live_server, session, people):  # noqa: ANN001
    task = people["task"]
    statuses = _at_once(live_server, people["liaison"].email, f"/tasks/{task.code}/act/complete",
                        {"note": "Đã xong"})
    assert statuses == [302] * AT_ONCE
    assert _history(session, task, HistoryKind.COMPLETED) == 1
    assert session.get(Task, task.id).status is TaskStatus.AWAITING_CONFIRMATION


def test_the_loser_is_told_and_changes_nothing(session, people):  # noqa: ANN001
    """Two sessions read the task, both pass the checks; the second to write gets Conflict."""
    from sqlalchemy.orm import Session

    from tracker.core.errors import Conflict
    from tracker.extensions import db

    task_id = people["task"].id
    with Session(db.engine) as first, Session(db.engine) as second:
        mine, theirs = first.get(Task, task_id), second.get(Task, task_id)
        ops.report_progress(first, mine, ops.Actor.system(), "Đạt 50%", 50)
        first.commit()
        with pytest.raises(Conflict, match="vừa được cập nhật"):
            ops.report_progress(second, theirs, ops.Actor.system(), "Đạt 50%", 50)
        second.rollback()
    assert _history(session, people["task"], HistoryKind.PROGRESS_REPORTED) == 1


def test_assigning_a_quarantined_reply(live_server, session, people, app, tmp_path):  # noqa: ANN001
    from tests.mail import samples
    from tests.mail.test_outbox import SETTINGS
    from tracker.mail.inbox import message_key
    from tracker.mail.models import InboundMessage, InboundStatus

    raw = samples.gmail_reply("nguoi.la@gmail.com", SETTINGS.sender, "Báo cáo", "<x@y>", "Đã thực hiện 70%")
    message = InboundMessage(folder="INBOX", uidvalidity=1, uid=1, message_key=message_key(raw), raw=raw,
                             size=len(raw), status=InboundStatus.QUARANTINED, needs_office=True)
    session.add(message)
    session.commit()
    task = people["task"]
    statuses = _at_once(live_server, people["office"].email, f"/mail/queue/{message.id}/assign", {"code": task.code})
    assert statuses == [302] * AT_ONCE
    assert _history(session, task, HistoryKind.PROGRESS_REPORTED) == 1
    assert session.get(InboundMessage, message.id).status is InboundStatus.PROCESSED


def test_creating_a_meeting_from_one_form(live_server, session, people):  # noqa: ANN001
    """Creating has no row to claim beforehand: the form's one-time submission id decides."""
    import re

    from tracker.meetings.models import Meeting

    visitors = [Browser(live_server) for _ in range(AT_ONCE)]
    for visitor in visitors:
        visitor.login(people["office"].email)
    page = visitors[0].get("/meetings/new")[1].decode()
    fields = dict(re.findall(r'name="(csrf_token|submission)" value="([^"]+)"', page))
    form = {**fields, "title": "Giao ban tháng 12", "day": "15/12/2030", "start": "08:00", "end": "11:00",
            "mode": "in_person"}
    start, statuses = threading.Barrier(AT_ONCE), []

    def post(visitor: Browser) -> None:
        start.wait()
        statuses.append(visitor.post("/meetings/new", form)[0])

    threads = [threading.Thread(target=post, args=(v,)) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    session.expire_all()
    assert statuses == [302] * AT_ONCE
    assert session.scalar(select(func.count()).select_from(Meeting)) == 1
