"""One set of error handlers that answers in JSON or HTML, never with a traceback."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from bourse.extensions import db, login_manager

MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please sign in to see this page."),
    403: _l("You are not allowed to see this page."),
    404: _l("This page does not exist, or is not yours to see."),
    405: _l("This action is not allowed here."),
    413: _l("The file is too large."),
    429: _l("Too many attempts in a short time: wait a minute, then try again."),
    500: _l("Something went wrong on our side. The team has been told."),
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _respond(status: int, message) -> tuple:
    if wants_json():
        return jsonify(error={"status": status, "message": str(message)}), status
    template = "errors/404.html" if status == 404 else "errors/error.html"
    return render_template(template, status=status, message=message), status


def handle_http_error(error: HTTPException):
    status = error.code or 500
    if status == 401 and not wants_json():
        return login_manager.unauthorized()
    return _respond(status, MESSAGES.get(status, error.description))


def handle_csrf_error(error: CSRFError):
    return _respond(400, _l("Your form expired or was sent from elsewhere. Please try again."))


def handle_internal_error(error: InternalServerError):
    # Flask routes any unhandled exception here (outside tests, which propagate them).
    db.session.rollback()
    return _respond(500, MESSAGES[500])


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_internal_error)
