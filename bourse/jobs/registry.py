"""Job handlers by name: a domain declares ``@handler("outbox.send_due")`` next to the code it runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Handler:
    name: str
    run: Callable[..., None]
    max_attempts: int
    lock: object | None = None  # a unit_of_work lock the job's transaction starts with


HANDLERS: dict[str, Handler] = {}
#: "minute" or "day" -> the job names the worker starts on that rhythm
PERIODIC: dict[str, list[str]] = {}


def handler(name: str, max_attempts: int = 5, every: str | None = None, lock: object | None = None) -> Callable:
    """Register ``function`` as the job ``name`` (started by the worker ``every`` "minute" or "day" too,
    if given). It runs inside its own unit of work (begun with ``lock``, if given) and must be idempotent: a retried job may find part
    of its work already done by an earlier, committed run."""

    def decorator(function: Callable[..., None]) -> Callable[..., None]:
        HANDLERS[name] = Handler(name, function, max_attempts, lock)
        if every is not None and name not in PERIODIC.setdefault(every, []):
            PERIODIC[every].append(name)
        return function

    return decorator
