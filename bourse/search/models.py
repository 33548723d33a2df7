"""Published premises counted per map cell and level, kept current by database triggers.

The triggers (migration 0023) record +1 in a unit's cell at every level when it is published and
-1 when it leaves the market, moves or is deleted, in the same transaction as the change: no code
path can forget them, bulk inserts included. They only append to ``premises_map_deltas`` (no row
is updated by two transactions); ``map_cells.fold`` adds the deltas into ``premises_map_cells``
every minute, and readers sum both. ``sum_lon``/``sum_lat`` place each cluster at its units' mean.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, Index, Integer, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from bourse.extensions import db


class MapCellLevel(db.Model):
    """The stored levels and their cell size in degrees (read by the triggers)."""

    __tablename__ = "map_cell_levels"
    __table_args__ = {"info": {"reference_data": True}}  # written by its migration, never by the app

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    size: Mapped[float] = mapped_column(Float)


class PremisesMapCell(db.Model):
    __tablename__ = "premises_map_cells"

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    cx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cy: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, default=0)
    sum_lon: Mapped[float] = mapped_column(Float, default=0.0)
    sum_lat: Mapped[float] = mapped_column(Float, default=0.0)


class PremisesMapDelta(db.Model):
    """A change to one cell not yet folded into ``premises_map_cells``."""

    __tablename__ = "premises_map_deltas"
    __table_args__ = (Index("ix_premises_map_deltas_cell", "level", "cx", "cy"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    cx: Mapped[int] = mapped_column(Integer)
    cy: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)
    sum_lon: Mapped[float] = mapped_column(Float)
    sum_lat: Mapped[float] = mapped_column(Float)
