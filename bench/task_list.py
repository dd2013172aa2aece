"""Benchmark: the task list page at 1,000 agencies and 100,000 tasks, against its bare SQL.

For each backend (SQLite, and PostgreSQL when reachable) it generates the data set, then
times the whole page (routing, login, queries, template) through the WSGI app in-process
(server time, no network) and the bare SQL that fetches the same data (count, page rows
with lead and document, coordinating agencies) through a raw DBAPI cursor. It prints the
medians and their ratio; machines here are noisy, so only the ratio is meant to travel.

    python -m bench.task_list [--tasks N] [--agencies N] [--runs N] [--backend sqlite|postgresql]
"""
from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import text

from bench.databases import each_database
from bench.generate import generate
from bench.timing import median_ms
from tracker import create_app
from tracker.core.dates import today_vn
from tracker.extensions import db
from tracker.users.models import Role
from tracker.users.services import create_user

PASSWORD = "benchmark-password"
#: The page rows, sorted and limited on `task` first, then joined: the best plain SQL for it.
ROWS = ("SELECT p.id, p.code, p.description, p.due_date, p.status, p.completed_date, p.recurrence, a.name, d.number "
        "FROM (SELECT t.* FROM task t WHERE {where} ORDER BY t.due_date IS NULL, t.due_date, t.id "
        "LIMIT 50 OFFSET ?) p LEFT JOIN agency a ON a.id = p.lead_agency_id "
        "LEFT JOIN document d ON d.id = p.document_id ORDER BY p.due_date IS NULL, p.due_date, p.id")
SUPPORT = "SELECT ts.task_id, a.name FROM task_support ts JOIN agency a ON a.id = ts.agency_id WHERE ts.task_id IN "


@dataclass
class Scenario:
    name: str
    user: str  # "office" or "liaison"
    url: str
    where: str  # bare SQL condition, ? placeholders
    params: tuple
    offset: int


def scenarios(today: dt.date, liaison_agency: int) -> list[Scenario]:
    soon = today + dt.timedelta(days=3)
    involving = "(t.lead_agency_id = ? OR t.id IN (SELECT task_id FROM task_support WHERE agency_id = ?))"
    return [
        Scenario("office, all, page 1", "office", "/tasks/", "t.status != 'draft'", (), 0),
        Scenario("office, overdue, page 3", "office", "/tasks/?state=overdue&page=3",
                 "t.status != 'draft' AND t.status = 'in_progress' AND t.due_date < ?", (today,), 100),
        Scenario("office, due soon", "office", "/tasks/?state=due_soon",
                 "t.status != 'draft' AND t.status = 'in_progress' AND t.due_date >= ? AND t.due_date <= ?",
                 (today, soon), 0),
        Scenario("office, agency + 60-day range", "office",
                 f"/tasks/?agency=C%C6%A1+quan+s%E1%BB%91+0007&due_from={(today - dt.timedelta(days=30)):%d/%m/%Y}"
                 f"&due_to={(today + dt.timedelta(days=30)):%d/%m/%Y}",
                 f"t.status != 'draft' AND {involving} AND t.due_date >= ? AND t.due_date <= ?",
                 (7, 7, today - dt.timedelta(days=30), today + dt.timedelta(days=30)), 0),
        Scenario("liaison, own tasks, page 1", "liaison", "/tasks/",
                 f"{involving} AND t.status != 'draft'", (liaison_agency, liaison_agency), 0),
    ]


def bare_query(engine, scenario: Scenario, backend: str) -> Callable[[], object]:  # noqa: ANN001
    def fix(sql: str) -> str:
        return sql.replace("?", "%s") if backend == "postgresql" else sql

    count_sql = fix("SELECT count(*) FROM task t WHERE " + scenario.where)
    rows_sql = fix(ROWS.format(where=scenario.where))

    def run() -> object:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(count_sql, scenario.params)
            cur.fetchone()
            cur.execute(rows_sql, (*scenario.params, scenario.offset))
            ids = [r[0] for r in cur.fetchall()]
            if ids:
                cur.execute(fix(SUPPORT + "(" + ",".join("?" * len(ids)) + ")"), ids)
                cur.fetchall()
            raw.rollback()
        finally:
            raw.close()
        return ids
    return run


def run_backend(backend: str, url: str, engine_options: dict, args: argparse.Namespace) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
                      "SECRET_KEY": "bench-" + "k" * 32, "WTF_CSRF_ENABLED": False, "TESTING": True})
    today = today_vn()
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        started = time.perf_counter()
        generate(db.session, today, agencies=args.agencies, tasks=args.tasks)
        create_user(db.session, "office@bench.example.vn", PASSWORD, Role.OFFICE)
        from tracker.agencies.models import Agency
        create_user(db.session, "liaison@bench.example.vn", PASSWORD, Role.AGENCY, agency=db.session.get(Agency, 2))
        db.session.commit()
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        print(f"[{backend}] generated {args.agencies:,} agencies, {args.tasks:,} tasks "
              f"in {time.perf_counter() - started:.1f} s")
        engine = db.engine
    clients = {}
    for who in ("office", "liaison"):
        clients[who] = app.test_client()
        response = clients[who].post("/login", data={"email": f"{who}@bench.example.vn", "password": PASSWORD})
        assert response.status_code == 302
    print(f"{'backend':<11}{'scenario':<32}{'page ms':>9}{'bare ms':>9}{'ratio':>7}")
    for scenario in scenarios(today, 2):
        client = clients[scenario.user]

        def page(client=client, scenario=scenario) -> object:  # noqa: ANN001
            response = client.get(scenario.url)
            assert response.status_code == 200
            return response.data

        page_ms = median_ms(page, args.runs)
        with app.app_context():
            bare_ms = median_ms(bare_query(engine, scenario, backend), args.runs)
        print(f"{backend:<11}{scenario.name:<32}{page_ms:>9.1f}{bare_ms:>9.1f}{page_ms / bare_ms:>7.2f}")
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    args = parser.parse_args()
    for database in each_database(args.backend or ["sqlite", "postgresql"]):
        run_backend(*database, args)

if __name__ == "__main__":
    main()
