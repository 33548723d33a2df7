"""Project alerts in one pass agree with one full matching run per project (the definition)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bourse.extensions import db
from bourse.notifications.alerts import project_alerts, project_score_one_by_one
from bourse.notifications.models import SavedSearch
from bourse.premises.models import Premises
from bourse.projects.models import Project
from tests.fixtures import project_data

AURAY = (-2.9826, 47.6680)
NEEDS = st.sampled_from(["none", "nice", "must"])

projects = st.fixed_dictionaries({
    "sector": st.sampled_from(["food", "restaurant", "services"]),
    "min_area": st.integers(10, 80), "span": st.integers(0, 120), "budget": st.integers(3000, 25000),
    "in_town": st.booleans(), "visible": st.booleans(), "min_score": st.integers(0, 90),
    "need_extraction": NEEDS, "need_step_free": NEEDS,
    "start_in": st.one_of(st.none(), st.integers(-30, 200)),
}, optional={
    # A wanted point near Auray, or in Vannes 17 km away, with its radius.
    "point": st.tuples(st.sampled_from([(0, 0), (0.01, -0.005), (0.22, 0.0)]), st.sampled_from([0.3, 1, 5, 25])),
})


def make(owner, spec, auray):
    data = project_data(sector=spec["sector"], min_area_m2=Decimal(spec["min_area"]),
                        max_area_m2=Decimal(spec["min_area"] + spec["span"]),
                        max_rent_per_year=Decimal(spec["budget"]), towns=[auray] if spec["in_town"] else [],
                        visible=spec["visible"], need_extraction=spec["need_extraction"],
                        need_step_free=spec["need_step_free"],
                        earliest_start=date.today() + timedelta(days=spec["start_in"])
                        if spec["start_in"] is not None else None)
    if "point" in spec:
        (dlon, dlat), radius = spec["point"]
        data.lon, data.lat, data.radius_km = AURAY[0] + dlon, AURAY[1] + dlat, Decimal(str(radius))
    from bourse.projects import services as project_services

    return project_services.save_project(owner, None, data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(projects, min_size=1, max_size=6), area=st.integers(15, 150),
       rent=st.one_of(st.none(), st.integers(2000, 25000)), step_free=st.booleans(), extraction=st.booleans(),
       excluded=st.lists(st.sampled_from(["restaurant"]), max_size=1),
       available_in=st.one_of(st.none(), st.integers(0, 120)))
def test_one_pass_agrees_with_one_matching_run_per_project(make_listing, entrepreneur, landlord, auray, specs, area,
                                                          rent, step_free, extraction, excluded, available_in):
    db.session.rollback()
    premises = make_listing(title="Local", sales_area_m2=Decimal(area), rent_per_year=Decimal(rent) if rent else None,
                            deal_type="to_let" if rent else "business_for_sale",
                            step_free_access=step_free, has_extraction=extraction, excluded_sectors=excluded,
                            available_from=date.today() + timedelta(days=available_in)
                            if available_in is not None else None)
    alerts = []
    for n, spec in enumerate(specs):
        project = make(entrepreneur, spec, auray)
        alerts.append(SavedSearch(user_id=entrepreneur.id, name=f"P{n}", project_id=project.id,
                                  min_score=spec["min_score"]))
    db.session.add_all(alerts)
    db.session.flush()
    expected = {}
    for search in alerts:
        score = project_score_one_by_one(search, premises)
        if score is not None and score >= search.min_score:
            expected[search.id] = score
    others = SavedSearch.user_id != landlord.id
    found = {search.id: score for search, score in project_alerts(premises, others)}
    assert found.keys() == expected.keys()
    for search_id, score in found.items():
        assert abs(score - expected[search_id]) < 0.05
    db.session.execute(db.delete(SavedSearch))
    db.session.execute(db.delete(Project))
    db.session.execute(db.delete(Premises).where(Premises.id == premises.id))
    db.session.commit()


def test_the_publisher_s_own_alerts_are_left_out(make_listing, make_project, entrepreneur, auray):
    project = make_project(visible=False)  # a private project still gets its owner's alerts
    db.session.add(SavedSearch(user_id=entrepreneur.id, name="Moi", project_id=project.id, min_score=0))
    premises = make_listing(title="Local", sales_area_m2=Decimal(45))
    [(search, score)] = project_alerts(premises, SavedSearch.user_id != premises.owner_id)
    assert search.project_id == project.id and 0 < score <= 100
    assert project_alerts(premises, SavedSearch.user_id != entrepreneur.id) == []
