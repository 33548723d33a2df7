"""The platform as a source: a listing's life writes what it tells about its unit.

    published, or still on the market  → vacant
    let (by a signed lease, or declared) → occupied, with the tenant's trade when Bourse knows it
    withdrawn                            → vacant (taken off the market, not occupied)

Premises sit below the register: they send ``lifecycle.moved`` and this module answers, inside
the same unit of work, so the observation is written, or not, with the move.
"""

from __future__ import annotations

from bourse.extensions import db
from bourse.lifecycle import moved
from bourse.register import services
from bourse.register.models import Source, UnitListing, UnitState

STATES = {"publish": UnitState.VACANT, "withdraw": UnitState.VACANT, "mark_let": UnitState.OCCUPIED,
          "let_by_lease": UnitState.OCCUPIED}
# What the listing did, as a code the pages translate (an observation is data, not a sentence).
NOTES = {"publish": "listed", "withdraw": "withdrawn", "mark_let": "declared_let", "let_by_lease": "lease_signed"}


def on_premises_moved(sender: str, *, subject, actor, verb: str, from_state, to_state, context: dict) -> None:
    if sender != "premises" or verb not in STATES:
        return
    if verb == "withdraw" and db.session.get(UnitListing, subject.id) is None:
        return  # a draft withdrawn before it was ever listed says nothing about a unit
    unit = services.unit_for(subject)
    at = context.get("at")
    services.observe(unit, STATES[verb], Source.PLATFORM, on=at.date() if at else None,
                     sector=context.get("sector") or (subject.current_sector if verb == "mark_let" else None),
                     premises=subject,
                     note=NOTES[verb])


def init_app() -> None:
    moved.connect(on_premises_moved)
