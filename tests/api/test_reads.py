"""The open calls with their slots, for anyone; one's own applications, for their applicant only."""

from __future__ import annotations

from bourse.accounts import api_tokens
from bourse.accounts.roles import Role
from bourse.applications import services as applications
from bourse.extensions import db
from tests.builders import make_call, make_programme, make_slot


def test_open_calls_and_ones_own_applications(app, manager, entrepreneur, make_user, make_listing, make_project):
    programme = make_programme(manager, make_listing(title="Cellule d'essai", lon=-2.9820))
    call = make_call(manager, programme)
    slot = make_slot(manager, call, rent=150)
    make_call(manager, make_programme(manager, make_listing(title="Autre", lon=-2.9810)), published=False)
    application = applications.apply(entrepreneur, make_project(), make_listing(lon=-2.9830), None, "", submit=True)
    _t, mine = api_tokens.create(entrepreneur, "Mon script", "read", 30)
    _t, theirs = api_tokens.create(make_user(Role.ENTREPRENEUR, email="autre@example.com"), "Script", "read", 30)
    db.session.commit()
    client = app.test_client()
    calls = client.get("/api/v1/calls").get_json()["items"]
    assert [c["id"] for c in calls] == [call.id]  # the unpublished call is not there
    assert calls[0]["slots"] == [{"id": slot.id, "starts_on": slot.starts_on.isoformat(),
                                  "ends_on": slot.ends_on.isoformat(), "rent_per_month": 150.0}]
    own = client.get("/api/v1/applications/mine", headers={"Authorization": f"Bearer {mine}"}).get_json()["items"]
    assert [(a["id"], a["state"]) for a in own] == [(application.id, "submitted")]
    other = client.get("/api/v1/applications/mine", headers={"Authorization": f"Bearer {theirs}"}).get_json()
    assert other["items"] == []
    assert client.get("/api/v1/applications/mine", headers={"Accept": "application/json"}).status_code == 401
