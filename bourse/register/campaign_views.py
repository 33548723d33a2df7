"""Survey campaigns for a town's managers: import a survey file (a job with progress, then its
report), and each campaign's page with the units it did not see."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_number, gettext as _, ngettext
from flask_login import current_user

from bourse.accounts.roles import Role
from bourse.errors import form_errors, json_error, wants_json
from bourse.extensions import db
from bourse.jobs.models import Job, JobState
from bourse.permissions import roles_required
from bourse.geo import point_coords
from bourse.geo.france import distance_metres, in_france
from bourse.geo.types import to_geometry
from bourse.register import campaigns, field, imports, maps, services
from bourse.register.campaign_forms import (FieldCampaignForm, FieldObservationForm, FieldUnitForm, SireneImportForm,
                                             SurveyImportForm)
from bourse.register.labels import METHOD_LABELS, STATE_LABELS
from bourse.register.reports import ImportReport
from bourse.sectors import SECTORS
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
                           field_form=FieldCampaignForm(prefix="field", data={"name": _("Walk of %(day)s", day=utcnow().date().strftime("%d/%m/%Y"))}),
                           reports=ImportReport.from_dict, methods=METHOD_LABELS)


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



@bp.route("/communes/<int:town_id>/releves/terrain", methods=["POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def start_field(town_id: int):
    """Open a campaign to walk the streets with, and go to its phone page."""
    town = services.managed_town(current_user, town_id)
    form = FieldCampaignForm(prefix="field")
    if form.validate_on_submit():
        with form_errors(form):
            campaign = field.start(current_user, town.id, form.name.data)
            return redirect(url_for("campaigns.walk", campaign_id=campaign.id))
    return _index(town, _import_form()), 422


def _where(campaign, town) -> tuple[float, float]:
    """Where the list starts: the point asked for (the phone's place, the map's centre), if it is in
    the town, else the perimeter's middle, else the town's centre."""
    lon, lat = request.args.get("lon", type=float), request.args.get("lat", type=float)
    centre = point_coords(town.centre)
    if lon is not None and lat is not None and in_france(lon, lat) and distance_metres(lon, lat, *centre) < 20_000:
        return lon, lat
    if town.perimeter is not None:
        middle = to_geometry(town.perimeter).representative_point()
        return middle.x, middle.y
    return centre


@bp.route("/registre/releves/<int:campaign_id>/terrain")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def walk(campaign_id: int):
    """The survey on a phone: the map, the units around, two taps per unit."""
    campaign = field.field_campaign(current_user, campaign_id)
    town = services.managed_town(current_user, campaign.town_id)
    lon, lat = _where(campaign, town)
    return render_template("register/walk.html", town=town, campaign=campaign, lon=lon, lat=lat,
                           units=field.nearby(campaign, lon, lat), seen=field.seen_count(campaign),
                           labels=STATE_LABELS, sectors=SECTORS, unit_form=FieldUnitForm(),
                           observation_form=FieldObservationForm(), walk_map=maps.register_map(lat, lon, zoom=18))


def _recorded(campaign, unit_id: int, message: str):
    if wants_json():
        seen = field.seen_count(campaign)
        return jsonify(unit_id=unit_id, message=message, seen=seen, seen_text=ngettext(
            "%(num)d unit recorded in this campaign.", "%(num)d units recorded in this campaign.", seen))
    flash(message, "success")
    return redirect(url_for("campaigns.walk", campaign_id=campaign.id, lon=request.form.get("at_lon"),
                            lat=request.form.get("at_lat"), _anchor=f"unit-{unit_id}"))


def _refused(campaign, form):
    messages = [str(e) for errors in form.errors.values() for e in errors]
    if wants_json():
        return json_error(422, "; ".join(messages) or _("Choose what the unit is now."))
    for message in messages:
        flash(message, "error")
    return redirect(url_for("campaigns.walk", campaign_id=campaign.id))


@bp.route("/registre/releves/<int:campaign_id>/terrain/observations", methods=["POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def record_walk(campaign_id: int):
    campaign = field.field_campaign(current_user, campaign_id)
    form = FieldObservationForm()
    if form.validate_on_submit():
        with form_errors(form):
            observation = field.record(current_user, campaign.id, form.unit_id.data, form.tapped_state(),
                                       form.sector.data or None)
            return _recorded(campaign, observation.unit_id, _("Recorded: %(state)s.",
                                                              state=STATE_LABELS[observation.state]))
    return _refused(campaign, form)


@bp.route("/registre/releves/<int:campaign_id>/terrain/unites", methods=["POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def add_walk_unit(campaign_id: int):
    campaign = field.field_campaign(current_user, campaign_id)
    form = FieldUnitForm()
    if form.validate_on_submit():
        with form_errors(form):
            unit = field.add_unit(current_user, campaign.id, form.lon.data, form.lat.data, form.address.data or "",
                                  form.name.data or "", form.tapped_state(), form.sector.data or None)
            return _recorded(campaign, unit.id, _("Unit added to the register."))
    return _refused(campaign, form)
