"""``/healthz`` for load balancers: is this instance able to reach its database?"""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bourse import unit_of_work
from bourse.extensions import db
from bourse.permissions import public

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        unit_of_work.abandon()
        current_app.logger.warning("health check: database unreachable: %s", exc)
        reason = type(getattr(exc, "orig", exc)).__name__
        return jsonify(status="error", database="unreachable", reason=reason), 503
    return jsonify(status="ok", database="ok")
