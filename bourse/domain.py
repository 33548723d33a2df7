"""The refusals a service can raise: one small hierarchy, turned into answers in one place.

Services raise only these (never werkzeug's HTTP exceptions); ``bourse.errors`` turns each
into an HTML page, a form error, a flash, or the one JSON error shape, by its ``status``.

    DomainError   422  invalid     a rule said no (``field`` names the form field at fault)
    NotFound      404  not_found   missing, or not yours to see (we never confirm it exists)
    NotAllowed    403  forbidden   visible to you, but this action is not yours to take
    Conflict      409  conflict    someone changed the same thing at the same moment
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


class DomainError(ValueError):
    """A rule said no. ``message`` may be a lazy string, translated when shown;
    ``field`` names the form field at fault, if any."""

    status = 422
    code = "invalid"
    default_message = _l("This action is not possible.")

    def __init__(self, message=None, field: str | None = None) -> None:
        message = message if message is not None else self.default_message
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


Invalid = DomainError


class BadRequest(DomainError):
    """A parameter that cannot be read or lies out of range: the one 400, with the field at fault."""

    status = 400
    code = "bad_request"
    default_message = _l("This request cannot be read.")


class NotFound(DomainError):
    """Missing, or not visible to this user: both answer 404 so existence is never revealed."""

    status = 404
    code = "not_found"
    default_message = _l("This page does not exist, or is not yours to see.")


class NotAllowed(DomainError):
    """The user may see the object but not take this action."""

    status = 403
    code = "forbidden"
    default_message = _l("You are not allowed to do this.")


class Conflict(DomainError):
    """Another request changed the same thing meanwhile, or the database refused a duplicate."""

    status = 409
    code = "conflict"
    default_message = _l("This changed meanwhile: reload the page and check.")
