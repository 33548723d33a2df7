"""Jobs that only tests declare (loaded into a worker with JOB_MODULES=tests.support.jobs_for_tests)."""

from __future__ import annotations

import time
from pathlib import Path

from bourse.accounts.models import User
from bourse.extensions import db
from bourse.jobs import handler
from bourse.notifications.services import notify


@handler("test.note")
def note(user_id: int, title: str) -> None:
    """One notification and one e-mail: the effects a duplicate run would double."""
    notify(db.session.get(User, user_id), "test", title, "Corps du message de test.")


@handler("test.slow_note", max_attempts=3)
def slow_note(user_id: int, title: str, started: str, seconds: float) -> None:
    """Writes its notification, then dawdles the first time, so a worker can be killed in the middle."""
    notify(db.session.get(User, user_id), "test", title, "Lent.")
    db.session.flush()
    marker = Path(started)
    if not marker.exists():
        marker.write_text("started")
        time.sleep(seconds)


@handler("test.fails", max_attempts=2)
def fails(reason: str) -> None:
    raise RuntimeError(reason)
