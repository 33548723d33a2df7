"""The one error path: every refusal and failure answers here, in JSON or HTML, never a traceback.

Every JSON error, everywhere, has one shape::

    {"error": {"code": "not_found", "message": "…", "field": "rent_per_year"}}

``field`` appears only when one input is at fault. HTML answers are the error page (404, 403,
and refusals of a page read), a flash and a redirect back (refusals of an action), or, inside
``with form_errors(form):``, an error shown on the form field at fault.
"""

from __future__ import annotations

from contextlib import contextmanager, suppress
from typing import Callable, Iterator
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError
from wtforms.fields import FieldList, FormField

from bourse import unit_of_work
from bourse.ops import request_ids
from bourse.domain import DomainError, NotAllowed, NotFound
from bourse.extensions import db, login_manager

MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please sign in to see this page."),
    403: _l("You are not allowed to see this page."),
    404: _l("This page does not exist, or is not yours to see."),
    405: _l("This action is not allowed here."),
    409: _l("This changed meanwhile: reload the page and check."),
    413: _l("The file is too large."),
    422: _l("This action is not possible."),
    429: _l("Too many attempts in a short time: wait a minute, then try again."),
    500: _l("Something went wrong on our side. The team has been told."),
    503: _l("The service is not answering. Try again in a moment."),
}
CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid",
    429: "too_many_requests", 500: "internal_error", 503: "unavailable", 507: "insufficient_storage",
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def json_error(status: int, message, field: str | None = None, code: str | None = None):
    """The one JSON error answer."""
    body = {"code": code or CODES.get(status, "error"), "message": str(message)}
    if field:
        body["field"] = field
    if status >= 500:  # the reference the team finds the request's log lines with
        body["request_id"] = request_ids.current()
    return jsonify(error=body), status


def _page(status: int, message):
    template = "errors/404.html" if status == 404 else "errors/error.html"
    return render_template(template, status=status, message=message), status


def _respond(status: int, message, field: str | None = None, code: str | None = None):
    if wants_json():
        return json_error(status, message, field, code)
    return _page(status, message)


def _back() -> str:
    """Where to send someone whose action was refused: the page they came from, on this site."""
    referrer = request.referrer
    if referrer:
        parts = urlsplit(referrer)
        if parts.netloc == request.host and parts.path.startswith("/"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return url_for("main.index")


def handle_domain_error(error: DomainError):
    """A service said no: drop the unit of work's changes, then tell the user why."""
    unit_of_work.abandon()
    if wants_json():
        return json_error(error.status, error.message, error.field, error.code)
    if isinstance(error, (NotFound, NotAllowed)) or request.method in ("GET", "HEAD"):
        return _page(error.status, error.message)
    flash(str(error.message), "error")
    return redirect(_back())


class Refusal:
    """What ``form_errors`` caught, if anything (``error``), for views that mark the field."""

    error: DomainError | None = None


@contextmanager
def _refusals(show: Callable[[DomainError], None]) -> Iterator[Refusal]:
    """Catch a service's refusal, drop the unit of work's changes, and ``show`` it; the view goes on.
    Not found and not allowed are not about the page: they go to the app's handler."""
    refusal = Refusal()
    try:
        yield refusal
    except (NotFound, NotAllowed):
        raise
    except DomainError as error:
        refusal.error = error
        unit_of_work.abandon()
        show(error)


def form_errors(form):
    """Show a service's refusal on ``form`` (on the field at fault) instead of leaving the page.

    Use around the service call of a form view; after the block, render the form again.
    """

    def on_the_form(error: DomainError) -> None:
        target = form._fields.get(error.field) if error.field else None
        if target is not None and not isinstance(target, (FieldList, FormField)):
            target.errors = [*target.errors, str(error)]
        else:  # no such field, or a list of sub-forms: said above the form
            form.form_errors.append(str(error))

    return _refusals(on_the_form)


def flashed_refusals():
    """Show a service's refusal as a flash message; the view then redirects where it always does.

    For actions posted from another page (a status button, an upload).
    """
    return _refusals(lambda error: flash(str(error.message), "error"))


def handle_http_error(error: HTTPException):
    unit_of_work.abandon()
    status = error.code or 500
    if status == 401 and not wants_json():
        return login_manager.unauthorized()
    return _respond(status, MESSAGES.get(status, error.description))


def handle_csrf_error(error: CSRFError):
    unit_of_work.abandon()
    return _respond(400, _l("Your form expired or was sent from elsewhere. Please try again."), code="csrf_failed")


def handle_internal_error(error: InternalServerError):
    # Flask routes any unhandled exception here (outside tests, which propagate them).
    unit_of_work.abandon()
    return _respond(500, MESSAGES[500])


RETRY_AFTER_SECONDS = 5


def handle_database_unavailable(error: OperationalError | InterfaceError):
    """The database went away (a restart, a failover, a full disk): a clean 503, nothing half-written.

    The unit of work is dropped (what it wrote was never committed); the page needs no database.
    """
    user = g.get("_login_user")
    if isinstance(user, db.Model) and user in db.session:
        # Keep what is known of the signed-in user: the rollback would expire it, and every later
        # look at it (the language, the security headers) would need the database again.
        db.session.expunge(user)
    with suppress(SQLAlchemyError):  # the rollback itself may meet the dead connection
        unit_of_work.abandon()
    current_app.logger.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    if wants_json():
        response, status = json_error(503, MESSAGES[503])
    else:
        response, status = render_template("errors/unavailable.html", message=MESSAGES[503]), 503
    return response, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def keep_own_retry_after(app: Flask) -> None:
    """A 503 says when to come back (``RETRY_AFTER_SECONDS``). Flask-Limiter sets Retry-After on
    every rate-limited answer to the end of its window (up to a minute, whichever of a route's limits
    has the least left); registered before the limiter, this runs after it and has the last word."""
    @app.after_request
    def _retry_after(response):
        if response.status_code == 503:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def init_app(app: Flask) -> None:
    unit_of_work.commit_failed = handle_database_unavailable
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_internal_error)
