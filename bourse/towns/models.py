"""Towns (communes) and their town-centre perimeter."""

from __future__ import annotations

from datetime import datetime

from geoalchemy2 import WKBElement
from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from bourse.extensions import db
from bourse.geo import MultiPolygonColumn, PointColumn
from bourse.timeutil import UTCDateTime, utcnow


class Town(db.Model):
    """A French commune, identified by its INSEE code."""

    __tablename__ = "towns"
    __table_args__ = (
        CheckConstraint("length(insee_code) = 5", name="insee_code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    insee_code: Mapped[str] = mapped_column(String(5), unique=True)
    department_code: Mapped[str] = mapped_column(String(3))
    department_name: Mapped[str] = mapped_column(String(80))
    centre: Mapped[WKBElement] = mapped_column(PointColumn(), nullable=False)
    # The town-centre perimeter validated by the town manager; vacancy rates are computed inside it.
    # Deferred: a perimeter can weigh hundreds of KB, and most pages only want the town's name.
    perimeter: Mapped[WKBElement | None] = mapped_column(MultiPolygonColumn(), nullable=True, deferred=True)
    # Trades the town wants more of: matching gives them a bonus.
    missing_sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Default matching weights for the town ({criterion: weight}); empty means the platform's.
    match_weights: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<Town {self.insee_code} {self.name}>"

