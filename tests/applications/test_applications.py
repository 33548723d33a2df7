"""Applications on both backends: applying, the state machine, permissions, concurrency."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from bourse import unit_of_work
from bourse.domain import NotFound

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.applications import services
from bourse.applications.models import Application, ApplicationEvent
from bourse.extensions import db
from bourse.notifications.models import Notification
from tests.builders import make_call, make_programme, make_slot
from tests.conftest import csrf_token
from tests.support.concurrency import at_once


@pytest.fixture
def unit(make_listing):
    return make_listing(title="Boutique place de la République")


@pytest.fixture
def slot(manager, make_listing):
    cell = make_listing(title="Cellule d'essai", lon=-2.9820)
    return make_slot(manager, make_call(manager, make_programme(manager, cell)))


def events(application) -> list[tuple]:
    db.session.commit()
    return [(e.verb, e.from_state, e.to_state) for e in db.session.scalars(
        db.select(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
        .order_by(ApplicationEvent.id))]


def count(model) -> int:
    db.session.commit()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_apply_as_draft_then_submit_with_events_and_notifications(entrepreneur, make_project, unit, landlord):
    application = services.apply(entrepreneur, make_project(), unit, None, "Bonjour", submit=False)
    assert application.state == "draft"
    services.transition(entrepreneur, application, "submit")
    assert events(application) == [("create", None, "draft"), ("submit", "draft", "submitted")]
    notified = db.session.scalars(db.select(Notification.user_id)).all()
    assert landlord.id in notified


def test_applying_twice_is_refused_but_a_double_click_is_one_application(entrepreneur, make_project, unit):
    project = make_project()
    first = services.apply(entrepreneur, project, unit, None, "", submit=True, request_token="tok-1")
    again = services.apply(entrepreneur, project, unit, None, "", submit=True, request_token="tok-1")
    assert again.id == first.id
    with pytest.raises(services.ApplicationError):
        services.apply(entrepreneur, project, unit, None, "", submit=True, request_token="tok-2")
    assert count(Application) == 1


def test_concurrent_double_submit_creates_one_application(app, entrepreneur, make_project, unit):
    project_id, unit_id, user_id = make_project().id, unit.id, entrepreneur.id

    def submit(ready):
        from bourse.premises.models import Premises
        from bourse.projects.models import Project

        user, project, premises = (db.session.get(User, user_id), db.session.get(Project, project_id),
                                   db.session.get(Premises, unit_id))
        user.towns  # loaded before the race
        ready()
        # As the apply view does: a request that loses the race starts over and finds the winner's.
        return unit_of_work.retry_after(services.AlreadyApplied, lambda: services.apply(
            user, project, premises, None, "", submit=True, request_token="same")).id

    outcomes = at_once(app, [submit] * 4)
    assert len(set(outcomes)) == 1 and isinstance(outcomes[0], int), outcomes
    assert count(Application) == 1


def test_submitting_after_the_deadline_is_refused(entrepreneur, make_project, slot):
    application = services.apply(entrepreneur, make_project(), slot.premises, slot, "", submit=False)
    slot.call.closes_at = datetime.now(timezone.utc) - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(services.ApplicationError) as error:
        services.transition(entrepreneur, application, "submit")
    assert "date limite" in str(error.value)
    db.session.commit()
    assert db.session.get(Application, application.id).state == "draft"


def test_who_may_do_what(entrepreneur, make_project, unit, slot, landlord, manager, make_user):
    plain = services.apply(entrepreneur, make_project(), unit, None, "", submit=True)
    trial = services.apply(entrepreneur, make_project(name="Autre"), slot.premises, slot, "", submit=True)
    with pytest.raises(services.ApplicationError):
        services.transition(entrepreneur, plain, "select")  # applicants cannot select themselves
    services.transition(landlord, plain, "shortlist")  # the landlord reviews plain premises
    with pytest.raises(NotFound):
        services.transition(landlord, trial, "shortlist")  # but not test-boutique calls
    with pytest.raises(NotFound):
        services.transition(make_user(Role.LANDLORD), plain, "select")  # strangers: 404
    services.transition(manager, trial, "select")
    assert (plain.state, trial.state) == ("shortlisted", "selected")


@pytest.mark.parametrize("verb", ["shortlist", "select", "reject"])
def test_illegal_moves_change_nothing(entrepreneur, make_project, unit, landlord, verb):
    application = services.apply(entrepreneur, make_project(), unit, None, "", submit=False)
    with pytest.raises(NotFound):  # a draft is the applicant's alone: the landlord does not see it
        services.transition(landlord, application, verb, reason="x")
    assert events(application) == [("create", None, "draft")]
    services.transition(entrepreneur, application, "submit")
    services.transition(landlord, application, "reject", reason="Pas cette fois")
    with pytest.raises(services.ApplicationError):
        services.transition(landlord, application, verb, reason="x")
    assert [e[0] for e in events(application)] == ["create", "submit", "reject"]


def test_a_refusal_needs_a_reason_and_the_applicant_sees_it(entrepreneur, make_project, unit, landlord):
    application = services.apply(entrepreneur, make_project(), unit, None, "", submit=True)
    with pytest.raises(services.ApplicationError):
        services.transition(landlord, application, "reject", reason="  ")
    services.transition(landlord, application, "reject", reason="Activité déjà présente dans la rue.")
    note = db.session.scalars(db.select(Notification).where(Notification.user_id == entrepreneur.id)).all()[-1]
    assert "Activité déjà présente dans la rue." in note.body


def test_two_managers_selecting_at_once_one_wins(app, entrepreneur, make_project, make_user, slot, manager, auray):
    other_founder = make_user(Role.ENTREPRENEUR)
    first = services.apply(entrepreneur, make_project(), slot.premises, slot, "", submit=True)
    second = services.apply(other_founder, make_project(owner=other_founder, name="Rival"), slot.premises, slot, "",
                            submit=True)
    second_manager = make_user(Role.TOWN_MANAGER, towns=[auray])
    pairs = [(manager.id, first.id), (second_manager.id, second.id)]

    def selecting(user_id: int, application_id: int):
        def select(ready):
            user, application = db.session.get(User, user_id), db.session.get(Application, application_id)
            user.towns, application.premises, application.slot.call  # loaded before the race
            ready()
            try:
                services.transition(user, application, "select")
                return "ok"
            except services.Conflict:
                return "conflict"
        return select

    outcomes = at_once(app, [selecting(*pair) for pair in pairs])
    assert sorted(outcomes) == ["conflict", "ok"], outcomes
    db.session.commit()
    states = sorted(db.session.scalars(db.select(Application.state)).all())
    assert states == ["selected", "submitted"]


def test_api_answers_409_to_the_second_selection(client, auth, entrepreneur, make_project, make_user, slot, manager):
    other = make_user(Role.ENTREPRENEUR)
    first = services.apply(entrepreneur, make_project(), slot.premises, slot, "", submit=True)
    second = services.apply(other, make_project(owner=other, name="Rival"), slot.premises, slot, "", submit=True)
    auth.login(manager.email)
    token = csrf_token(client, "/candidatures")
    ok = client.post(f"/api/v1/applications/{first.id}/transitions", json={"verb": "select"},
                     headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.get_json()["state"] == "selected"
    clash = client.post(f"/api/v1/applications/{second.id}/transitions", json={"verb": "select"},
                        headers={"X-CSRFToken": token})
    assert clash.status_code == 409 and clash.get_json()["error"]["code"] == "conflict"
    stale = client.post(f"/api/v1/applications/{first.id}/transitions", json={"verb": "reject", "version": 1,
                                                                              "reason": "x"},
                        headers={"X-CSRFToken": token})
    assert stale.status_code == 409


def test_internal_notes_never_reach_the_applicant(client, auth, entrepreneur, make_project, unit, landlord):
    application = services.apply(entrepreneur, make_project(), unit, None, "", submit=True)
    services.add_message(landlord, application, "Dossier solide, à rappeler.", internal=True)
    services.add_message(landlord, application, "Pouvez-vous passer jeudi ?", internal=False)
    auth.login(entrepreneur.email)
    html = client.get(f"/candidatures/{application.id}").get_data(as_text=True)
    assert "Pouvez-vous passer jeudi ?" in html and "Dossier solide" not in html
    with pytest.raises(NotFound):
        services.add_message(entrepreneur, application, "note", internal=True)


def test_strangers_get_404_on_pages(client, auth, entrepreneur, make_project, unit, make_user):
    application = services.apply(entrepreneur, make_project(), unit, None, "", submit=True)
    auth.login(make_user(Role.ENTREPRENEUR).email)
    assert client.get(f"/candidatures/{application.id}").status_code == 404
    response = client.post(f"/candidatures/{application.id}/withdraw", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404


def test_apply_page_submits_and_shows_the_timeline(client, auth, entrepreneur, make_project, unit):
    make_project()
    auth.login(entrepreneur.email)
    page = client.get(f"/candidater/locaux/{unit.id}").get_data(as_text=True)
    import re

    token = re.search(r'name="request_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {"project": str(make_project(name="Deuxième").id), "message": "Motivée !", "submit": "1",
            "request_token": token, "csrf_token": csrf_token(client, f"/candidater/locaux/{unit.id}")}
    first = client.post(f"/candidater/locaux/{unit.id}", data=data)
    second = client.post(f"/candidater/locaux/{unit.id}", data=data)  # the double click
    assert first.headers["Location"] == second.headers["Location"]
    html = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Motivée !" in html and "Déposée" in html
    assert count(Application) == 1


def test_call_applications_export_to_csv(client, auth, entrepreneur, make_project, slot, manager, landlord):
    services.apply(entrepreneur, make_project(name="Épicerie; vrac"), slot.premises, slot, "", submit=True)
    auth.login(landlord.email)
    assert client.get(f"/appels/{slot.call_id}/candidatures.csv").status_code == 403
    auth.logout()
    auth.login(manager.email)
    response = client.get(f"/appels/{slot.call_id}/candidatures.csv")
    assert response.mimetype == "text/csv" and response.headers["Content-Disposition"].startswith("attachment")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["id", "project", "sector"]
    assert rows[1][1] == "Épicerie; vrac" and rows[1][8] == "Déposée"


def test_api_refuses_bodies_that_are_not_objects_and_strips_direction_controls(client, auth, entrepreneur,
                                                                               make_project, unit, landlord):
    application = services.apply(entrepreneur, make_project(), unit, None, "", submit=True)
    auth.login(landlord.email)
    token = csrf_token(client, "/candidatures")
    url = f"/api/v1/applications/{application.id}/transitions"
    for body in ("1", "[1]", '"x"', "true", "null", "{", '{"verb": []}', '{"verb": "reject", "reason": 5}',
                 '{"verb": "select", "version": 99999999999999999999}', '{"verb": "select", "version": true}'):
        answer = client.post(url, data=body, content_type="application/json", headers={"X-CSRFToken": token})
        assert answer.status_code == 400, body
        assert set(answer.get_json()["error"]) >= {"code", "message"}
    assert events(application) == [("create", None, "draft"), ("submit", "draft", "submitted")]
    answer = client.post(url, json={"verb": "reject", "reason": "Trop \u202eloin\u2066 du centre"},
                         headers={"X-CSRFToken": token})
    assert answer.status_code == 200
    db.session.commit()
    assert db.session.get(Application, application.id).reason == "Trop loin du centre"
