"""Premises imports as jobs: the upload is checked and stored, a job reads it, a page follows it."""

from __future__ import annotations

from bourse import jobs, storage, uploads
from bourse.accounts.models import User
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.jobs.models import Job
from bourse.premises import imports, services

IMPORT_JOB = "premises.import"


def start(actor: User, owner_email: str | None, data: bytes, filename: str | None, valid_only: bool,
          publish: bool) -> Job:
    """Check and store the file and queue its import (no row read yet).

    :raises PremisesError: for an owner who is not a landlord, or a landlord naming another owner.
    :raises uploads.UploadRefused: for a file too large or not text.
    """
    owner = services.owner_named(actor, owner_email)
    stored = uploads.accept("table", data, filename, field="file")
    return jobs.enqueue(IMPORT_JOB, subject=f"premises-import:{actor.id}", requested_by=actor.id, actor_id=actor.id,
                        owner_id=owner.id, key=stored.key, filename=stored.filename, valid_only=bool(valid_only),
                        publish=bool(publish))




@jobs.handler(IMPORT_JOB, max_attempts=3)
def import_job(actor_id: int, owner_id: int, key: str, filename: str, valid_only: bool, publish: bool) -> dict:
    actor, owner = db.session.get(User, actor_id), db.session.get(User, owner_id)
    file = storage.open_file(key) if actor is not None and owner is not None else None
    if file is None:
        report = imports.Report("refused", file_problem="missing")
    else:
        with file:
            report = imports.import_premises(actor, owner, file.read(), valid_only=valid_only, publish=publish,
                                             progress=jobs.progress)
    storage.delete_after_commit(key)
    return report.as_dict()


def get_import(user: User, job_id: int) -> Job:
    """:raises NotFound: for another person's import, or another job."""
    job = db.session.get(Job, job_id)
    if job is None or job.name != IMPORT_JOB or job.requested_by_id != user.id:
        raise NotFound()
    return job
