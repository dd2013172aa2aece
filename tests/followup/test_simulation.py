"""Five weeks of operation across Tết 2026 (16-20/02) with a controlled clock and a real SMTP
server: exactly the reminders, overdue notices, escalations and digests due, each once."""
import datetime as dt
from collections import Counter

import pytest
import time_machine
from sqlalchemy import select

from tracker.agencies.models import AgencyEmail, AgencyKind
from tracker.core.dates import VN_TZ
from tracker.mail.models import OutboxMessage
from tracker.scheduler.jobs import run_job
from tracker.tasks import operations as ops
from tracker.tasks.models import HistoryKind, TaskStatus


@pytest.fixture()
def scenario(app, session, make_agency, make_task, smtp_server):  # noqa: ANN001, ANN201
    port, delivered = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="dondoc@ubnd.example.vn")
    office = make_agency("Văn phòng UBND Thành phố", kind=AgencyKind.OFFICE)
    office.emails = [AgencyEmail(address="vp@ubnd.example.vn", may_act=True)]
    soyte = make_agency("Sở Y tế")
    soyte.emails = [AgencyEmail(address="vt@soyte.example.vn", may_act=True)]
    silent = make_agency("Sở Không Email")
    tasks = {
        "t1": make_task(lead=soyte, due=dt.date(2026, 2, 13), description="Báo cáo trước Tết"),
        "t2": make_task(lead=soyte, due=dt.date(2026, 2, 18), description="Hạn rơi vào Tết"),
        "t3": make_task(lead=soyte, due=dt.date(2026, 3, 4), description="Hoàn thành sớm"),
        "t4": make_task(lead=silent, due=dt.date(2026, 2, 13), description="Cơ quan chưa có email"),
    }
    session.commit()
    yield tasks, delivered
    app.config.update(SMTP_HOST="localhost", SMTP_PORT=25, MAIL_FROM="dondoc@localhost")


def _day(day: dt.date, runner, session) -> None:  # noqa: ANN001
    with time_machine.travel(dt.datetime.combine(day, dt.time(8, 0), VN_TZ), tick=False):
        for name in ("followup", "digest", "mail_send"):
            runner(name)
        session.expire_all()


def test_five_weeks_across_tet_send_each_notification_once(app_ctx, session, scenario, runner):
    tasks, delivered = scenario
    down = {dt.date(2026, 2, 10), dt.date(2026, 2, 11), dt.date(2026, 2, 12)}  # the server was off
    day = dt.date(2026, 2, 2)
    while day <= dt.date(2026, 3, 6):
        if day not in down:
            _day(day, run_job, session)
            _day(day, run_job, session)  # a restart that runs everything again
        if day == dt.date(2026, 3, 2):
            ops.report_completion(session, tasks["t3"], ops.Actor.system(), day)
            session.commit()
        day += dt.timedelta(days=1)
    with time_machine.travel(dt.datetime(2026, 2, 27, 9, 0, tzinfo=VN_TZ), tick=False):
        assert runner.invoke(args=["jobs", "run", "followup"]).exit_code == 0  # by hand, a job already run

    rows = session.scalars(select(OutboxMessage)).all()
    sent_on = Counter((r.kind, r.created_dt.astimezone(VN_TZ).date().isoformat()) for r in rows)
    assert sent_on == Counter({
        ("reminder", "2026-02-13"): 2,  # the server was down 10-12/02: t1 gets its deadline-day reminder
                                        # only (not the missed three-day one beside it), t2 three days before
        ("digest_office", "2026-02-02"): 1, ("digest_office", "2026-02-09"): 1,
        ("digest", "2026-02-09"): 1,        # t1 due that week
        ("overdue", "2026-02-23"): 2,       # t1 and t2: the working day after, past Tết
        ("digest", "2026-02-23"): 1, ("digest_office", "2026-02-23"): 1,  # none in Tết week
        ("escalated", "2026-02-27"): 2, ("escalation_office", "2026-02-27"): 1,  # 5 working days overdue
        ("reminder", "2026-02-27"): 1,      # t3, three working days before 04/03
        ("digest", "2026-03-02"): 1, ("digest_office", "2026-03-02"): 1,
    })
    assert len(delivered.parsed()) == len(rows)  # every row delivered, none twice
    assert all(r.status.value == "sent" for r in rows)
    escalation = next(r for r in rows if r.kind == "escalation_office")
    assert all(tasks[k].code in escalation.text_body for k in ("t1", "t2", "t4"))
    assert tasks["t4"].escalated_dt is not None and tasks["t3"].escalated_dt is None
    assert [h.kind for h in tasks["t1"].history].count(HistoryKind.ESCALATED) == 1
    assert tasks["t3"].status is TaskStatus.DONE


def test_a_deadline_extended_gets_fresh_reminders(app_ctx, session, scenario):
    tasks, _ = scenario
    _day(dt.date(2026, 2, 13), run_job, session)
    tasks["t1"].due_date = dt.date(2026, 3, 13)
    session.commit()
    _day(dt.date(2026, 3, 10), run_job, session)
    keys = set(session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.kind == "reminder")))
    assert f"reminder:{tasks['t1'].id}:2026-03-13:3" in keys and f"reminder:{tasks['t1'].id}:2026-02-13:0" in keys
