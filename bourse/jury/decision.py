"""The manager's decision on a call: who gets each slot, the minutes, and a word to every applicant."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from bourse.accounts.models import User
from bourse.applications import services as applications
from bourse.extensions import db
from bourse.jury.invitations import JuryError
from bourse.jury.models import JuryDecision
from bourse.jury.scoring import OPEN_FOR_SCORING, applications_of, decided
from bourse.programmes.models import Call
from bourse.programmes.services import require_run
from bourse.timeutil import utcnow
from bourse.unit_of_work import require_lock


def record(actor: User, call: Call, choices: dict[int, int | None], minutes: str, reason: str,
           reasons: dict[int, str] | None = None) -> JuryDecision:
    """Select one application per slot, refuse the others with a reason, and keep the minutes.

    Everything happens in the caller's one transaction: every applicant still in the running is
    told the outcome, or nothing changes at all. One decision at a time per call: the boundary
    holds the call's row lock (``@locked(row_lock(Call, "call_id"))``), so a second manager
    waits, then finds it decided.

    :raises NotFound: unless ``actor`` runs programmes in the call's town.
    :raises JuryError: before the deadline, twice, without minutes or reason, or for a bad choice.
    :raises applications.Conflict: when a slot was given to someone else meanwhile.
    """
    require_run(actor, call.programme.town_id)
    require_lock()
    winners, losers, why = _check(call, choices, minutes, reason, reasons or {})
    decision = JuryDecision(call_id=call.id, minutes=minutes.strip()[:20000], reason_not_selected=reason.strip()[:2000],
                            decided_by_id=actor.id, decided_at=utcnow())
    db.session.add(decision)
    try:
        for application in winners:
            applications.run(application, actor, "select", notice=Notice(selected=True))
        for application in losers:
            applications.run(application, actor, "reject", reason=why[application.id],
                             notice=Notice(selected=False, reason=why[application.id]))
    except applications.Conflict:
        raise applications.Conflict(_l("Another decision changed these applications meanwhile: reload the page.")) \
            from None
    return decision


def _check(call: Call, choices: dict[int, int | None], minutes: str, reason: str, reasons: dict[int, str]):
    """The winners, the others, and the reason each of the others is told.

    :raises JuryError: for anything that makes the decision impossible.
    """
    if utcnow() < call.closes_at:
        raise JuryError(_l("The decision comes after the deadline of the call."))
    if decided(call.id):
        raise JuryError(_l("The decision on this call is already recorded."))
    if not (minutes or "").strip():
        raise JuryError(_l("Write the minutes of the jury."), field="minutes")
    running = [a for a in applications_of(call) if a.state in OPEN_FOR_SCORING]
    by_id = {a.id: a for a in running}
    chosen = {slot_id: app_id for slot_id, app_id in choices.items() if app_id}
    slots = {s.id for s in call.slots}
    for slot_id, app_id in chosen.items():
        application = by_id.get(app_id)
        if slot_id not in slots or application is None or application.slot_id != slot_id:
            raise JuryError(_l("Choose, for each slot, one of the applications made to that slot."))
    if len({by_id[a].project_id for a in chosen.values()}) != len(chosen):
        raise JuryError(_l("A candidate can have only one slot."))
    winners = [by_id[a] for a in chosen.values()]
    losers = [a for a in running if a.id not in set(chosen.values())]
    why = {a.id: ((reasons.get(a.id) or "").strip() or (reason or "").strip())[:2000] for a in losers}
    if not all(why.values()):
        raise JuryError(_l("Give the reason sent to the applicants who are not selected."), field="reason")
    return winners, losers, why


@dataclass(frozen=True)
class Notice:
    """The applicant hears of the jury's decision (worded by notifications, in their language)
    instead of the move's usual message."""

    selected: bool
    reason: str | None = None


def decision_of(call: Call) -> JuryDecision | None:
    return db.session.scalar(db.select(JuryDecision).where(JuryDecision.call_id == call.id))
