"""The map API's answers kept a few seconds by each worker, while no listing has changed.

Crowds look at the same maps (a town's centre, the whole country): the same URL, since the browser
snaps its boxes to fixed cells. An answer is reused while ``max(premises.updated_at)`` (one index
read) is the one it was computed under, and never longer than ``TTL`` seconds, what the answer's
``Cache-Control`` allows any cache anyway (an open call's badge changes with time, not with rows).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable

from sqlalchemy import func

from bourse.extensions import db
from bourse.premises.models import Premises

TTL = 30.0
SIZE = 512

_answers: OrderedDict[bytes, tuple[object, float, bytes]] = OrderedDict()
_lock = threading.Lock()


def data_version():
    return db.session.scalar(db.select(func.max(Premises.updated_at)))


def answer(key: bytes, compute: Callable[[], bytes]) -> bytes:
    """``compute()``'s bytes for ``key``, reused while the listings are unchanged."""
    version, now = data_version(), time.monotonic()
    with _lock:
        kept = _answers.get(key)
        if kept is not None and kept[0] == version and kept[1] > now:
            _answers.move_to_end(key)
            return kept[2]
    body = compute()
    with _lock:
        _answers[key] = (version, now + TTL, body)
        _answers.move_to_end(key)
        while len(_answers) > SIZE:
            _answers.popitem(last=False)
    return body


def clear() -> None:
    with _lock:
        _answers.clear()
