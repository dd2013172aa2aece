"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Each value may be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...), so
a systemd unit or a container sets them without editing this file. The scheduler is NOT run
here: it is its own process (`flask --app wsgi scheduler run`, see deploy/), so adding
workers never adds schedulers.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # behind the reverse proxy, never public
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
#: A document import or a large report can take a while; a hung request is still cut off.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
#: Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
#: Uploads are limited by the app (MAX_DOCUMENT_BYTES); headers are kept small.
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
#: gunicorn's own access and error lines quote request paths; this logger redacts feed tokens.
logger_class = "tracker.core.gunicorn_logging.RedactingLogger"
#: The proxy on the same host is the only one whose X-Forwarded-* gunicorn itself trusts;
#: the app trusts PROXY_HOPS of them (TRACKER_PROXY_HOPS=1 behind nginx).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
