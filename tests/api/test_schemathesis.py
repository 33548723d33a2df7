"""schemathesis against the live app, from its own OpenAPI document, on both backends: as an
anonymous caller, with a read token and with a write token. No answer may be a 5xx or break the
document's schemas (bodies, statuses, headers): first for the answers the document promises on
real data, then for what hypothesis makes of each operation's parameters and bodies."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from bourse.accounts import api_tokens
from bourse.applications import services as applications
from bourse.extensions import db
from tests.builders import make_call, make_programme, make_slot
from tests.observatory.history import build

# Some rules span several values (a box's minimum below its maximum, a period's start before its
# end): a 400 for them is the documented answer, not a valid request rejected.
EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def world(app, auray, manager, landlord, entrepreneur, make_listing, make_project):
    """A town with a register and a perimeter, listings and an application, and one token per scope."""
    build(auray, manager)
    listing = make_listing()
    draft = make_listing(title="Brouillon", status="draft", lon=-2.9835)
    application = applications.apply(entrepreneur, make_project(), listing, None, "", submit=True)
    programme = make_programme(manager, make_listing(title="Cellule d'essai", lon=-2.9820))
    make_slot(manager, make_call(manager, programme))
    _read, read = api_tokens.create(landlord, "Lecture", "read", 30)
    _write, write = api_tokens.create(landlord, "Écriture", "write", 30)
    db.session.commit()
    callers = {"anonymous": {}, "read": {"Authorization": f"Bearer {read}"},
               "write": {"Authorization": f"Bearer {write}"}}
    return callers, {"listing": listing.id, "draft": draft.id, "application": application.id, "town": auray.id}


def real_cases(schema, ids):
    """(operation label, arguments, status the write token gets) for data that exists."""
    box = {"bbox": "-3.1,47.6,-2.9,47.7"}
    return [
        ("GET /api/v1/premises", {"query": box}, 200),
        ("GET /api/v1/premises", {"query": {**box, "min_area": "40", "sector": "food"}}, 200),
        ("GET /api/v1/listings", {"query": {"limit": 1}}, 200),
        ("GET /api/v1/calls", {}, 200),
        ("GET /api/v1/applications/mine", {}, 200),
        ("GET /api/v1/premises/{premises_id}", {"path_parameters": {"premises_id": ids["listing"]}}, 200),
        ("GET /api/v1/premises/{premises_id}", {"path_parameters": {"premises_id": ids["draft"]}}, 200),
        ("GET /api/v1/towns/{town_id}/observatory",
         {"path_parameters": {"town_id": ids["town"]}, "query": {"du": "2024-01", "au": "2026-10"}}, 200),
        ("POST /api/v1/applications/{application_id}/transitions",
         {"path_parameters": {"application_id": ids["application"]}, "body": {"verb": "shortlist"},
          "media_type": "application/json"}, 200),
    ]


def test_the_documented_answers_on_real_data(app, world):
    callers, ids = world
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = {result.ok().label: result.ok() for result in schema.get_all_operations()}
    statuses = []
    for label, arguments, _status in real_cases(schema, ids):
        for who, headers in callers.items():
            case = operations[label].Case(**arguments)
            answer = case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
            statuses.append((label, who, answer.status_code))
    # The landlord's tokens see the draft and may move the application only with the write scope.
    assert ("GET /api/v1/premises/{premises_id}", "anonymous", 404) in statuses
    assert ("GET /api/v1/premises/{premises_id}", "read", 200) in statuses
    moves = [s for label, _who, s in statuses if label.startswith("POST")]
    assert moves == [401, 403, 200]
    assert all(s == 200 for label, _w, s in statuses if label.startswith("GET /api/v1/towns"))
    assert [s for label, _w, s in statuses if label == "GET /api/v1/applications/mine"] == [401, 200, 200]


def test_no_generated_request_breaks_the_document(app, world):
    callers, _ids = world
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # The geocoder calls the national address base: tests/premises test it against a local stub.
    schema = schema.exclude(path="/api/v1/geocode")
    tried = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def check(case):
            for headers in callers.values():
                case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

        check()
        tried.append(operation.label)
    assert len(tried) == 7, tried
