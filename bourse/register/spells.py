"""A unit's observations, read as runs of one state: what the observatory counts.

Two observations of the same state make one run (vacant in March, still vacant in June); a new
state, or a different trade in an occupied unit (one shop closed, another opened), starts the next.
The later observation always wins: two on one day leave the later one's run.
"""

from __future__ import annotations

from datetime import date

OCCUPIED = "occupied"  # UnitState.OCCUPIED; this module imports nothing, so migration 0019 can use it


def month_index(day: date) -> int:
    """Months as one integer (``year * 12 + month - 1``): differences are numbers of months."""
    return day.year * 12 + day.month - 1


def month_of(index: int) -> date:
    """The first day of month ``index``."""
    return date(index // 12, index % 12 + 1, 1)


def _same_run(run: dict, state: str, sector: str | None) -> bool:
    if run["state"] != state:
        return False
    return state != OCCUPIED or not (run["sector"] and sector and run["sector"] != sector)


def spells_of(unit_id: int, town_id: int, observations) -> list[dict]:
    """The runs of one unit, as rows for ``unit_spells``. ``observations``: ``(observed_on, state,
    source, sector, obs_class)`` in the order they happened (day, then id)."""
    runs: list[dict] = []
    last_seen: tuple[str, int] | None = None  # source and day of the latest observation so far
    for observed_on, state, source, sector, obs_class in observations:
        day = observed_on.toordinal()
        run = runs[-1] if runs else None
        if run is not None and _same_run(run, state, sector):
            run["sector"] = sector or run["sector"]
            run["obs_class"] = obs_class or run["obs_class"]
        else:
            if run is not None and run["start_day"] == day:  # corrected the same day: the later one stands
                runs.pop()
                run = runs[-1] if runs else None
            if run is not None and _same_run(run, state, sector):
                run["end_day"] = run["end_month"] = None
            else:
                if run is not None:
                    run["end_day"], run["end_month"] = day, month_index(observed_on)
                runs.append({
                    "unit_id": unit_id, "town_id": town_id, "state": state, "sector": sector, "obs_class": obs_class,
                    "source": source, "start_day": day, "start_month": month_index(observed_on),
                    "end_day": None, "end_month": None,
                    "prev_state": run["state"] if run else None,
                    "prev_source": last_seen[0] if run and last_seen else None,
                    "prev_seen_day": last_seen[1] if run and last_seen else None})
        last_seen = (source, day)
    return runs
