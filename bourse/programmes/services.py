"""Test-boutique rules: programmes, calls and non-overlapping slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.domain import DomainError, NotFound
from bourse.extensions import db
from bourse.geo.database import is_exclusion_violation
from bourse.lifecycle import signals
from bourse.weights import clean
from bourse.premises.models import Premises
from bourse.programmes.models import Call, Programme, Slot, SlotAllocation, Support
from bourse.timeutil import utcnow
from bourse.unit_of_work import require_lock

MAX_CRITERIA = 10
#: a programme's grid is about to change (``programme``): a receiver raises ``ProgrammeError`` to refuse
grid_changing = signals.signal("programme-grid-changing")
#: a call was published (``call``): alerts tell the people whose searches its unit matches
call_published = signals.signal("call-published")


class ProgrammeError(DomainError):
    """A refused programme, call or slot."""


class SlotOverlap(ProgrammeError):
    """The unit is already taken for part of these dates."""


@dataclass
class Criterion:
    label: str
    weight: int


def can_run(user: User | None, town_id: int) -> bool:
    """Town managers of the town, and administrators, run its programmes."""
    if user is None or not user.is_authenticated:
        return False
    return user.has_role(Role.ADMIN) or (user.has_role(Role.TOWN_MANAGER) and any(t.id == town_id for t in user.towns))


def require_run(user: User | None, town_id: int) -> None:
    """:raises NotFound: unless ``user`` runs programmes in this town."""
    if not can_run(user, town_id):
        raise NotFound()


def _check_criteria(criteria: list[Criterion]) -> list[dict]:
    criteria = [c for c in criteria if c.label.strip()]
    if not criteria:
        raise ProgrammeError(_l("Publish at least one selection criterion."), field="criteria")
    if len(criteria) > MAX_CRITERIA:
        raise ProgrammeError(_l("Use at most %(n)d criteria.", n=MAX_CRITERIA), field="criteria")
    if any(not (1 <= c.weight <= 100) for c in criteria) or sum(c.weight for c in criteria) != 100:
        raise ProgrammeError(_l("Criteria weights must be between 1 and 100 and add up to 100."), field="criteria")
    return [{"label": c.label.strip()[:120], "weight": int(c.weight)} for c in criteria]


def save_programme(actor: User, programme: Programme | None, *, premises: Premises, title: str,
                   description: str, support: list[str], support_details: str, trial_months: int,
                   renewable_once: bool, follow_on_lease: str, criteria: list[Criterion],
                   weights: dict | None = None, score_max: int = 10,
                   required_documents: list[str] = ()) -> Programme:
    """Create or update a programme for a unit of the actor's town.

    :raises ProgrammeError: for an invalid grid or unknown support.
    :raises NotFound: when the actor does not run programmes in the unit's town.
    """
    require_run(actor, premises.town_id)
    if programme is not None:
        require_run(actor, programme.town_id)
    if set(support) - {s.value for s in Support}:
        raise ProgrammeError(_l("Unknown kind of support."), field="support")
    if not (1 <= trial_months <= 36):
        raise ProgrammeError(_l("A trial lasts between 1 and 36 months."), field="trial_months")
    grid = _check_criteria(criteria)
    if not (2 <= score_max <= 100):
        raise ProgrammeError(_l("Scores go from 0 to a maximum between 2 and 100."), field="score_max")
    if programme is not None and (grid != programme.criteria or score_max != programme.score_max):
        grid_changing.send("programmes", programme=programme)  # the jury refuses once it has scored
    programme = programme or Programme(created_by=actor)
    programme.town_id, programme.premises = premises.town_id, premises
    programme.title, programme.description = title.strip(), description.strip()
    programme.support, programme.support_details = list(support), support_details.strip()
    programme.trial_months, programme.renewable_once = trial_months, renewable_once
    programme.follow_on_lease, programme.criteria = follow_on_lease, grid
    programme.match_weights = clean(weights)
    programme.score_max = score_max
    programme.required_documents = _check_documents(required_documents)
    db.session.add(programme)
    db.session.flush()
    return programme


MAX_REQUIRED_DOCUMENTS = 10


def _check_documents(names) -> list[str]:
    cleaned = list(dict.fromkeys(n.strip()[:120] for n in names if n and n.strip()))
    if len(cleaned) > MAX_REQUIRED_DOCUMENTS:
        raise ProgrammeError(_l("Ask for at most %(n)d documents.", n=MAX_REQUIRED_DOCUMENTS),
                             field="required_documents")
    return cleaned


def save_call(actor: User, programme: Programme, call: Call | None, *, opens_on: date, closes_at: datetime,
              published: bool) -> Call:
    """:raises ProgrammeError: when the deadline is not after the opening day."""
    require_run(actor, programme.town_id)
    if closes_at.date() < opens_on:
        raise ProgrammeError(_l("The deadline must come after the opening date."), field="closes_at")
    call = call or Call(programme=programme)
    newly_published = published and not call.published
    call.opens_on, call.closes_at, call.published = opens_on, closes_at, published
    db.session.add(call)
    db.session.flush()
    if newly_published:
        call_published.send("programmes", call=call)
    return call


def _overlapping(premises_id: int, starts_on: date, ends_on: date) -> Slot | None:
    return db.session.scalar(db.select(Slot).where(
        Slot.premises_id == premises_id, Slot.starts_on < ends_on, Slot.ends_on > starts_on).limit(1))


def add_slot(actor: User, call: Call, *, starts_on: date, ends_on: date, rent_per_month: Decimal) -> Slot:
    """Add an occupancy period ``[starts_on, ends_on)`` of the programme's unit.

    The no-overlap rule is checked inside a write-locked transaction on SQLite (the boundary
    declares ``WRITE_LOCK``) and enforced by an exclusion constraint on PostgreSQL, so two
    simultaneous requests cannot both win.

    :raises SlotOverlap: when the unit is already taken for part of these dates.
    :raises ProgrammeError: for dates in the wrong order or a negative rent.
    """
    require_run(actor, call.programme.town_id)
    if ends_on <= starts_on:
        raise ProgrammeError(_l("A slot must end after it starts."), field="ends_on")
    if rent_per_month < 0:
        raise ProgrammeError(_l("The rent cannot be negative."), field="rent_per_month")
    require_lock()
    call_id, premises_id = call.id, call.programme.premises_id
    if _overlapping(premises_id, starts_on, ends_on) is not None:
        raise SlotOverlap(_l("This unit is already taken for part of these dates."), field="starts_on")
    slot = Slot(call_id=call_id, premises_id=premises_id, starts_on=starts_on, ends_on=ends_on,
                rent_per_month=rent_per_month)
    db.session.add(slot)
    try:
        db.session.flush()
    except IntegrityError as exc:
        if is_exclusion_violation(exc):
            raise SlotOverlap(_l("This unit is already taken for part of these dates."), field="starts_on") from None
        raise
    return slot


def delete_slot(actor: User, slot: Slot) -> None:
    require_run(actor, slot.call.programme.town_id)
    db.session.delete(slot)
    db.session.flush()


def programmes_for(user: User) -> list[Programme]:
    query = db.select(Programme).order_by(Programme.created_at.desc())
    if not user.has_role(Role.ADMIN):
        query = query.where(Programme.town_id.in_([t.id for t in user.towns]))
    return list(db.session.scalars(query))


def open_calls(now: datetime | None = None) -> list[Call]:
    """Published calls accepting applications now, closest deadline first."""
    now = now or utcnow()
    return list(db.session.scalars(
        db.select(Call).where(Call.published.is_(True), Call.opens_on <= now.date(), Call.closes_at > now)
        .order_by(Call.closes_at)))


def public_call(call_id: int) -> Call:
    """A published call (open, upcoming or closed). :raises NotFound: otherwise."""
    call = db.session.get(Call, call_id)
    if call is None or not call.published:
        raise NotFound()
    return call


def confirmed_allocation(call: Call) -> dict[int, SlotAllocation]:
    """The allocation the manager confirmed for the call's slots: slot id -> allocation."""
    slot_ids = [s.id for s in call.slots]
    return {a.slot_id: a for a in db.session.scalars(db.select(SlotAllocation).where(
        SlotAllocation.slot_id.in_(slot_ids)))} if slot_ids else {}


def get_run_call(actor: User, call_id: int) -> Call:
    """:raises NotFound: for a missing call, or one outside the towns ``actor`` runs programmes in."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise NotFound()
    require_run(actor, call.programme.town_id)
    return call
