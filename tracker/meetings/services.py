"""Meetings: creating, moving and cancelling them, and keeping their preparation tasks in step.

Preparation deadlines are ordinary tasks (same reminders, same feeds, same history) linked
to their meeting and rule. Moving the meeting moves every open one (their calendar SEQUENCE
grows with the date); cancelling it cancels them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from flask_babel import gettext as _

from ..agencies.models import Agency, AgencyKind
from ..core.dates import VN_TZ, WorkingCalendar, today_vn
from ..core.errors import InvalidInput
from ..tasks import operations as ops
from ..tasks.models import Task, TaskStatus
from ..tasks.states import OPEN_STATUSES
from .models import (Meeting, MeetingCadence, MeetingMode, MeetingResponse, MeetingSeries, MeetingStatus, PrepLead,
                     PrepRule)
from .preparation import DEFAULT_RULES, MEETING_PLACEHOLDER, due_date

#: Preparation tasks a rescheduled or cancelled meeting still moves or cancels: not yet done, postponed included.
UNFINISHED = (*OPEN_STATUSES, TaskStatus.POSTPONED)


@dataclass
class MeetingSpec:
    title: str
    start: dt.datetime  #: aware
    end: dt.datetime | None = None
    series: MeetingSeries | None = None
    chair: str = ""
    venues: str = ""
    mode: MeetingMode = MeetingMode.IN_PERSON
    topic: str = ""
    topic_agency: Agency | None = None
    attendees: list[Agency] = field(default_factory=list)


def ensure_default_rules(session: Session) -> list[PrepRule]:
    """The general rules (no series), created from plan 244's the first time they are needed."""
    rules = list(session.scalars(select(PrepRule).where(PrepRule.series_id.is_(None)).order_by(PrepRule.position)))
    if not rules:
        rules = [PrepRule(position=n, description=r.description, lead=r.lead, timing=r.timing, value=r.value,
                          due_words=r.due_words) for n, r in enumerate(DEFAULT_RULES)]
        session.add_all(rules)
        session.flush()
    return rules


def rules_for(session: Session, meeting: Meeting) -> list[PrepRule]:
    own = list(session.scalars(select(PrepRule).where(PrepRule.series_id == meeting.series_id,
                                                      PrepRule.is_active.is_(True)).order_by(PrepRule.position))
               ) if meeting.series_id else []
    return own or [r for r in ensure_default_rules(session) if r.is_active]


def create_meeting(session: Session, spec: MeetingSpec, actor: ops.Actor, calendar: WorkingCalendar,
                   today: dt.date | None = None) -> Meeting:
    ops.ensure_office(actor)
    _check_times(spec.start, spec.end)
    if not spec.title.strip():
        raise InvalidInput(_("Cần có tên cuộc họp."))
    meeting = Meeting(title=spec.title.strip(), start_dt=spec.start, end_dt=spec.end, series=spec.series,
                      chair=spec.chair, venues=spec.venues, mode=spec.mode, topic=spec.topic,
                      topic_agency=spec.topic_agency, status=MeetingStatus.PLANNED)
    meeting.attendees = list({a.id: a for a in spec.attendees}.values())
    session.add(meeting)
    session.flush()
    sync_preparation(session, meeting, actor, calendar, today)
    return meeting


def reschedule_meeting(session: Session, meeting: Meeting, start: dt.datetime, end: dt.datetime | None,
                       actor: ops.Actor, calendar: WorkingCalendar, today: dt.date | None = None) -> Meeting:
    """Move the meeting; its open preparation deadlines move with it."""
    ops.ensure_office(actor)
    _check_times(start, end)
    if meeting.status is MeetingStatus.CANCELLED:
        raise InvalidInput(_("Cuộc họp đã hủy; hãy tạo cuộc họp mới."))
    meeting.start_dt, meeting.end_dt = start, end
    if meeting.status is not MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.MOVED
    session.flush()
    sync_preparation(session, meeting, actor, calendar, today)
    return meeting


def cancel_meeting(session: Session, meeting: Meeting, actor: ops.Actor, note: str = "") -> Meeting:
    ops.ensure_office(actor)
    meeting.status = MeetingStatus.CANCELLED
    for task in preparation_tasks(session, meeting):
        if task.status in UNFINISHED:
            ops.cancel_task(session, task, actor, note or f"Cuộc họp «{meeting.title}» đã hủy.")
    session.flush()
    return meeting


def mark_held(session: Session, meeting: Meeting, actor: ops.Actor) -> Meeting:
    ops.ensure_office(actor)
    meeting.status = MeetingStatus.HELD
    session.flush()
    return meeting


def preparation_tasks(session: Session, meeting: Meeting) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.meeting_id == meeting.id).order_by(Task.due_date, Task.id)))


def sync_preparation(session: Session, meeting: Meeting, actor: ops.Actor, calendar: WorkingCalendar,
                     today: dt.date | None = None) -> list[Task]:
    """Create missing preparation tasks and move open ones to the dates the rules give now.

    A deadline already past when the meeting is planned or moved is not created (a task
    overdue at birth helps nobody); what was skipped is left on `meeting.skipped_preparation`
    for the office to read. An open one the move would put in the past is due today."""
    today = today or today_vn()
    day = meeting.start_dt.astimezone(VN_TZ).date()
    existing = {(t.prep_rule_id, t.lead_agency_id): t for t in preparation_tasks(session, meeting)}
    reports_due = None
    touched, skipped = [], []
    for rule in rules_for(session, meeting):
        due = due_date(rule.timing, rule.value, day, calendar, reports_due)
        if rule.lead is PrepLead.ATTENDEES:
            reports_due = due
        for lead in _leads(session, meeting, rule):
            task = existing.get((rule.id, lead.id))
            if task is None and due < today:
                skipped.append(f"{_rule_text(rule, meeting)} ({due:%d/%m/%Y})")
                continue
            if task is None:
                task = _new_task(session, meeting, rule, lead, due, actor, day)
            elif task.status in UNFINISHED and task.due_date != max(due, today):
                task.due_date = task.original_due_date = max(due, today)
            touched.append(task)
    meeting.skipped_preparation = sorted(set(skipped))
    session.flush()
    return touched


def _leads(session: Session, meeting: Meeting, rule: PrepRule) -> list[Agency]:
    if rule.lead is PrepLead.ATTENDEES:
        return list(meeting.attendees)
    if rule.lead is PrepLead.TOPIC_AGENCY:
        return [meeting.topic_agency] if meeting.topic_agency else []
    office = session.scalar(select(Agency).where(Agency.kind == AgencyKind.OFFICE).order_by(Agency.id))
    return [office] if office else []


def _rule_text(rule: PrepRule, meeting: Meeting) -> str:
    """The rule's wording for this meeting: its title, with the day unless the title has it."""
    day = f"{meeting.start_dt.astimezone(VN_TZ).date():%d/%m/%Y}"
    label = meeting.title if day in meeting.title else f"{meeting.title} ngày {day}"
    return rule.description.replace(MEETING_PLACEHOLDER, label)


def _new_task(session: Session, meeting: Meeting, rule: PrepRule, lead: Agency, due: dt.date, actor: ops.Actor,
              day: dt.date) -> Task:
    support = [meeting.topic_agency] if rule.lead is PrepLead.ATTENDEES and meeting.topic_agency else []
    task = ops.create_task(session, None, ops.TaskSpec(
        description=_rule_text(rule, meeting), lead=lead, support=support, due_date=due,
        due_text=rule.due_words, item_ref="Chuẩn bị giao ban"), actor, day.year)
    task.meeting, task.prep_rule_id = meeting, rule.id
    return task


def _check_times(start: dt.datetime, end: dt.datetime | None) -> None:
    if start.tzinfo is None:
        raise InvalidInput(_("Giờ họp cần có múi giờ."))
    if end is not None and end <= start:
        raise InvalidInput(_("Giờ kết thúc phải sau giờ bắt đầu."))




def series_slots(series: MeetingSeries, start: dt.date, count: int, calendar: WorkingCalendar) -> list[dt.datetime]:
    """The next `count` meeting times of a series from `start`, moved to a working day when the
    usual day is a weekend or holiday (the offices do the same)."""
    slots: list[dt.datetime] = []
    day = start
    while len(slots) < count:
        candidate = _next_candidate(series, day)
        if candidate is None:
            break
        held = candidate if calendar.is_working_day(candidate) else calendar.next_working_day(candidate)
        if held >= start:
            slots.append(dt.datetime.combine(held, dt.time(series.default_hour), VN_TZ))
        day = candidate + dt.timedelta(days=1)
    return slots


def _next_candidate(series: MeetingSeries, day: dt.date) -> dt.date | None:
    if series.cadence is MeetingCadence.WEEKLY:
        return day + dt.timedelta(days=(series.default_day - day.weekday()) % 7)
    months = {MeetingCadence.MONTHLY: range(1, 13), MeetingCadence.QUARTERLY: (3, 6, 9, 12),
              MeetingCadence.ANNUAL: (12,)}.get(series.cadence)
    if months is None:
        return None  # ad hoc: nothing to plan
    for year in (day.year, day.year + 1):
        for month in months:
            candidate = dt.date(year, month, min(series.default_day, 28))
            if candidate >= day:
                return candidate
    return None


def plan_series(session: Session, series: MeetingSeries, start: dt.date, count: int, actor: ops.Actor,
                calendar: WorkingCalendar, attendees: list[Agency]) -> list[Meeting]:
    """Create the series' next meetings (with their preparation deadlines), skipping any slot
    whose day already has a meeting of the series: planning twice creates nothing twice."""
    planned = []
    for slot in series_slots(series, start, count, calendar):
        day = slot.date()
        taken = session.scalar(select(Meeting.id).where(
            Meeting.series_id == series.id, Meeting.start_dt >= dt.datetime.combine(day, dt.time(), VN_TZ),
            Meeting.start_dt < dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), VN_TZ)))
        if taken is None:
            title = f"{series.name} {_period(series.cadence, day)}"
            planned.append(create_meeting(session, MeetingSpec(title=title, start=slot, series=series,
                                                               chair=series.chair, venues=series.default_venue,
                                                               attendees=attendees), actor, calendar, start))
    return planned


def _period(cadence: MeetingCadence, day: dt.date) -> str:
    if cadence is MeetingCadence.WEEKLY:
        return f"ngày {day:%d/%m/%Y}"
    if cadence is MeetingCadence.QUARTERLY:
        return f"quý {['I', 'II', 'III', 'IV'][(day.month - 1) // 3]}/{day.year}"
    if cadence is MeetingCadence.ANNUAL:
        return f"năm {day.year}"
    return f"tháng {day.month}/{day.year}"


def update_meeting(session: Session, meeting: Meeting, spec: MeetingSpec, actor: ops.Actor,
                   calendar: WorkingCalendar, today: dt.date | None = None) -> Meeting:
    """Change a meeting's particulars; a dropped attendee's open preparation tasks are cancelled,
    a new attendee gets its own, and the dates follow a new time."""
    ops.ensure_office(actor)
    _check_times(spec.start, spec.end)
    kept = {a.id for a in spec.attendees}
    for task in preparation_tasks(session, meeting):
        if task.lead_agency_id not in kept and _is_attendee_task(session, task) and task.status in UNFINISHED:
            ops.cancel_task(session, task, actor, "Cơ quan không còn trong thành phần dự họp.")
    meeting.title, meeting.start_dt, meeting.end_dt = spec.title.strip() or meeting.title, spec.start, spec.end
    meeting.chair, meeting.venues, meeting.mode, meeting.topic = spec.chair, spec.venues, spec.mode, spec.topic
    meeting.topic_agency = spec.topic_agency
    meeting.attendees = list({a.id: a for a in spec.attendees}.values())
    session.flush()
    sync_preparation(session, meeting, actor, calendar, today)
    return meeting


def _is_attendee_task(session: Session, task: Task) -> bool:
    rule = session.get(PrepRule, task.prep_rule_id) if task.prep_rule_id else None
    return rule is not None and rule.lead is PrepLead.ATTENDEES


def copy_rules_to_series(session: Session, series: MeetingSeries) -> list[PrepRule]:
    """Give a series its own editable copy of the general rules."""
    existing = list(session.scalars(select(PrepRule).where(PrepRule.series_id == series.id)))
    if existing:
        return existing
    copies = [PrepRule(series_id=series.id, position=r.position, description=r.description, lead=r.lead,
                       timing=r.timing, value=r.value, due_words=r.due_words, is_active=r.is_active)
              for r in ensure_default_rules(session)]
    session.add_all(copies)
    session.flush()
    return copies


def answers_by_agency(meeting: Meeting) -> dict[int, MeetingResponse]:
    """The latest answer of each invited agency (any of its addresses), for the meeting page."""
    latest: dict[int, MeetingResponse] = {}
    for row in meeting.responses:
        if row.agency_id is not None and (row.agency_id not in latest
                                          or row.answered_dt > latest[row.agency_id].answered_dt):
            latest[row.agency_id] = row
    return latest
