"""The town-shops import as a job: the upload is checked and stored, a job loads it, a page follows it."""

from __future__ import annotations

from bourse import jobs, storage, uploads
from bourse.accounts.models import User
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.jobs.models import Job
from bourse.towns.models import Town
from bourse.towns.shops import ImportReport, import_shops, manages, require_manage_town

IMPORT_JOB = "towns.import_shops"


def subject_of(town: Town) -> str:
    return f"town:{town.id}"


def start_import(actor: User, town: Town, data: bytes, filename: str | None, replace: bool,
                 valid_only: bool) -> Job:
    """Check and store the file, and queue the job that loads it (no row is read yet).

    :raises NotFound: unless ``actor`` manages ``town``.
    :raises uploads.UploadRefused: for a file too large or not UTF-8 text.
    """
    require_manage_town(actor, town)
    stored = uploads.accept("table", data, filename, field="file")
    return jobs.enqueue(IMPORT_JOB, subject=subject_of(town), requested_by=actor.id, town_id=town.id,
                        actor_id=actor.id, key=stored.key, replace=bool(replace), valid_only=bool(valid_only))


@jobs.handler(IMPORT_JOB, max_attempts=3)
def import_job(town_id: int, actor_id: int, key: str, replace: bool, valid_only: bool) -> dict:
    """Load the stored file; its report is the job's result. The file goes once the import is over."""
    town, actor = db.session.get(Town, town_id), db.session.get(User, actor_id)
    if town is None or actor is None or not manages(actor, town):  # rights may have changed since the upload
        report = ImportReport("refused", file_problem="not_allowed")
    else:
        report = _load(town, key, replace, valid_only)
    storage.delete_after_commit(key)
    return report.as_dict()


def _load(town: Town, key: str, replace: bool, valid_only: bool) -> ImportReport:
    file = storage.open_file(key)
    if file is None:
        return ImportReport("refused", file_problem="missing")
    with file:
        data = file.read()
    return import_shops(town, data, replace=replace, valid_only=valid_only, progress=jobs.progress)


def get_import(actor: User, town: Town, job_id: int) -> Job:
    """One import job of ``town``.

    :raises NotFound: for another town's job, another kind of job, or a town ``actor`` does not manage.
    """
    require_manage_town(actor, town)
    job = db.session.get(Job, job_id)
    if job is None or job.name != IMPORT_JOB or job.subject != subject_of(town):
        raise NotFound()
    return job


def recent_imports(town: Town, limit: int = 5) -> list[Job]:
    return jobs.services.for_subject(subject_of(town), IMPORT_JOB, limit)


def report_of(job: Job) -> ImportReport | None:
    return ImportReport.from_dict(job.result) if job.result else None
