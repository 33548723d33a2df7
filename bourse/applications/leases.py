"""The lease tracker: recording the lease, signing it, and reminding people of its deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from bourse.domain import NotFound
from bourse.accounts.models import User
from bourse.applications import machine
from bourse.applications.models import Application, Lease, LeaseReminder, RentStep, State
from bourse.applications.services import ApplicationError, Conflict, run
from bourse.extensions import db
from bourse.jobs import handler
from bourse.timeutil import utcnow
from bourse.lifecycle import signals
from bourse.premises.models import LeaseType

REMIND_DAYS_BEFORE = 30
QUARTER = 91


@dataclass
class Step:
    starts_on: date
    ends_on: date
    monthly_rent: Decimal


MAX_MONTHLY_RENT = Decimal(1_000_000)  # the column holds up to 10⁸: anything near it is a typo
EARLIEST_LEASE = date(2000, 1, 1)
LONGEST_LEASE = timedelta(days=99 * 366)


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
    if application.lease is not None and application.lease.signed_on is not None:
        raise ApplicationError(_l("This lease is signed: it can no longer change."))
    if lease_type not in {t.value for t in LeaseType} or (converts_to and converts_to not in {t.value for t in LeaseType}):
        raise ApplicationError(_l("Unknown lease type."), field="lease_type")
    if ends_on <= starts_on:
        raise ApplicationError(_l("The lease must end after it starts."), field="ends_on")
    if starts_on < EARLIEST_LEASE or ends_on > starts_on + LONGEST_LEASE:
        raise ApplicationError(_l("A lease starts after 2000 and lasts at most 99 years."), field="ends_on")
    if renewal_decision_on and not (starts_on <= renewal_decision_on <= ends_on):
        raise ApplicationError(_l("The renewal decision falls within the lease."), field="renewal_decision_on")
    ordered = sorted(steps, key=lambda s: s.starts_on)
    for i, step in enumerate(ordered):
        if step.ends_on <= step.starts_on or step.starts_on < starts_on or step.ends_on > ends_on:
            raise ApplicationError(_l("Each rent step must lie within the lease and end after it starts."),
                                   field="steps")
        if step.monthly_rent < 0:
            raise ApplicationError(_l("The rent cannot be negative."), field="steps")
        if not step.monthly_rent.is_finite() or step.monthly_rent > MAX_MONTHLY_RENT:
            raise ApplicationError(_l("A monthly rent is at most %(max)s €.", max="1 000 000"), field="steps")
        if i and step.starts_on < ordered[i - 1].ends_on:
            raise ApplicationError(_l("Rent steps must not overlap."), field="steps")
    lease = application.lease or Lease(application_id=application.id)
    lease.lease_type, lease.starts_on, lease.ends_on = lease_type, starts_on, ends_on
    lease.renewal_decision_on, lease.converts_to = renewal_decision_on, converts_to
    lease.steps = [RentStep(starts_on=s.starts_on, ends_on=s.ends_on, monthly_rent=s.monthly_rent) for s in ordered]
    application.lease = lease
    db.session.flush()
    return lease


def sign(actor: User, application: Application, signed_on: date) -> Application:
    """Sign the recorded lease: the application becomes lease_signed and the unit let.

    This is the only way to the ``sign_lease`` move; its effects live in the life-cycle table.

    :raises NotFound: unless ``actor`` reviews the application.
    :raises MoveRefused: without a recorded lease, a signature date, or a selected application.
    """
    if not machine.is_reviewer(actor, application):
        raise NotFound()
    run(application, actor, "sign_lease", dedicated=True, signed_on=signed_on)
    return application


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


def due_reminders(today: date) -> list[tuple[int, str, date]]:
    """``(lease id, kind, due date)`` of each reminder due within 30 days (or just passed) and not yet sent."""
    leases = db.session.scalars(db.select(Lease).where(
        Lease.signed_on.is_not(None), Lease.ends_on >= today - timedelta(days=1))).all()
    sent = set(db.session.execute(db.select(LeaseReminder.lease_id, LeaseReminder.kind, LeaseReminder.due_on)
                                  .where(LeaseReminder.lease_id.in_([lease.id for lease in leases]))).all())
    return [(lease.id, kind, due) for lease in leases for kind, due in deadlines(lease)
            if today <= due + timedelta(days=1) and due <= today + timedelta(days=REMIND_DAYS_BEFORE)
            and (lease.id, kind, due) not in sent]


#: a lease deadline falls due (``application``, ``kind``, ``label``, ``due``): notifications tell the people
deadline_due = signals.signal("lease-deadline-due")


def send_reminder(lease_id: int, kind: str, due: date) -> None:
    """Tell the entrepreneur and the reviewers, each in their language; a reminder is sent once.

    :raises Conflict: when another run sent this reminder meanwhile.
    """
    lease = db.session.get(Lease, lease_id)
    application = db.session.get(Application, lease.application_id)
    db.session.add(LeaseReminder(lease_id=lease.id, kind=kind, due_on=due))
    try:
        db.session.flush()
    except IntegrityError:
        raise Conflict(_l("This reminder was already sent.")) from None
    deadline_due.send("applications", application=application, kind=kind, label=KIND_LABELS[kind], due=due)


@handler("leases.remind", every="day")
def remind_job() -> None:
    """Every morning: the reminders due today, each one once (a second run finds them sent)."""
    for lease_id, kind, due in due_reminders(utcnow().date()):
        send_reminder(lease_id, kind, due)
