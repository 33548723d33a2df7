"""What the figures rest on: the perimeter version, the sources and their dates, and the units
whose sources disagree (the later observation is the one counted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from bourse.extensions import db
from bourse.observatory.runs import covering, in_scope
from bourse.observatory.scope import Scope
from bourse.register.models import Observation, Spell, SurveyCampaign, Unit

# Two sources that disagree within this many days contradict each other; further apart, the
# unit simply changed.
DISAGREEMENT_DAYS = 365


@dataclass(frozen=True)
class SourceUse:
    source: str  # survey, platform, sirene
    campaign: SurveyCampaign | None
    observations: int
    first: date
    last: date


def sources(scope: Scope, day: date) -> list[SourceUse]:
    rows = db.session.execute(
        select(Observation.source, Observation.campaign_id, func.count(), func.min(Observation.observed_on),
               func.max(Observation.observed_on))
        .where(scope.holds(Observation.unit_id), Observation.observed_on <= day)
        .group_by(Observation.source, Observation.campaign_id)).all()
    campaigns = {c.id: c for c in db.session.scalars(select(SurveyCampaign).where(
        SurveyCampaign.id.in_([row[1] for row in rows if row[1] is not None])))}
    uses = [SourceUse(source, campaigns.get(campaign_id), count, _date(first), _date(last))
            for source, campaign_id, count, first, last in rows]
    return sorted(uses, key=lambda use: (use.last, use.source), reverse=True)


@dataclass(frozen=True)
class Disagreement:
    unit_id: int
    address: str
    state: str
    source: str
    since: date
    earlier_state: str
    earlier_source: str
    earlier_on: date


def disagreements(scope: Scope, day: date) -> list[Disagreement]:
    """Units whose current run began with one source saying otherwise than another source shortly
    before (a survey finding empty a unit the platform had recorded let)."""
    rows = db.session.execute(
        select(Spell.unit_id, Unit.address, Spell.state, Spell.source, Spell.start_day, Spell.prev_state,
               Spell.prev_source, Spell.prev_seen_day)
        .join(Unit, Unit.id == Spell.unit_id)
        .where(in_scope(scope), covering(day.toordinal()), Spell.prev_source.is_not(None),
               Spell.prev_source != Spell.source, Spell.start_day - Spell.prev_seen_day <= DISAGREEMENT_DAYS)
        .order_by(Spell.start_day.desc(), Spell.unit_id)).all()
    return [Disagreement(unit_id, address, state, source, date.fromordinal(start), prev_state, prev_source,
                         date.fromordinal(seen))
            for unit_id, address, state, source, start, prev_state, prev_source, seen in rows]


def _date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
