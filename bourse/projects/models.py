"""Project files: what an entrepreneur needs, where, when and for how much."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from geoalchemy2 import Geometry, WKBElement
from sqlalchemy import Index, Boolean, CheckConstraint, Column, Date, ForeignKey, Integer, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bourse.accounts.models import User
from bourse.bounds import MAX_AMOUNT, MAX_AREA_M2, MAX_FRONTAGE_M, within
from bourse.extensions import db
from bourse.geo.types import SRID
from bourse.timeutil import UTCDateTime, utcnow
from bourse.towns.models import Town


class Need(StrEnum):
    """How much a feature matters: not at all, a plus, or a must-have (a hard constraint)."""

    NONE = "none"
    NICE = "nice"
    MUST = "must"


_NEED_VALUES = ", ".join(f"'{n.value}'" for n in Need)

project_towns = Table(
    "project_towns",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("town_id", ForeignKey("towns.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_project_towns_town_id", "town_id"),  # the projects wanting a town (a unit's candidates)
)


class Project(db.Model):
    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("min_area_m2 > 0 AND max_area_m2 >= min_area_m2", name="area_range_valid"),
        CheckConstraint("max_rent_per_year >= 0", name="budget_not_negative"),
        CheckConstraint("radius_km IS NULL OR (radius_km > 0 AND radius_km <= 200)", name="radius_range"),
        within("max_area_m2", MAX_AREA_M2), within("max_rent_per_year", MAX_AMOUNT),
        within("min_frontage_m", MAX_FRONTAGE_M), within("funding_secured", MAX_AMOUNT),
        CheckConstraint(f"need_extraction IN ({_NEED_VALUES})", name="need_extraction_valid"),
        CheckConstraint(f"need_step_free IN ({_NEED_VALUES})", name="need_step_free_valid"),
        CheckConstraint(f"need_frontage IN ({_NEED_VALUES})", name="need_frontage_valid"),
        Index("ix_projects_updated_at", "updated_at"),  # a unit's kept list: which projects changed since?
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(140))
    sector: Mapped[str] = mapped_column(String(30))
    concept: Mapped[str] = mapped_column(Text, default="")
    min_area_m2: Mapped[Decimal] = mapped_column(Numeric(8, 1))
    max_area_m2: Mapped[Decimal] = mapped_column(Numeric(8, 1))
    max_rent_per_year: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    # Where: the wanted towns, or a point with a radius (or both).
    place_label: Mapped[str] = mapped_column(String(255), default="")
    location: Mapped[WKBElement | None] = mapped_column(
        Geometry(geometry_type="POINT", srid=SRID, spatial_index=True), nullable=True)
    radius_km: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    earliest_start: Mapped[date | None] = mapped_column(Date)
    need_extraction: Mapped[str] = mapped_column(String(5), default=Need.NONE.value)
    need_step_free: Mapped[str] = mapped_column(String(5), default=Need.NONE.value)
    need_frontage: Mapped[str] = mapped_column(String(5), default=Need.NONE.value)
    min_frontage_m: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    experience: Mapped[str] = mapped_column(Text, default="")
    funding_secured: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    business_plan_key: Mapped[str | None] = mapped_column(String(80))
    business_plan_name: Mapped[str | None] = mapped_column(String(140))
    # Private by default; visible projects can be found by landlords and town managers.
    visible: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    towns: Mapped[list[Town]] = relationship(secondary=project_towns, order_by="Town.name")
    photos: Mapped[list["ProjectPhoto"]] = relationship(order_by="ProjectPhoto.id", cascade="all, delete-orphan")

    @property
    def has_place(self) -> bool:
        return bool(self.towns) or (self.location is not None and self.radius_km is not None)


class ProjectPhoto(db.Model):
    """A photo illustrating a project (products, a previous shop...), re-encoded on upload."""

    __tablename__ = "project_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
