"""Translated labels for application states and moves."""

from flask_babel import lazy_gettext as _l

from bourse.applications.models import State

STATE_LABELS = {
    State.DRAFT: _l("Draft"), State.SUBMITTED: _l("Submitted"), State.SHORTLISTED: _l("Shortlisted"),
    State.SELECTED: _l("Selected"), State.LEASE_SIGNED: _l("Lease signed"), State.WITHDRAWN: _l("Withdrawn"),
    State.REJECTED: _l("Not selected"),
}
VERB_LABELS = {
    "create": _l("Draft saved"), "submit": _l("Submitted"), "shortlist": _l("Shortlisted"),
    "select": _l("Selected"), "reject": _l("Not selected"), "withdraw": _l("Withdrawn"),
    "sign_lease": _l("Lease signed"),
}
ACTION_LABELS = {
    "submit": _l("Submit the application"), "shortlist": _l("Shortlist"), "select": _l("Select this candidate"),
    "reject": _l("Decline"), "withdraw": _l("Withdraw my application"), "sign_lease": _l("Mark the lease as signed"),
}
NEXT_STEP = {
    State.DRAFT: _l("Submit it when it is ready."),
    State.SUBMITTED: _l("The landlord or the town manager will look at it."),
    State.SHORTLISTED: _l("You are on the shortlist: a decision comes next."),
    State.SELECTED: _l("You were selected: the lease comes next."),
    State.LEASE_SIGNED: _l("The lease is signed."),
    State.WITHDRAWN: _l("You withdrew this application."),
    State.REJECTED: _l("This application was not selected."),
}


REVIEWER_STEP = {
    State.SUBMITTED: _l("Answer: shortlist this application, select it or decline it."),
    State.SHORTLISTED: _l("Decide: select this application or decline it."),
    State.SELECTED: _l("Record the lease with its rent schedule, then mark it signed."),
    State.LEASE_SIGNED: _l("The lease is signed: its reminders come to you before each deadline."),
    State.WITHDRAWN: _l("The applicant withdrew: nothing to do."),
    State.REJECTED: _l("Declined: the applicant was told the reason."),
}


def state_label(value: str) -> str:
    return str(STATE_LABELS[State(value)])
