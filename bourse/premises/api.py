"""The premises API for the people who post them: their listings, create, change, move, delete.
Reading published listings is in ``bourse.search.api``; the projects that suit one in ``bourse.matching.api``."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for
from flask_login import current_user

from bourse import api_input
from bourse.accounts import api_auth
from bourse.accounts.roles import Role
from bourse.permissions import roles_required
from bourse.premises import services
from bourse.premises.schemas import NewPremises, PremisesChanges, PremisesMove, to_data
from bourse.premises.serializers import managed_feature

bp = Blueprint("premises_write_api", __name__, url_prefix="/api/v1/premises")
api_auth.limit_tokens(bp)
EDITORS = (Role.LANDLORD, Role.TOWN_MANAGER, Role.ADMIN)


@bp.route("/mine")
@roles_required(*EDITORS)
def mine():
    """Every listing the caller manages, whatever its status, the latest change first."""
    return jsonify(items=[managed_feature(p) for p in services.managed_premises(current_user)])


@bp.route("", methods=["POST"])
@roles_required(*EDITORS)
def create():
    """A new draft (``publish`` it with a transition)."""
    body = api_input.body(NewPremises)
    owner = services.owner_named(current_user, body.owner_email)
    premises = services.create_premises(current_user, owner, to_data(body))
    response = jsonify(managed_feature(premises))
    response.status_code = 201
    response.headers["Location"] = url_for("premises_api.item", premises_id=premises.id)
    return response


@bp.route("/<int:premises_id>", methods=["PATCH"])
@roles_required(*EDITORS)
def update(premises_id: int):
    """Change the fields given; the others keep their value."""
    premises = services.get_managed(current_user, premises_id)
    services.update_premises(current_user, premises, to_data(api_input.body(PremisesChanges), premises))
    return jsonify(managed_feature(premises))


@bp.route("/<int:premises_id>", methods=["DELETE"])
@roles_required(*EDITORS)
def delete(premises_id: int):
    """A draft or a withdrawn listing only."""
    services.delete_premises(current_user, services.get_managed(current_user, premises_id))
    return "", 204


@bp.route("/<int:premises_id>/transitions", methods=["POST"])
@roles_required(*EDITORS)
def transition(premises_id: int):
    """``{"verb": "publish"}``: 422 for a move the listing's status does not allow."""
    premises = services.get_managed(current_user, premises_id)
    services.change_status(current_user, premises, api_input.body(PremisesMove).verb.value)
    return jsonify(id=premises.id, status=premises.status)

