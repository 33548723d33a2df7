"""Town managers' pages for programmes, and the public pages of calls."""

from __future__ import annotations

from datetime import timezone
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from bourse.accounts.roles import Role
from bourse.errors import flashed_refusals, form_errors
from bourse.extensions import db
from bourse.flashes import flash_form_errors
from bourse.geo import point_coords
from bourse.weights import weights_from
from bourse.permissions import public, roles_required
from bourse.premises.maps import detail_map
from bourse.premises.models import Premises
from bourse.programmes import services
from bourse.programmes.forms import CallForm, ProgrammeForm, SlotForm
from bourse.programmes.models import Programme, Slot
from bourse.timeutil import utcnow
from bourse.unit_of_work import WRITE_LOCK, locked

bp = Blueprint("programmes", __name__)
RUNNERS = (Role.TOWN_MANAGER, Role.ADMIN)
PARIS = ZoneInfo("Europe/Paris")


def _units_for_user():
    towns = [t.id for t in current_user.towns]
    query = db.select(Premises).order_by(Premises.reference)
    if not current_user.has_role(Role.ADMIN):
        query = query.where(Premises.town_id.in_(towns))
    return list(db.session.scalars(query))


def _programme_or_404(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id) or abort(404)
    services.require_run(current_user, programme.town_id)
    return programme


@bp.route("/programmes")
@roles_required(*RUNNERS)
def mine():
    return render_template("programmes/mine.html", programmes=services.programmes_for(current_user))


@bp.route("/programmes/nouveau", methods=["GET", "POST"])
@roles_required(*RUNNERS)
def create():
    return _edit(None)


@bp.route("/programmes/<int:programme_id>/modifier", methods=["GET", "POST"])
@roles_required(*RUNNERS)
def edit(programme_id: int):
    return _edit(_programme_or_404(programme_id))


def _edit(programme: Programme | None):
    units = _units_for_user()
    form = ProgrammeForm(obj=programme, units=units)
    if programme is not None and not form.is_submitted():
        form.premises.data = programme.premises_id
        while len(form.criteria) > 0:
            form.criteria.pop_entry()
        for criterion in programme.criteria + [{"label": "", "weight": None}] * 2:
            form.criteria.append_entry({"name": criterion["label"], "weight": criterion["weight"]})
        for name, value in (programme.match_weights or {}).items():
            form.weights.form[name].data = value
        form.required_documents.data = "\n".join(programme.required_documents or [])
    if form.validate_on_submit():
        premises = next(u for u in units if u.id == form.premises.data)
        criteria = [services.Criterion(c.form.name.data or "", c.form.weight.data or 0) for c in form.criteria]
        with form_errors(form):
            saved = services.save_programme(
                current_user, programme, premises=premises, title=form.title.data,
                description=form.description.data or "", support=form.support.data,
                support_details=form.support_details.data or "", trial_months=form.trial_months.data,
                renewable_once=form.renewable_once.data, follow_on_lease=form.follow_on_lease.data,
                criteria=criteria, weights=weights_from(form.weights.form), score_max=form.score_max.data,
                required_documents=(form.required_documents.data or "").splitlines())
            flash(_("Programme saved."), "success")
            return redirect(url_for("programmes.manage", programme_id=saved.id))
    return render_template("programmes/form.html", form=form, programme=programme)


@bp.route("/programmes/<int:programme_id>")
@roles_required(*RUNNERS)
def manage(programme_id: int):
    programme = _programme_or_404(programme_id)
    return render_template("programmes/manage.html", programme=programme, call_form=CallForm(),
                           slot_form=SlotForm(), now=utcnow())


def _submit_to_manage_page(form, programme_id: int, action, success: str):
    """Run ``action(form)`` for a valid form and report the outcome on the programme's page."""
    if form.validate_on_submit():
        with flashed_refusals():
            action(form)
            flash(success, "success")
    else:
        flash_form_errors(form, with_labels=True)
    return redirect(url_for("programmes.manage", programme_id=programme_id))


@bp.route("/programmes/<int:programme_id>/appels", methods=["POST"])
@roles_required(*RUNNERS)
def add_call(programme_id: int):
    programme = _programme_or_404(programme_id)

    def save(form):
        closes_at = form.closes_at.data.replace(tzinfo=PARIS).astimezone(timezone.utc)
        services.save_call(current_user, programme, None, opens_on=form.opens_on.data, closes_at=closes_at,
                           published=form.published.data)

    return _submit_to_manage_page(CallForm(), programme_id, save, _("Call saved."))


@bp.route("/appels/<int:call_id>/creneaux", methods=["POST"])
@roles_required(*RUNNERS)
@locked(WRITE_LOCK)  # slots of one unit never overlap: checked under the lock
def add_slot(call_id: int):
    call = services.get_run_call(current_user, call_id)

    def save(form):
        services.add_slot(current_user, call, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                          rent_per_month=form.rent_per_month.data)

    return _submit_to_manage_page(SlotForm(), call.programme_id, save, _("Slot added."))


@bp.route("/creneaux/<int:slot_id>/supprimer", methods=["POST"])
@roles_required(*RUNNERS)
def delete_slot(slot_id: int):
    slot = db.session.get(Slot, slot_id) or abort(404)
    programme_id = slot.call.programme_id
    services.delete_slot(current_user, slot)  # the POST's CSRF token is checked app-wide
    flash(_("Slot deleted."), "success")
    return redirect(url_for("programmes.manage", programme_id=programme_id))



@bp.route("/appels")
@public
def open_calls():
    return render_template("programmes/calls.html", calls=services.open_calls())


@bp.route("/appels/<int:call_id>")
@public
def call_detail(call_id: int):
    call = services.public_call(call_id)
    lon, lat = point_coords(call.programme.premises.location)
    return render_template("programmes/call.html", call=call, programme=call.programme, now=utcnow(),
                           unit_map=detail_map(lat, lon, call.programme.premises.title))
