"""Benchmark: the office dashboard and an agency's page at 100,000 tasks (server time, in process).

Target: each under 200 ms. Runs on SQLite, and on PostgreSQL when reachable.

    python -m bench.dashboard [--tasks N] [--backend sqlite|postgresql]
"""
from __future__ import annotations

import argparse

from sqlalchemy import text

from bench.databases import each_database
from bench.generate import generate
from bench.timing import median_ms
from tracker import create_app
from tracker.agencies.models import Agency
from tracker.core.dates import today_vn
from tracker.extensions import db
from tracker.users.models import Role
from tracker.users.services import create_user

PASSWORD = "benchmark-password"


def run_backend(name: str, url: str, options: dict, tasks: int, runs: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options, "SECRET_KEY": "bench-" + "k" * 32,
                      "TESTING": True, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        generate(db.session, today_vn(), agencies=1000, tasks=tasks)
        create_user(db.session, "office@bench.example.vn", PASSWORD, Role.OFFICE)
        create_user(db.session, "liaison@bench.example.vn", PASSWORD, Role.AGENCY, agency=db.session.get(Agency, 2))
        db.session.commit()
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    for who in ("office", "liaison"):
        client = app.test_client()
        client.post("/login", data={"email": f"{who}@bench.example.vn", "password": PASSWORD})
        assert client.get("/").status_code == 200
        print(f"{name:<11}{who + ' dashboard':<22}{median_ms(lambda c=client: c.get('/'), runs):>9.1f} ms")
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    args = parser.parse_args()
    for database in each_database(args.backend or ["sqlite", "postgresql"]):
        run_backend(*database, args.tasks, args.runs)

if __name__ == "__main__":
    main()
