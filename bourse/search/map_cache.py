"""The map API's answers kept by each worker while nothing they show has changed.

Crowds look at the same maps (a town's centre, the whole country): the same URL, since the browser
snaps its boxes to fixed cells. An answer is reused while its version is the one it was computed
under: ``max(premises.updated_at)`` (one index read) and the units with a slot in an open call (a
few rows; a call opens and closes with time, not with a row). ``TTL`` only bounds the memory of an
answer nobody asks for. Threads of a worker asking for the same missing answer compute it once:
after a change, a crowd on one map costs one query, not one per thread.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable

from sqlalchemy import func

from bourse.extensions import db
from bourse.premises.models import Premises
from bourse.programmes.queries import open_slot_premises

TTL = 600.0
SIZE = 512

_answers: OrderedDict[bytes, tuple[object, float, bytes]] = OrderedDict()
_computing: dict[bytes, threading.Event] = {}
_lock = threading.Lock()


def data_version() -> tuple:
    updated = db.session.scalar(db.select(func.max(Premises.updated_at)))
    return updated, tuple(sorted(set(db.session.scalars(open_slot_premises()))))


def answer(key: bytes, compute: Callable[[], bytes]) -> bytes:
    """``compute()``'s bytes for ``key``, reused while the listings are unchanged."""
    version = data_version()
    while True:
        with _lock:
            kept = _answers.get(key)
            if kept is not None and kept[0] == version and kept[1] > time.monotonic():
                _answers.move_to_end(key)
                return kept[2]
            running = _computing.get(key)
            if running is None:
                _computing[key] = threading.Event()
                break
        running.wait(timeout=10)  # another thread computes it; then read what it kept
    try:
        body = compute()
        with _lock:
            _answers[key] = (version, time.monotonic() + TTL, body)
            _answers.move_to_end(key)
            while len(_answers) > SIZE:
                _answers.popitem(last=False)
        return body
    finally:
        with _lock:
            _computing.pop(key).set()


def clear() -> None:
    with _lock:
        _answers.clear()
