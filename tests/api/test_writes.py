"""Writing through the API with a personal token: premises (create, change, move, delete), project
files, applying and withdrawing, matches both ways, saved searches. Each refusal has its status and
the field at fault, and leaves the database as it was."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bourse.accounts import api_tokens
from bourse.accounts.roles import Role
from bourse.applications.models import Application
from bourse.extensions import db
from bourse.notifications.models import SavedSearch
from bourse.premises.models import Premises
from bourse.projects.models import Project

NEW = {"title": "Ancienne mercerie", "insee_code": "56007", "address": "12 rue du Château", "lon": -2.9831,
       "lat": 47.6677, "sales_area_m2": 55.5, "deal_type": "to_let", "rent_per_year": "10800.00",
       "lease_types": ["commercial_369"], "allowed_sectors": ["food", "crafts"], "available_from": "2027-01-01"}
TOO_BIG = 2**64


def bearer(user, scope: str = "write") -> dict:
    _token, text = api_tokens.create(user, f"Script {scope}", scope, 30)
    db.session.commit()
    return {"Authorization": f"Bearer {text}"}


def stored(model, row_id: int):
    db.session.expire_all()
    return db.session.get(model, row_id)


def test_a_landlord_posts_changes_publishes_and_deletes_a_listing(client, auray, landlord, make_user):
    headers = bearer(landlord)
    made = client.post("/api/v1/premises", json=NEW, headers=headers)
    assert made.status_code == 201, made.get_json()
    feature = made.get_json()
    premises_id = feature["id"]
    assert made.headers["Location"].endswith(f"/api/v1/premises/{premises_id}")
    assert feature["properties"]["status"] == "draft" and feature["properties"]["lease_types"] == ["commercial_369"]
    row = stored(Premises, premises_id)
    assert row.owner_id == landlord.id and row.sales_area_m2 == Decimal("55.5") and row.reference.startswith("AUR-")
    assert client.get(f"/api/v1/premises/{premises_id}").status_code == 404  # a draft: not for the public
    assert client.get(f"/api/v1/premises/{premises_id}", headers=headers).status_code == 200

    changed = client.patch(f"/api/v1/premises/{premises_id}", json={"rent_per_year": 9000, "description": None},
                           headers=headers)
    assert changed.status_code == 200 and changed.get_json()["properties"]["rent_per_year"] == 9000
    row = stored(Premises, premises_id)
    assert row.rent_per_year == Decimal(9000) and row.title == NEW["title"] and row.description == ""
    mine = client.get("/api/v1/premises/mine", headers=headers).get_json()["items"]
    assert [item["id"] for item in mine] == [premises_id]

    published = client.post(f"/api/v1/premises/{premises_id}/transitions", json={"verb": "publish"}, headers=headers)
    assert published.get_json() == {"id": premises_id, "status": "published"}
    assert client.get(f"/api/v1/premises/{premises_id}").status_code == 200
    again = client.post(f"/api/v1/premises/{premises_id}/transitions", json={"verb": "publish"}, headers=headers)
    assert again.status_code == 422
    dedicated = client.post(f"/api/v1/premises/{premises_id}/transitions", json={"verb": "let_by_lease"},
                            headers=headers)
    assert dedicated.status_code == 400 and dedicated.get_json()["error"]["field"] == "verb"
    refused = client.delete(f"/api/v1/premises/{premises_id}", headers=headers)
    assert refused.status_code == 422 and stored(Premises, premises_id) is not None
    client.post(f"/api/v1/premises/{premises_id}/transitions", json={"verb": "withdraw"}, headers=headers)
    assert client.delete(f"/api/v1/premises/{premises_id}", headers=headers).status_code == 204
    assert stored(Premises, premises_id) is None


def test_bad_premises_bodies_are_refused_with_their_field_and_write_nothing(client, auray, landlord, make_listing):
    headers = bearer(landlord)
    listing = make_listing()
    url = f"/api/v1/premises/{listing.id}"
    cases = [
        ({**NEW, "status": "published"}, 422, "status"),  # an unknown field: refused whole
        ({**NEW, "lon": 2.35, "lat": 48.85}, 422, "location"),  # Paris is not in Auray
        ({**NEW, "lon": -2.98, "lat": 91}, 400, "lat"),
        ({**NEW, "insee_code": "75056"}, 422, "insee_code"),  # a town Bourse does not hold
        ({**NEW, "rent_per_year": "Infinity"}, 400, "rent_per_year"),
        ({**NEW, "rent_per_year": 1e300}, 400, "rent_per_year"),
        ({**NEW, "sales_area_m2": "55"}, None, None),  # decimals may travel as strings: accepted
        ({**NEW, "sales_area_m2": -3}, 400, "sales_area_m2"),
        ({**NEW, "floor": "2"}, 400, "floor"),
        ({**NEW, "allowed_sectors": ["alchemy"]}, 400, "allowed_sectors.0"),
        ({**NEW, "allowed_sectors": ["food"], "excluded_sectors": ["food"]}, 422, "excluded_sectors"),
        ({**NEW, "total_area_m2": 20}, 422, "total_area_m2"),
        ({key: value for key, value in NEW.items() if key != "title"}, 400, "title"),
        ({**NEW, "deal_type": "to_let", "rent_per_year": None}, 422, "rent_per_year"),
    ]
    before = db.session.scalar(db.select(db.func.count()).select_from(Premises))
    accepted = 0
    for body, status, field in cases:
        answer = client.post("/api/v1/premises", json=body, headers=headers)
        if status is None:
            assert answer.status_code == 201
            accepted += 1
            continue
        assert answer.status_code == status and answer.get_json()["error"].get("field") == field, (body, answer.json)
    assert db.session.scalar(db.select(db.func.count()).select_from(Premises)) == before + accepted
    for body, status, field in (({"title": None}, 400, "title"), ({"rent_per_year": None}, 422, "rent_per_year"),
                                ({"owner_id": 1}, 422, "owner_id"), ({"sales_area_m2": 1e9}, 400, "sales_area_m2")):
        answer = client.patch(url, json=body, headers=headers)
        assert answer.status_code == status and answer.get_json()["error"]["field"] == field, body
    assert stored(Premises, listing.id).rent_per_year == Decimal(9600)
    assert client.post("/api/v1/premises", data="{not json", headers={**headers, "Content-Type": "application/json"}
                       ).status_code == 400
    assert client.post("/api/v1/premises", json=[NEW], headers=headers).status_code == 400
    as_form = client.post("/api/v1/premises", data={"title": "x"}, headers=headers)
    assert as_form.status_code == 415 and as_form.get_json()["error"]["code"] == "unsupported_media_type"


def test_tokens_scopes_roles_and_other_people_s_listings(client, auray, vannes, landlord, make_user, make_listing):
    listing = make_listing(status="draft")
    other = bearer(make_user(Role.LANDLORD, email="autre@example.com"))
    assert client.patch(f"/api/v1/premises/{listing.id}", json={"title": "À moi"}, headers=other).status_code == 404
    assert client.get(f"/api/v1/premises/{listing.id}", headers=other).status_code == 404
    assert client.delete(f"/api/v1/premises/{listing.id}", headers=other).status_code == 404
    assert client.get(f"/api/v1/premises/{listing.id}/candidates", headers=other).status_code == 404
    read = client.post("/api/v1/premises", json=NEW, headers=bearer(landlord, "read"))
    assert read.status_code == 403 and read.get_json()["error"]["code"] == "forbidden"
    assert client.post("/api/v1/premises", json=NEW).status_code == 401
    entrepreneur = bearer(make_user(Role.ENTREPRENEUR))
    assert client.post("/api/v1/premises", json=NEW, headers=entrepreneur).status_code == 403
    assert stored(Premises, listing.id).title != "À moi"
    for path in (f"/api/v1/premises/{TOO_BIG}", f"/api/v1/projects/{TOO_BIG}", f"/api/v1/saved-searches/{TOO_BIG}",
                 f"/api/v1/premises/{TOO_BIG}/transitions", f"/api/v1/projects/{TOO_BIG}/matches",
                 f"/api/v1/premises/{TOO_BIG}/candidates"):
        for method in ("get", "patch", "delete", "post"):
            answer = getattr(client, method)(path, json={}, headers=other)
            assert answer.status_code in (404, 405), (method, path, answer.status_code)
            assert answer.status_code != 405 or method in ("get", "patch", "delete", "post")


def test_a_town_manager_posts_for_a_landlord_in_the_towns_they_manage(client, auray, vannes, manager, landlord):
    headers = bearer(manager)
    made = client.post("/api/v1/premises", json={**NEW, "owner_email": "LANDLORD@example.com"}, headers=headers)
    assert made.status_code == 201 and stored(Premises, made.get_json()["id"]).owner_id == landlord.id
    elsewhere = client.post("/api/v1/premises", json={**NEW, "insee_code": "56260", "lon": -2.7600, "lat": 47.6580},
                            headers=headers)
    assert elsewhere.status_code == 422 and elsewhere.get_json()["error"]["field"] == "town"
    nobody = client.post("/api/v1/premises", json={**NEW, "owner_email": "nobody@example.com"}, headers=headers)
    assert nobody.status_code == 422 and nobody.get_json()["error"]["field"] == "owner_email"
    by_landlord = client.post("/api/v1/premises", json={**NEW, "owner_email": "manager@example.com"},
                              headers=bearer(landlord))
    assert by_landlord.status_code == 422 and by_landlord.get_json()["error"]["field"] == "owner_email"


PROJECT = {"name": "Torréfaction", "sector": "food", "min_area_m2": 40, "max_area_m2": 80,
           "max_rent_per_year": 12000, "towns": ["56007"], "concept": "Café torréfié sur place", "visible": True}


def test_an_entrepreneur_keeps_a_project_finds_premises_applies_and_withdraws(client, auray, entrepreneur, landlord,
                                                                              make_listing, make_user):
    listing = make_listing()
    headers = bearer(entrepreneur)
    made = client.post("/api/v1/projects", json=PROJECT, headers=headers)
    assert made.status_code == 201, made.get_json()
    project = made.get_json()
    assert project["towns"] == ["56007"] and project["visible"] is True
    assert client.get("/api/v1/projects", headers=headers).get_json()["items"][0]["id"] == project["id"]
    changed = client.patch(f"/api/v1/projects/{project['id']}", json={"max_rent_per_year": 15000}, headers=headers)
    assert changed.get_json()["max_rent_per_year"] == 15000 and changed.get_json()["sector"] == "food"
    assert stored(Project, project["id"]).max_rent_per_year == Decimal(15000)

    matches = client.get(f"/api/v1/projects/{project['id']}/matches", headers=headers).get_json()
    first = matches["items"][0]
    assert first["premises"]["id"] == listing.id and 0 < first["score"] <= 100
    assert {r["criterion"] for r in first["reasons"]} >= {"surface", "budget"} and first["reasons"][0]["sentence"]
    candidates = client.get(f"/api/v1/premises/{listing.id}/candidates", headers=bearer(landlord)).get_json()
    assert [c["project"]["name"] for c in candidates["items"]] == ["Torréfaction"]

    body = {"project_id": project["id"], "premises_id": listing.id, "message": "Bonjour"}
    keyed = {**headers, "Idempotency-Key": "retry-1"}
    applied = client.post("/api/v1/applications", json=body, headers=keyed)
    assert applied.status_code == 201 and applied.get_json()["state"] == "submitted"
    retried = client.post("/api/v1/applications", json=body, headers=keyed)
    assert retried.status_code == 201 and retried.get_json()["id"] == applied.get_json()["id"]
    twice = client.post("/api/v1/applications", json=body, headers=headers)
    assert twice.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 1
    application = applied.get_json()
    withdrawn = client.post(f"/api/v1/applications/{application['id']}/transitions",
                            json={"verb": "withdraw", "version": application["version"]}, headers=headers)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["state"] == "withdrawn"

    other = bearer(make_user(Role.ENTREPRENEUR, email="autre@example.com"))
    assert client.get(f"/api/v1/projects/{project['id']}", headers=other).status_code == 404
    assert client.patch(f"/api/v1/projects/{project['id']}", json={"name": "x"}, headers=other).status_code == 404
    assert client.get(f"/api/v1/projects/{project['id']}/matches", headers=other).status_code == 404
    stolen = client.post("/api/v1/applications", json={**body, "message": "volé"}, headers=other)
    assert stolen.status_code == 404


def test_bad_project_and_application_bodies(client, auray, entrepreneur, make_listing, make_project):
    headers = bearer(entrepreneur)
    draft = make_listing(status="draft", lon=-2.9835)
    project = make_project()
    for body, status, field in (({**PROJECT, "towns": ["99999"]}, 422, "towns"),
                                ({**PROJECT, "min_area_m2": 90}, 422, "min_area_m2"),
                                ({**PROJECT, "lon": -2.98, "lat": 47.66}, 422, "radius_km"),
                                ({**PROJECT, "sector": "alchemy"}, 400, "sector"),
                                ({**PROJECT, "visible": "yes"}, 400, "visible"),
                                ({**PROJECT, "budget": 1}, 422, "budget")):
        answer = client.post("/api/v1/projects", json=body, headers=headers)
        assert answer.status_code == status and answer.get_json()["error"]["field"] == field, body
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 1
    for body, status in (({"project_id": project.id, "premises_id": draft.id}, 404),  # a draft: not there
                         ({"project_id": project.id}, 400),
                         ({"project_id": project.id, "premises_id": draft.id, "slot_id": 1}, 400),
                         ({"project_id": str(project.id), "premises_id": draft.id}, 400),
                         ({"project_id": TOO_BIG, "premises_id": draft.id}, 400)):
        assert client.post("/api/v1/applications", json=body, headers=headers).status_code == status, body
    assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 0


def test_saved_searches_and_project_alerts(client, auray, entrepreneur, make_project, make_user):
    headers = bearer(entrepreneur)
    project = make_project()
    made = client.post("/api/v1/saved-searches", json={"name": "Auray pas cher", "filters": {
        "town": "56007", "max_rent": 12000, "sector": "food", "step_free": True}}, headers=headers)
    assert made.status_code == 201, made.get_json()
    saved_id = made.get_json()["id"]
    saved = stored(SavedSearch, saved_id)
    assert (saved.town_code, saved.max_rent, saved.sector, saved.step_free) == ("56007", Decimal(12000), "food", True)
    alert = client.post("/api/v1/saved-searches", json={"project_id": project.id, "min_score": 80}, headers=headers)
    assert alert.status_code == 201 and alert.get_json()["min_score"] == 80
    listed = client.get("/api/v1/saved-searches", headers=headers).get_json()["items"]
    assert {s["id"] for s in listed} == {made.get_json()["id"], alert.get_json()["id"]}
    for body, status in (({"name": "Rien"}, 400), ({"filters": {"town": "56007"}}, 400),
                         ({"name": "x", "filters": {"colour": "red"}}, 422),
                         ({"name": "x", "filters": {"max_rent": -1}}, 400),
                         ({"name": "x", "filters": {"bbox": "-3,48,-4,47"}}, 400),
                         ({"project_id": project.id, "min_score": 0}, 400)):
        assert client.post("/api/v1/saved-searches", json=body, headers=headers).status_code == status, body
    other = bearer(make_user(Role.ENTREPRENEUR, email="autre@example.com"))
    assert client.post("/api/v1/saved-searches", json={"project_id": project.id}, headers=other).status_code == 404
    assert client.delete(f"/api/v1/saved-searches/{saved_id}", headers=other).status_code == 404
    assert client.delete(f"/api/v1/saved-searches/{saved_id}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/saved-searches/{saved_id}", headers=headers).status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(SavedSearch)) == 1


@pytest.mark.parametrize("path", ["/api/v1/premises", "/api/v1/projects", "/api/v1/saved-searches",
                                  "/api/v1/applications"])
def test_a_signed_in_page_still_needs_its_csrf_token(client, auth, auray, entrepreneur, landlord, path):
    auth.login((landlord if path == "/api/v1/premises" else entrepreneur).email)
    answer = client.post(path, json={"name": "x"})
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "csrf_failed"


def test_a_body_beyond_the_request_limit_is_a_413_in_the_one_shape(client, auray, landlord):
    headers = {**bearer(landlord), "Content-Type": "application/json"}
    body = b'{"title": "' + b"x" * (21 * 1024 * 1024) + b'"}'
    answer = client.post("/api/v1/premises", data=body, headers=headers)
    assert answer.status_code == 413 and answer.get_json()["error"]["code"] == "too_large"
    assert db.session.scalar(db.select(db.func.count()).select_from(Premises)) == 0
