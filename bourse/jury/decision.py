"""The manager's decision on a call: who gets each slot, the minutes, and a word to every applicant."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from bourse.accounts.models import User
from bourse.applications import services as applications
from bourse.applications.models import Application
from bourse.extensions import db
from bourse.jury.invitations import JuryError
from bourse.jury.models import JuryDecision
from bourse.jury.scoring import OPEN_FOR_SCORING, applications_of, decided
from bourse.notifications.services import link_to, notify
from bourse.programmes.models import Call
from bourse.programmes.services import require_run
from bourse.timeutil import utcnow


def record(actor: User, call: Call, choices: dict[int, int | None], minutes: str, reason: str,
           reasons: dict[int, str] | None = None) -> JuryDecision:
    """Select one application per slot, refuse the others with a reason, and keep the minutes.

    Everything happens in one transaction: every applicant still in the running is told the
    outcome, or nothing changes at all.

    :raises NotFound: unless ``actor`` runs programmes in the call's town.
    :raises JuryError: before the deadline, twice, without minutes or reason, or for a bad choice.
    :raises applications.Conflict: when a slot was given to someone else meanwhile.
    """
    require_run(actor, call.programme.town_id)
    if utcnow() < call.closes_at:
        raise JuryError(_l("The decision comes after the deadline of the call."))
    if decided(call.id):
        raise JuryError(_l("The decision on this call is already recorded."))
    minutes, reason, reasons = (minutes or "").strip(), (reason or "").strip(), reasons or {}
    if not minutes:
        raise JuryError(_l("Write the minutes of the jury."), field="minutes")
    running = [a for a in applications_of(call) if a.state in OPEN_FOR_SCORING]
    by_id = {a.id: a for a in running}
    chosen = {slot_id: app_id for slot_id, app_id in choices.items() if app_id}
    slots = {s.id: s for s in call.slots}
    for slot_id, app_id in chosen.items():
        application = by_id.get(app_id)
        if slot_id not in slots or application is None or application.slot_id != slot_id:
            raise JuryError(_l("Choose, for each slot, one of the applications made to that slot."))
    if len({by_id[a].project_id for a in chosen.values()}) != len(chosen):
        raise JuryError(_l("A candidate can have only one slot."))
    winners = set(chosen.values())
    losers = [a for a in running if a.id not in winners]
    if any(not (reasons.get(a.id) or reason).strip() for a in losers):
        raise JuryError(_l("Give the reason sent to the applicants who are not selected."), field="reason")
    decision = JuryDecision(call_id=call.id, minutes=minutes[:20000], reason_not_selected=reason[:2000],
                            decided_by_id=actor.id, decided_at=utcnow())
    db.session.add(decision)
    try:
        for app_id in winners:
            applications.move(by_id[app_id], actor, "select", None, announce=False)
            _tell(by_id[app_id], call, None)
        for application in losers:
            why = (reasons.get(application.id) or reason).strip()[:2000]
            applications.move(application, actor, "reject", why, announce=False)
            _tell(application, call, why)
        db.session.commit()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        raise applications.Conflict(_l("Another decision changed these applications meanwhile: reload the page.")) \
            from None
    return decision


def _tell(application: Application, call: Call, why: str | None) -> None:
    slot = application.slot
    title = _("Jury decision — %(title)s", title=call.programme.title)
    period = _("the slot from %(start)s to %(end)s", start=slot.starts_on.strftime("%d/%m/%Y"),
               end=slot.ends_on.strftime("%d/%m/%Y"))
    if why is None:
        body = _("Your project %(project)s is selected for %(period)s. The town will contact you about the lease.",
                 project=application.project.name, period=period)
    else:
        body = _("Your project %(project)s is not selected for %(period)s. Reason: %(reason)s",
                 project=application.project.name, period=period, reason=why)
    notify(application.applicant, "jury_decision", title, body,
           link_to("applications.detail", application_id=application.id))


def decision_of(call: Call) -> JuryDecision | None:
    return db.session.scalar(db.select(JuryDecision).where(JuryDecision.call_id == call.id))
