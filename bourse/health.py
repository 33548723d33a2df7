"""Probes for load balancers and orchestrators.

``/healthz``: is this instance alive and able to reach its database? (restart it if not).
``/readyz``: may it take traffic? The database, Redis when the configuration uses it (sign-in
counters, the job queue) and the job queue each answer; any one down is a 503 naming it.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bourse import unit_of_work
from bourse.extensions import db
from bourse.permissions import public

bp = Blueprint("health", __name__)
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def _database() -> str | None:
    """None when the database answers, else the driver's reason."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        unit_of_work.abandon()
        current_app.logger.warning("health check: database unreachable: %s", exc)
        return type(getattr(exc, "orig", exc)).__name__
    return None


@bp.route("/healthz")
@public
def healthz():
    reason = _database()
    if reason:
        return jsonify(status="error", database="unreachable", reason=reason), 503
    return jsonify(status="ok", database="ok")


def _redis(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        return type(exc).__name__
    return None


def _queue() -> str | None:
    from bourse.jobs.queue import queue

    try:
        queue.storage.queue_size()
    except Exception as exc:  # each storage raises its own (Redis, SQLite): any of them means not ready
        return type(exc).__name__
    return None


@bp.route("/readyz")
@public
def readyz():
    problems = {"database": _database()}
    limits = current_app.config.get("RATELIMIT_STORAGE_URI", "")
    if limits.startswith(REDIS_SCHEMES):
        problems["redis"] = _redis(limits)
    problems["queue"] = _queue()
    checks = {name: "unreachable" if reason else "ok" for name, reason in problems.items()}
    failing = {name: reason for name, reason in problems.items() if reason}
    if failing:
        current_app.logger.warning("not ready: %s", failing)
        return jsonify(status="error", checks=checks, reasons=failing), 503
    return jsonify(status="ok", checks=checks)
