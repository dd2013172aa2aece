import datetime as dt
import threading
import time

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tests.followup.test_simulation import scenario  # noqa: F401 - fixture
from tracker.core.dates import VN_TZ, now_utc
from tracker.extensions import db
from tracker.followup.policy import FollowupPolicy
from tracker.followup.recurring import open_recurring_periods, period_of
from tracker.followup.reminders import run_followup
from tracker.mail.models import OutboxMessage
from tracker.mail.outbox import MailSettings
from tracker.scheduler import lease, runner
from tracker.scheduler.jobs import JOBS
from tracker.tasks.models import HistoryKind, Recurrence, Task, TaskHistoryEntry


def _factory(app_ctx):  # noqa: ANN001, ANN202
    engine = db.engine
    return lambda: Session(engine, expire_on_commit=False)


def test_one_lease_holder_at_a_time_and_takeover_when_it_dies(app_ctx):
    factory, now = _factory(app_ctx), now_utc()
    assert lease.acquire(factory, "a", 60, now)
    assert not lease.acquire(factory, "b", 60, now)
    assert lease.acquire(factory, "a", 60, now + dt.timedelta(seconds=30))  # renewal
    assert not lease.acquire(factory, "b", 60, now + dt.timedelta(seconds=80))
    assert lease.acquire(factory, "b", 60, now + dt.timedelta(seconds=100))  # "a" died: its lease ran out
    assert lease.holds(factory, "b", now + dt.timedelta(seconds=100))
    assert not lease.holds(factory, "a", now + dt.timedelta(seconds=100))


def test_racing_for_the_lease_leaves_exactly_one_winner(app_ctx):
    factory, now = _factory(app_ctx), now_utc()
    winners, barrier = [], threading.Barrier(6)

    def race(name: str) -> None:
        barrier.wait()
        if lease.acquire(factory, name, 60, now):
            winners.append(name)

    threads = [threading.Thread(target=race, args=(f"p{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_two_schedulers_running_followup_at_once_send_each_notice_once(app_ctx, session, scenario):  # noqa: F811
    factory = _factory(app_ctx)
    policy = FollowupPolicy.from_config(app_ctx.config)
    settings = MailSettings("dondoc@ubnd.example.vn", "s")
    today = dt.date(2026, 2, 27)
    errors, barrier = [], threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        with app_ctx.app_context(), factory() as own:
            try:
                run_followup(own, settings, policy, today, now_utc())
                own.commit()
            except Exception as exc:  # noqa: BLE001 - losing the race on a unique key is the expected failure
                own.rollback()
                errors.append(f"{type(exc).__name__}: {exc}"[:300])

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    keys = session.scalars(select(OutboxMessage.dedupe_key)).all()
    assert len(keys) == len(set(keys)) and len(keys) > 0, errors
    escalations = session.scalars(select(TaskHistoryEntry.task_id).where(TaskHistoryEntry.kind == HistoryKind.ESCALATED))
    assert sorted(escalations) == sorted(scenario[0][k].id for k in ("t1", "t2", "t4"))  # each once
    assert all(e.startswith(("IntegrityError", "OperationalError")) for e in errors), errors


def test_the_scheduler_process_stands_by_without_the_lease(app_ctx, app):
    factory = _factory(app_ctx)
    assert lease.acquire(factory, "someone-else", 60, now_utc())
    stop = threading.Event()
    app.config["SCHEDULER_LEASE_SECONDS"] = 3
    thread = threading.Thread(target=runner.run, args=(app, stop, "me"))
    thread.start()
    try:
        time.sleep(1.5)
        assert runner._HOLDER == "me" and not lease.holds(factory, "me", now_utc())
        lease.release(factory, "someone-else")  # the other process died and gave the lease back
        time.sleep(1.5)
        assert lease.holds(factory, "me", now_utc())
        with db.engine.connect() as conn:
            stored = conn.execute(text(f"SELECT id FROM {runner.JOB_TABLE} ORDER BY id")).scalars().all()
        assert stored == sorted(JOBS)
    finally:
        stop.set()
        thread.join(10)
    assert not lease.holds(factory, "me", now_utc())
    app.config["SCHEDULER_LEASE_SECONDS"] = 60
    with db.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {runner.JOB_TABLE}"))


def test_recurring_tasks_open_one_report_per_period(session, make_task):
    monthly = make_task(due=None, recurrence=Recurrence.MONTHLY, due_text="hằng tháng")
    quarterly = make_task(due=None, recurrence=Recurrence.QUARTERLY)
    assert period_of(Recurrence.SEMIANNUAL, dt.date(2026, 8, 1)) == ("2026-H2", dt.date(2026, 12, 31))
    first = open_recurring_periods(session, dt.date(2026, 11, 3))
    assert sorted((t.period_key, t.due_date) for t in first) == [("2026-11", dt.date(2026, 11, 30)),
                                                                 ("2026-Q4", dt.date(2026, 12, 31))]
    assert open_recurring_periods(session, dt.date(2026, 11, 20)) == []
    december = open_recurring_periods(session, dt.date(2026, 12, 1))
    assert [(t.parent_task_id, t.period_key) for t in december] == [(monthly.id, "2026-12")]
    assert session.scalar(select(func.count()).select_from(Task).where(Task.parent_task_id == quarterly.id)) == 1


def test_digest_preview_and_jobs_list(runner, session, scenario):  # noqa: F811
    import time_machine

    with time_machine.travel(dt.datetime(2026, 2, 9, 8, 0, tzinfo=VN_TZ), tick=False):
        preview = runner.invoke(args=["digest", "preview", "--agency", "Sở Y tế"])
    assert preview.exit_code == 0 and "ĐẾN HẠN TRONG TUẦN (1)" in preview.output and "vt@soyte.example.vn" in preview.output
    assert "followup" in runner.invoke(args=["jobs", "list"]).output


def test_users_choose_which_automatic_mail_they_get(client, session, make_user, scenario):  # noqa: F811
    from tests.fixtures.factories import PASSWORD
    from tracker.followup.recipients import office_recipients
    from tracker.users.models import Role

    office = make_user(Role.OFFICE, email="cvp@ubnd.example.vn")
    session.commit()
    assert "cvp@ubnd.example.vn" in office_recipients(session, "escalations")
    client.post("/login", data={"email": office.email, "password": PASSWORD})
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert "Danh sách nhiệm vụ quá hạn cần đôn đốc" in page
    client.post("/settings/notifications", data={"kind": ["office_digest"]})
    session.expire_all()
    assert "cvp@ubnd.example.vn" not in office_recipients(session, "escalations")
    assert "cvp@ubnd.example.vn" in office_recipients(session, "office_digest")
