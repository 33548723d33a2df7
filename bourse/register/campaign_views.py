"""Survey campaigns for a town's managers: import a survey file (a job with progress, then its
report), and each campaign's page with the units it did not see."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_babel import format_number, gettext as _
from flask_login import current_user

from bourse.accounts.roles import Role
from bourse.errors import form_errors
from bourse.extensions import db
from bourse.jobs.models import Job, JobState
from bourse.permissions import roles_required
from bourse.register import campaigns, imports, services
from bourse.register.campaign_forms import SireneImportForm, SurveyImportForm
from bourse.register.labels import STATE_LABELS
from bourse.register.reports import ImportReport
from bourse.timeutil import utcnow

bp = Blueprint("campaigns", __name__)


def _import_form() -> SurveyImportForm:
    today = utcnow().date()
    return SurveyImportForm(data={"surveyed_on": today, "name": _("Survey of %(day)s", day=today.strftime("%d/%m/%Y"))})


@bp.route("/communes/<int:town_id>/releves")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def index(town_id: int):
    town = services.managed_town(current_user, town_id)
    return _index(town, _import_form())


def _index(town, form, sirene_form=None):
    return render_template("register/campaigns.html", town=town, campaigns=campaigns.campaigns_of(town),
                           imports=imports.recent_imports(town), form=form, sirene_form=sirene_form or SireneImportForm(prefix="sirene"),
                           reports=ImportReport.from_dict)


@bp.route("/communes/<int:town_id>/releves", methods=["POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def start_import(town_id: int):
    """Store the file and queue its import; the import's own page follows it."""
    town = services.managed_town(current_user, town_id)
    form = SurveyImportForm()
    if form.validate_on_submit():
        with form_errors(form):
            job = imports.start_survey_import(current_user, town.id, form.file.data.read(), form.file.data.filename,
                                              form.name.data, form.surveyed_on.data, form.valid_only.data)
            return redirect(url_for("campaigns.progress", town_id=town.id, job_id=job.id))
    return _index(town, form), 422


@bp.route("/communes/<int:town_id>/sirene", methods=["POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def start_sirene(town_id: int):
    town = services.managed_town(current_user, town_id)
    form = SireneImportForm(prefix="sirene")
    if form.validate_on_submit():
        with form_errors(form):
            job = imports.start_sirene_import(current_user, town.id, form.file.data.read(), form.file.data.filename,
                                              form.valid_only.data)
            return redirect(url_for("campaigns.progress", town_id=town.id, job_id=job.id))
    return _index(town, _import_form(), form), 422


def progress_label(job: Job) -> str:
    if job.name == imports.SIRENE_JOB and job.progress_total and not job.finished:
        return _("%(percent)d %% of the file read", percent=job.percent)
    if job.state == JobState.QUEUED.value and not job.progress_total:
        return _("Waiting for a worker to start the import…")
    if job.progress_total and job.progress_done >= job.progress_total and not job.finished:
        return _("Every line is checked; matching and saving the units…")
    return _("%(done)s of %(total)s lines checked", done=format_number(job.progress_done),
             total=format_number(job.progress_total or 0))


@bp.route("/communes/<int:town_id>/releves/imports/<int:job_id>")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def progress(town_id: int, job_id: int):
    """The import's progress while it runs, then its line-by-line report."""
    town, job = imports.get_import(current_user, town_id, job_id)
    return render_template("register/import.html", town=town, job=job, report=imports.report_of(job),
                           label=progress_label(job))


@bp.route("/communes/<int:town_id>/releves/imports/<int:job_id>/etat")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def progress_state(town_id: int, job_id: int):
    """What the page's progress bar polls."""
    job = imports.get_import(current_user, town_id, job_id)[1]
    return jsonify(state=job.state, finished=job.finished, done=job.progress_done, total=job.progress_total,
                   percent=job.percent, label=progress_label(job))


@bp.route("/registre/releves/<int:campaign_id>")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def campaign(campaign_id: int):
    found = campaigns.managed_campaign(current_user, campaign_id)
    town = services.managed_town(current_user, found.town_id)
    return render_template("register/campaign.html", town=town, campaign=found, labels=STATE_LABELS,
                           report=ImportReport.from_dict(found.report) if found.report else None,
                           counts=campaigns.counts(found),
                           unseen=db.session.scalars(campaigns.unseen(found).limit(500)).all(),
                           unseen_count=campaigns.unseen_count(found))

