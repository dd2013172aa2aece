"""Tasks as plain dicts, for `--json` output and later APIs."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .models import Task
from .states import task_state


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def task_to_dict(task: Task, today: dt.date, due_soon_days: int, with_history: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": task.code,
        "document": task.document.number if task.document else None,
        "item_ref": task.item_ref,
        "description": task.description,
        "lead": task.lead_agency.name if task.lead_agency else task.lead_text,
        "support": [a.name for a in task.support_agencies],
        "group": task.source_group.name if task.source_group else None,
        "due": _iso(task.due_date),
        "original_due": _iso(task.original_due_date),
        "recurrence": task.recurrence.value if task.recurrence else None,
        "due_text": task.due_text,
        "state": task_state(task, today, due_soon_days).value,
        "completed_on": _iso(task.completed_date),
        "progress_percent": task.progress_percent,
    }
    if with_history:
        data["history"] = [
            {"at": _iso(h.created_dt), "kind": h.kind.value, "source": h.source.value, "actor": h.actor_label,
             "note": h.note, "percent": h.percent, "proposed_date": _iso(h.proposed_date),
             "attachments": [{"filename": a.filename, "size": a.size, "sha256": a.sha256} for a in h.attachments]}
            for h in task.history
        ]
    return data
