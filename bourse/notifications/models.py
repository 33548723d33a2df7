"""Notifications, the e-mail outbox and saved searches."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from geoalchemy2 import WKBElement
from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bourse.accounts.models import User
from bourse.bounds import MAX_AMOUNT, MAX_AREA_M2, MAX_SCORE, within
from bourse.extensions import db
from bourse.geo import PolygonColumn
from bourse.timeutil import UTCDateTime, utcnow


class Notification(db.Model):
    """A message shown in the app; unread until the user opens it."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt


class OutboxMessage(db.Model):
    """An e-mail waiting to be sent. Written in the same transaction as what caused it,
    sent later by ``flask outbox send``, retried with back-off, never lost."""

    __tablename__ = "outbox"
    __table_args__ = (CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)  # the same message as HTML, sent as an alternative part
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.PENDING.value, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SavedSearch(db.Model):
    """Search filters (as in the URL) or a project with a minimum score; alerts on new matches."""

    __tablename__ = "saved_searches"
    __table_args__ = (within("min_score", MAX_SCORE), within("min_area", MAX_AREA_M2), within("max_area", MAX_AREA_M2),
                      within("max_rent", MAX_AMOUNT))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(140))
    query: Mapped[dict] = mapped_column(JSON, default=dict)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    min_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The filters of ``query`` as columns (kept in step by saved_searches.py), so that one query finds
    # every search a new unit satisfies; ``area`` is the map area or the circle around an address.
    town_code: Mapped[str | None] = mapped_column(String(5), index=True)
    sector: Mapped[str | None] = mapped_column(String(30))
    min_area: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    max_area: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    max_rent: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    deal: Mapped[str | None] = mapped_column(String(20))
    available_by: Mapped[date | None] = mapped_column(Date)
    step_free: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    extraction: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    area: Mapped[WKBElement | None] = mapped_column(PolygonColumn(), nullable=True)

    user: Mapped[User] = relationship()
