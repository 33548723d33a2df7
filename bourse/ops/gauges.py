"""Gauges the domains declare for ``/metrics`` (the job queue, the outbox), read from the database at
each scrape. Kept apart from ``metrics`` so that a domain declares one without importing the web layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Gauge:
    name: str
    documentation: str
    read: Callable[[], dict[str, float]]  # label value -> reading ("" for none)
    label: str | None = None


GAUGES: list[Gauge] = []


def gauge(name: str, documentation: str, label: str | None = None):
    """Register ``read`` (a function of no argument, run at each scrape inside the request) as gauge ``name``."""

    def register(read: Callable[[], dict[str, float]]):
        if all(existing.name != name for existing in GAUGES):
            GAUGES.append(Gauge(name, documentation, read, label))
        return read

    return register
