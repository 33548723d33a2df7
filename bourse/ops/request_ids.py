"""One id per request, carried everywhere the request's work goes: the ``X-Request-ID`` answer
header, every log line, the jobs it queues (and their own log lines), and the error page a user
can quote to the team. A proxy's own id (nginx's ``$request_id``) is kept when it looks like one."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from flask import Flask, request

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current: ContextVar[str | None] = ContextVar("bourse_request_id", default=None)


def current() -> str | None:
    """The id of the request (or job) this code runs for, if any."""
    return _current.get()


def bind(value: str | None):
    """Run what follows for ``value`` (a job runs for the request that queued it); returns the token
    to give ``unbind``."""
    return _current.set(value)


def unbind(token) -> None:
    _current.reset(token)


def _start() -> None:
    given = request.headers.get(HEADER, "")
    request.environ["bourse.request_id_token"] = bind(given if _VALID.match(given) else uuid.uuid4().hex)


def _answer(response):
    response.headers[HEADER] = current() or ""
    return response


def _end(_exc) -> None:
    token = request.environ.pop("bourse.request_id_token", None)
    if token is not None:
        unbind(token)


def init_app(app: Flask) -> None:
    # First of all, so that even a refused request (CSRF, a bad token, rate limits) has its id.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_answer)
    app.teardown_request(_end)
    app.jinja_env.globals["request_id"] = current
