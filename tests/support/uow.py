"""A request's boundary, for tests that call services which need a lock."""

from __future__ import annotations

from contextlib import contextmanager

from bourse import unit_of_work
from bourse.extensions import db
from bourse.unit_of_work import WRITE_LOCK


@contextmanager
def boundary(lock=WRITE_LOCK, **args):
    """Commit what the test built so far, then run the block as one locked unit of work,
    the way a view declared ``@locked(lock)`` runs: commit at the end, roll back on error."""
    db.session.commit()
    if lock is not None:
        unit_of_work.begin(lock, **args)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
