"""Matching pages: the spaces that fit a project, the candidate projects for a unit, a call's slot allocation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from bourse.urls import row_id
from bourse.accounts.roles import Role
from bourse.errors import flashed_refusals
from bourse.matching import maps, services, slots
from bourse.permissions import roles_required
from bourse.premises.services import get_managed
from bourse.programmes import services as programmes
from bourse.projects import services as projects

bp = Blueprint("matching", __name__)


@bp.route("/projets/<int:project_id>/locaux")
@roles_required(Role.ENTREPRENEUR)
def project_spaces(project_id: int):
    project = projects.get_own(current_user, project_id)
    if not project.has_place:
        return render_template("projects/spaces.html", project=project, ranking=None, spaces_map=None)
    ranking = services.matches_for_project(project)
    return render_template("projects/spaces.html", project=project, ranking=ranking,
                           spaces_map=maps.spaces_map(project, ranking.matches))


@bp.route("/locaux/<int:premises_id>/candidats")
@roles_required(Role.LANDLORD, Role.TOWN_MANAGER, Role.ADMIN)
def unit_candidates(premises_id: int):
    premises = get_managed(current_user, premises_id)
    return render_template("premises/candidates.html", premises=premises,
                           ranking=services.candidates_for_unit(premises))


@bp.route("/appels/<int:call_id>/allocation", methods=["GET", "POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def allocate_slots(call_id: int):
    call = programmes.get_run_call(current_user, call_id)
    proposal = slots.propose(current_user, call)
    if request.method == "POST":
        choices = {slot.id: request.form.get(f"slot-{slot.id}", type=row_id) for slot in proposal.slots}
        with flashed_refusals():
            slots.confirm(current_user, call, choices, proposal)
            flash(_("Allocation confirmed."), "success")
            return redirect(url_for("programmes.manage", programme_id=call.programme_id))
    return render_template("programmes/allocation.html", call=call, proposal=proposal,
                           confirmed=programmes.confirmed_allocation(call))
