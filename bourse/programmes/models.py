"""Programmes, calls and slots.

Slots of one unit never overlap. PostgreSQL enforces it with an exclusion constraint on a
date range (created by migration 0002); SQLite cannot, so ``services.add_slot`` checks under
a write lock.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bourse.accounts.models import User
from bourse.bounds import MAX_MONTHLY_RENT, within
from bourse.extensions import db
from bourse.premises.models import Premises
from bourse.timeutil import UTCDateTime, utcnow
from bourse.towns.models import Town


class Support(StrEnum):
    RENT_REDUCTION = "rent_reduction"
    HONOUR_LOAN = "honour_loan"
    MENTORING = "mentoring"
    TRAINING = "training"
    FITTING_OUT = "fitting_out"
    COMMUNICATION = "communication"


class Programme(db.Model):
    """A town's test-boutique programme for one unit."""

    __tablename__ = "programmes"
    __table_args__ = (
        CheckConstraint("trial_months BETWEEN 1 AND 36", name="trial_months_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id", ondelete="RESTRICT"), index=True)
    premises_id: Mapped[int] = mapped_column(ForeignKey("premises.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(140))
    description: Mapped[str] = mapped_column(Text, default="")
    support: Mapped[list[str]] = mapped_column(JSON, default=list)
    support_details: Mapped[str] = mapped_column(Text, default="")
    trial_months: Mapped[int] = mapped_column(Integer, default=6)
    renewable_once: Mapped[bool] = mapped_column(Boolean, default=True)
    follow_on_lease: Mapped[str] = mapped_column(String(20), default="commercial_369")
    # The published grid: [{"label": "...", "weight": 30}, ...]; weights add up to 100.
    criteria: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # The jury scores every criterion from 0 to ``score_max`` (2 to 100, checked by the service).
    score_max: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    # What applicants must attach before submitting, e.g. ["Business plan", "CV"].
    required_documents: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # Matching weights for this programme ({criterion: weight}); empty means the town's.
    match_weights: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    town: Mapped[Town] = relationship()
    premises: Mapped[Premises] = relationship()
    created_by: Mapped[User | None] = relationship()
    calls: Mapped[list["Call"]] = relationship(back_populates="programme", order_by="Call.opens_on",
                                               cascade="all, delete-orphan")


class Call(db.Model):
    """A call for applications: open from ``opens_on`` until the ``closes_at`` deadline."""

    __tablename__ = "calls"
    __table_args__ = (CheckConstraint("closes_at IS NOT NULL", name="has_deadline"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    programme: Mapped[Programme] = relationship(back_populates="calls")
    slots: Mapped[list["Slot"]] = relationship(back_populates="call", order_by="Slot.starts_on",
                                               cascade="all, delete-orphan")

    def is_open(self, now: datetime) -> bool:
        return self.published and self.opens_on <= now.date() and now < self.closes_at


class Slot(db.Model):
    """One occupancy period of one unit, ``[starts_on, ends_on)``."""

    __tablename__ = "slots"
    __table_args__ = (
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        CheckConstraint("rent_per_month >= 0", name="rent_not_negative"),
        within("rent_per_month", MAX_MONTHLY_RENT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    # Copied from the programme so that the overlap rule can live on this one table.
    premises_id: Mapped[int] = mapped_column(ForeignKey("premises.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    rent_per_month: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    call: Mapped[Call] = relationship(back_populates="slots")
    premises: Mapped[Premises] = relationship()


class SlotAllocation(db.Model):
    """A candidate confirmed for a slot by the town manager (never applied without them)."""

    __tablename__ = "slot_allocations"

    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    score: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    method: Mapped[str] = mapped_column(String(30))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    slot: Mapped[Slot] = relationship()
