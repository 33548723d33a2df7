"""Kept match lists: a big town's best units for a project, so that its page reads a hundred rows,
not the tens of thousands of units the town holds; and the other way, a unit's best projects when
thousands of projects want its town (``matching.lists``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bourse.extensions import db
from bourse.timeutil import UTCDateTime


class ProjectMatchList(db.Model):
    """The best plain premises for one project when it was computed, best first, and what the
    counts were then. Units changed since ``computed_at`` are read again live by the page."""

    __tablename__ = "project_match_lists"
    __table_args__ = (Index("ix_project_match_lists_computed_at", "computed_at"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when its read began, less a margin
    project_updated_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the project as it was read
    weights_key: Mapped[str] = mapped_column(String(64))  # the towns' own weights as they were read
    considered: Mapped[int] = mapped_column(Integer)
    removed: Mapped[dict] = mapped_column(JSON, default=dict)
    premises_ids: Mapped[list] = mapped_column(JSON, default=list)
    floor: Mapped[float] = mapped_column(Float)  # the last kept unit's score: no unit left out scored above it


class UnitMatchList(db.Model):
    """The best visible projects for one unit (as plain premises, not a slot) when it was computed,
    best first, and the counts then. Projects changed since ``computed_at`` are read again live."""

    __tablename__ = "unit_match_lists"
    __table_args__ = (Index("ix_unit_match_lists_computed_at", "computed_at"),)

    premises_id: Mapped[int] = mapped_column(ForeignKey("premises.id", ondelete="CASCADE"), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    premises_updated_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the unit as it was read
    weights_key: Mapped[str] = mapped_column(String(64))
    considered: Mapped[int] = mapped_column(Integer)
    removed: Mapped[dict] = mapped_column(JSON, default=dict)
    project_ids: Mapped[list] = mapped_column(JSON, default=list)
    floor: Mapped[float] = mapped_column(Float)  # the last kept project's score
