"""The register's runs (spells) of the units in a scope: the one place the observatory's SQL starts."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_

from bourse.register.models import Spell, UnitState
from bourse.observatory.scope import Scope

OCCUPIED, VACANT, WORKS, GONE = (s.value for s in (UnitState.OCCUPIED, UnitState.VACANT, UnitState.WORKS, UnitState.GONE))
# A town centre's units: occupied, vacant or under works. A unit gone (merged, turned into housing)
# leaves the denominator from that day.
COUNTED = (OCCUPIED, VACANT, WORKS)


def in_scope(scope: Scope, spell=Spell) -> ColumnElement[bool]:
    return and_(spell.town_id == scope.town.id, scope.holds(spell.unit_id))


def covering(day: int, spell=Spell) -> ColumnElement[bool]:
    """Runs under way on ``day`` (an ordinal): begun on or before it, not yet followed by another."""
    return and_(spell.start_day <= day, or_(spell.end_day.is_(None), spell.end_day > day))
