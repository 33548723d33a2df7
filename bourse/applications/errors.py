"""The refusals of the applications domain."""

from __future__ import annotations

from bourse import domain
from bourse.lifecycle import MoveRefused


class ApplicationError(domain.DomainError):
    """A refused application or move."""


class ApplicationMoveRefused(ApplicationError, MoveRefused):
    """The life-cycle table refused a move of an application."""


class Conflict(ApplicationError, domain.Conflict):
    """Someone else changed the same thing at the same moment (HTTP 409)."""


class AlreadyApplied(Conflict):
    """A simultaneous request created this project's application to the same target first."""
