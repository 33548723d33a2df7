"""The base of every refusal a service can raise."""

from __future__ import annotations


class DomainError(ValueError):
    """A rule said no. ``message`` may be a lazy string, translated when shown;
    ``field`` names the form field at fault, if any."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
