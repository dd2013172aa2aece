"""Generate a realistic data set: 1,000 agencies, 100,000 tasks by default.

The spread follows what a provincial office sees. A province assigns about PER_YEAR (50,000)
tasks a year, so a store of N tasks holds N / PER_YEAR years of history: each task is assigned
on a day in that span (ids in the order of assignment) and is due within six months of it (a
tenth recurring with no date).
This year's tasks are mostly in progress or done, with a tail of returned, postponed and
cancelled ones; earlier years' are finished (done, a few cancelled). A third of tasks have
coordinating agencies; larger agencies (departments, the office) carry more than small ones.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert
from sqlalchemy.orm import Session

from tracker.agencies.models import Agency, AgencyKind
from tracker.core.text import name_key
from tracker.documents.models import Document, DocumentKind, DocumentStatus
from tracker.tasks.models import Recurrence, Task, TaskStatus, task_support

STATUS_WEIGHTS = {
    TaskStatus.IN_PROGRESS: 55, TaskStatus.DONE: 35, TaskStatus.AWAITING_CONFIRMATION: 3,
    TaskStatus.RETURNED: 2, TaskStatus.POSTPONED: 2, TaskStatus.CANCELLED: 3,
}
#: Earlier years' tasks are finished.
FINISHED_WEIGHTS = {TaskStatus.DONE: 96, TaskStatus.CANCELLED: 4}
PER_YEAR = 50_000
KINDS = [AgencyKind.DEPARTMENT] * 3 + [AgencyKind.DISTRICT] * 2 + [AgencyKind.COMMUNE] * 4 + [AgencyKind.OTHER]
BATCH = 5_000


def generate(session: Session, today: dt.date, agencies: int = 1_000, tasks: int = 100_000,
             documents: int = 500, seed: int = 42) -> None:
    rng = random.Random(seed)
    agency_ids = _agencies(session, agencies, rng)
    document_ids = _documents(session, documents, today, rng)
    weights = [1 + 20 * (i < 40) + 4 * (i < 200) for i in range(len(agency_ids))]  # big agencies get more
    history_days = max(365, round(365 * tasks / PER_YEAR))
    # ids follow time, as in a real store: a task assigned later has a larger id (and sits later
    # in the table), so this year's work is not scattered through twenty years of rows
    ages = sorted((rng.randint(0, history_days - 1) for _ in range(tasks)), reverse=True)
    next_id = 1
    for start in range(0, tasks, BATCH):
        rows, support_rows = [], []
        for _ in range(min(BATCH, tasks - start)):
            assigned = today - dt.timedelta(days=ages[next_id - 1])
            kinds = STATUS_WEIGHTS if (today - assigned).days < 365 else FINISHED_WEIGHTS
            status = rng.choices(list(kinds), list(kinds.values()))[0]
            rows.append(_task_row(next_id, rng, today, assigned, rng.choices(agency_ids, weights)[0],
                                  rng.choice(document_ids), status))
            if rng.random() < 0.33:
                for helper in rng.sample(agency_ids, rng.randint(1, 3)):
                    if helper != rows[-1]["lead_agency_id"]:
                        support_rows.append({"task_id": next_id, "agency_id": helper})
            next_id += 1
        session.execute(insert(Task), rows)
        if support_rows:
            session.execute(insert(task_support), support_rows)
    session.flush()


def _agencies(session: Session, count: int, rng: random.Random) -> list[int]:
    rows = []
    for i in range(count):
        kind = AgencyKind.OFFICE if i == 0 else rng.choice(KINDS)
        name = f"{'Văn phòng UBND' if i == 0 else 'Cơ quan'} số {i + 1:04d}"
        rows.append({"id": i + 1, "name": name, "name_key": name_key(name), "kind": kind, "is_active": True})
    session.execute(insert(Agency), rows)
    return [r["id"] for r in rows]


def _documents(session: Session, count: int, today: dt.date, rng: random.Random) -> list[int]:
    rows = [{"id": i + 1, "number": f"{i + 1}/TB-VP", "kind": DocumentKind.CONCLUSION_NOTICE,
             "status": DocumentStatus.CONFIRMED, "issuer": "UBND", "signer": "", "title": f"Thông báo kết luận {i + 1}",
             "text": "", "issued_date": today - dt.timedelta(days=rng.randint(0, 400)), "task_count": 0}
            for i in range(count)]
    session.execute(insert(Document), rows)
    return [r["id"] for r in rows]


def _task_row(task_id: int, rng: random.Random, today: dt.date, assigned: dt.date, lead: int, document: int,
              status: TaskStatus) -> dict:
    recurring = rng.random() < 0.1
    due = None if recurring else assigned + dt.timedelta(days=rng.randint(7, 180))
    completed = None
    if status in (TaskStatus.DONE, TaskStatus.AWAITING_CONFIRMATION):
        base = due or assigned + dt.timedelta(days=90)
        completed = min(today, base + dt.timedelta(days=rng.randint(-20, 10)))
    # the row last changed when it was finished (or, still open, recently)
    changed = completed or (assigned + dt.timedelta(days=rng.randint(1, 120)) if status == TaskStatus.CANCELLED
                            else today)
    return {
        "updated_dt": dt.datetime.combine(min(changed, today), dt.time(9), dt.timezone.utc),
        "id": task_id, "code": f"NV-BENCH-{task_id:06d}", "document_id": document, "item_ref": "",
        "description": f"Nhiệm vụ số {task_id}: báo cáo kết quả thực hiện kết luận giao ban, tổng hợp số liệu.",
        "lead_agency_id": lead, "lead_text": "", "status": status, "due_date": due, "original_due_date": due,
        "recurrence": rng.choice(list(Recurrence)) if recurring else None, "due_text": "",
        "completed_date": completed,
    }
