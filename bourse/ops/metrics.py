"""``/metrics`` for Prometheus: request latency and counts by endpoint, and the gauges the domains
register (the job queue, the outbox). Under gunicorn set ``PROMETHEUS_MULTIPROC_DIR`` so that every
worker's requests are counted (deploy/gunicorn.conf.py); the gauges are read from the database at
each scrape, so they are the same whichever worker answers.

Who may read it: with ``METRICS_TOKEN`` set, a caller sending it as a bearer token; without, only
callers on this machine (a Prometheus agent beside the app). Anyone else gets a 404.
"""

from __future__ import annotations

import hmac
import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from bourse.domain import NotFound
from bourse.ops.gauges import GAUGES
from bourse.permissions import public

bp = Blueprint("metrics", __name__)
LATENCY = Histogram("bourse_request_duration_seconds", "Time to answer a request, by endpoint",
                    ["endpoint", "method"], buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
REQUESTS = Counter("bourse_requests_total", "Requests answered, by endpoint and status", ["endpoint", "method", "status"])
LOOPBACK = ("127.0.0.1", "::1")


class _DatabaseGauges:
    def collect(self):
        for spec in GAUGES:
            family = GaugeMetricFamily(spec.name, spec.documentation, labels=[spec.label] if spec.label else None)
            for value, reading in spec.read().items():
                family.add_metric([value] if spec.label else [], reading)
            yield family


def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return request.remote_addr in LOOPBACK


@bp.route("/metrics")
@public  # guarded below: a token, or this machine only
def metrics():
    if not _allowed():
        raise NotFound()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process = CollectorRegistry()
        MultiProcessCollector(process)
    else:
        process = REGISTRY
    database = CollectorRegistry(auto_describe=False)
    database.register(_DatabaseGauges())
    body = generate_latest(process) + generate_latest(database)
    return Response(body, mimetype=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def _started() -> None:
    g.metrics_started = time.perf_counter()


def _observed(response):
    started = g.pop("metrics_started", None)
    if started is not None and request.endpoint != "metrics.metrics":
        endpoint = request.endpoint or "unmatched"  # never the raw path: one series per route, not per URL
        LATENCY.labels(endpoint, request.method).observe(time.perf_counter() - started)
        REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    return response


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _started)
    app.after_request(_observed)
    app.register_blueprint(bp)
