"""gunicorn settings for one Mitreden app server: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Everything that differs per server comes from the environment (see docs/deploy.md). The access log
keeps no IP address, no user agent and no query string: time, method, path, status, size, duration.
"""

import multiprocessing
import os

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
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = "127.0.0.1"  # only the local proxy may say it is https (ProxyFix reads the headers)
