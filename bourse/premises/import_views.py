"""Importing premises from a file: the form, then the import's page (progress, then its report)."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from bourse.accounts.roles import Role
from bourse.errors import form_errors
from bourse.jobs.models import Job, JobState
from bourse.permissions import roles_required
from bourse.premises import import_jobs
from bourse.premises.forms import PremisesImportForm
from bourse.premises.imports import Report, file_message

bp = Blueprint("premises_import", __name__, url_prefix="/locaux")
EDITORS = (Role.LANDLORD, Role.TOWN_MANAGER, Role.ADMIN)


def _page(form: PremisesImportForm):
    return render_template("premises/import.html", form=form,
                           may_name_owner=current_user.has_role(Role.TOWN_MANAGER, Role.ADMIN))


@bp.route("/importer")
@roles_required(*EDITORS)
def index():
    return _page(PremisesImportForm())


@bp.route("/importer", methods=["POST"])
@roles_required(*EDITORS)
def start():
    form = PremisesImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.read()
        upload.close()  # read once: the stored copy is what the job reads
        with form_errors(form):
            job = import_jobs.start(current_user, form.owner_email.data, content, upload.filename,
                                    form.valid_only.data, form.publish.data)
            return redirect(url_for("premises_import.progress", job_id=job.id))
    return _page(form), 422


def _label(job: Job) -> str:
    if job.state == JobState.QUEUED.value and not job.progress_total:
        return _("Waiting for a worker to start the import…")
    return _("%(percent)d %% done", percent=job.percent)


@bp.route("/importer/<int:job_id>")
@roles_required(*EDITORS)
def progress(job_id: int):
    job = import_jobs.get_import(current_user, job_id)
    report = Report.from_dict(job.result)
    return render_template("premises/import_report.html", job=job, report=report, label=_label(job),
                           file_message=file_message(report) if report and report.file_problem else "")


@bp.route("/importer/<int:job_id>/etat")
@roles_required(*EDITORS)
def progress_state(job_id: int):
    job = import_jobs.get_import(current_user, job_id)
    return jsonify(state=job.state, finished=job.finished, done=job.progress_done, total=job.progress_total,
                   percent=job.percent, label=_label(job))
