"""The applications' JSON API: moves, for programs and the review pages' scripts."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from bourse.applications import machine, services
from bourse.accounts import api_auth
from bourse.errors import json_error
from bourse.permissions import login_required
from bourse.security import json_object

bp = Blueprint("applications_api", __name__, url_prefix="/api/v1/applications")
api_auth.limit_tokens(bp)


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
    verb = payload.get("verb")
    if not isinstance(verb, str) or verb not in machine.TRANSITIONS:
        return json_error(400, _("Unknown action."), "verb")
    version = payload.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool) or not 0 <= version < 2**31):
        return json_error(400, _("version must be an integer."), "version")
    reason = payload.get("reason")
    if reason is not None and not isinstance(reason, str):
        return json_error(400, _("reason must be text."), "reason")
    services.transition(current_user, application, verb, reason, version)
    return jsonify(id=application.id, state=application.state, version=application.version)
