"""SQL pieces about calls that other domains' queries reuse (search, matching)."""

from __future__ import annotations

from sqlalchemy import and_, exists

from bourse.extensions import db
from bourse.premises.models import Premises
from bourse.programmes.models import Call, Slot
from bourse.timeutil import utcnow


def call_is_open(now=None):
    """SQL: the call is published and accepting applications now."""
    now = now or utcnow()
    return and_(Call.published.is_(True), Call.opens_on <= now.date(), Call.closes_at > now)


def open_slot_exists():
    """Premises with a slot in a published call still open for applications."""
    return exists().where(Slot.premises_id == Premises.id, Slot.call_id == Call.id, call_is_open())


def open_slot_premises():
    """The ids of premises with a slot in a call open now: few, read from the calls' side."""
    return db.select(Slot.premises_id).join(Call, Call.id == Slot.call_id).where(call_is_open())


def open_calls_of(premises_id: int) -> list[Call]:
    """The calls open now with a slot on this unit (a test boutique: one applies to the call)."""
    return list(db.session.scalars(
        db.select(Call).join(Slot, Slot.call_id == Call.id)
        .where(Slot.premises_id == premises_id, call_is_open()).distinct().order_by(Call.closes_at)))
