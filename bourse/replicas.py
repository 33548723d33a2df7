"""Read replicas (PostgreSQL streaming replication): the pages everyone reads and nobody writes
from (search, the map API, the listings API, the observatory's public pages) read from
``DATABASE_REPLICA_URL`` when it is set; everything else, and every write, uses the primary.

Someone who has just changed something reads the primary for ``REPLICA_STICKY_SECONDS`` after
(their session says until when), so their own change never seems lost to replication lag.
A view opts in with ``@replica_reads``; reads that lock rows and every write stay on the primary
whatever the view.
"""

from __future__ import annotations

import time
from typing import Callable, TypeVar

from flask import Flask, current_app, g, has_request_context, request, session
from flask_sqlalchemy.session import Session

REPLICA = "replica"
STICKY = "primary_until"
READING = ("GET", "HEAD")
F = TypeVar("F", bound=Callable)


def replica_reads(view: F) -> F:
    """Let ``view`` read from the replica (it must not write)."""
    view.reads_replica = True  # type: ignore[attr-defined]
    return view


def _writes(clause) -> bool:
    return clause is not None and (getattr(clause, "is_dml", False)
                                   or getattr(clause, "_for_update_arg", None) is not None)


class RoutingSession(Session):
    """Flask-SQLAlchemy's session, sending a replica-reading request's plain reads to the replica."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if (bind is None and not self._flushing and (mapper is not None or clause is not None) and not _writes(clause)
                and has_request_context() and g.get("reads_replica")):
            return self._db.engines[REPLICA]
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def _choose() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    g.reads_replica = (request.method in READING and getattr(view, "reads_replica", False)
                       and session.get(STICKY, 0) < time.time())


def _remember_writes(response):
    if request.method not in READING and response.status_code < 400 and "api_token" not in g:  # programs: no cookie
        session[STICKY] = int(time.time()) + current_app.config["REPLICA_STICKY_SECONDS"]
    return response


def configure(app: Flask, engine_options: dict) -> None:
    """Before the database extension starts: the replica's engine, beside the primary's."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if url:
        app.config["SQLALCHEMY_BINDS"] = {**app.config.get("SQLALCHEMY_BINDS", {}),
                                          REPLICA: {"url": url, **engine_options}}


def init_app(app: Flask) -> None:
    if app.config.get("DATABASE_REPLICA_URL"):
        app.before_request(_choose)
        app.after_request(_remember_writes)
