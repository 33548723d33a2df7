"""What happens next for an application, and when: the applicant's most asked question."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _

from bourse.applications.labels import NEXT_STEP, REVIEWER_STEP
from bourse.i18n import moment
from bourse.applications.models import Application, State
from bourse.timeutil import utcnow


def next_step(application: Application, reviewer: bool = False, now: datetime | None = None) -> str:
    """One sentence with the coming step and its date when the platform knows it: the applicant's,
    or, with ``reviewer``, what the landlord or the manager has to do."""
    now = now or utcnow()
    state = State(application.state)
    if reviewer and state in REVIEWER_STEP:
        return str(REVIEWER_STEP[state])
    call = application.slot.call if application.slot is not None else None
    lease = application.lease
    if call is not None and state is State.DRAFT and now < call.closes_at:
        return _("Submit it before the deadline: %(date)s.", date=moment(call.closes_at))
    if call is not None and state in (State.SUBMITTED, State.SHORTLISTED):
        if now < call.closes_at:
            return _("The call closes on %(date)s; the jury then scores every application on the published grid "
                     "and the town tells each applicant its decision.", date=moment(call.closes_at))
        return _("The call closed on %(date)s: the jury is scoring the applications, and the town's decision "
                 "comes next.", date=format_date(call.closes_at, "long"))
    if state is State.SELECTED and lease is not None:
        return _("The lease is being prepared: it would start on %(date)s; its signature comes next.",
                 date=format_date(lease.starts_on, "long"))
    if state is State.LEASE_SIGNED and lease is not None:
        if lease.renewal_decision_on:
            return _("The lease runs until %(end)s; the decision on renewal is due by %(decision)s.",
                     end=format_date(lease.ends_on, "long"), decision=format_date(lease.renewal_decision_on, "long"))
        return _("The lease runs until %(end)s.", end=format_date(lease.ends_on, "long"))
    return str(NEXT_STEP[state])
