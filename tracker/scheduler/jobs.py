"""The jobs the scheduler runs, each a short function over one transaction, safe to repeat."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..core.dates import VN_TZ, now_utc, today_vn
from ..extensions import db
from ..followup.digest import send_weekly_digest
from ..followup.policy import FollowupPolicy
from ..followup.recurring import open_recurring_periods
from ..followup.reminders import run_followup
from ..mail.outbox import MailSettings


@dataclass(frozen=True)
class JobSpec:
    name: str
    description: str
    config_key: str  #: minutes between runs, from config
    run: Callable[[Flask, dt.datetime], str]


def _session() -> Session:
    return Session(db.engine, expire_on_commit=False)


def _send(app: Flask, now: dt.datetime) -> str:
    from ..mail.sender import SmtpTransport, send_due

    config = app.config
    report = send_due(_session, SmtpTransport.from_config(config), MailSettings.from_config(config),
                      max_attempts=config["MAIL_MAX_ATTEMPTS"], now=lambda: now_utc())
    return f"sent {report.sent}, failed {report.failed}, gave up {report.gave_up}"


def _fetch(app: Flask, now: dt.datetime) -> str:
    if not app.config["IMAP_USERNAME"]:
        return "no IMAP mailbox configured"
    from ..replies.handler import InboxContext, handle_inbound
    from ..mail.inbox import ImapSettings, fetch_once
    from ..core.files import app_file_store as file_store

    context = InboxContext.from_config(app.config, file_store())
    report = fetch_once(_session, ImapSettings.from_config(app.config), partial(handle_inbound, ctx=context))
    return (f"stored {report.stored}, handled {report.handled}, deferred {report.deferred}, "
            f"failed {report.failed}, moved {report.moved}")


def _in_transaction(work: Callable[[Session], str]) -> str:
    with _session() as session:
        result = work(session)
        session.commit()
        return result


def _followup(app: Flask, now: dt.datetime) -> str:
    policy, settings = FollowupPolicy.from_config(app.config), MailSettings.from_config(app.config)
    report = _in_transaction(lambda s: run_followup(s, settings, policy, today_vn(now), now))
    return (f"reminders {report.reminders}, overdue {report.overdue}, escalated {report.escalated}, "
            f"office lists {report.office_lists}")


def _digest(app: Flask, now: dt.datetime) -> str:
    policy, settings = FollowupPolicy.from_config(app.config), MailSettings.from_config(app.config)
    hour, minute = (int(x) for x in app.config["DIGEST_TIME"].split(":"))
    local = now.astimezone(VN_TZ)
    if local.time() < dt.time(hour, minute) and local.date() == policy.digest_day(local.date()):
        return "not yet: the digest goes out at " + app.config["DIGEST_TIME"]
    return f"digests {_in_transaction(lambda s: send_weekly_digest(s, settings, policy, local.date()))}"


def _figures(app: Flask, now: dt.datetime) -> str:
    """The office dashboard's province-wide figures, so a load reads one row."""
    from ..reports.snapshot import compute_office_figures, store_office_figures

    today = today_vn(now)

    def work(session: Session) -> int:
        figures = compute_office_figures(session, today, app.config["DUE_SOON_DAYS"], now)
        store_office_figures(session, figures, today)
        return sum(figures.counts.values())

    return f"figures of {_in_transaction(work)} tasks"


def _recurring(app: Flask, now: dt.datetime) -> str:
    return f"opened {_in_transaction(lambda s: len(open_recurring_periods(s, today_vn(now))))} period reports"


def _housekeeping(app: Flask, now: dt.datetime) -> str:
    """Leftovers of killed processes, of the login throttle's window, of used form ids, and the
    feed change log's old rows (each scope's newest is kept: the ETags read it)."""
    from ..core.files import app_file_store
    from ..users.models import LoginFailure
    from ..core.submissions import forget_submissions
    from ..calendars.changes import prune_feed_changes

    swept = app_file_store().sweep_incoming()
    day_ago = now - dt.timedelta(days=1)
    forgotten = _in_transaction(lambda s: s.execute(delete(LoginFailure).where(LoginFailure.at < day_ago)).rowcount)
    forms = _in_transaction(lambda s: forget_submissions(s, day_ago))
    changes = _in_transaction(lambda s: prune_feed_changes(s, day_ago))
    archived = _archive(app, now)
    return (f"removed {swept} half-written files, {forgotten} old failed logins, {forms} used form ids, "
            f"{changes} old feed changes; archived {archived} tasks finished long ago")


def _archive(app: Flask, now: dt.datetime) -> int:
    """Archive in short transactions until a batch comes back short."""
    from ..tasks.archive import archive_finished

    before = today_vn(now) - dt.timedelta(days=int(app.config["ARCHIVE_AFTER_DAYS"]))
    total = 0
    while True:
        done = _in_transaction(lambda s: archive_finished(s, before))
        total += done
        if done < 5_000:
            return total


JOBS = {job.name: job for job in (
    JobSpec("mail_send", "Gửi thư trong hộp thư đi", "SCHEDULE_SEND_MINUTES", _send),
    JobSpec("mail_fetch", "Đọc hộp thư đến (IMAP)", "SCHEDULE_FETCH_MINUTES", _fetch),
    JobSpec("followup", "Nhắc hạn, báo quá hạn, báo cáo Văn phòng", "SCHEDULE_FOLLOWUP_MINUTES", _followup),
    JobSpec("digest", "Thư tổng hợp hằng tuần", "SCHEDULE_DIGEST_MINUTES", _digest),
    JobSpec("recurring", "Mở báo cáo kỳ mới của nhiệm vụ định kỳ", "SCHEDULE_RECURRING_MINUTES", _recurring),
    JobSpec("figures", "Tính số liệu tổng quan", "SCHEDULE_FIGURES_MINUTES", _figures),
    JobSpec("housekeeping", "Dọn tệp dở dang và lượt đăng nhập sai cũ", "SCHEDULE_HOUSEKEEPING_MINUTES",
            _housekeeping),
)}


def run_job(name: str, now: dt.datetime | None = None) -> str:
    """Run one job now in the current app (a manual run is as safe as a scheduled one)."""
    job = JOBS[name]
    return job.run(current_app._get_current_object(), now or now_utc())
