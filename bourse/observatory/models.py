"""Monthly snapshots: a town's figures frozen once a month is over, so published figures do not move
when late data arrives."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bourse.extensions import db
from bourse.timeutil import UTCDateTime, utcnow


class Snapshot(db.Model):
    __tablename__ = "observatory_snapshots"
    __table_args__ = (UniqueConstraint("town_id", "month", name="uq_observatory_snapshots_town_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id", ondelete="RESTRICT"))
    month: Mapped[int]  # year * 12 + month - 1, as the register's runs count months
    perimeter_id: Mapped[int] = mapped_column(ForeignKey("perimeters.id", ondelete="RESTRICT"))
    perimeter_version: Mapped[int]
    figures: Mapped[dict] = mapped_column(JSON)  # Figures.summary() on the month's last day
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
