"""Benchmark: requests per second of the task list under the production server (gunicorn, two
workers, gunicorn.conf.py) against a bare Flask route under the same server, same run.

It makes a PostgreSQL database of N tasks (bench.generate; 100,000 by default, --tasks 1000000
for a province's million; archived as the housekeeping job archives), starts gunicorn on it and on bench.bare_app, and lets C client
threads (keep-alive connections, signed in as the office) request for S seconds each.

    python -m bench.throughput [--tasks N] [--seconds S] [--clients C] [--database NAME]

--database runs on an existing database made by bench.generate (with the office account
office@bench.example.vn) instead of making one, and keeps it.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.generate import generate
from bench.task_list import PASSWORD

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_database(tasks: int) -> str:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    from tracker import create_app
    from tracker.core.dates import today_vn
    from tracker.extensions import db
    from tracker.users.models import Role
    from tracker.users.services import create_user

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "k" * 32, "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        generate(db.session, today_vn(), agencies=1000, tasks=tasks)
        create_user(db.session, "office@bench.example.vn", PASSWORD, Role.OFFICE)
        db.session.commit()
        from bench.scale import archive_as_the_scheduler_does

        archive_as_the_scheduler_does(app, today_vn())
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        db.engine.dispose()
    return name


def _task_count(name: str) -> int:
    engine = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM task")).scalar() or 0
    engine.dispose()
    return count


def drop_database(name: str) -> None:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def serve(target: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", target], cwd=ROOT,
                              env={**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2",
                                   "GUNICORN_ACCESS_LOG": "/dev/null", "GUNICORN_LOG_LEVEL": "warning"})
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"{target} did not start")


def login_cookie(port: int) -> str:
    """Sign in through the real form (CSRF token and session cookie included), as a browser does."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    page = conn.getresponse()
    html = page.read().decode()
    cookie = _cookies(page)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    form = {"email": "office@bench.example.vn", "password": PASSWORD, "csrf_token": token}
    conn.request("POST", "/login", urllib.parse.urlencode(form),
                 {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    assert response.status == 302, response.status
    return _cookies(response) or cookie


def _cookies(response: http.client.HTTPResponse) -> str:
    return "; ".join(re.match(r"([^;]+)", c).group(1) for c in response.headers.get_all("Set-Cookie") or [])


def requests_per_second(port: int, path: str, cookie: str, clients: int, seconds: float) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop:
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status}")
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            done[n] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database", help="an existing generated database to use (kept)")
    args = parser.parse_args()
    name = args.database or make_database(args.tasks)
    app_port, bare_port = free_port(), free_port()
    env = {"TRACKER_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
           "TRACKER_SECRET_KEY": "bench-" + "k" * 32, "TRACKER_SESSION_COOKIE_SECURE": "false"}
    servers = [serve("wsgi:app", app_port, env), serve("bench.bare_app:app", bare_port, {})]
    try:
        cookie = login_cookie(app_port)
        requests_per_second(app_port, "/tasks/", cookie, 2, 1)  # warm both workers
        tasks_rps = requests_per_second(app_port, "/tasks/", cookie, args.clients, args.seconds)
        bare_rps = requests_per_second(bare_port, "/", "", args.clients, args.seconds)
        print(f"{_task_count(name):,} tasks, gunicorn 2 workers, {args.clients} clients, {args.seconds:.0f} s each")
        print(f"task list page 1: {tasks_rps:.0f} requests/s   bare route: {bare_rps:.0f} requests/s   "
              f"ratio {tasks_rps / bare_rps:.3f}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
        if not args.database:
            drop_database(name)


if __name__ == "__main__":
    main()
