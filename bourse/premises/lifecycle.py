"""The premises life cycle: one table of moves, each time-stamped for the vacancy history.

    draft → published → under offer → let, or withdrawn; a let or withdrawn unit may be published again.

``mark_let`` is the landlord declaring a let made outside Bourse. ``let_by_lease`` is the only
other way to ``let``: it is dedicated to lease signing (``applications.leases.sign``), whose
guard demands a signed lease.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from bourse.accounts.addresses import require_verified
from bourse.accounts.models import User
from bourse.extensions import db
from bourse.lifecycle import Lifecycle, Move
from bourse.premises.errors import PremisesMoveRefused
from bourse.premises.models import Premises, PremisesStatus, PremisesStatusChange
from bourse.timeutil import utcnow

S = PremisesStatus
#: statuses a listing can be deleted from (it was never public, or is no longer)
DELETABLE = frozenset({S.DRAFT, S.WITHDRAWN})
#: statuses in which the unit is on the market
ON_THE_MARKET = frozenset({S.PUBLISHED, S.UNDER_OFFER})


def _record(premises: Premises, actor: User | None, verb: str, from_status, to_status: PremisesStatus,
            context: dict) -> None:
    db.session.add(PremisesStatusChange(
        premises_id=premises.id, from_status=from_status.value if from_status else None,
        to_status=to_status.value, changed_at=context.get("at") or utcnow(),
        changed_by_id=actor.id if actor else None))


def _verified_publisher(actor, premises: Premises, context: dict) -> None:
    if actor is not None:  # a system move (an import by the CLI) has no actor to check
        require_verified(actor, _l("Confirm your e-mail address before publishing: open the link we sent you."))


def _lease_is_signed(actor, premises: Premises, context: dict) -> None:
    lease = context.get("lease")
    if lease is None or lease.signed_on is None:
        raise PremisesMoveRefused(_l("A unit is let through Bourse only by signing its lease."))


MOVES = [
    Move("publish", {S.DRAFT, S.UNDER_OFFER, S.WITHDRAWN, S.LET}, S.PUBLISHED, guard=_verified_publisher),
    Move("mark_under_offer", {S.PUBLISHED}, S.UNDER_OFFER),
    Move("mark_let", ON_THE_MARKET, S.LET),
    Move("withdraw", {S.DRAFT, S.PUBLISHED, S.UNDER_OFFER}, S.WITHDRAWN),
    Move("let_by_lease", {S.DRAFT, S.PUBLISHED, S.UNDER_OFFER, S.WITHDRAWN}, S.LET, guard=_lease_is_signed,
         dedicated=True),
]
LIFECYCLE = Lifecycle("premises", PremisesStatus, MOVES, _record, attribute="status",
                      refusal=PremisesMoveRefused)


def start(premises: Premises, actor: User | None, at: datetime | None = None) -> None:
    """A new listing starts as a draft; its first history row says when."""
    premises.status = S.DRAFT.value
    db.session.add(premises)
    db.session.flush()
    _record(premises, actor, "create", None, S.DRAFT, {"at": at})


def run(premises: Premises, actor: User | None, verb: str, *, dedicated: bool = False, **context) -> None:
    """Make one move (the premises must be in the session). See ``Lifecycle.run``."""
    db.session.flush()  # the history row needs the premises' id
    LIFECYCLE.run(premises, actor, verb, dedicated=dedicated, **context)


def verbs_for(premises: Premises) -> list[str]:
    """Moves a manager can make from the premises page (not the dedicated ones)."""
    return [m.verb for m in MOVES if not m.dedicated and LIFECYCLE.allowed_from(m.verb, premises)]
