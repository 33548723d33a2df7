"""Multi-slot calls: the proposed allocation, and the manager's confirmation (never silent)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.matching import slots as allocation
from bourse.programmes import services
from bourse.programmes.models import SlotAllocation
from tests.builders import make_call, make_programme, make_slot
from tests.conftest import csrf_token


@pytest.fixture
def call_with_two_slots(manager, make_listing):
    unit = make_listing(title="Cellule", sales_area_m2=Decimal(40), rent_per_year=Decimal(6000))
    call = make_call(manager, make_programme(manager, unit), days_open=20)
    make_slot(manager, call, starts_in=30, ends_in=210, rent=100)
    make_slot(manager, call, starts_in=210, ends_in=390, rent=300)
    return call


@pytest.fixture
def candidates(make_project, make_user):
    def owner():
        return make_user(Role.ENTREPRENEUR)
    soon = date.today() + timedelta(days=30)
    later = date.today() + timedelta(days=210)
    return [
        make_project(owner=owner(), name="Pressé et petit budget", visible=True, earliest_start=soon,
                     max_rent_per_year=Decimal(1300)),
        make_project(owner=owner(), name="Patient", visible=True, earliest_start=later,
                     max_rent_per_year=Decimal(4000)),
        make_project(owner=owner(), name="Privé", visible=False),
    ]


def test_proposal_maximises_the_total_and_confirming_records_it(manager, call_with_two_slots, candidates):
    proposal = allocation.propose(manager, call_with_two_slots)
    first, second = proposal.slots
    assert {p.name for p in proposal.candidates} == {"Pressé et petit budget", "Patient"}
    assert proposal.pairs[first.id][0].name == "Pressé et petit budget"
    assert proposal.pairs[second.id][0].name == "Patient"
    assert db.session.scalars(db.select(SlotAllocation)).all() == []  # nothing applied yet
    allocation.confirm(manager, call_with_two_slots,
                       {s: proposal.pairs[s][0].id for s in proposal.pairs}, proposal)
    rows = db.session.scalars(db.select(SlotAllocation).order_by(SlotAllocation.slot_id)).all()
    assert [r.method for r in rows] == ["optimal_assignment", "optimal_assignment"]


def test_manager_edits_and_bad_edits_are_refused(manager, call_with_two_slots, candidates):
    proposal = allocation.propose(manager, call_with_two_slots)
    first, second = (s.id for s in proposal.slots)
    patient = next(p for p in proposal.candidates if p.name == "Patient")
    with pytest.raises(services.ProgrammeError):
        allocation.confirm(manager, call_with_two_slots, {first: patient.id, second: patient.id}, proposal)
    private = next(p for p in candidates if p.name == "Privé")
    with pytest.raises(services.ProgrammeError):
        allocation.confirm(manager, call_with_two_slots, {first: private.id}, proposal)
    allocation.confirm(manager, call_with_two_slots, {first: patient.id, second: None}, proposal)
    [row] = db.session.scalars(db.select(SlotAllocation)).all()
    assert row.project_id == patient.id and row.method == "edited_by_manager"


def test_allocation_page_shows_the_proposal_and_confirms(client, auth, manager, call_with_two_slots, candidates):
    auth.login(manager.email)
    page = client.get(f"/appels/{call_with_two_slots.id}/allocation").get_data(as_text=True)
    assert "affectation optimale" in page and "Pressé et petit budget" in page and "Correspondance" in page
    proposal = allocation.propose(manager, call_with_two_slots)
    data = {f"slot-{s}": str(proposal.pairs[s][0].id) for s in proposal.pairs}
    data["csrf_token"] = csrf_token(client, f"/appels/{call_with_two_slots.id}/allocation")
    response = client.post(f"/appels/{call_with_two_slots.id}/allocation", data=data)
    assert response.status_code == 302
    db.session.commit()
    assert len(db.session.scalars(db.select(SlotAllocation)).all()) == 2


def test_other_towns_managers_get_404(client, auth, make_user, vannes, call_with_two_slots):
    auth.login(make_user(Role.TOWN_MANAGER, towns=[vannes]).email)
    assert client.get(f"/appels/{call_with_two_slots.id}/allocation").status_code == 404
