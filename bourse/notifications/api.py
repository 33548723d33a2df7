"""Saved searches and project alerts as JSON, for entrepreneurs' programs: list, save, delete."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from bourse import api_input
from bourse.accounts import api_auth
from bourse.accounts.roles import Role
from bourse.notifications import saved_searches
from bourse.notifications.models import SavedSearch
from bourse.notifications.schemas import NewSavedSearch
from bourse.permissions import roles_required
from bourse.projects import services as projects
from bourse.search import filters as search

bp = Blueprint("saved_searches_api", __name__, url_prefix="/api/v1/saved-searches")
api_auth.limit_tokens(bp)


def _json(saved: SavedSearch) -> dict:
    return {"id": saved.id, "name": saved.name, "filters": None if saved.project_id else saved.query,
            "project_id": saved.project_id, "min_score": int(saved.min_score) if saved.min_score is not None else None,
            "created_at": saved.created_at.isoformat(timespec="seconds")}


@bp.route("")
@roles_required(Role.ENTREPRENEUR)
def mine():
    return jsonify(items=[_json(s) for s in saved_searches.searches_of(current_user)])


@bp.route("", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def create():
    body = api_input.body(NewSavedSearch)
    if body.project_id is not None:
        project = projects.get_own(current_user, body.project_id)
        saved = saved_searches.save_project_alert(current_user, project, body.min_score)
    else:
        filters = search.locate(search.parse(body.filters.as_args()))
        saved = saved_searches.save_filters(current_user, body.name, filters)
    return jsonify(_json(saved)), 201


@bp.route("/<int:search_id>", methods=["DELETE"])
@roles_required(Role.ENTREPRENEUR)
def delete(search_id: int):
    saved_searches.delete(current_user, search_id)
    return "", 204
