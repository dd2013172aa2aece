"""The production way to serve: gunicorn with the repository's config, as the README says."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.fixtures.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


def test_gunicorn_serves_the_app_and_its_log_keeps_feed_tokens_secret(app, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "GUNICORN_"))}
    env.update({"TRACKER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "TRACKER_SQLALCHEMY_ENGINE_OPTIONS": __import__("json").dumps(app.config["SQLALCHEMY_ENGINE_OPTIONS"]),
                "TRACKER_SECRET_KEY": "production-test-" + "k" * 32, "TRACKER_ATTACHMENTS_DIR": str(tmp_path),
                "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"})
    log = tmp_path / "gunicorn.log"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with open(log, "wb") as out:
        server = subprocess.Popen([gunicorn, "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        base, status = f"http://127.0.0.1:{port}", None
        for _ in range(100):
            try:
                status, headers = _get(base + "/login")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert status == 200, log.read_text()[-2000:]
        assert headers["X-Frame-Options"] == "DENY" and "Secure" in headers["Set-Cookie"]
        token = "Zq9sEcReTfEeDtOkEnAbCdEfGh"
        assert _get(f"{base}/calendars/{token}.ics")[0] == 404
    finally:
        server.terminate()
        server.wait(30)
    text = log.read_text()
    assert "/calendars/***" in text and token not in text, text[-2000:]
