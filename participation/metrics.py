"""Operations metrics for Prometheus: requests, latency and errors per endpoint, answers accepted, and
the moderation backlog. No young person's data: labels are endpoint names and status codes only.

`/metrics` answers only when METRICS_HOST is set and the request's host is that name (an internal
one, e.g. the app server's own address that the proxy never forwards); elsewhere it is a 404.
Under gunicorn set PROMETHEUS_MULTIPROC_DIR (deploy/gunicorn.conf.py does), so that every worker's
counts are added up.
"""

import os
import time
from collections.abc import Callable

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

bp = Blueprint("metrics", __name__)

REQUESTS = Counter("mitreden_requests_total", "HTTP requests answered", ["endpoint", "method", "status"])
LATENCY = Histogram(
    "mitreden_request_seconds",
    "Time to answer a request",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ANSWERS = Counter("mitreden_answers_accepted_total", "Answer forms stored (each form once)")

_gauges: dict[str, tuple[str, Callable[[], int]]] = {}


def answer_accepted() -> None:
    """Count one stored answer form."""
    ANSWERS.inc()


class _ScrapeTimeGauges:
    """Gauges read from the database when Prometheus scrapes (e.g. the moderation backlog)."""

    def collect(self):
        for name, (documentation, read) in _gauges.items():
            gauge = GaugeMetricFamily(name, documentation)
            gauge.add_metric([], read())
            yield gauge


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _observe(response):
    endpoint = request.endpoint or "none"  # an unknown URL: one label for all of them
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    if "metrics_started" in g:
        LATENCY.labels(endpoint).observe(time.perf_counter() - g.metrics_started)
    return response


@bp.route("/metrics")
def metrics():
    """The metrics in Prometheus' text format, on the internal host only."""
    host = current_app.config["METRICS_HOST"]
    if not host or request.host.split(":")[0] != host:
        abort(404)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, LATENCY, ANSWERS):
            registry.register(metric)
    registry.register(_ScrapeTimeGauges())
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def init_app(app: Flask, gauges: dict[str, tuple[str, Callable[[], int]]]) -> None:
    """Count every request; gauges: name -> (help text, function reading the value at scrape time)."""
    _gauges.update(gauges)
    app.before_request(_start)
    app.after_request(_observe)
