"""The application life cycle: one table of moves with their guards and effects, and who may make each.

    draft → submitted → shortlisted → selected → lease_signed (only by signing the lease)
    any state before lease_signed → withdrawn (by the entrepreneur)
    submitted / shortlisted / selected → rejected (by the manager or landlord, with a reason)

``run`` is the only way to change an application's state. ``sign_lease`` is dedicated: only
``leases.sign`` reaches it, because its effects (the lease's signature date, the unit let)
need the lease form.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from bourse.accounts.addresses import require_verified
from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.applications.errors import ApplicationMoveRefused
from bourse.applications.models import Application, ApplicationEvent, Lease, State
from bourse.extensions import db
from bourse.lifecycle import Lifecycle, Move, moving, signals
from bourse.premises import lifecycle as premises_lifecycle
from bourse.premises.errors import PremisesMoveRefused
from bourse.premises.models import PremisesStatus
from bourse.projects.services import shared_with
from bourse.timeutil import utcnow

S = State
#: a unit or slot is taken while one of its applications is in these states (one at most: a unique index)
HELD = frozenset({S.SELECTED, S.LEASE_SIGNED})
#: the entrepreneur may still add documents
OPEN = frozenset({S.DRAFT, S.SUBMITTED, S.SHORTLISTED})
#: the jury may still score
OPEN_FOR_SCORING = frozenset({S.SUBMITTED, S.SHORTLISTED})
#: reached the jury (everything after draft, except a withdrawal)
JUDGED = frozenset({S.SUBMITTED, S.SHORTLISTED, S.SELECTED, S.REJECTED, S.LEASE_SIGNED})


def values(states: frozenset[State]) -> tuple[str, ...]:
    """The stored values of ``states``, for SQL ``IN`` clauses."""
    return tuple(sorted(s.value for s in states))


# --- guards: raise to refuse ------------------------------------------------------------------

def _ready_to_submit(actor, application: Application, context: dict) -> None:
    require_verified(actor, _l("Confirm your e-mail address before applying: open the link we sent you."))
    if application.slot_id and not application.slot.call.is_open(utcnow()):
        raise ApplicationMoveRefused(_l("This call is closed: the deadline has passed."))
    if application.missing_documents:
        raise ApplicationMoveRefused(_l("Add the documents the call asks for before submitting: %(names)s.",
                             names=", ".join(application.missing_documents)))


def _reason_given(actor, application: Application, context: dict) -> None:
    if not (context.get("reason") or "").strip():
        raise ApplicationMoveRefused(_l("Give the reason for the refusal."), field="reason")


def _lease_ready(actor, application: Application, context: dict) -> None:
    if application.lease is None:
        raise ApplicationMoveRefused(_l("Record the lease before signing it."))
    if context.get("signed_on") is None:
        raise ApplicationMoveRefused(_l("Give the date the lease was signed."), field="signed_on")
    # Within a year of the lease's start and of today: 9999-12-31 is a slip of the keyboard.
    year = timedelta(days=366)
    signed_on, starts_on, today = context["signed_on"], application.lease.starts_on, utcnow().date()
    if not (starts_on - year <= signed_on <= starts_on + year and signed_on <= today + year):
        raise ApplicationMoveRefused(_l("The signature date must fall within a year of the lease's start."),
                                     field="signed_on")


# --- effects ------------------------------------------------------------------------------------

def _stamp_submission(actor, application: Application, context: dict) -> None:
    application.submitted_at = utcnow()


def _keep_reason(actor, application: Application, context: dict) -> None:
    application.reason = context["reason"].strip()


def _sign(actor, application: Application, context: dict) -> None:
    application.lease.signed_on = context["signed_on"]


def _let_unit(actor, application: Application, context: dict) -> None:
    """The unit is let, which stops its vacancy clock (a unit already let stays so)."""
    premises = application.premises
    if premises.status != PremisesStatus.LET.value:
        # The tenant's trade goes with the move: the unit register records what the unit now is.
        premises_lifecycle.run(premises, actor, "let_by_lease", dedicated=True, lease=application.lease,
                               sector=application.project.sector)


MOVES = [
    Move("submit", {S.DRAFT}, S.SUBMITTED, guard=_ready_to_submit, effects=(_stamp_submission,)),
    Move("shortlist", {S.SUBMITTED}, S.SHORTLISTED),
    Move("select", {S.SUBMITTED, S.SHORTLISTED}, S.SELECTED),
    Move("reject", {S.SUBMITTED, S.SHORTLISTED, S.SELECTED}, S.REJECTED, guard=_reason_given,
         effects=(_keep_reason,)),
    Move("withdraw", {S.DRAFT, S.SUBMITTED, S.SHORTLISTED, S.SELECTED}, S.WITHDRAWN),
    Move("sign_lease", {S.SELECTED}, S.LEASE_SIGNED, guard=_lease_ready, effects=(_sign, _let_unit),
         dedicated=True),
]
APPLICANT_VERBS = frozenset({"submit", "withdraw"})
REVIEWER_VERBS = frozenset({"shortlist", "select", "reject", "sign_lease"})


def _record(application: Application, actor: User | None, verb: str, from_state, to_state: State,
            context: dict) -> None:
    application.events.append(ApplicationEvent(
        actor_id=actor.id if actor else None, verb=verb, from_state=from_state.value if from_state else None,
        to_state=to_state.value, reason=context.get("reason")))


LIFECYCLE = Lifecycle("application", State, MOVES, _record, refusal=ApplicationMoveRefused)
TRANSITIONS = LIFECYCLE.by_verb


def record_creation(application: Application, actor: User) -> None:
    _record(application, actor, "create", None, S.DRAFT, {})


# --- what applications forbid the premises ---------------------------------------------------------

#: a unit under a running signed lease is occupied: it can be neither put back on the market nor withdrawn
LEAVES_THE_TENANT = frozenset({"publish", "mark_under_offer", "withdraw"})


def _running_lease_end(premises_id: int):
    """The end of the latest signed lease still running on the unit, or None."""
    return db.session.scalar(db.select(db.func.max(Lease.ends_on)).join(Application, Application.id == Lease.application_id)
                             .where(Application.premises_id == premises_id, Application.state == S.LEASE_SIGNED.value,
                                    Lease.signed_on.is_not(None), Lease.ends_on > utcnow().date()))


def refuse_relisting_during_a_lease(sender: str, *, subject, verb: str, **_ignored) -> None:
    """``moving`` receiver: the premises' own table cannot know about leases, which sit above it."""
    if sender != "premises" or verb not in LEAVES_THE_TENANT or not subject.id:
        return
    end = _running_lease_end(subject.id)
    if end is not None:
        raise PremisesMoveRefused(_l("A signed lease runs on this unit until %(date)s: it cannot change status now.",
                                     date=format_date(end, "long")))


moving.connect(refuse_relisting_during_a_lease)


# --- who may do what ------------------------------------------------------------------------------

def is_applicant(user: User | None, application: Application) -> bool:
    return user is not None and user.is_authenticated and application.applicant_id == user.id


def is_reviewer(user: User | None, application: Application) -> bool:
    """Test-boutique slots: the town's managers only. Plain premises: also the landlord.
    Nobody reviews a draft: it is the applicant's alone until submitted."""
    if user is None or not user.is_authenticated or application.state == S.DRAFT.value:
        return False
    if user.has_role(Role.ADMIN):
        return True
    town_id = application.premises.town_id
    if user.has_role(Role.TOWN_MANAGER) and any(t.id == town_id for t in user.towns):
        return True
    return application.slot_id is None and application.premises.owner_id == user.id


def can_see(user: User | None, application: Application) -> bool:
    return is_applicant(user, application) or is_reviewer(user, application)


def allowed_from(verb: str, application: Application) -> bool:
    return LIFECYCLE.allowed_from(verb, application)


def may(verb: str, user: User | None, application: Application) -> bool:
    """The user holds the role that makes ``verb`` (whatever the state)."""
    if verb in APPLICANT_VERBS:
        return is_applicant(user, application)
    return is_reviewer(user, application)


def can(verb: str, user: User | None, application: Application) -> bool:
    """``can_submit``, ``can_select``...: the state allows the move and the user may make it."""
    if not allowed_from(verb, application):
        return False
    if verb == "sign_lease" and application.lease is None:
        return False  # signing needs the lease record first
    return may(verb, user, application)


def can_submit(user, application) -> bool:
    return can("submit", user, application)


def can_shortlist(user, application) -> bool:
    return can("shortlist", user, application)


def can_select(user, application) -> bool:
    return can("select", user, application)


def can_reject(user, application) -> bool:
    return can("reject", user, application)


def can_withdraw(user, application) -> bool:
    return can("withdraw", user, application)


def can_sign_lease(user, application) -> bool:
    return can("sign_lease", user, application)


def verbs_for(user: User | None, application: Application) -> list[str]:
    return [verb for verb in TRANSITIONS if can(verb, user, application)]


# --- sharing: who else may see an application, and its project file ---------------------------------

#: may ``user`` see ``application``'s files, beyond the applicant and the reviewers? (the jury answers)
judged_by = signals.signal("application-judged-by")


def is_judge(user: User | None, application: Application) -> bool:
    """A domain above (the jury) seats ``user`` to judge this application."""
    return any(seated for _receiver, seated in judged_by.send("applications", user=user, application=application))


def share_projects_with_reviewers_and_judges(sender: str, *, user, project) -> bool:
    """``projects.shared_with`` receiver: applying shares the file with who reviews or judges it."""
    submitted = db.session.scalars(db.select(Application).where(
        Application.project_id == project.id, Application.state != S.DRAFT.value))
    return any(is_reviewer(user, a) or is_judge(user, a) for a in submitted)


shared_with.connect(share_projects_with_reviewers_and_judges)
