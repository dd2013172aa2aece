"""Benchmark: what each page costs at 100,000 and at 1,000,000 tasks, and the ratio between.

For each size, on PostgreSQL (and SQLite when asked), it generates 1,000 agencies and the tasks
(bench.generate), stores the dashboard's figures as the scheduler does, and times in process
(server time, no network), after archiving what the housekeeping job archives (tasks finished
more than ARCHIVE_AFTER_DAYS ago; bench.generate spreads N tasks over N / 50,000 years): every
task-list scenario of bench.task_list, an agency's own page,
the office dashboard, an agency's feed built (cache emptied) and its 304, and the weekly
digest for 1,000 agencies (collected and rendered, not sent). It prints each figure per size and
the largest size's ratio to the smallest: a cost that follows the work stays near 1.

    python -m bench.scale [--sizes 100000 1000000] [--backend postgresql|sqlite] [--runs N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Callable

from sqlalchemy import text

from bench.databases import each_database
from bench.generate import generate
from bench.task_list import PASSWORD, scenarios
from bench.timing import median_ms
from tracker import create_app
from tracker.agencies.models import Agency
from tracker.calendars.cache import BUILT_FEEDS
from tracker.calendars.models import FeedKind
from tracker.calendars.tokens import get_or_create_feed, token_for
from tracker.core.dates import now_utc, today_vn
from tracker.extensions import db
from tracker.users.models import Role
from tracker.users.services import create_user

LIAISON_AGENCY = 2  # one of the busiest agencies bench.generate makes


def measure(backend: str, url: str, options: dict, size: int, runs: int) -> dict[str, float]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                      "SECRET_KEY": "bench-" + "k" * 32, "WTF_CSRF_ENABLED": False, "TESTING": True})
    today = today_vn()
    figures: dict[str, float] = {}
    with app.app_context():
        from flask_migrate import upgrade

        from tracker.followup.digest import collect, digest_mails
        from tracker.followup.policy import FollowupPolicy
        from tracker.reports.snapshot import compute_office_figures, store_office_figures

        upgrade()
        started = time.perf_counter()
        generate(db.session, today, agencies=1000, tasks=size)
        create_user(db.session, "office@bench.example.vn", PASSWORD, Role.OFFICE)
        create_user(db.session, "liaison@bench.example.vn", PASSWORD, Role.AGENCY,
                    agency=db.session.get(Agency, LIAISON_AGENCY))
        secret = app.config["SECRET_KEY"]
        feed_url = "/calendars/{}.ics".format(token_for(secret, get_or_create_feed(
            db.session, secret, FeedKind.AGENCY, agency_id=LIAISON_AGENCY)))
        db.session.commit()
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        print(f"[{backend}] {size:,} tasks generated in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        archived = archive_as_the_scheduler_does(app, today)
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        print(f"[{backend}] {archived:,} tasks finished more than {app.config['ARCHIVE_AFTER_DAYS']} days ago "
              f"archived in {time.perf_counter() - started:.0f} s", flush=True)

        def figures_job() -> None:
            store_office_figures(db.session, compute_office_figures(db.session, today, 3, now_utc()), today)
            db.session.commit()

        figures["figures job (scheduler)"] = median_ms(figures_job, max(3, runs // 3), warmup=1)
        policy = FollowupPolicy.from_config(app.config)

        def digest() -> None:
            with app.test_request_context():
                digest_mails(db.session, collect(db.session, today), policy)

        figures["digest, 1,000 agencies"] = median_ms(digest, 3, warmup=1)
    clients = {}
    for who in ("office", "liaison"):
        clients[who] = app.test_client()
        assert clients[who].post("/login", data={"email": f"{who}@bench.example.vn",
                                                 "password": PASSWORD}).status_code == 302
    pages: list[tuple[str, str, str]] = [(s.name, s.user, s.url) for s in scenarios(today, LIAISON_AGENCY)]
    pages += [("agency's own page", "liaison", "/"), ("office dashboard", "office", "/")]
    for name, who, page_url in pages:
        figures[name] = median_ms(_get(clients[who], page_url), runs)
    anonymous = app.test_client()

    def feed_built() -> None:
        BUILT_FEEDS.clear()
        _get(anonymous, feed_url)()

    figures["agency feed, built"] = median_ms(feed_built, runs)
    etag = anonymous.get(feed_url).headers["ETag"]
    figures["agency feed, 304"] = median_ms(_get(anonymous, feed_url, {"If-None-Match": etag}, 304), runs * 3)
    with app.app_context():
        db.engine.dispose()
    return figures


def archive_as_the_scheduler_does(app, today: dt.date) -> int:  # noqa: ANN001
    """The housekeeping job's archiving, run once over the generated history."""
    from tracker.tasks.archive import archive_finished

    before = today - dt.timedelta(days=int(app.config["ARCHIVE_AFTER_DAYS"]))
    total = 0
    while True:
        done = archive_finished(db.session, before)
        db.session.commit()
        total += done
        if done < 5_000:
            break
    if db.engine.dialect.name == "postgresql":
        # what autovacuum does after a day's archiving, done at once after a history's: the
        # archived rows' old versions leave the working set's partial indexes
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE task"))
    return total


def _get(client, url: str, headers: dict | None = None, status: int = 200) -> Callable[[], object]:  # noqa: ANN001
    def run() -> object:
        response = client.get(url, headers=headers or {})
        assert response.status_code == status, (url, response.status_code)
        return response.data
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        for database in each_database([args.backend]):
            results[size] = measure(*database, size, args.runs)
    if not results:
        return
    sizes = sorted(results)
    print(f"\n{'ms (median, server time)':<34}" + "".join(f"{s:>12,}" for s in sizes) + f"{'ratio':>8}")
    for name in results[sizes[0]]:
        row = [results[s][name] for s in sizes]
        print(f"{name:<34}" + "".join(f"{v:>12.1f}" for v in row) + f"{row[-1] / row[0]:>8.2f}")


if __name__ == "__main__":
    main()
