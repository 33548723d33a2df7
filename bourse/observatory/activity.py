"""What the platform itself did in a scope: the application funnel, the test boutiques' outcomes,
and the time from a listing to its signed lease."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
from sqlalchemy import case, func, select

from bourse import geo
from bourse.applications.models import Application, ApplicationEvent, Lease, State
from bourse.extensions import db
from bourse.observatory.periods import Period
from bourse.observatory.runs import OCCUPIED
from bourse.observatory.scope import Scope
from bourse.premises.models import LeaseType, PremisesStatus, PremisesStatusChange
from bourse.register.models import Spell, UnitListing
from bourse.register.spells import month_of

FUNNEL = (State.SUBMITTED, State.SHORTLISTED, State.SELECTED, State.LEASE_SIGNED)
TRIAL_CHECK_DAYS = 365  # a test boutique is looked at again a year after it opened


def _bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(month_of(period.first), time(), timezone.utc)
    end = datetime.combine(period.reference_day + timedelta(days=1), time(), timezone.utc)
    return start, end


def funnel(scope: Scope, period: Period) -> list[int]:
    """Applications submitted in the period to premises in scope, by the furthest stage each reached:
    how many were submitted, shortlisted, selected, and let (each stage counts those beyond it)."""
    start, end = _bounds(period)
    rank = case(*((ApplicationEvent.to_state == stage.value, number) for number, stage in enumerate(FUNNEL)), else_=0)
    furthest = db.session.execute(select(func.max(rank)).join(Application, Application.id == ApplicationEvent.application_id)
                                  .where(geo.among(Application.premises_id, scope.premises),
                                         Application.submitted_at >= start, Application.submitted_at < end)
                                  .group_by(Application.id)).scalars().all()
    reached = np.bincount(np.array(furthest, dtype=np.int64), minlength=len(FUNNEL))
    return np.cumsum(reached[::-1])[::-1].tolist()


@dataclass(frozen=True)
class Trials:
    started: int
    converted: int  # a commercial 3-6-9 lease signed afterwards, for the same premises and tenant
    checked: int  # trials begun at least a year before the reference day
    open_after_a_year: int  # of those, the unit still occupied a year on


def trials(scope: Scope, period: Period) -> Trials:
    start, end = _bounds(period)
    rows = db.session.execute(
        select(Lease.starts_on, Application.premises_id, Application.applicant_id, UnitListing.unit_id)
        .join(Application, Application.id == Lease.application_id)
        .outerjoin(UnitListing, UnitListing.premises_id == Application.premises_id)
        .where(Application.slot_id.is_not(None), Lease.signed_on.is_not(None),
               geo.among(Application.premises_id, scope.premises),
               Lease.starts_on >= start.date(), Lease.starts_on < end.date())).all()
    if not rows:
        return Trials(0, 0, 0, 0)
    premises_ids = sorted({row[1] for row in rows})
    later = db.session.execute(
        select(Application.premises_id, Application.applicant_id, Lease.starts_on)
        .join(Lease, Lease.application_id == Application.id)
        .where(Application.premises_id.in_(premises_ids), Lease.signed_on.is_not(None),
               Lease.lease_type == LeaseType.COMMERCIAL_369.value)).all()
    converted = sum(any(p == premises and a == applicant and on >= began for p, a, on in later)
                    for began, premises, applicant, _unit in rows)
    due = [(unit, (began + timedelta(days=TRIAL_CHECK_DAYS)).toordinal()) for began, _p, _a, unit in rows
           if unit is not None and began + timedelta(days=TRIAL_CHECK_DAYS) <= period.reference_day]
    occupied = db.session.execute(select(Spell.unit_id, Spell.start_day, Spell.end_day).where(
        Spell.unit_id.in_(sorted({unit for unit, _day in due})), Spell.state == OCCUPIED)).all()
    still_open = sum(any(u == unit and begin <= day and (finish is None or finish > day) for u, begin, finish in occupied)
                     for unit, day in due)
    return Trials(len(rows), converted, len(due), still_open)


def listing_to_lease(scope: Scope, period: Period) -> np.ndarray:
    """Days from a listing's first publication to the signature of its lease, for leases signed
    in the period."""
    start, end = _bounds(period)
    rows = db.session.execute(
        select(Lease.signed_on, func.min(PremisesStatusChange.changed_at))
        .join(Application, Application.id == Lease.application_id)
        .join(PremisesStatusChange, (PremisesStatusChange.premises_id == Application.premises_id)
              & (PremisesStatusChange.to_status == PremisesStatus.PUBLISHED.value))
        .where(geo.among(Application.premises_id, scope.premises), Lease.signed_on >= start.date(),
               Lease.signed_on < end.date())
        .group_by(Lease.id, Lease.signed_on)).all()
    return np.array([max(0, (signed - _day(published)).days) for signed, published in rows], dtype=np.int64)


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value
