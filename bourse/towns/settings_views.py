"""A town manager's settings for their town: missing trades, matching weights, existing shops."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import format_number, gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FormField, SelectChoice

from bourse.errors import form_errors
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.flashes import flash_form_errors
from bourse.forms import MultiCheckboxField
from bourse.weights import HELP, WeightsForm, weights_from
from bourse.weights import effective
from bourse.permissions import roles_required
from bourse.sectors import SECTORS
from bourse.jobs.models import Job, JobState
from bourse.towns import imports, shops
from bourse.towns.models import Town

bp = Blueprint("town_settings", __name__, url_prefix="/communes")


class SettingsForm(FlaskForm):
    missing_sectors = MultiCheckboxField(_l("Trades the town is looking for"))
    weights = FormField(WeightsForm, label=_l("Matching weights"), description=HELP)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.missing_sectors.choices = [SelectChoice(s.code, s.label) for s in SECTORS]


class ShopsForm(FlaskForm):
    file = FileField(_l("CSV file of the town's shops"), validators=[FileRequired(_l("Choose a CSV file."))],
                     description=_l("Columns: name, sector, lat, lon, address. Comma or semicolon."))
    replace = BooleanField(_l("Replace the current list"))
    valid_only = BooleanField(_l("Import the valid lines only"),
                              description=_l("Otherwise one bad line stops the whole import, and nothing changes."))


def _town(town_id: int) -> Town:
    town = db.session.get(Town, town_id) or abort(404)
    shops.require_manage_town(current_user, town)
    return town


@bp.route("/<int:town_id>/reglages", methods=["GET", "POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def settings(town_id: int):
    town = _town(town_id)
    form = SettingsForm(data={"missing_sectors": town.missing_sectors, "weights": town.match_weights or {}})
    if form.validate_on_submit():
        shops.save_settings(current_user, town, form.missing_sectors.data, weights_from(form.weights.form))
        flash(_("Settings saved."), "success")
        return redirect(url_for("town_settings.settings", town_id=town.id))
    return render_template("towns/settings.html", town=town, form=form, shops_form=ShopsForm(),
                           shop_count=shops.shop_count(town), weights=effective(town.match_weights),
                           imports=imports.recent_imports(town))


@bp.route("/<int:town_id>/commerces", methods=["POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def import_shops(town_id: int):
    """Store the file and queue its import; the import's own page follows it."""
    town = _town(town_id)
    form = ShopsForm()
    if form.validate_on_submit():
        with form_errors(form):
            job = imports.start_import(current_user, town, form.file.data.read(), form.file.data.filename,
                                       form.replace.data, form.valid_only.data)
            return redirect(url_for("town_settings.shops_import", town_id=town.id, job_id=job.id))
    flash_form_errors(form)
    return redirect(url_for("town_settings.settings", town_id=town_id))


def _import(town_id: int, job_id: int) -> tuple[Town, Job]:
    town = db.session.get(Town, town_id) or abort(404)
    return town, imports.get_import(current_user, town, job_id)


def progress_label(job: Job) -> str:
    if job.state == JobState.QUEUED.value and not job.progress_total:
        return _("Waiting for a worker to start the import…")
    if job.progress_total and job.progress_done >= job.progress_total and not job.finished:
        return _("Every line is checked; saving the shops…")
    return _("%(done)s of %(total)s lines checked", done=format_number(job.progress_done),
             total=format_number(job.progress_total or 0))


@bp.route("/<int:town_id>/imports/<int:job_id>")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def shops_import(town_id: int, job_id: int):
    """The import's progress while it runs, then its line-by-line report."""
    town, job = _import(town_id, job_id)
    return render_template("towns/import.html", town=town, job=job, report=imports.report_of(job),
                           label=progress_label(job), shops_form=ShopsForm())


@bp.route("/<int:town_id>/imports/<int:job_id>/etat")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def shops_import_state(town_id: int, job_id: int):
    """What the page's progress bar polls."""
    job = _import(town_id, job_id)[1]
    return jsonify(state=job.state, finished=job.finished, done=job.progress_done, total=job.progress_total,
                   percent=job.percent, label=progress_label(job))
