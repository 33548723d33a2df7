"""The applications API's request body, validated with pydantic and described in the OpenAPI document."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bourse.applications.machine import TRANSITIONS

Verb = StrEnum("Verb", {verb: verb for verb in TRANSITIONS})


class Transition(BaseModel):
    """A move: ``version`` (from the last answer) makes a stale move fail with 409 instead of overwriting."""

    model_config = ConfigDict(extra="forbid")

    verb: Verb = Field(description="the move; sign_lease has its own form and is refused here with 422")
    version: int | None = Field(None, ge=0, lt=2**31, strict=True)
    reason: str | None = Field(None, max_length=5000)


RowId = Field(None, ge=1, lt=2**63, strict=True)


class NewApplication(BaseModel):
    """Apply with one of one's projects to published premises (``premises_id``) or to a slot of an open
    test-boutique call (``slot_id``). Send an ``Idempotency-Key`` header to make a retry safe."""

    model_config = ConfigDict(extra="forbid")

    project_id: int = Field(ge=1, lt=2**63, strict=True)
    premises_id: int | None = RowId
    slot_id: int | None = RowId
    message: str = Field("", max_length=5000, description="the cover message")
    submit: bool = Field(True, description="false keeps a draft to submit later")

    @model_validator(mode="after")
    def _one_target(self) -> "NewApplication":
        if (self.premises_id is None) == (self.slot_id is None):
            raise ValueError("give either premises_id or slot_id")
        return self
