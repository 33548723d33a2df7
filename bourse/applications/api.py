"""The applications' JSON API: moves, for programs and the review pages' scripts."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import ValidationError

from bourse.applications import services
from bourse.accounts import api_auth
from bourse.applications.schemas import Transition
from bourse.errors import json_error
from bourse.permissions import login_required
from bourse.security import json_object

bp = Blueprint("applications_api", __name__, url_prefix="/api/v1/applications")
api_auth.limit_tokens(bp)


@bp.route("/mine")
@login_required
def mine():
    """The caller's own applications, as an applicant, the latest change first."""
    return jsonify(items=[{"id": a.id, "state": a.state, "version": a.version, "project_id": a.project_id,
                           "premises_id": a.premises_id, "slot_id": a.slot_id,
                           "submitted_at": a.submitted_at.isoformat(timespec="seconds") if a.submitted_at else None,
                           "updated_at": a.updated_at.isoformat(timespec="seconds")}
                          for a in services.mine(current_user)])


@bp.route("/<int:application_id>/transitions", methods=["POST"])
@login_required
def transition(application_id: int):
    """JSON: ``{"verb": "select", "reason": "...", "version": 3}``; 409 when someone got there first.

    Dedicated moves (``sign_lease``) are refused with 422: they have forms of their own.
    """
    application = services.get_visible(current_user, application_id)
    payload = json_object()
    if payload is None:
        return json_error(400, _("Send a JSON object."))
    try:
        move = Transition.model_validate(payload)
    except ValidationError as invalid:
        errors = invalid.errors()
        unknown = [e for e in errors if e["type"] == "extra_forbidden"]  # never written: refused whole
        first = (unknown or errors)[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        if unknown:
            return json_error(422, _("Unknown field: %(name)s.", name=field), field)
        return json_error(400, _("%(name)s has the wrong type or value.", name=field), field)
    verb, reason, version = move.verb.value, move.reason, move.version
    services.transition(current_user, application, verb, reason, version)
    return jsonify(id=application.id, state=application.state, version=application.version)
