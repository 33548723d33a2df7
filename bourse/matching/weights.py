"""Criterion weights: the platform's defaults, overridden per town, then per programme."""

from __future__ import annotations

CRITERIA = ("surface", "budget", "place", "date", "needs", "trade_mix")
DEFAULT_WEIGHTS = {"surface": 25, "budget": 25, "place": 20, "date": 10, "needs": 10, "trade_mix": 10}


def clean(weights: dict | None) -> dict[str, int]:
    """Only known criteria with weights 0–100; empty when nothing usable is given."""
    if not weights:
        return {}
    out = {}
    for name in CRITERIA:
        try:
            value = int(weights.get(name, 0))
        except (TypeError, ValueError):
            continue
        out[name] = max(0, min(100, value))
    return out if sum(out.values()) > 0 else {}


def effective(town_weights: dict | None = None, programme_weights: dict | None = None) -> dict[str, int]:
    """The weights in force: the programme's, else the town's, else the platform's."""
    return clean(programme_weights) or clean(town_weights) or dict(DEFAULT_WEIGHTS)
