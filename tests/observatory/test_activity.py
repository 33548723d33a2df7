"""What the platform itself did inside the perimeter: the application funnel by furthest stage,
and the test boutiques' outcomes (a 3-6-9 lease afterwards; still trading a year on). Both backends."""

from __future__ import annotations

from datetime import date, timedelta

from bourse.applications import services as applications
from bourse.applications.models import Application, Lease, State
from bourse.extensions import db
from bourse.observatory import activity
from bourse.observatory.periods import Period
from bourse.observatory.scope import scope_of
from bourse.register import perimeters
from bourse.register.models import Source, Unit, UnitListing, UnitState
from bourse.register.services import observe
from bourse.register.spells import month_index
from bourse.timeutil import utcnow
from tests.builders import make_call, make_programme, make_slot, record_and_sign_lease
from tests.observatory.history import SQUARE, drawing


def test_the_funnel_counts_each_application_at_its_furthest_stage(auray, manager, entrepreneur, landlord,
                                                                  make_project, make_listing):
    outside = make_listing(title="Hors périmètre", lon=-2.9880, lat=47.6680)  # listed before the square was drawn
    perimeters.validate(manager, auray.id, drawing(SQUARE))
    inside = [make_listing(title=f"Local {n}", address=f"{n + 1} rue Clemenceau", lon=-2.9826 + n * 0.0003) for n in range(4)]
    sent = [applications.apply(entrepreneur, make_project(name=f"Projet {n}"), premises, None, "", submit=True)
            for n, premises in enumerate(inside + [outside])]
    applications.transition(landlord, sent[1], "shortlist")
    applications.transition(landlord, sent[2], "shortlist")
    applications.transition(landlord, sent[2], "select")
    applications.transition(landlord, sent[3], "select")  # selected straight away, then let
    record_and_sign_lease(landlord, sent[3])
    applications.transition(landlord, sent[4], "select")  # outside the perimeter: not counted
    db.session.commit()
    today = utcnow().date()
    period = Period(month_index(today) - 1, month_index(today), today)
    # 4 submitted; 3 got at least to the shortlist (sent[3] passed it by); 2 selected; 1 let.
    assert activity.funnel(scope_of(auray), period) == [4, 3, 2, 1]
    before = Period(month_index(today) - 24, month_index(today) - 12, today)
    assert activity.funnel(scope_of(auray), before) == [0, 0, 0, 0]


def test_test_boutiques_converted_and_still_open_a_year_on(auray, manager, entrepreneur, make_project, make_listing):
    """The jury's path to a signed trial is tested in tests/jury; here two trials are simply on record."""
    perimeters.validate(manager, auray.id, drawing(SQUARE))
    db.session.commit()
    cells = [make_listing(title=f"Cellule {n}", address=f"{n + 1} rue du Lait", lon=-2.9820 + n * 0.0004) for n in range(2)]
    trials = []
    for n, cell in enumerate(cells):
        programme = make_programme(manager, cell)
        call = make_call(manager, programme)
        slot = make_slot(manager, call)
        application = applications.apply(entrepreneur, make_project(name=f"Essai {n}"), cell, slot, "", submit=True)
        application.state = State.LEASE_SIGNED.value
        trials.append(application)
    began = date(2024, 3, 1)
    for application in trials:
        db.session.add(Lease(application_id=application.id, lease_type="short_term", starts_on=began,
                             ends_on=began + timedelta(days=365), converts_to="commercial_369", signed_on=began))
    # The first trial became a 3-6-9 lease for the same tenant; its unit is still trading.
    follow_on = Application(project_id=trials[0].project_id, applicant_id=entrepreneur.id,
                            premises_id=cells[0].id, target=f"follow-on-{cells[0].id}", state=State.LEASE_SIGNED.value)
    db.session.add(follow_on)
    db.session.flush()
    db.session.add(Lease(application_id=follow_on.id, lease_type="commercial_369", starts_on=date(2025, 3, 1),
                         ends_on=date(2034, 3, 1), signed_on=date(2025, 2, 20)))
    for cell, closed in zip(cells, (None, date(2024, 11, 1))):
        unit = db.session.get(Unit, db.session.get(UnitListing, cell.id).unit_id)
        observe(unit, UnitState.OCCUPIED, Source.PLATFORM, on=began, sector="food")
        if closed:
            observe(unit, UnitState.VACANT, Source.SURVEY, on=closed)
    db.session.commit()
    today = utcnow().date()
    period = Period(month_index(date(2024, 1, 1)), month_index(today), today)
    assert activity.trials(scope_of(auray), period) == activity.Trials(started=2, converted=1, checked=2,
                                                                        open_after_a_year=1)
    assert activity.trials(scope_of(auray), Period(month_index(date(2023, 1, 1)), month_index(date(2023, 12, 1)),
                                                   today)) == activity.Trials(0, 0, 0, 0)
