"""The refusals of the premises domain."""

from __future__ import annotations

from bourse.domain import DomainError
from bourse.lifecycle import MoveRefused


class PremisesError(DomainError):
    """A refused change to premises."""


class PremisesMoveRefused(PremisesError, MoveRefused):
    """The life-cycle table refused a change of status."""
