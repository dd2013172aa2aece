"""`flask tasks list|show|edit|cancel|postpone|resume`: read and change tasks from the shell."""
from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from ..agencies.services import require_agency
from ..core.dates import format_date, today_vn
from ..core.cli import transactional
from ..core.errors import DomainError
from ..extensions import db
from .models import TaskState
from .queries import TaskFilter, get_task_by_code, list_tasks, tasks_of
from .serialize import task_to_dict

tasks_cli = AppGroup("tasks", help="List, show and change tasks.")
_STATES = [s.value for s in TaskState]


@tasks_cli.command("list")
@click.option("--agency", help="Tasks this agency leads or coordinates (name or abbreviation).")
@click.option("--state", type=click.Choice(_STATES), help="Only tasks in this state.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of tasks).")
@click.option("--limit", default=10_000, show_default=True, help="At most this many tasks.")
def list_command(agency: str | None, state: str | None, as_json: bool, limit: int) -> None:
    """Tasks, soonest deadline first."""
    try:
        agency_id = require_agency(db.session, agency).id if agency else None
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    today, soon = today_vn(), current_app.config["DUE_SOON_DAYS"]
    flt = TaskFilter(agency_id=agency_id, state=TaskState(state) if state else None)
    tasks = tasks_of(db.session, list_tasks(db.session, None, flt, today, soon, per_page=limit).items)
    if as_json:
        click.echo(json.dumps([task_to_dict(t, today, soon, with_history=False) for t in tasks],
                              ensure_ascii=False, indent=2))
        return
    for task in tasks:
        data = task_to_dict(task, today, soon, with_history=False)
        due = format_date(task.due_date) or data["recurrence"] or "-"
        click.echo(f"{task.code}  {data['state']:<22} {due:<12} {data['lead']}: {task.description[:80]}")


@tasks_cli.command("show")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print JSON with the full history.")
def show_command(code: str, as_json: bool) -> None:
    """One task with its history."""
    try:
        task = get_task_by_code(db.session, code)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    data = task_to_dict(task, today_vn(), current_app.config["DUE_SOON_DAYS"])
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key in ("code", "document", "description", "lead", "support", "due", "recurrence", "due_text", "state",
                "completed_on"):
        click.echo(f"{key:>13}: {data[key] if data[key] not in (None, []) else '-'}")
    for entry in data["history"]:
        click.echo(f"  {entry['at'][:16]} {entry['kind']:<20} {entry['actor']}: {entry['note']}")


def _mail_settings():  # noqa: ANN202
    from ..mail.outbox import MailSettings

    return MailSettings.from_config(current_app.config)


@tasks_cli.command("edit")
@click.argument("code")
@click.option("--due", help="New deadline, dd/mm/yyyy, or 'none' for no deadline.")
@click.option("--lead", help="New lead agency (name or short name): the task is reassigned.")
@click.option("--coordinators", help='Coordinating agencies, separated by ";" ("" for none).')
@click.option("--text", help="New wording of the task.")
@click.option("--reason", required=True, help="Why: kept in the history and told to the agencies.")
@transactional
def edit_command(code: str, due: str | None, lead: str | None, coordinators: str | None, text: str | None,
                 reason: str) -> None:
    """Change a confirmed task; every agency it concerns is told by mail."""
    from ..core.dates import parse_date
    from .changes import TaskChange, change_task
    from .operations import Actor

    task = get_task_by_code(db.session, code)
    no_deadline = (due or "").strip().lower() == "none"
    change = TaskChange(reason=reason, text=text,
                        due=parse_date(due) if due and not no_deadline else None, clear_due=no_deadline,
                        lead=require_agency(db.session, lead) if lead else None,
                        coordinators=[require_agency(db.session, n.strip()) for n in coordinators.split(";")
                                      if n.strip()] if coordinators is not None else None)
    entry = change_task(db.session, task, Actor.system(), change, _mail_settings())
    click.echo(f"{task.code}: {entry.note}")


def _stop_command(how: str, help_text: str) -> None:
    @tasks_cli.command(how, help=help_text)
    @click.argument("code")
    @click.option("--reason", required=how != "resume", default="", help="Why: kept in the history and mailed.")
    @transactional
    def command(code: str, reason: str) -> None:
        from .changes import stop_task
        from .operations import Actor

        task = get_task_by_code(db.session, code)
        stop_task(db.session, task, Actor.system(), how, reason, _mail_settings())
        click.echo(f"{task.code}: {task.status.value}")


_stop_command("cancel", "Cancel a task (it stays in the history and reports); its agencies are told.")
_stop_command("postpone", "Postpone a task (no reminders while postponed); its agencies are told.")
_stop_command("resume", "Resume a postponed or cancelled task; its agencies are told.")
