"""The alert job's one query finds exactly the saved searches that the search page itself would match."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bourse.extensions import db
from bourse.notifications.alerts import matches_one_by_one
from bourse.notifications.models import SavedSearch
from bourse.notifications.saved_searches import satisfied_by
from bourse.premises.models import Premises

AURAY = (-2.9826, 47.6680)
MAYBE = st.none()

queries = st.fixed_dictionaries({}, optional={
    "town": st.sampled_from(["56007", "56260"]),
    "sector": st.sampled_from(["food", "restaurant", "services", "crafts"]),
    "min_area": st.integers(10, 80).map(str),
    "max_area": st.integers(30, 200).map(str),
    "max_rent": st.integers(3000, 20000).map(str),
    "deal": st.sampled_from(["to_let", "lease_transfer", "business_for_sale"]),
    "available_by": st.integers(-30, 200).map(lambda d: (date.today() + timedelta(days=d)).isoformat()),
    "step_free": st.just("1"),
    "extraction": st.just("1"),
    # Areas near Auray that hold the unit or miss it.
    "near_point": st.tuples(st.floats(-0.02, 0.02), st.floats(-0.02, 0.02), st.sampled_from([0.2, 0.5, 1, 3])),
    "bbox": st.tuples(st.floats(-0.02, 0.02), st.floats(-0.02, 0.02), st.floats(0.001, 0.02), st.floats(0.001, 0.02)),
})


def as_url_args(query: dict) -> dict:
    args = {k: v for k, v in query.items() if k not in ("near_point", "bbox")}
    if "near_point" in query:
        dlon, dlat, radius = query["near_point"]
        args.update(lon=str(AURAY[0] + dlon), lat=str(AURAY[1] + dlat), radius_km=str(radius))
    if "bbox" in query:
        left, bottom, width, height = query["bbox"]
        args["bbox"] = f"{AURAY[0] + left},{AURAY[1] + bottom},{AURAY[0] + left + width},{AURAY[1] + bottom + height}"
    return args


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(searches=st.lists(queries, min_size=1, max_size=8), area=st.integers(15, 150),
       rent=st.one_of(st.none(), st.integers(2000, 25000)), step_free=st.booleans(), extraction=st.booleans(),
       allowed=st.lists(st.sampled_from(["food", "services"]), max_size=2, unique=True),
       excluded=st.lists(st.sampled_from(["restaurant"]), max_size=1),
       available_in=st.one_of(st.none(), st.integers(0, 120)), dlon=st.floats(-0.002, 0.002))
def test_one_query_agrees_with_the_search_page_one_search_at_a_time(
        make_listing, entrepreneur, searches, area, rent, step_free, extraction, allowed, excluded, available_in,
        dlon):
    # Sub-centimetre ties at a map box's edge are decided by float precision (PostGIS compares
    # single-precision index boxes): not a question a person can ask.
    assume(all(abs(dlon - q["bbox"][0]) > 1e-6 and abs(dlon - q["bbox"][0] - q["bbox"][2]) > 1e-6
               and abs(q["bbox"][1]) > 1e-6 and abs(q["bbox"][1] + q["bbox"][3]) > 1e-6
               for q in searches if "bbox" in q))
    db.session.rollback()
    db.session.execute(db.delete(SavedSearch))
    premises = make_listing(title="Local", sales_area_m2=Decimal(area), lon=AURAY[0] + dlon,
                            rent_per_year=Decimal(rent) if rent else None, step_free_access=step_free,
                            has_extraction=extraction, allowed_sectors=allowed, excluded_sectors=excluded,
                            deal_type="to_let" if rent else "business_for_sale",
                            available_from=date.today() + timedelta(days=available_in) if available_in is not None
                            else None)
    saved = [SavedSearch(user_id=entrepreneur.id, name=f"S{n}", query=as_url_args(q)) for n, q in enumerate(searches)]
    db.session.add_all(saved)
    db.session.flush()
    expected = {s.id for s in saved if matches_one_by_one(s, premises)}
    found = set(db.session.scalars(db.select(SavedSearch.id).where(*satisfied_by(premises))))
    assert found == expected
    db.session.execute(db.delete(SavedSearch))
    db.session.execute(db.delete(Premises).where(Premises.id == premises.id))
    db.session.commit()
