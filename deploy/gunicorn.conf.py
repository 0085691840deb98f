"""gunicorn settings for one Mitreden app server: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Everything that differs per server comes from the environment (see docs/deploy.md). The access log is
one JSON object per line with no IP address, no user agent and no query string: time, method, path,
status, size, duration and the proxy's request id. A kiosk link's secret token never reaches it: the
path of /k/<token> is logged as /k/… (MaskedLogger).
"""

import multiprocessing
import os
import re
import shutil
from pathlib import Path

from gunicorn.glogging import Logger

KIOSK_TOKEN = re.compile(r"^/k/[^/]+")


class MaskedLogger(Logger):
    """gunicorn's logger, with the secret token of a kiosk link cut out of the logged path."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = KIOSK_TOKEN.sub("/k/…", atoms.get("U", ""))
        method, _space, rest = atoms.get("r", "").partition(" ")
        atoms["r"] = f"{method} {KIOSK_TOKEN.sub('/k/…', rest)}" if rest else method
        return atoms


logger_class = MaskedLogger

bind = os.environ.get("MITREDEN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("MITREDEN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
# Longer than the database's connect (3 s) and statement (5 s) timeouts, so the app answers first.
timeout = int(os.environ.get("MITREDEN_TIMEOUT", "30"))
graceful_timeout = 30  # a reload (HUP) or stop lets requests in flight finish
keepalive = 5
max_requests = 5000  # workers are replaced now and then, without dropping requests
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": %(B)s, '
    '"ms": %(M)s, "request_id": "%({x-request-id}i)s"}'
)
forwarded_allow_ips = "127.0.0.1"  # only the local proxy may say it is https (ProxyFix reads the headers)

# Metrics (participation/metrics.py): every worker writes its counts to files in this directory, and
# /metrics adds them up. One directory per app server, emptied when it starts.
METRICS_DIR = Path(
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", f"/tmp/mitreden-metrics-{bind.rsplit(':', 1)[-1]}")
)


def on_starting(server):
    shutil.rmtree(METRICS_DIR, ignore_errors=True)
    METRICS_DIR.mkdir(parents=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
