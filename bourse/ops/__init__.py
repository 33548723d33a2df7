"""Seeing inside a running Bourse: a request id carried into logs, jobs and error pages
(``request_ids``), structured logs (``logs``), Prometheus metrics (``metrics``)."""

from __future__ import annotations

from flask import Flask


def init_logs(app: Flask) -> None:
    """Before anything else logs: where lines go, and in which format."""
    from bourse.ops import logs

    logs.init_app(app)


def init_app(app: Flask) -> None:
    """Once every other hook is registered: these go in front of them all."""
    from bourse.ops import logs, metrics, request_ids

    logs.watch_requests(app)
    metrics.init_app(app)
    request_ids.init_app(app)  # the very first: every other hook and log line has the id
