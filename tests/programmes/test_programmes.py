"""Test-boutique programmes, calls and slots on both backends, including simultaneous bookings."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError
from bourse.domain import NotFound

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.programmes import services
from bourse.programmes.models import Call, Programme, Slot
from bourse import unit_of_work
from bourse.unit_of_work import WRITE_LOCK
from tests.support.uow import boundary
from tests.conftest import csrf_token
from tests.support.concurrency import at_once

GRID = [services.Criterion("Qualité du projet", 40), services.Criterion("Viabilité", 35),
        services.Criterion("Complémentarité", 25)]


@pytest.fixture
def unit(make_listing):
    return make_listing(title="Cellule boutique à l'essai", sales_area_m2=Decimal(32))


@pytest.fixture
def programme(manager, unit):
    return services.save_programme(
        manager, None, premises=unit, title="Boutique à l'essai du Belzic", description="Six mois pour essayer.",
        support=["rent_reduction", "mentoring"], support_details="Loyer réduit de 50 %.", trial_months=6,
        renewable_once=True, follow_on_lease="commercial_369", criteria=GRID)


@pytest.fixture
def call(manager, programme):
    now = datetime.now(timezone.utc)
    return services.save_call(manager, programme, None, opens_on=now.date() - timedelta(days=1),
                              closes_at=now + timedelta(days=30), published=True)


def slots() -> list[Slot]:
    db.session.commit()  # end any read snapshot
    return db.session.scalars(db.select(Slot).order_by(Slot.starts_on)).all()


def test_programme_keeps_its_published_grid(programme):
    assert programme.criteria == [{"label": "Qualité du projet", "weight": 40}, {"label": "Viabilité", "weight": 35},
                                  {"label": "Complémentarité", "weight": 25}]


@pytest.mark.parametrize("criteria", [
    [],
    [services.Criterion("Seul", 90)],
    [services.Criterion("A", 50), services.Criterion("B", 60)],
    [services.Criterion("A", 0), services.Criterion("B", 100)],
])
def test_a_grid_must_add_up_to_100(manager, unit, criteria):
    with pytest.raises(services.ProgrammeError):
        services.save_programme(manager, None, premises=unit, title="X", description="", support=[],
                                support_details="", trial_months=6, renewable_once=True,
                                follow_on_lease="commercial_369", criteria=criteria)
    assert db.session.scalar(db.select(db.func.count(Programme.id))) == 0


def test_only_managers_of_the_town_run_programmes(landlord, make_user, vannes, unit):
    other_manager = make_user(Role.TOWN_MANAGER, towns=[vannes])
    for user in (landlord, other_manager):
        with pytest.raises(NotFound):
            services.save_programme(user, None, premises=unit, title="X", description="", support=[],
                                    support_details="", trial_months=6, renewable_once=True,
                                    follow_on_lease="commercial_369", criteria=GRID)


def add_slot(*args, **kwargs):
    """``services.add_slot`` inside the locked boundary its view declares."""
    with boundary():
        return services.add_slot(*args, **kwargs)


def test_slots_are_added_and_back_to_back_is_fine(manager, call):
    add_slot(manager, call, starts_on=date(2027, 1, 1), ends_on=date(2027, 7, 1), rent_per_month=Decimal(200))
    add_slot(manager, call, starts_on=date(2027, 7, 1), ends_on=date(2028, 1, 1), rent_per_month=Decimal(250))
    assert [(s.starts_on, s.ends_on) for s in slots()] == [(date(2027, 1, 1), date(2027, 7, 1)),
                                                           (date(2027, 7, 1), date(2028, 1, 1))]


@pytest.mark.parametrize("start, end", [
    (date(2027, 3, 1), date(2027, 4, 1)),     # inside
    (date(2026, 12, 1), date(2027, 1, 2)),    # overlaps the start
    (date(2027, 6, 30), date(2027, 9, 1)),    # overlaps the end
    (date(2026, 1, 1), date(2029, 1, 1)),     # covers it
])
def test_an_overlapping_slot_is_refused(manager, call, start, end):
    add_slot(manager, call, starts_on=date(2027, 1, 1), ends_on=date(2027, 7, 1), rent_per_month=Decimal(200))
    with pytest.raises(services.SlotOverlap):
        add_slot(manager, call, starts_on=start, ends_on=end, rent_per_month=Decimal(200))
    assert len(slots()) == 1


def test_a_slot_ending_before_it_starts_is_refused(manager, call):
    with pytest.raises(services.ProgrammeError) as error:
        add_slot(manager, call, starts_on=date(2027, 7, 1), ends_on=date(2027, 1, 1), rent_per_month=Decimal(1))
    assert error.value.field == "ends_on" and slots() == []


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_the_database_itself_refuses_overlaps_on_postgresql(backend, manager, call):
    """Bypasses the service check: only the exclusion constraint stands in the way.
    (SQLite has no exclusion constraint; there the service's write lock is the guard.)"""
    for start in (date(2027, 1, 1), date(2027, 3, 1)):
        db.session.add(Slot(call_id=call.id, premises_id=call.programme.premises_id, starts_on=start,
                            ends_on=start + timedelta(days=90), rent_per_month=Decimal(1)))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_simultaneous_overlapping_slots_exactly_one_wins(app, manager, call):
    """Eight threads, each with its own connection, book overlapping periods at the same instant."""
    workers = 8
    manager_id, call_id = manager.id, call.id

    def booking(offset: int):
        def book(ready):
            actor = db.session.get(User, manager_id)
            target = db.session.get(Call, call_id)
            actor.towns  # load before the race
            target.programme
            ready()
            try:
                unit_of_work.begin(WRITE_LOCK)  # what the view's @locked(WRITE_LOCK) does
                services.add_slot(actor, target, starts_on=date(2027, 1, 1) + timedelta(days=offset),
                                  ends_on=date(2027, 7, 1) + timedelta(days=offset), rent_per_month=Decimal(200))
                return "ok"
            except services.SlotOverlap:
                return "overlap"
        return book

    outcomes = at_once(app, [booking(n) for n in range(workers)])
    assert sorted(outcomes) == ["ok"] + ["overlap"] * (workers - 1), outcomes
    assert len(slots()) == 1


def test_public_call_page_shows_programme_support_grid_slots_and_deadline(client, manager, call):
    add_slot(manager, call, starts_on=date(2027, 1, 4), ends_on=date(2027, 7, 5), rent_per_month=Decimal(200))
    html = client.get(f"/appels/{call.id}").get_data(as_text=True)
    for expected in ("Boutique à l&#39;essai du Belzic", "Loyer réduit", "Accompagnement", "Qualité du projet",
                     "40 %", "4 janvier 2027", "200\u00a0€", "Les candidatures sont ouvertes jusqu’au"):
        assert expected in html, expected
    assert f"/appels/{call.id}" in client.get("/appels").get_data(as_text=True)


def test_unpublished_call_is_404(client, manager, programme):
    now = datetime.now(timezone.utc)
    draft = services.save_call(manager, programme, None, opens_on=now.date(), closes_at=now + timedelta(days=5),
                               published=False)
    assert client.get(f"/appels/{draft.id}").status_code == 404
    assert f"/appels/{draft.id}" not in client.get("/appels").get_data(as_text=True)


def test_test_boutique_filter_finds_units_with_an_open_call(client, manager, call, make_listing):
    add_slot(manager, call, starts_on=date(2027, 1, 4), ends_on=date(2027, 7, 5), rent_per_month=Decimal(200))
    make_listing(title="Local ordinaire", lon=-2.9820)
    html = client.get("/recherche?test_boutique=1").get_data(as_text=True)
    assert "Cellule boutique à l&#39;essai" in html and "Local ordinaire" not in html
    assert f'href="/appels/{call.id}">Candidater avant le' in html  # the list links to the open call


def test_manager_adds_a_slot_through_the_page(client, auth, manager, call):
    auth.login(manager.email)
    token = csrf_token(client, f"/programmes/{call.programme_id}")
    client.post(f"/appels/{call.id}/creneaux", data={"starts_on": "2027-01-01", "ends_on": "2027-07-01",
                                                     "rent_per_month": "200", "csrf_token": token})
    response = client.post(f"/appels/{call.id}/creneaux", data={"starts_on": "2027-03-01", "ends_on": "2027-04-01",
                                                                "rent_per_month": "200", "csrf_token": token},
                           follow_redirects=True)
    assert "Ce local est déjà occupé sur une partie de ces dates." in response.get_data(as_text=True)
    response = client.post(f"/appels/{call.id}/creneaux", data={"starts_on": "2027-09-01", "ends_on": "2027-08-01",
                                                                "rent_per_month": "200", "csrf_token": token},
                           follow_redirects=True)
    assert "Un créneau doit finir après avoir commencé." in response.get_data(as_text=True)
    assert len(slots()) == 1


def test_programme_pages_are_404_to_managers_of_other_towns(client, auth, make_user, vannes, programme):
    auth.login(make_user(Role.TOWN_MANAGER, towns=[vannes]).email)
    assert client.get(f"/programmes/{programme.id}").status_code == 404


def test_manager_creates_a_programme_and_a_call_through_the_pages(client, auth, manager, unit):
    auth.login(manager.email)
    token = csrf_token(client, "/programmes/nouveau")
    response = client.post("/programmes/nouveau", data={
        "title": "Essai rue du Lait", "premises": str(unit.id), "description": "", "support": ["mentoring"],
        "support_details": "", "trial_months": "6", "renewable_once": "y", "follow_on_lease": "commercial_369",
        "criteria-0-name": "Projet", "criteria-0-weight": "60", "criteria-1-name": "Viabilité",
        "criteria-1-weight": "40", "csrf_token": token})
    assert response.status_code == 302
    programme = db.session.scalars(db.select(Programme)).one()
    assert programme.criteria == [{"label": "Projet", "weight": 60}, {"label": "Viabilité", "weight": 40}]
    edit_page = client.get(f"/programmes/{programme.id}/modifier").get_data(as_text=True)
    assert 'value="Projet"' in edit_page and 'value="60"' in edit_page
    token = csrf_token(client, f"/programmes/{programme.id}")
    client.post(f"/programmes/{programme.id}/appels", data={
        "opens_on": "2027-01-01", "closes_at": "2027-02-15T18:00", "published": "y", "csrf_token": token})
    db.session.commit()
    call = db.session.scalars(db.select(Call)).one()
    assert call.published and call.closes_at == datetime(2027, 2, 15, 17, 0, tzinfo=timezone.utc)  # 18:00 Paris


def test_a_grid_that_does_not_add_up_is_a_form_error(client, auth, manager, unit):
    auth.login(manager.email)
    response = client.post("/programmes/nouveau", data={
        "title": "Essai", "premises": str(unit.id), "trial_months": "6", "follow_on_lease": "commercial_369",
        "criteria-0-name": "Projet", "criteria-0-weight": "60", "csrf_token": csrf_token(client, "/programmes/nouveau")})
    assert "Les poids des critères doivent être compris entre 1 et 100 et totaliser 100." in \
        response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Programme.id))) == 0
