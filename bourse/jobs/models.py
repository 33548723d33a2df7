"""A job: what to run, its state, its attempts and its last error; the admin page and ``flask jobs`` read it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bourse.extensions import db
from bourse.timeutil import UTCDateTime, utcnow


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


_STATES = ", ".join(f"'{s.value}'" for s in JobState)


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(f"state IN ({_STATES})", name="state_valid"),
        Index("ix_jobs_state_run_after", "state", "run_after"),
        Index("ix_jobs_subject", "subject", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default=JobState.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    run_after: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the job works on ("town:12"), so a page can list and guard the jobs of one object.
    subject: Mapped[str | None] = mapped_column(String(80))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Progress a page can show while the job runs (written outside the job's transaction).
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int | None] = mapped_column(Integer)
    # The request that queued it (or the job's own, for one queued by a job): its log lines carry it too.
    request_id: Mapped[str | None] = mapped_column(String(64))
    # What the handler returned (an import's report), kept with the job.
    result: Mapped[dict | None] = mapped_column(JSON)

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE.value, JobState.FAILED.value)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.name} {self.state}>"
