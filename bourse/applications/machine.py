"""The application life cycle: one explicit table of moves, and who may make each one.

    draft → submitted → shortlisted → selected → lease_signed (with the lease tracker)
    any state before lease_signed → withdrawn (by the entrepreneur)
    submitted / shortlisted / selected → rejected (by the manager or landlord, with a reason)
"""

from __future__ import annotations

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.applications.models import Application, State

S = State
# verb -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[State], State]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "shortlist": (frozenset({S.SUBMITTED}), S.SHORTLISTED),
    "select": (frozenset({S.SUBMITTED, S.SHORTLISTED}), S.SELECTED),
    "reject": (frozenset({S.SUBMITTED, S.SHORTLISTED, S.SELECTED}), S.REJECTED),
    "withdraw": (frozenset({S.DRAFT, S.SUBMITTED, S.SHORTLISTED, S.SELECTED}), S.WITHDRAWN),
    "sign_lease": (frozenset({S.SELECTED}), S.LEASE_SIGNED),
}
APPLICANT_VERBS = frozenset({"submit", "withdraw"})
REVIEWER_VERBS = frozenset({"shortlist", "select", "reject", "sign_lease"})


def is_applicant(user: User | None, application: Application) -> bool:
    return user is not None and user.is_authenticated and application.applicant_id == user.id


def is_reviewer(user: User | None, application: Application) -> bool:
    """Test-boutique slots: the town's managers only. Plain premises: also the landlord."""
    if user is None or not user.is_authenticated:
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
    return verb in TRANSITIONS and State(application.state) in TRANSITIONS[verb][0]


def can(verb: str, user: User | None, application: Application) -> bool:
    """``can_submit``, ``can_select``...: the state allows the move and the user may make it."""
    if not allowed_from(verb, application):
        return False
    if verb == "sign_lease" and application.lease is None:
        return False  # signing needs the lease record first
    if verb in APPLICANT_VERBS:
        return is_applicant(user, application)
    return is_reviewer(user, application)


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
