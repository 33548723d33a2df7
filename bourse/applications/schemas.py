"""The applications API's request body, validated with pydantic and described in the OpenAPI document."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from bourse.applications.machine import TRANSITIONS

Verb = StrEnum("Verb", {verb: verb for verb in TRANSITIONS})


class Transition(BaseModel):
    """A move: ``version`` (from the last answer) makes a stale move fail with 409 instead of overwriting."""

    model_config = ConfigDict(extra="forbid")

    verb: Verb = Field(description="the move; sign_lease has its own form and is refused here with 422")
    version: int | None = Field(None, ge=0, lt=2**31, strict=True)
    reason: str | None = Field(None, max_length=5000)
