"""Logs: one JSON object per line in production (``LOG_FORMAT=json``), readable text in development;
each line carries the request id, and one line per request says what it was and how long it took."""

from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, g, request
from flask.logging import default_handler

from bourse.ops import request_ids

#: the fields a log call may add with ``extra=`` that the JSON line keeps
FIELDS = ("method", "path", "endpoint", "status", "duration_ms", "job_id", "job", "remote_addr")
_MARK = "bourse_handler"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_ids.current()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
                "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                "request_id": getattr(record, "request_id", None)}
        line.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


TEXT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def configure(log_format: str, level: str, stream=None) -> logging.Handler:
    """Send the ``bourse`` loggers' lines to ``stream`` (stderr) in ``log_format``; again for each app
    built in one process (the tests build several), replacing the previous handler."""
    logger = logging.getLogger("bourse")
    for old in [h for h in logger.handlers if getattr(h, _MARK, False) or h is default_handler]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _MARK, True)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False  # once, here: not again through the root logger
    return handler


access = logging.getLogger("bourse.requests")


def _started() -> None:
    g.started_at = time.perf_counter()


def _finished(response):
    started = g.pop("started_at", None)
    if started is not None:
        access.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "method": request.method, "path": request.path, "endpoint": request.endpoint,
            "status": response.status_code, "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "remote_addr": request.remote_addr})
    return response


def init_app(app: Flask) -> None:
    configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])


def watch_requests(app: Flask) -> None:
    """A line for every request, a refused one too: in front of the other hooks."""
    if app.config["LOG_REQUESTS"]:
        app.before_request_funcs.setdefault(None, []).insert(0, _started)
        app.after_request(_finished)
