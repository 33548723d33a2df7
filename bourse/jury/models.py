"""A call's jury: invited members, their conflicts of interest, their scores and the decision."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bourse.accounts.models import User
from bourse.bounds import MAX_SCORE, within
from bourse.extensions import db
from bourse.programmes.models import Call
from bourse.timeutil import UTCDateTime, utcnow


class JuryMember(db.Model):
    """One person on one call's jury: invited by e-mail, a member once they accept.

    Only a hash of the invitation token is stored, so a database leak does not hand out seats.
    """

    __tablename__ = "jury_members"
    __table_args__ = (Index("uq_jury_members_call_email", "call_id", "email", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    call: Mapped[Call] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    @property
    def joined(self) -> bool:
        return self.user_id is not None


class JuryConflict(db.Model):
    """A member's declared conflict of interest with one application: they may not score it."""

    __tablename__ = "jury_conflicts"
    __table_args__ = (Index("uq_jury_conflicts_once", "member_id", "application_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("jury_members.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JuryScore(db.Model):
    """One member's score and comment for one criterion of the programme's grid.

    ``criterion`` is the criterion's position in the grid; the grid is frozen once scoring
    starts (``programmes.services.save_programme``), so positions keep their meaning.
    """

    __tablename__ = "jury_scores"
    __table_args__ = (
        Index("uq_jury_scores_once", "member_id", "application_id", "criterion", unique=True),
        CheckConstraint("score >= 0", name="score_not_negative"),
        CheckConstraint("criterion >= 0", name="criterion_not_negative"),
        within("score", MAX_SCORE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("jury_members.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[int] = mapped_column(Integer)
    score: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class JuryDecision(db.Model):
    """The decision on a call, with its minutes, as recorded by the town manager."""

    __tablename__ = "jury_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), unique=True)
    minutes: Mapped[str] = mapped_column(Text)
    reason_not_selected: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    decided_by: Mapped[User | None] = relationship()
