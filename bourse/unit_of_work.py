"""The unit of work: each request, CLI command and job commits once, or rolls everything back.

Services change the session and ``flush()``; they never commit or roll back. The boundary does:

- a **request** commits in ``after_request`` when the answer is a success, and rolls back on any
  error (the error handlers in ``bourse.errors`` roll back before they answer);
- a **CLI command or job** runs inside ``with unit_of_work():``.

A view or command that needs its checks to hold until commit declares a lock where it starts:
``@locked(WRITE_LOCK)`` or ``@locked(row_lock(Call, "call_id"))``. Services that depend on
one call ``require_lock()``, so a boundary that forgets the lock fails loudly in tests.

Side effects outside the database follow the transaction: ``on_rollback`` undoes them (a file
written for a row that was never committed) and ``after_commit`` defers them (removing the file
of a deleted row only once the row is gone).
"""

from __future__ import annotations

import functools
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from bourse.extensions import db
from bourse.geo.database import begin_locking_row, begin_write_locked

LOCK_KEY = "bourse_lock"
ON_ROLLBACK_KEY = "bourse_on_rollback"
AFTER_COMMIT_KEY = "bourse_after_commit"
WROTE_KEY = "bourse_wrote"


@dataclass(frozen=True)
class WriteLock:
    """SQLite: ``BEGIN IMMEDIATE`` (one writer at a time). PostgreSQL: constraints guard races."""

    def acquire(self, session: Session, args: dict[str, Any]) -> None:
        begin_write_locked(session)


@dataclass(frozen=True)
class RowLock:
    """Serialise work on one row: ``SELECT ... FOR UPDATE`` on PostgreSQL, the write lock on SQLite."""

    entity: Any
    arg: str

    def acquire(self, session: Session, args: dict[str, Any]) -> None:
        begin_locking_row(session, self.entity, args[self.arg])


WRITE_LOCK = WriteLock()


def row_lock(entity: Any, arg: str) -> RowLock:
    """A lock on the ``entity`` row whose id is the view's (or command's) argument ``arg``."""
    return RowLock(entity, arg)


class LockMissing(RuntimeError):
    """A service that needs a lock ran in a transaction whose boundary did not declare one."""


def begin(lock: WriteLock | RowLock, **args: Any) -> None:
    """Start the transaction holding ``lock``. Nothing may have been written before."""
    session = db.session()
    if session.new or session.dirty or session.deleted or session.info.get(WROTE_KEY):
        raise RuntimeError("a lock must be taken before the unit of work writes anything")
    # Reads made before (loading the signed-in user) opened a plain transaction: end it, so
    # that the locked one is the transaction's first act.
    session.rollback()
    lock.acquire(session, args)
    session.info[LOCK_KEY] = lock


def require_lock() -> None:
    """:raises LockMissing: unless the current transaction was begun with a lock."""
    if LOCK_KEY not in db.session().info:
        raise LockMissing("this service must run under @locked(...) or unit_of_work(lock=...)")


def locked(lock: WriteLock | RowLock) -> Callable:
    """Declare that a view takes ``lock`` (with the view's URL arguments) before it runs."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            if request.method not in ("GET", "HEAD"):
                begin(lock, **kwargs)
            return view(*args, **kwargs)

        wrapper.lock = lock  # type: ignore[attr-defined]
        return wrapper

    return decorator


@contextmanager
def unit_of_work(lock: WriteLock | RowLock | None = None, **args: Any) -> Iterator[Session]:
    """The boundary for CLI commands, jobs and scripts: commit once at the end, or roll back."""
    session = db.session()
    if lock is not None:
        begin(lock, **args)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def retry_after(race: type[Exception], action: Callable[[], Any]) -> Any:
    """Run ``action``; if it loses a race (raises ``race``), start the unit of work over and run it
    once more, now seeing what the winner committed (a double-clicked form finds its first result)."""
    try:
        return action()
    except race:
        db.session.rollback()
        return action()


def transactional(lock: WriteLock | RowLock | None = None) -> Callable:
    """Run a CLI command (or a job) as one unit of work: commit once at the end, or roll back."""

    def decorator(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any):
            with unit_of_work(lock):
                return command(*args, **kwargs)

        return wrapper

    return decorator


def independently(statement: Any) -> None:
    """Run one write on a connection of its own and commit it at once, whatever becomes of the
    current unit of work: progress that a page shows while a long job is still running.

    On SQLite the job must not have written yet (its first write would wait for this one).
    """
    with db.engine.begin() as connection:
        connection.execute(statement)


def abandon() -> None:
    """Roll back everything the current unit of work did (an error is being answered)."""
    db.session.rollback()
    if has_request_context():
        g.unit_of_work_failed = True


def on_rollback(callback: Callable[[], None]) -> None:
    """Run ``callback`` if the current transaction rolls back instead of committing."""
    db.session().info.setdefault(ON_ROLLBACK_KEY, []).append(callback)


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the current transaction has committed (never if it rolls back)."""
    db.session().info.setdefault(AFTER_COMMIT_KEY, []).append(callback)


def _run(callbacks: list[Callable[[], None]]) -> None:
    for callback in callbacks:
        try:
            callback()
        except OSError:
            pass  # a file already gone is what we wanted


def _flushed(session: Session, _context) -> None:
    session.info[WROTE_KEY] = True


def _committed(session: Session) -> None:
    session.info.pop(ON_ROLLBACK_KEY, None)
    _run(session.info.pop(AFTER_COMMIT_KEY, []))


def _transaction_ended(session: Session, transaction) -> None:
    if transaction.parent is not None or transaction.nested:
        return
    # Still there after the outermost transaction ended: it did not commit.
    session.info.pop(AFTER_COMMIT_KEY, None)
    session.info.pop(LOCK_KEY, None)
    session.info.pop(WROTE_KEY, None)
    _run(session.info.pop(ON_ROLLBACK_KEY, []))


#: the answer when the commit itself cannot reach the database (bourse.errors sets it: a clean 503)
commit_failed: Callable[[Exception], Any] = lambda lost: ("", 503)  # noqa: E731


def _commit_request(response: Response) -> Response:
    """``after_request``: a successful answer commits the request's work; anything else drops it."""
    if response.status_code < 400 and not g.get("unit_of_work_failed"):
        try:
            db.session.commit()
        except (OperationalError, InterfaceError) as lost:  # the database went away at the last moment
            return current_app.make_response(commit_failed(lost))
    else:
        db.session.rollback()
    return response


def _end_session(_exc) -> None:
    """``teardown_appcontext``, before Flask-SQLAlchemy's own: give the connection back. On a
    connection the database dropped (a restart), the final rollback fails; the answer is already
    made (a 503), so that failure is logged, not turned into a server error."""
    try:
        db.session.remove()
    except SQLAlchemyError as exc:
        logging.getLogger(__name__).warning("session cleanup on a lost connection: %s", type(exc).__name__)


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_end_session)
    if not event.contains(Session, "after_commit", _committed):
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_transaction_end", _transaction_ended)
        event.listen(Session, "after_flush", _flushed)
    app.after_request(_commit_request)
