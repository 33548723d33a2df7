"""An API request's JSON body, read against its declared pydantic model: the one set of answers
for every write endpoint (415 not JSON, 400 not an object or a wrong value, 422 an unknown field,
refused whole so nothing of it is written)."""

from __future__ import annotations

import json
from typing import TypeVar

from flask import request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ValidationError

from bourse.domain import BadRequest, DomainError
from bourse.security import json_object

Body = TypeVar("Body", bound=BaseModel)


class UnsupportedMediaType(BadRequest):
    status = 415
    code = "unsupported_media_type"
    default_message = _l("Send the body as JSON, with Content-Type: application/json.")


def body(model: type[Body]) -> Body:
    """The request's body as ``model``.

    :raises UnsupportedMediaType: for a body that does not say it is JSON.
    :raises BadRequest: for malformed JSON, anything but an object, or a value of the wrong type or range.
    :raises DomainError: (422) for a field the model does not declare.
    """
    if not request.is_json:
        raise UnsupportedMediaType()
    payload = json_object()
    if payload is None:
        raise BadRequest(_l("Send a JSON object."))
    try:
        # Strict, as JSON: "12" is not a number, 1 is not true; dates and decimals as the document says.
        return model.model_validate_json(json.dumps(payload), strict=True)
    except ValidationError as invalid:
        errors = invalid.errors()
        unknown = [e for e in errors if e["type"] == "extra_forbidden"]
        first = (unknown or errors)[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        if unknown:
            raise DomainError(_l("Unknown field: %(name)s.", name=field), field) from None
        if field is None:  # a rule across fields
            raise BadRequest(_l("The body is incomplete or contradictory: %(detail)s.",
                                detail=first["msg"].removeprefix("Value error, "))) from None
        raise BadRequest(_l("%(name)s has the wrong type or value.", name=field), field) from None
