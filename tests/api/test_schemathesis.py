"""schemathesis against the live app, from its own OpenAPI document, on both backends: as an
anonymous caller, with a landlord's read and write tokens and with an entrepreneur's write token.
No answer may be a 5xx or break the document's schemas (bodies, statuses, headers): first for the
answers the document promises on real data, then for what hypothesis makes of each operation's
parameters and bodies."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from bourse.accounts import api_tokens
from bourse.applications import services as applications
from bourse.extensions import db
from bourse.notifications import saved_searches
from tests.builders import make_call, make_programme, make_slot
from tests.observatory.history import build

# Some rules span several values (a box's minimum below its maximum, a period's start before its
# end): a 400 for them is the documented answer, not a valid request rejected.
EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def world(app, auray, manager, landlord, entrepreneur, make_listing, make_project):
    """A town with a register and a perimeter, listings and an application, one landlord's token per
    scope, and an entrepreneur's write token."""
    build(auray, manager)
    listing = make_listing()
    other = make_listing(title="Local à saisir", lon=-2.9829)
    draft = make_listing(title="Brouillon", status="draft", lon=-2.9835)
    project = make_project(visible=True)
    application = applications.apply(entrepreneur, project, listing, None, "", submit=True)
    programme = make_programme(manager, make_listing(title="Cellule d'essai", lon=-2.9820))
    make_slot(manager, make_call(manager, programme))
    _read, read = api_tokens.create(landlord, "Lecture", "read", 30)
    _write, write = api_tokens.create(landlord, "Écriture", "write", 30)
    _own, own = api_tokens.create(entrepreneur, "Porteuse", "write", 30)
    alert = saved_searches.save_project_alert(entrepreneur, project, 70)
    db.session.commit()
    callers = {"anonymous": {}, "read": {"Authorization": f"Bearer {read}"},
               "write": {"Authorization": f"Bearer {write}"}, "entrepreneur": {"Authorization": f"Bearer {own}"}}
    return callers, {"listing": listing.id, "other": other.id, "draft": draft.id, "application": application.id,
                     "town": auray.id, "project": project.id, "alert": alert.id}


NEW_PREMISES = {"title": "Ancienne mercerie", "insee_code": "56007", "address": "12 rue du Château", "lon": -2.9831,
                "lat": 47.6677, "sales_area_m2": 55, "rent_per_year": 10800}
NEW_PROJECT = {"name": "Torréfaction", "sector": "food", "min_area_m2": 40, "max_area_m2": 80,
               "max_rent_per_year": 12000, "towns": ["56007"]}


def real_cases(ids):
    """(operation, arguments, the statuses of the anonymous caller, the landlord's read and write
    tokens and the entrepreneur's write token) on data that exists."""
    box = {"bbox": "-3.1,47.6,-2.9,47.7"}
    json = {"media_type": "application/json"}
    draft, listing, project = ({"premises_id": ids["draft"]}, {"premises_id": ids["listing"]},
                               {"project_id": ids["project"]})
    return [
        ("GET /api/v1/premises", {"query": box}, [200] * 4),
        ("GET /api/v1/premises", {"query": {**box, "min_area": "40", "sector": "food"}}, [200] * 4),
        ("GET /api/v1/listings", {"query": {"limit": 1}}, [200] * 4),
        ("GET /api/v1/calls", {}, [200] * 4),
        ("GET /api/v1/applications/mine", {}, [401, 200, 200, 200]),
        ("GET /api/v1/premises/{premises_id}", {"path_parameters": listing}, [200] * 4),
        ("GET /api/v1/premises/{premises_id}", {"path_parameters": draft}, [404, 200, 200, 404]),
        ("GET /api/v1/towns/{town_id}/observatory",
         {"path_parameters": {"town_id": ids["town"]}, "query": {"du": "2024-01", "au": "2026-10"}}, [200] * 4),
        ("POST /api/v1/applications/{application_id}/transitions",
         {"path_parameters": {"application_id": ids["application"]}, "body": {"verb": "shortlist"}, **json},
         [401, 403, 200, 422]),
        ("POST /api/v1/premises", {"body": NEW_PREMISES, **json}, [401, 403, 201, 403]),
        ("GET /api/v1/premises/mine", {}, [401, 200, 200, 403]),
        ("PATCH /api/v1/premises/{premises_id}", {"path_parameters": draft, "body": {"rent_per_year": 9000}, **json},
         [401, 403, 200, 403]),
        ("POST /api/v1/premises/{premises_id}/transitions",
         {"path_parameters": draft, "body": {"verb": "withdraw"}, **json}, [401, 403, 200, 403]),
        ("GET /api/v1/premises/{premises_id}/candidates", {"path_parameters": listing}, [401, 200, 200, 403]),
        ("DELETE /api/v1/premises/{premises_id}", {"path_parameters": draft}, [401, 403, 204, 403]),
        ("GET /api/v1/projects", {}, [401, 403, 403, 200]),
        ("POST /api/v1/projects", {"body": NEW_PROJECT, **json}, [401, 403, 403, 201]),
        ("GET /api/v1/projects/{project_id}", {"path_parameters": project}, [401, 403, 403, 200]),
        ("PATCH /api/v1/projects/{project_id}", {"path_parameters": project, "body": {"visible": False}, **json},
         [401, 403, 403, 200]),
        ("GET /api/v1/projects/{project_id}/matches", {"path_parameters": project}, [401, 403, 403, 200]),
        ("POST /api/v1/applications", {"body": {"project_id": ids["project"], "premises_id": ids["other"]}, **json},
         [401, 403, 403, 201]),
        ("GET /api/v1/saved-searches", {}, [401, 403, 403, 200]),
        ("POST /api/v1/saved-searches", {"body": {"name": "Auray", "filters": {"town": "56007"}}, **json},
         [401, 403, 403, 201]),
        ("DELETE /api/v1/saved-searches/{search_id}", {"path_parameters": {"search_id": ids["alert"]}},
         [401, 403, 403, 204]),
    ]


def test_the_documented_answers_on_real_data(app, world):
    callers, ids = world
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = {result.ok().label: result.ok() for result in schema.get_all_operations()}
    cases = real_cases(ids)
    for label, arguments, expected in cases:
        statuses = []
        for headers in callers.values():
            case = operations[label].Case(**arguments)
            statuses.append(case.call_and_validate(headers=headers, excluded_checks=EXCLUDED).status_code)
        assert statuses == expected, label
    untried = set(operations) - {label for label, _a, _e in cases} - {"GET /api/v1/geocode"}
    assert not untried, untried


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
    assert len(tried) == 22, tried
