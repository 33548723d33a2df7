"""A town manager's settings for their town: missing trades and matching weights."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import FormField, SelectChoice

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.forms import MultiCheckboxField
from bourse.weights import HELP, WeightsForm, weights_from
from bourse.weights import effective
from bourse.permissions import roles_required
from bourse.sectors import SECTORS
from bourse.towns import shops
from bourse.towns.models import Town

bp = Blueprint("town_settings", __name__, url_prefix="/communes")


class SettingsForm(FlaskForm):
    missing_sectors = MultiCheckboxField(_l("Trades the town is looking for"))
    weights = FormField(WeightsForm, label=_l("Matching weights"), description=HELP)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.missing_sectors.choices = [SelectChoice(s.code, s.label) for s in SECTORS]


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
    return render_template("towns/settings.html", town=town, form=form, weights=effective(town.match_weights))
