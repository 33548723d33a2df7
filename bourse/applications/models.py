"""Applications, their event log and their messages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bourse.accounts.models import User
from bourse.bounds import MAX_MONTHLY_RENT, within
from bourse.extensions import db
from bourse.premises.models import Premises
from bourse.programmes.models import Slot
from bourse.projects.models import Project
from bourse.timeutil import UTCDateTime, utcnow


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SHORTLISTED = "shortlisted"
    SELECTED = "selected"
    LEASE_SIGNED = "lease_signed"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"


_STATES = ", ".join(f"'{s.value}'" for s in State)


class Application(db.Model):
    """One project's application to a unit (``slot_id`` empty) or to one slot of a call."""

    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint(f"state IN ({_STATES})", name="state_valid"),
        # A project applies once to a given unit or slot.
        Index("uq_applications_project_target", "project_id", "target", unique=True),
        # At most one selected or signed application per unit or slot: the database decides races.
        Index("uq_applications_one_held_per_target", "target", unique=True,
              sqlite_where=text("state IN ('selected', 'lease_signed')"),
              postgresql_where=text("state IN ('selected', 'lease_signed')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    premises_id: Mapped[int] = mapped_column(ForeignKey("premises.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"), index=True)
    # "premises:<id>" or "slot:<id>": one column the unique indexes can use on both databases.
    target: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20), default=State.DRAFT.value, index=True)
    cover_message: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str | None] = mapped_column(Text)  # why it was rejected
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The apply form's one-time token: a double-clicked submit finds the first application.
    request_token: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # optimistic locking: a stale write fails

    project: Mapped[Project] = relationship()
    applicant: Mapped[User] = relationship()
    premises: Mapped[Premises] = relationship()
    slot: Mapped[Slot | None] = relationship()
    events: Mapped[list["ApplicationEvent"]] = relationship(order_by="ApplicationEvent.id",
                                                            cascade="all, delete-orphan")
    messages: Mapped[list["ApplicationMessage"]] = relationship(order_by="ApplicationMessage.id",
                                                                cascade="all, delete-orphan")
    lease: Mapped["Lease | None"] = relationship(uselist=False, cascade="all, delete-orphan")
    documents: Mapped[list["ApplicationDocument"]] = relationship(order_by="ApplicationDocument.id",
                                                                  cascade="all, delete-orphan")

    @property
    def required_documents(self) -> list[str]:
        """The documents the call asks for (none for plain premises)."""
        return list(self.slot.call.programme.required_documents or []) if self.slot else []

    @property
    def missing_documents(self) -> list[str]:
        have = {d.kind for d in self.documents}
        return [name for name in self.required_documents if name not in have]

    @staticmethod
    def target_of(premises_id: int, slot_id: int | None) -> str:
        return f"slot:{slot_id}" if slot_id else f"premises:{premises_id}"


class ApplicationEvent(db.Model):
    """One move of the state machine: who, when, from, to, why."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor: Mapped[User | None] = relationship()


class ApplicationMessage(db.Model):
    """A message between the applicant and the people reviewing; ``internal`` notes stay with reviewers."""

    __tablename__ = "application_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User | None] = relationship()


class Lease(db.Model):
    """The lease that follows a selected application, with its rent schedule in steps."""

    __tablename__ = "leases"
    __table_args__ = (CheckConstraint("ends_on > starts_on", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    lease_type: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # Test boutiques: when to decide on renewal, and the lease it should turn into.
    renewal_decision_on: Mapped[date | None] = mapped_column(Date)
    converts_to: Mapped[str | None] = mapped_column(String(20))
    signed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    steps: Mapped[list["RentStep"]] = relationship(order_by="RentStep.starts_on", cascade="all, delete-orphan")


class RentStep(db.Model):
    """One step of the rent schedule, e.g. six months at 70 % then the full rent."""

    __tablename__ = "rent_steps"
    __table_args__ = (CheckConstraint("ends_on > starts_on", name="ends_after_start"),
                      CheckConstraint("monthly_rent >= 0", name="rent_not_negative"),
                      within("monthly_rent", MAX_MONTHLY_RENT))

    id: Mapped[int] = mapped_column(primary_key=True)
    lease_id: Mapped[int] = mapped_column(ForeignKey("leases.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    monthly_rent: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class LeaseReminder(db.Model):
    """A reminder already sent, so each deadline is announced once."""

    __tablename__ = "lease_reminders"
    __table_args__ = (Index("uq_lease_reminders_once", "lease_id", "kind", "due_on", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lease_id: Mapped[int] = mapped_column(ForeignKey("leases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    due_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ApplicationDocument(db.Model):
    """A document attached to an application: PDF or image, checked by content."""

    __tablename__ = "application_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    filename: Mapped[str] = mapped_column(String(140))
    content_type: Mapped[str] = mapped_column(String(40))
    # Which of the call's required documents this is; empty for any other document.
    kind: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
