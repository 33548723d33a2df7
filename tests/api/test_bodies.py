"""Request bodies are checked against their declared schema: an unknown field is refused whole with
422 and writes nothing; a wrong type is a 400 naming the field. The document describes the body."""

from __future__ import annotations

from bourse.accounts import api_tokens
from bourse.applications import services as applications
from bourse.applications.models import Application
from bourse.extensions import db


def test_unknown_fields_and_wrong_types_write_nothing(app, landlord, entrepreneur, make_project, make_listing):
    application = applications.apply(entrepreneur, make_project(), make_listing(), None, "", submit=True)
    _token, text = api_tokens.create(landlord, "Script", "write", 30)
    db.session.commit()
    client, headers = app.test_client(), {"Authorization": f"Bearer {text}"}
    move = f"/api/v1/applications/{application.id}/transitions"
    unknown = client.post(move, json={"verb": "shortlist", "state": "lease_signed"}, headers=headers)
    assert unknown.status_code == 422 and unknown.get_json()["error"]["field"] == "state"
    for body, field in (({"verb": "shortlist", "version": "1"}, "version"), ({"verb": "fly"}, "verb"),
                        ({"verb": "reject", "reason": 5}, "reason"), ({}, "verb")):
        wrong = client.post(move, json=body, headers=headers)
        assert wrong.status_code == 400 and wrong.get_json()["error"]["field"] == field, body
    db.session.expire_all()
    assert db.session.get(Application, application.id).state == "submitted"
    described = client.get("/api/v1/openapi.json").get_json()
    body = described["components"]["schemas"]["Transition"]
    assert body["additionalProperties"] is False and "shortlist" in str(described["components"]["schemas"])
    assert client.get("/api/v1/docs").status_code == 200
