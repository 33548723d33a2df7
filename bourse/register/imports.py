"""Register imports as jobs: the upload is checked and stored, a job loads it, a page follows it."""

from __future__ import annotations

from datetime import date

from bourse import jobs, storage, uploads
from bourse.accounts.models import User
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.jobs.models import Job
from bourse.register import campaigns, sirene
from bourse.register.reports import ImportReport
from bourse.register.services import managed_town
from bourse.timeutil import utcnow
from bourse.towns.models import Town
from bourse.towns.shops import manages

SURVEY_JOB = "register.import_survey"
SIRENE_JOB = "register.import_sirene"
KINDS = (SURVEY_JOB, SIRENE_JOB)


def subject_of(town: Town) -> str:
    return f"register:{town.id}"


def start_survey_import(actor: User, town_id: int, data: bytes, filename: str | None, name: str,
                        surveyed_on: date | None, valid_only: bool) -> Job:
    """Check and store the file, and queue the job that loads it (no row is read yet).

    :raises NotFound: unless ``actor`` manages the town.
    :raises RegisterError: for a campaign without a name or dated in the future.
    :raises uploads.UploadRefused: for a file too large or not text.
    """
    town = managed_town(actor, town_id)
    campaigns.check_campaign(name, surveyed_on, utcnow().date())
    stored = uploads.accept("table", data, filename, field="file")
    return jobs.enqueue(SURVEY_JOB, subject=subject_of(town), requested_by=actor.id, town_id=town.id,
                        actor_id=actor.id, key=stored.key, filename=stored.filename, campaign_name=name.strip(),
                        surveyed_on=surveyed_on.isoformat(), valid_only=bool(valid_only))


@jobs.handler(SURVEY_JOB, max_attempts=3)
def survey_job(town_id: int, actor_id: int, key: str, filename: str, campaign_name: str, surveyed_on: str,
               valid_only: bool) -> dict:
    """Load the stored file as a campaign; its report is the job's result. The file goes afterwards."""
    town, actor = db.session.get(Town, town_id), db.session.get(User, actor_id)
    data = _stored(key)
    if town is None or actor is None or not manages(actor, town):  # rights may have changed since the upload
        report = ImportReport("refused", file_problem="not_allowed")
    elif data is None:
        report = ImportReport("refused", file_problem="missing")
    else:
        report = campaigns.import_survey(town, data, campaign_name, date.fromisoformat(surveyed_on), actor_id=actor.id,
                                         filename=filename, valid_only=valid_only, progress=jobs.progress)
    storage.delete_after_commit(key)
    return report.as_dict()


def start_sirene_import(actor: User, town_id: int, data: bytes, filename: str | None, valid_only: bool) -> Job:
    """Check and store an extract of Sirene, and queue the job that reads it for the town.

    :raises NotFound: unless ``actor`` manages the town.
    :raises uploads.UploadRefused: for a file too large (the command line takes any size) or not text.
    """
    town = managed_town(actor, town_id)
    stored = uploads.accept("table", data, filename, field="file")
    return jobs.enqueue(SIRENE_JOB, subject=subject_of(town), requested_by=actor.id, town_id=town.id,
                        actor_id=actor.id, key=stored.key, filename=stored.filename, valid_only=bool(valid_only))


@jobs.handler(SIRENE_JOB, max_attempts=3)
def sirene_job(town_id: int, actor_id: int, key: str, filename: str, valid_only: bool) -> dict:
    town, actor = db.session.get(Town, town_id), db.session.get(User, actor_id)
    file = storage.open_file(key) if town is not None and actor is not None and manages(actor, town) else None
    if town is None or actor is None or not manages(actor, town):
        report = ImportReport("refused", file_problem="not_allowed")
    elif file is None:
        report = ImportReport("refused", file_problem="missing")
    else:
        with file:
            size = file.seek(0, 2)
            file.seek(0)
            report = sirene.import_file(file, [town], size=size, valid_only=valid_only, actor_id=actor.id,
                                        filename=filename, progress=jobs.progress)[town.insee_code]
    storage.delete_after_commit(key)
    return report.as_dict()


def _stored(key: str) -> bytes | None:
    file = storage.open_file(key)
    if file is None:
        return None
    with file:
        return file.read()


def get_import(actor: User, town_id: int, job_id: int) -> tuple[Town, Job]:
    """One import job of the town.

    :raises NotFound: for another town's job, another kind of job, or a town ``actor`` does not manage.
    """
    town = managed_town(actor, town_id)
    job = db.session.get(Job, job_id)
    if job is None or job.name not in KINDS or job.subject != subject_of(town):
        raise NotFound()
    return town, job


def recent_imports(town: Town, limit: int = 5) -> list[Job]:
    return jobs.services.for_subject(subject_of(town), None, limit)


def report_of(job: Job) -> ImportReport | None:
    return ImportReport.from_dict(job.result) if job.result else None
