"""Benchmark: the weekly digest for 1,000 agencies and 100,000 tasks.

Prints the total time of `send_weekly_digest` (collect, render every agency's digest and the
office's, queue them all), the number of database round trips (counted with an engine
event), and peak Python memory (tracemalloc, in a second run: it slows the first one down). It runs at two task counts to show that the
number of queries does not grow with tasks. Target: under 5 s.

    python -m bench.digest [--tasks N] [--agencies N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import tracemalloc

from sqlalchemy import event, insert, select

from bench.generate import generate
from tracker import create_app
from tracker.agencies.models import Agency, AgencyEmail
from tracker.core.dates import today_vn
from tracker.extensions import db
from tracker.followup.digest import send_weekly_digest
from tracker.followup.policy import FollowupPolicy
from tracker.mail.outbox import MailSettings


def measure(tasks: int, agencies: int) -> tuple[float, int, float, int]:
    folder = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/digest.sqlite", "SECRET_KEY": "bench-" + "k" * 32,
                      "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        today = today_vn()
        monday = today - dt.timedelta(days=today.weekday())
        generate(db.session, today, agencies=agencies, tasks=tasks)
        ids = db.session.scalars(select(Agency.id)).all()
        db.session.execute(insert(AgencyEmail), [{"agency_id": i, "address": f"vt{i}@donvi.example.vn", "may_act": True}
                                                 for i in ids])
        db.session.commit()
        policy = FollowupPolicy.from_config(app.config)
        settings = MailSettings("dondoc@ubnd.example.vn", "bench")
        queries = 0

        def count(*_args: object) -> None:
            nonlocal queries
            queries += 1

        day = max(monday, policy.digest_day(monday))
        event.listen(db.engine, "before_cursor_execute", count)
        started = time.perf_counter()  # timed alone: tracemalloc slows Python several-fold
        sent = send_weekly_digest(db.session, settings, policy, day)
        db.session.flush()
        seconds = time.perf_counter() - started
        event.remove(db.engine, "before_cursor_execute", count)
        db.session.rollback()  # the keys are free again for the memory run
        tracemalloc.start()
        send_weekly_digest(db.session, settings, policy, day)
        db.session.commit()
        peak = tracemalloc.get_traced_memory()[1] / 1048576
        tracemalloc.stop()
        return seconds, queries, peak, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=1_000)
    args = parser.parse_args()
    print(f"{'tasks':>8}{'agencies':>10}{'seconds':>9}{'queries':>9}{'peak MB':>9}{'digests':>9}")
    for tasks in (args.tasks // 10, args.tasks):
        seconds, queries, peak, sent = measure(tasks, args.agencies)
        print(f"{tasks:>8}{args.agencies:>10}{seconds:>9.2f}{queries:>9}{peak:>9.1f}{sent:>9}")


if __name__ == "__main__":
    main()
