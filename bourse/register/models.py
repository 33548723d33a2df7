"""Units and their observations: the denominator of every vacancy rate, and its history."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from geoalchemy2 import WKBElement
from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bourse.extensions import db
from bourse.geo import MultiPolygonColumn, PointColumn
from bourse.sectors import ObservatoryClass
from bourse.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from bourse.accounts.models import User


class UnitState(StrEnum):
    OCCUPIED = "occupied"
    VACANT = "vacant"
    WORKS = "works"  # under works: neither trading nor on offer
    GONE = "gone"  # no longer a shop unit (merged, turned into housing)


class Source(StrEnum):
    SURVEY = "survey"
    PLATFORM = "platform"  # a listing's life on Bourse
    SIRENE = "sirene"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Unit(db.Model):
    """One ground-floor commercial cell of a town, whatever happens in it over the years."""

    __tablename__ = "units"
    __table_args__ = (Index("ix_units_town_state", "town_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id", ondelete="RESTRICT"), index=True)
    address: Mapped[str] = mapped_column(String(255), default="")
    # The address in a comparable form (lower case, no accents or punctuation): matches a survey's
    # "12, rue du Lait" with the listing's "12 Rue du Lait 56400 Auray".
    address_key: Mapped[str] = mapped_column(String(255), default="", index=True)
    name: Mapped[str | None] = mapped_column(String(140))
    location: Mapped[WKBElement] = mapped_column(PointColumn(), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # What the latest observation says, kept with the unit so that a town's register, and the
    # country's, is read from one indexed table (services.refresh_current is the one writer).
    state: Mapped[str | None] = mapped_column(String(10))
    state_since: Mapped[date | None] = mapped_column(Date)  # the first day of the current run of that state
    state_source: Mapped[str | None] = mapped_column(String(10))
    sector: Mapped[str | None] = mapped_column(String(30))
    obs_class: Mapped[str | None] = mapped_column(String(12))
    # Who owns a vacant unit that is not listed, when the manager knows: seen by managers only.
    owner_name: Mapped[str | None] = mapped_column(String(140))
    owner_email: Mapped[str | None] = mapped_column(String(254))
    owner_phone: Mapped[str | None] = mapped_column(String(40))
    owner_invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    observations: Mapped[list["Observation"]] = relationship(
        back_populates="unit", order_by="(Observation.observed_on, Observation.id)", cascade="all, delete-orphan")


class Observation(db.Model):
    """What one source saw in a unit on one day. Never overwritten: the history is the register."""

    __tablename__ = "unit_observations"
    __table_args__ = (
        CheckConstraint(_in("state", UnitState), name="state_valid"),
        CheckConstraint(_in("source", Source), name="source_valid"),
        CheckConstraint(f"obs_class IS NULL OR {_in('obs_class', ObservatoryClass)}", name="class_valid"),
        Index("ix_unit_observations_unit_day", "unit_id", "observed_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    observed_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10))
    sector: Mapped[str | None] = mapped_column(String(30))
    naf_code: Mapped[str | None] = mapped_column(String(6))
    obs_class: Mapped[str | None] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(10))
    premises_id: Mapped[int | None] = mapped_column(ForeignKey("premises.id", ondelete="SET NULL"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("survey_campaigns.id", ondelete="RESTRICT"),
                                                     index=True)
    # The source's own key for what it saw: the SIRET of a Sirene establishment.
    ref: Mapped[str | None] = mapped_column(String(20), index=True)
    name: Mapped[str | None] = mapped_column(String(140))  # the shop's sign, as this source saw it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    unit: Mapped[Unit] = relationship(back_populates="observations")


class Spell(db.Model):
    """One run of one state in a unit's life ("vacant from March 2021 to June 2023"), rebuilt from the
    observations by services.refresh_current. Days and months are plain integers (``date.toordinal()``,
    ``year * 12 + month - 1``), so the observatory counts, sums and subtracts them with the same SQL on
    both databases, never with a loop per unit and month."""

    __tablename__ = "unit_spells"
    __table_args__ = (Index("ix_unit_spells_town_state", "town_id", "state", "start_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id", ondelete="RESTRICT"))
    state: Mapped[str] = mapped_column(String(10))
    sector: Mapped[str | None] = mapped_column(String(30))
    obs_class: Mapped[str | None] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(10))  # of the observation that began the run
    start_day: Mapped[int]
    end_day: Mapped[int | None]  # the day the next run began; none while it lasts
    start_month: Mapped[int]
    end_month: Mapped[int | None]
    # The run before (none for a unit's first): an opening follows it, a closure follows an occupied one.
    prev_state: Mapped[str | None] = mapped_column(String(10))
    prev_source: Mapped[str | None] = mapped_column(String(10))  # of the previous run's last observation
    prev_seen_day: Mapped[int | None]  # that observation's day


class SurveyCampaign(db.Model):
    """One pass over a town's units (a file imported, or a walk with a phone): kept, never overwritten."""

    __tablename__ = "survey_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(140))
    surveyed_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(10), default="file")  # "file" or "field"
    filename: Mapped[str | None] = mapped_column(String(140))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # What the import did (counts and the line-by-line report), once it has run.
    report: Mapped[dict | None] = mapped_column(JSON)


class UnitListing(db.Model):
    """Which unit a listing is about: made or matched when the listing is first published."""

    __tablename__ = "unit_listings"

    premises_id: Mapped[int] = mapped_column(ForeignKey("premises.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Perimeter(db.Model):
    """One validated version of a town-centre perimeter: figures say which version they use."""

    __tablename__ = "perimeters"
    __table_args__ = (UniqueConstraint("town_id", "version", name="uq_perimeters_town_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id", ondelete="RESTRICT"), index=True)
    version: Mapped[int]
    area: Mapped[WKBElement] = mapped_column(MultiPolygonColumn(), nullable=False)
    source: Mapped[str] = mapped_column(String(10), default="drawn")  # "drawn" on the map or "file"
    validated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    validated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    zones: Mapped[list["Zone"]] = relationship(back_populates="perimeter", order_by="Zone.name")
    validator: Mapped["User | None"] = relationship("User", lazy="joined")


class Zone(db.Model):
    """A named part of a perimeter version (a street, a quarter), for breakdowns."""

    __tablename__ = "perimeter_zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    perimeter_id: Mapped[int] = mapped_column(ForeignKey("perimeters.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    area: Mapped[WKBElement] = mapped_column(MultiPolygonColumn(), nullable=False)

    perimeter: Mapped[Perimeter] = relationship(back_populates="zones")
