"""The applications' JSON API: apply, one's own applications, and moves (for programs and the review
pages' scripts)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from bourse import api_input, unit_of_work
from bourse.accounts import api_auth
from bourse.accounts.roles import Role
from bourse.applications import services
from bourse.applications.models import Application
from bourse.applications.schemas import NewApplication, Transition
from bourse.permissions import login_required, roles_required
from bourse.projects import services as projects

bp = Blueprint("applications_api", __name__, url_prefix="/api/v1/applications")
api_auth.limit_tokens(bp)


def _json(a: Application) -> dict:
    return {"id": a.id, "state": a.state, "version": a.version, "project_id": a.project_id,
            "premises_id": a.premises_id, "slot_id": a.slot_id,
            "submitted_at": a.submitted_at.isoformat(timespec="seconds") if a.submitted_at else None,
            "updated_at": a.updated_at.isoformat(timespec="seconds")}


@bp.route("/mine")
@login_required
def mine():
    """The caller's own applications, as an applicant, the latest change first."""
    return jsonify(items=[_json(a) for a in services.mine(current_user)])


@bp.route("", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def apply():
    """Apply (submitted at once unless ``submit`` is false); the same ``Idempotency-Key`` twice gives the
    first answer's application back instead of a second one. Withdraw with a transition."""
    body = api_input.body(NewApplication)
    project = projects.get_own(current_user, body.project_id)
    premises, slot = services.target(body.premises_id, body.slot_id)
    key = (request.headers.get("Idempotency-Key") or "").strip()[:64] or None
    application = unit_of_work.retry_after(services.AlreadyApplied, lambda: services.apply(
        current_user, project, premises, slot, body.message, body.submit, key))
    return jsonify(_json(application)), 201


@bp.route("/<int:application_id>/transitions", methods=["POST"])
@login_required
def transition(application_id: int):
    """JSON: ``{"verb": "select", "reason": "...", "version": 3}``; 409 when someone got there first.

    Dedicated moves (``sign_lease``) are refused with 422: they have forms of their own.
    """
    application = services.get_visible(current_user, application_id)
    move = api_input.body(Transition)
    verb, reason, version = move.verb.value, move.reason, move.version
    services.transition(current_user, application, verb, reason, version)
    return jsonify(id=application.id, state=application.state, version=application.version)
