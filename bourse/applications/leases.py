"""The lease tracker: recording the lease, signing it, and reminding people of its deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from bourse.accounts.models import User
from bourse.applications import machine
from bourse.applications.models import Application, Lease, LeaseReminder, RentStep, State
from bourse.applications.services import ApplicationError, _reviewers, transition
from bourse.extensions import db
from bourse.notifications.services import link_to, notify
from bourse.premises.models import LeaseType, PremisesStatus
from bourse.premises.services import record_status
from werkzeug.exceptions import NotFound

REMIND_DAYS_BEFORE = 30
QUARTER = 91


@dataclass
class Step:
    starts_on: date
    ends_on: date
    monthly_rent: Decimal


def record_lease(actor: User, application: Application, *, lease_type: str, starts_on: date, ends_on: date,
                 steps: list[Step], renewal_decision_on: date | None = None,
                 converts_to: str | None = None) -> Lease:
    """Create or replace the lease of a selected application.

    :raises ApplicationError: for an unknown type, a lease ending before it starts, or steps
        outside the lease, overlapping or with a negative rent.
    """
    if not machine.is_reviewer(actor, application):
        raise NotFound()
    if application.state != State.SELECTED.value:
        raise ApplicationError(_l("A lease is recorded for a selected application."))
    if lease_type not in {t.value for t in LeaseType} or (converts_to and converts_to not in {t.value for t in LeaseType}):
        raise ApplicationError(_l("Unknown lease type."), field="lease_type")
    if ends_on <= starts_on:
        raise ApplicationError(_l("The lease must end after it starts."), field="ends_on")
    if renewal_decision_on and not (starts_on <= renewal_decision_on <= ends_on):
        raise ApplicationError(_l("The renewal decision falls within the lease."), field="renewal_decision_on")
    ordered = sorted(steps, key=lambda s: s.starts_on)
    for i, step in enumerate(ordered):
        if step.ends_on <= step.starts_on or step.starts_on < starts_on or step.ends_on > ends_on:
            raise ApplicationError(_l("Each rent step must lie within the lease and end after it starts."),
                                   field="steps")
        if step.monthly_rent < 0:
            raise ApplicationError(_l("The rent cannot be negative."), field="steps")
        if i and step.starts_on < ordered[i - 1].ends_on:
            raise ApplicationError(_l("Rent steps must not overlap."), field="steps")
    lease = application.lease or Lease(application_id=application.id)
    lease.lease_type, lease.starts_on, lease.ends_on = lease_type, starts_on, ends_on
    lease.renewal_decision_on, lease.converts_to = renewal_decision_on, converts_to
    lease.steps = [RentStep(starts_on=s.starts_on, ends_on=s.ends_on, monthly_rent=s.monthly_rent) for s in ordered]
    application.lease = lease
    db.session.commit()
    return lease


def sign(actor: User, application: Application, signed_on: date) -> Application:
    """Mark the lease signed: the application becomes lease_signed and the unit let."""
    if application.lease is None:
        raise ApplicationError(_l("Record the lease before signing it."))
    application.lease.signed_on = signed_on
    premises = application.premises
    if premises.status != PremisesStatus.LET.value:
        record_status(premises, PremisesStatus.LET, actor)  # stops the unit's vacancy clock
    return transition(actor, application, "sign_lease")


def deadlines(lease: Lease) -> list[tuple[str, date]]:
    """Each reminder-worthy date: renewal decision, end of the lease (trial), quarterly reviews."""
    dates = []
    if lease.renewal_decision_on:
        dates.append(("renewal_decision", lease.renewal_decision_on))
    dates.append(("lease_end", lease.ends_on))
    review = lease.starts_on + timedelta(days=QUARTER)
    while review < lease.ends_on:
        dates.append(("quarterly_review", review))
        review += timedelta(days=QUARTER)
    return dates


KIND_LABELS = {"renewal_decision": _l("Renewal decision due"), "lease_end": _l("End of the lease"),
               "quarterly_review": _l("Quarterly review")}


def send_reminders(today: date) -> int:
    """Remind people of deadlines within 30 days (or just passed); each one once."""
    sent = 0
    leases = db.session.scalars(db.select(Lease).where(
        Lease.signed_on.is_not(None), Lease.ends_on >= today - timedelta(days=1))).all()
    for lease in leases:
        application = db.session.get(Application, lease.application_id)
        for kind, due in deadlines(lease):
            if not (today <= due + timedelta(days=1) and due <= today + timedelta(days=REMIND_DAYS_BEFORE)):
                continue
            reminder = LeaseReminder(lease_id=lease.id, kind=kind, due_on=due)
            db.session.add(reminder)
            try:
                db.session.flush()
            except IntegrityError:
                db.session.rollback()
                continue
            link = link_to("applications.detail", application_id=application.id)
            for user in [application.applicant, *_reviewers(application)]:
                with force_locale(user.locale or "fr"):
                    title = _("%(what)s on %(date)s", what=str(KIND_LABELS[kind]), date=due.isoformat())
                    notify(user, f"lease_{kind}", title, f"{application.project.name} — {application.premises.title}",
                           link)
            db.session.commit()
            sent += 1
    return sent
