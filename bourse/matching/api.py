"""Matches as JSON, both ways: the premises and slots that suit one's project, the projects that suit
one's listing; each with its score and reasons."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from bourse.accounts import api_auth
from bourse.accounts.roles import Role
from bourse.matching import services
from bourse.matching.serializers import ranking_json
from bourse.permissions import roles_required
from bourse.premises.services import get_managed
from bourse.projects import services as projects

bp = Blueprint("matching_api", __name__, url_prefix="/api/v1")
api_auth.limit_tokens(bp)


@bp.route("/projects/<int:project_id>/matches")
@roles_required(Role.ENTREPRENEUR)
def project_matches(project_id: int):
    """The premises and open slots that suit the project best (none until it says where)."""
    project = projects.get_own(current_user, project_id)
    if not project.has_place:
        return jsonify(items=[], considered=0, removed={})
    return jsonify(ranking_json(services.matches_for_project(project)))


@bp.route("/premises/<int:premises_id>/candidates")
@roles_required(Role.LANDLORD, Role.TOWN_MANAGER, Role.ADMIN)
def unit_candidates(premises_id: int):
    """The visible projects that suit the listing best."""
    return jsonify(ranking_json(services.candidates_for_unit(get_managed(current_user, premises_id))))
