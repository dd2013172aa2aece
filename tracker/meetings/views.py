"""Meeting pages: the month view, a meeting, creating and moving meetings, series and rules."""
from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import re
from typing import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..agencies.models import Agency
from ..agencies.services import find_agency, find_group
from ..calendars.identity import uid_domain
from ..core.dates import VN_TZ, WorkingCalendar, parse_date, today_vn
from ..core.errors import InvalidInput
from ..extensions import db
from ..mail.outbox import MailSettings
from ..tasks.models import Task, TaskStatus
from ..tasks.operations import Actor
from ..tasks.queries import visible_to
from ..tasks.states import task_state
from ..core.access import office_required
from ..core.actions import commit_or_flash
from .invitations import queue_invitations, was_invited
from .preparation import SHOWN_PLACEHOLDER, shown_rule, stored_rule
from .models import Meeting, MeetingCadence, MeetingMode, MeetingSeries, MeetingStatus, PrepRule, meeting_attendee
from .services import (MeetingSpec, answers_by_agency, cancel_meeting, copy_rules_to_series, create_meeting,
                       ensure_default_rules, mark_held, plan_series, preparation_tasks, reschedule_meeting,
                       update_meeting)

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


def _calendar() -> WorkingCalendar:
    return WorkingCalendar.from_config(current_app.config)


@bp.get("/")
@login_required
def month():  # noqa: ANN201
    first = _month_start(request.args.get("month", ""))
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    start, end = dt.datetime.combine(first, dt.time(), VN_TZ), dt.datetime.combine(last, dt.time(23, 59), VN_TZ)
    meetings = select(Meeting).where(Meeting.start_dt.between(start, end)).order_by(Meeting.start_dt)
    if not current_user.sees_everything:
        mine = select(meeting_attendee.c.meeting_id).where(meeting_attendee.c.agency_id == current_user.agency_id)
        meetings = meetings.where(Meeting.id.in_(mine) | (Meeting.topic_agency_id == current_user.agency_id))
    tasks = visible_to(select(Task).where(Task.status.not_in([TaskStatus.DRAFT, TaskStatus.CANCELLED]),
                                          Task.due_date.between(first, last)), current_user).order_by(Task.code)
    days: dict[dt.date, dict[str, list]] = {}
    for meeting in db.session.scalars(meetings):
        day = days.setdefault(meeting.start_dt.astimezone(VN_TZ).date(), {"meetings": [], "tasks": []})
        day["meetings"].append(meeting)
    for task in db.session.scalars(tasks):
        days.setdefault(task.due_date, {"meetings": [], "tasks": []})["tasks"].append(task)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return render_template("meetings/month.html", first=first, weeks=weeks, days=days, today=today_vn(),
                           previous=(first - dt.timedelta(days=1)).strftime("%Y-%m"),
                           following=(last + dt.timedelta(days=1)).strftime("%Y-%m"))


def _month_start(value: str) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if match and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    return today_vn().replace(day=1)


@bp.get("/<int:meeting_id>")
@login_required
def meeting_page(meeting_id: int):  # noqa: ANN201
    meeting = db.get_or_404(Meeting, meeting_id)
    if not current_user.sees_everything and current_user.agency_id not in (
            [a.id for a in meeting.attendees] + [meeting.topic_agency_id]):
        abort(404)
    tasks = [t for t in preparation_tasks(db.session, meeting) if current_user.sees_everything
             or current_user.agency_id in [t.lead_agency_id] + [a.id for a in t.support_agencies]]
    answer_labels = {"accepted": _("Nhận lời dự"), "tentative": _("Có thể dự"), "declined": _("Không dự")}
    today, soon = today_vn(), current_app.config["DUE_SOON_DAYS"]
    return render_template("meetings/meeting.html", meeting=meeting, tasks=tasks, statuses=MeetingStatus,
                           states={t.id: task_state(t, today, soon) for t in tasks},
                           answers=answers_by_agency(meeting), answer_labels=answer_labels,
                           month_key=meeting.start_dt.astimezone(VN_TZ).strftime("%Y-%m"),
                           modes=list(MeetingMode))


@bp.route("/new", methods=["GET", "POST"])
@office_required
def meeting_new():  # noqa: ANN201
    series = list(db.session.scalars(select(MeetingSeries).order_by(MeetingSeries.name)))
    if request.method == "POST":
        created: list[Meeting] = []
        if commit_or_flash(lambda: created.append(create_meeting(db.session, _spec_from_form(series),
                                                                 Actor.web(current_user), _calendar())),
                           _("Đã tạo cuộc họp và các thời hạn chuẩn bị.")):
            _tell_skipped(created)
            return redirect(url_for("meetings.meeting_page", meeting_id=created[0].id))
    return render_template("meetings/new.html", series=series, modes=list(MeetingMode),
                           form=request.form), 200 if request.method == "GET" else 400


def _spec_from_form(series: list[MeetingSeries]) -> MeetingSpec:
    form = request.form
    day = parse_date(form.get("day", ""))
    start = _at(day, form.get("start", ""))
    end = _at(day, form["end"]) if form.get("end") else None
    topic_agency = find_agency(db.session, form["topic_agency"]) if form.get("topic_agency") else None
    if form.get("topic_agency") and topic_agency is None:
        raise InvalidInput(_("Không có cơ quan «%(name)s» trong danh bạ.", name=form["topic_agency"]))
    chosen = next((s for s in series if str(s.id) == form.get("series")), None)
    return MeetingSpec(title=form.get("title", ""), start=start, end=end, series=chosen, chair=form.get("chair", ""),
                       venues=form.get("venues", ""), mode=MeetingMode(form.get("mode", "in_person")),
                       topic=form.get("topic", ""), topic_agency=topic_agency,
                       attendees=_attendees(form.get("attendees", "")))


def _at(day: dt.date, clock: str) -> dt.datetime:
    match = re.fullmatch(r"\s*(\d{1,2})[:hg](\d{2})?\s*", clock or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise InvalidInput(_("Giờ «%(clock)s» không hợp lệ (cần dạng HH:MM).", clock=clock))
    return dt.datetime.combine(day, dt.time(int(match.group(1)), int(match.group(2) or 0)), VN_TZ)


def _attendees(text: str) -> list[Agency]:
    """Names, abbreviations or group names separated by ";": a group brings all its members."""
    found: list[Agency] = []
    for name in [n.strip() for n in text.split(";") if n.strip()]:
        agency = find_agency(db.session, name)
        group = None if agency else find_group(db.session, name)
        if agency is None and group is None:
            raise InvalidInput(_("Không có cơ quan hay nhóm «%(name)s» trong danh bạ.", name=name))
        found += [agency] if agency else list(group.members)
    return found



@bp.post("/<int:meeting_id>/<action>")
@office_required
def meeting_action(meeting_id: int, action: str):  # noqa: ANN201
    meeting = db.get_or_404(Meeting, meeting_id)
    actor = Actor.web(current_user)
    settings = MailSettings.from_config(current_app.config)

    def move() -> None:
        day = parse_date(request.form.get("day", ""))
        end = _at(day, request.form["end"]) if request.form.get("end") else None
        reschedule_meeting(db.session, meeting, _at(day, request.form.get("start", "")), end, actor, _calendar())

    def edit() -> None:
        spec = _spec_from_form([meeting.series] if meeting.series else [])
        spec.series = meeting.series
        update_meeting(db.session, meeting, spec, actor, _calendar())

    def tell_invited(change: Callable[[], object], done: str) -> Callable[[], str]:
        """A change to a meeting agencies were invited to reaches their calendars at once."""
        def work() -> str:
            invited = was_invited(db.session, meeting)
            change()
            if not invited:
                return done
            sent = queue_invitations(db.session, settings, meeting, uid_domain(db.session))
            return done + " " + _("Đã gửi cập nhật tới %(n)s cơ quan đã được mời.", n=sent)
        return work

    def invite() -> str:
        sent = queue_invitations(db.session, settings, meeting, uid_domain(db.session))
        return _("Đã gửi giấy mời tới %(n)s cơ quan.", n=sent) if sent else \
            _("Các cơ quan dự họp đã nhận giấy mời mới nhất; không gửi lại.")

    actions = {
        "edit": tell_invited(edit, _("Đã cập nhật cuộc họp và các thời hạn chuẩn bị.")),
        "move": tell_invited(move, _("Đã dời cuộc họp; các thời hạn chuẩn bị đã được cập nhật.")),
        "cancel": tell_invited(lambda: cancel_meeting(db.session, meeting, actor, request.form.get("note", "")),
                               _("Đã hủy cuộc họp.")),
        "held": lambda: (mark_held(db.session, meeting, actor), _("Đã ghi nhận cuộc họp đã diễn ra."))[1],
        "invite": invite,
    }
    if action not in actions:
        abort(404)
    if commit_or_flash(actions[action]):
        _tell_skipped([meeting])
    return redirect(url_for("meetings.meeting_page", meeting_id=meeting.id))


def _tell_skipped(meetings: list[Meeting]) -> None:
    """Say which preparation deadlines were not made because their day had already passed."""
    skipped = [item for m in meetings for item in m.skipped_preparation]
    if skipped:
        flash(_("Không tạo %(n)s thời hạn chuẩn bị đã qua: %(items)s", n=len(skipped),
                items="; ".join(skipped[:5]) + ("…" if len(skipped) > 5 else "")), "error")


@bp.route("/series", methods=["GET", "POST"])
@office_required
def series_list():  # noqa: ANN201
    if request.method == "POST":
        def create() -> None:
            name = request.form.get("name", "").strip()
            if not name:
                raise InvalidInput(_("Cần có tên chuỗi cuộc họp."))
            cadence = MeetingCadence(request.form.get("cadence", "monthly"))
            day, hour = request.form.get("default_day", "25"), request.form.get("default_hour", "8")
            if cadence is MeetingCadence.WEEKLY:  # the weekday is chosen by name; stored 0 (Monday) to 6
                day = request.form.get("weekday", "")
                if not (day.isdigit() and int(day) <= 6):
                    raise InvalidInput(_("Hãy chọn thứ họp trong tuần."))
            if not (day.isdigit() and hour.isdigit() and 1 <= int(day) + (cadence is MeetingCadence.WEEKLY) <= 31
                    and int(hour) <= 23):
                raise InvalidInput(_("Ngày hoặc giờ họp thường lệ không hợp lệ."))
            db.session.add(MeetingSeries(name=name, cadence=cadence,
                                         schedule_rule=request.form.get("schedule_rule", ""),
                                         chair=request.form.get("chair", ""), default_day=int(day),
                                         default_hour=int(hour),
                                         default_venue=request.form.get("default_venue", "")))
            db.session.flush()

        commit_or_flash(create, _("Đã tạo chuỗi cuộc họp."))
        return redirect(url_for("meetings.series_list"))
    rules = ensure_default_rules(db.session)
    db.session.commit()
    series = list(db.session.scalars(select(MeetingSeries).order_by(MeetingSeries.name)))
    own = {s.id: list(db.session.scalars(
        select(PrepRule).where(PrepRule.series_id == s.id).order_by(PrepRule.position))) for s in series}
    return render_template("meetings/series.html", series=series, rules=rules, own_rules=own,
                           cadences=list(MeetingCadence), shown_rule=shown_rule,
                           placeholder=SHOWN_PLACEHOLDER)


@bp.post("/series/<int:series_id>/<action>")
@office_required
def series_action(series_id: int, action: str):  # noqa: ANN201
    series = db.get_or_404(MeetingSeries, series_id)
    actor = Actor.web(current_user)

    def plan() -> str:
        count = request.form.get("count", "3")
        if not count.isdigit() or not 1 <= int(count) <= 24:
            raise InvalidInput(_("Số cuộc họp cần lên lịch phải từ 1 đến 24."))
        made = plan_series(db.session, series, today_vn(), int(count), actor, _calendar(),
                           _attendees(request.form.get("attendees", "")))
        planned.extend(made)
        return _("Đã lên lịch %(n)s cuộc họp mới.", n=len(made))

    actions = {"plan": (plan, None),
               "own-rules": (lambda: copy_rules_to_series(db.session, series),
                             _("Chuỗi đã có bộ quy tắc riêng để chỉnh sửa."))}
    if action not in actions:
        abort(404)
    planned: list[Meeting] = []
    if commit_or_flash(*actions[action]):
        _tell_skipped(planned)
    return redirect(url_for("meetings.series_list"))


@bp.post("/rules/<int:rule_id>")
@office_required
def rule_update(rule_id: int):  # noqa: ANN201
    rule = db.get_or_404(PrepRule, rule_id)

    def update() -> None:
        value = request.form.get("value", "")
        if not value.isdigit() or not 0 <= int(value) <= 60:
            raise InvalidInput(_("Số ngày phải từ 0 đến 60."))
        rule.value, rule.is_active = int(value), bool(request.form.get("is_active"))
        rule.description = stored_rule(request.form.get("description", "").strip()) or rule.description
        db.session.flush()

    commit_or_flash(update, _("Đã lưu quy tắc; áp dụng cho các cuộc họp tạo hoặc dời từ nay."))
    return redirect(url_for("meetings.series_list"))
