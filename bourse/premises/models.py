"""Commercial premises and their time-stamped status history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from geoalchemy2 import WKBElement
from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import false, text

from bourse.accounts.models import User
from bourse.bounds import MAX_AMOUNT, MAX_AREA_M2, MAX_FRONTAGE_M, within
from bourse.extensions import db
from bourse.geo import PointColumn
from bourse.timeutil import UTCDateTime, utcnow
from bourse.towns.models import Town


class PremisesStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    UNDER_OFFER = "under_offer"
    LET = "let"
    WITHDRAWN = "withdrawn"


class DealType(StrEnum):
    TO_LET = "to_let"
    LEASE_TRANSFER = "lease_transfer"  # cession de droit au bail
    WALLS_FOR_SALE = "walls_for_sale"
    BUSINESS_FOR_SALE = "business_for_sale"  # fonds de commerce


class LeaseType(StrEnum):
    COMMERCIAL_369 = "commercial_369"
    SHORT_TERM = "short_term"  # bail dérogatoire, at most 3 years
    PRECARIOUS = "precarious"  # convention d'occupation précaire
    PROFESSIONAL = "professional"


def _in(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(str(v.value)) for v in enum)})"


class Premises(db.Model):
    """A commercial unit. Its location and status feed the map and the observatory."""

    __tablename__ = "premises"
    __table_args__ = (
        CheckConstraint(_in("status", PremisesStatus), name="status_valid"),
        CheckConstraint(_in("deal_type", DealType), name="deal_type_valid"),
        CheckConstraint("sales_area_m2 > 0", name="sales_area_positive"),
        CheckConstraint("rent_per_year IS NULL OR rent_per_year >= 0", name="rent_not_negative"),
        CheckConstraint("dpe_class IS NULL OR dpe_class IN ('A','B','C','D','E','F','G')", name="dpe_valid"),
        *(within(c, MAX_AREA_M2) for c in ("sales_area_m2", "storage_area_m2", "total_area_m2")),
        within("frontage_m", MAX_FRONTAGE_M),
        *(within(c, MAX_AMOUNT) for c in ("rent_per_year", "charges_per_year", "deposit", "key_money")),
        # The search page's orders, read from an index a page at a time instead of sorting every row.
        Index("ix_premises_search_relevance", "status", "has_photo", "updated_at", "id"),
        Index("ix_premises_search_area", "status", "sales_area_m2", "id"),
        Index("ix_premises_updated_at", "updated_at"),  # the map's cache: has any listing changed?
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(140))
    description: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(255))
    location: Mapped[WKBElement] = mapped_column(PointColumn(), nullable=False)

    sales_area_m2: Mapped[Decimal] = mapped_column(Numeric(8, 1))
    storage_area_m2: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    total_area_m2: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    floor: Mapped[int] = mapped_column(Integer, default=0)
    frontage_m: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))

    deal_type: Mapped[str] = mapped_column(String(20), default=DealType.TO_LET.value)
    rent_per_year: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # € HT HC
    charges_per_year: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    deposit: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    key_money: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # droit au bail / pas-de-porte
    lease_types: Mapped[list[str]] = mapped_column(JSON, default=list)

    allowed_sectors: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: any
    excluded_sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    current_sector: Mapped[str | None] = mapped_column(String(30))  # the trade while let
    has_extraction: Mapped[bool] = mapped_column(Boolean, default=False)
    step_free_access: Mapped[bool] = mapped_column(Boolean, default=False)
    erp_compliant: Mapped[bool] = mapped_column(Boolean, default=False)
    dpe_class: Mapped[str | None] = mapped_column(String(1))
    available_from: Mapped[date | None] = mapped_column(Date)

    status: Mapped[str] = mapped_column(String(20), default=PremisesStatus.DRAFT.value, index=True)
    # The cover photo, copied here by the photo service so that lists neither join nor count photos.
    has_photo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    cover_photo_key: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    town: Mapped[Town] = relationship()
    photos: Mapped[list["PremisesPhoto"]] = relationship(
        order_by="PremisesPhoto.position", cascade="all, delete-orphan", back_populates="premises"
    )

    @property
    def cover_photo(self) -> "PremisesPhoto | None":
        return next((p for p in self.photos if p.is_cover), self.photos[0] if self.photos else None)

    @property
    def rent_per_m2_year(self) -> Decimal | None:
        """Derived, never typed: yearly rent divided by the sales area."""
        if self.rent_per_year is None or not self.sales_area_m2:
            return None
        return (self.rent_per_year / self.sales_area_m2).quantize(Decimal("0.01"))


class PremisesStatusChange(db.Model):
    """One status change; the vacancy history is read from these rows."""

    __tablename__ = "premises_status_changes"
    __table_args__ = (CheckConstraint(_in("to_status", PremisesStatus), name="to_status_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    premises_id: Mapped[int] = mapped_column(ForeignKey("premises.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PremisesPhoto(db.Model):
    """A photo of premises, re-encoded on upload and kept outside ``static/``."""

    __tablename__ = "premises_photos"
    __table_args__ = (
        # At most one cover per premises, enforced by the database on both backends.
        Index("uq_premises_photos_cover", "premises_id", unique=True,
              sqlite_where=text("is_cover"), postgresql_where=text("is_cover")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    premises_id: Mapped[int] = mapped_column(ForeignKey("premises.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_cover: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    premises: Mapped[Premises] = relationship(back_populates="photos")
