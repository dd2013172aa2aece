"""Load the demo data set through the same services real use goes through."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from flask_babel import gettext as _

from ..agencies.directory import load_default_directory
from ..agencies.services import find_group, require_agency
from ..core.errors import InvalidInput
from ..documents.models import Document, DocumentKind, DocumentStatus
from ..tasks import operations as ops
from ..tasks.models import HistorySource, Recurrence, Task
from ..users.models import Role
from ..users.services import create_user, find_user, generate_password
from .data import DOCUMENTS, USERS, DemoDocument, DemoTask


def load_demo(session: Session, today: dt.date) -> dict[str, str]:
    """Load directory, documents, tasks and users; returns new accounts and their passwords."""
    load_default_directory(session)
    if session.scalar(select(Document).where(Document.number.in_([d.number for d in DOCUMENTS]))):
        raise InvalidInput(_("Dữ liệu mẫu đã được nạp trước đó."))
    for doc in DOCUMENTS:
        _load_document(session, doc, today)
    accounts = {}
    for email, role, agency, name in USERS:
        if find_user(session, email) is None:
            password = generate_password()
            create_user(session, email, password, Role(role), name,
                        require_agency(session, agency) if agency else None)
            accounts[email] = password
    return accounts


def _load_document(session: Session, spec: DemoDocument, today: dt.date) -> None:
    issued = today - dt.timedelta(days=spec.issued_days_ago)
    document = Document(number=spec.number, kind=DocumentKind(spec.kind), status=DocumentStatus.CONFIRMED,
                        issuer="UBND Thành phố Hà Nội", signer=spec.signer, issued_date=issued, title=spec.title)
    session.add(document)
    system = ops.Actor.system()
    for item in spec.tasks:
        task = ops.create_task(session, document, _task_spec(session, item, today), system, issued.year)
        _play_story(session, task, item, today)


def _task_spec(session: Session, item: DemoTask, today: dt.date) -> ops.TaskSpec:
    return ops.TaskSpec(
        description=item.description,
        lead=require_agency(session, item.lead),
        support=[require_agency(session, s) for s in item.support],
        due_date=today + dt.timedelta(days=item.due_in_days) if item.due_in_days is not None else None,
        recurrence=Recurrence(item.recurrence) if item.recurrence else None,
        due_text=item.due_text,
        item_ref=item.item_ref,
        source_group=find_group(session, item.group) if item.group else None,
    )


def _play_story(session: Session, task: Task, item: DemoTask, today: dt.date) -> None:
    agency = ops.Actor(HistorySource.EMAIL, f"van-thu@{item.lead[:12].lower().replace(' ', '-')}.demo")
    office = ops.Actor(HistorySource.WEB, "Văn phòng UBND Thành phố")
    for step in item.story:
        verb, _colon, arg = step.partition(":")
        if verb == "progress":
            ops.report_progress(session, task, agency, f"Đã triển khai, ước đạt {arg}% khối lượng.", int(arg))
        elif verb == "done":
            done_on = (task.due_date or today) + dt.timedelta(days=int(arg))
            ops.report_completion(session, task, agency, min(done_on, today), "Đã hoàn thành, gửi kèm báo cáo.")
        elif verb == "awaiting":
            ops.report_completion(session, task, agency, today, "Đơn vị báo cáo đã hoàn thành.",
                                  needs_confirmation=True)
        elif verb == "returned":
            ops.report_completion(session, task, agency, today, "Đã hoàn thành.", needs_confirmation=True)
            ops.return_task(session, task, office, "Báo cáo chưa nêu rõ số liệu; đề nghị bổ sung.")
        elif verb == "postponed":
            ops.postpone_task(session, task, office, "Tạm hoãn theo chỉ đạo của Phó Chủ tịch UBND Thành phố.")
