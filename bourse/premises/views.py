"""Pages where landlords and town managers post and look after their premises."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.errors import flashed_refusals, form_errors
from bourse.extensions import db
from bourse.flashes import flash_form_errors
from bourse.geo import point_coords
from bourse.permissions import roles_required
from bourse.premises import lifecycle
from bourse.premises import photos as photo_service
from bourse.premises import services
from bourse.premises.forms import ConfirmForm, PhotoForm, PremisesForm, StatusForm
from bourse.premises.labels import VERB_LABELS
from bourse.premises.location import resolve_position
from bourse.premises.maps import picker_map
from bourse.premises.models import Premises, PremisesPhoto
from bourse.premises.rules import require_manage

bp = Blueprint("premises", __name__, url_prefix="/locaux")
EDITORS = (Role.LANDLORD, Role.TOWN_MANAGER, Role.ADMIN)


def _owners_for(user: User) -> list[User]:
    if not user.has_role(Role.TOWN_MANAGER, Role.ADMIN):
        return []
    landlords = db.session.scalars(db.select(User).where(User.role == Role.LANDLORD.value).order_by(User.full_name))
    return [user, *landlords]


@bp.route("/mes-locaux")
@roles_required(*EDITORS)
def mine():
    return render_template("premises/mine.html", listings=services.managed_premises(current_user))


@bp.route("/nouveau", methods=["GET", "POST"])
@roles_required(*EDITORS)
def create():
    return _edit(None)


@bp.route("/<int:premises_id>/modifier", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(premises_id: int):
    return _edit(services.get_managed(current_user, premises_id))


def _edit(premises: Premises | None):
    towns = services.towns_for(current_user)
    if premises is not None and premises.town not in towns:
        towns.append(premises.town)
    owners = _owners_for(current_user)
    form = PremisesForm(obj=premises, towns=towns, owners=owners)
    if premises is not None and not form.is_submitted():
        form.lon.data, form.lat.data = point_coords(premises.location)
        form.owner.data = premises.owner_id
    if form.validate_on_submit():
        town = next(t for t in towns if t.id == form.town.data)
        with form_errors(form):
            lon, lat = resolve_position(form.address.data, town, form.lon.data, form.lat.data)
            data = form.to_data(lon, lat, town)
            if premises is None:
                owner = next((u for u in owners if u.id == form.owner.data), current_user)
                premises = services.create_premises(current_user, owner, data)
                flash(_("Draft saved. Add photos, then publish it."), "success")
            else:
                services.update_premises(current_user, premises, data)
                flash(_("Changes saved."), "success")
            return redirect(url_for("premises.edit", premises_id=premises.id))
    town = premises.town if premises is not None else (towns[0] if towns else None)
    centre = point_coords(premises.location if premises is not None else town.centre) if town else (2.4, 46.6)
    return render_template(
        "premises/form.html", form=form, premises=premises,
        picker=picker_map(centre[1], centre[0], 17 if premises is not None else 15),
        photo_form=PhotoForm(), status_form=StatusForm(), confirm_form=ConfirmForm(),
        verbs=[(v, VERB_LABELS[v]) for v in lifecycle.verbs_for(premises)] if premises else [],
    )


@bp.route("/<int:premises_id>/statut", methods=["POST"])
@roles_required(*EDITORS)
def change_status(premises_id: int):
    premises = services.get_managed(current_user, premises_id)
    form = StatusForm()
    if form.validate_on_submit():
        with flashed_refusals():
            services.change_status(current_user, premises, form.verb.data)
            flash(_("Status changed."), "success")
    return redirect(url_for("premises.edit", premises_id=premises_id))


@bp.route("/<int:premises_id>/supprimer", methods=["POST"])
@roles_required(*EDITORS)
def delete(premises_id: int):
    premises = services.get_managed(current_user, premises_id)
    if ConfirmForm().validate_on_submit():
        with flashed_refusals():
            services.delete_premises(current_user, premises)
            flash(_("Listing deleted."), "success")
            return redirect(url_for("premises.mine"))
        return redirect(url_for("premises.edit", premises_id=premises_id))
    return redirect(url_for("premises.mine"))


@bp.route("/<int:premises_id>/photos", methods=["POST"])
@roles_required(*EDITORS)
def add_photo(premises_id: int):
    premises = services.get_managed(current_user, premises_id)
    form = PhotoForm()
    if form.validate_on_submit():
        with flashed_refusals():
            photo_service.add_photo(current_user, premises, form.photo.data.read())
            flash(_("Photo added."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("premises.edit", premises_id=premises_id) + "#photos")


@bp.route("/photos/<int:photo_id>/<action>", methods=["POST"])
@roles_required(*EDITORS)
def photo_action(photo_id: int, action: str):
    photo = db.session.get(PremisesPhoto, photo_id) or abort(404)
    require_manage(current_user, photo.premises)
    actions = {
        "couverture": lambda: photo_service.set_cover(current_user, photo),
        "monter": lambda: photo_service.move(current_user, photo, -1),
        "descendre": lambda: photo_service.move(current_user, photo, +1),
        "supprimer": lambda: photo_service.delete_photo(current_user, photo),
    }
    if action not in actions:
        abort(404)
    premises_id = photo.premises_id
    if ConfirmForm().validate_on_submit():
        actions[action]()
    return redirect(url_for("premises.edit", premises_id=premises_id) + "#photos")
