"""The impact study: the same trade and class within 100, 300 and 500 m, the vacancy around, the
shares against the perimeter and the town; one implementation with the matching engine's
trade-mix criterion. On both backends."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest

from bourse.extensions import db
from bourse.matching import candidates
from bourse.observatory import impact, trade_mix
from bourse.observatory.scope import scope_of
from bourse.register.models import Source, UnitState
from bourse.register.services import observe
from tests.builders import occupied_unit
from tests.observatory.history import SQUARE, drawing

POINT = (-2.9810, 47.6680)
METRE_LAT = 1 / 111_320  # degrees of latitude per metre


def north(metres: float) -> tuple[float, float]:
    return POINT[0], POINT[1] + metres * METRE_LAT


@pytest.fixture
def street(auray, manager):
    from bourse.register import perimeters

    perimeters.validate(manager, auray.id, drawing(SQUARE))
    occupied_unit(auray, "food", *north(50), name="Épicerie à 50 m")
    occupied_unit(auray, "food", *north(250), name="Épicerie à 250 m")
    occupied_unit(auray, "food", *north(450), name="Épicerie à 450 m")
    occupied_unit(auray, "food", *north(700), name="Épicerie à 700 m")  # beyond every ring
    occupied_unit(auray, "services", *north(80), name="Coiffeur à 80 m")
    occupied_unit(auray, "restaurant", *north(280), name="Café à 280 m")
    empty = occupied_unit(auray, "crafts", *north(150), name="Atelier fermé")
    observe(empty, UnitState.VACANT, Source.SURVEY)
    auray.missing_sectors = ["food"]
    db.session.commit()
    return auray


def test_the_rings_the_shares_and_the_vacancy_around(street):
    result = impact.study(scope_of(street), *POINT, "food")
    assert [(r.metres, r.same_sector, r.same_class, r.businesses, r.units, r.vacant) for r in result.rings] == [
        (100, 1, 1, 2, 2, 0), (300, 2, 2, 4, 5, 1), (500, 3, 3, 5, 6, 1)]
    assert result.share_around == 2 / 4
    # Inside the square (to 47.672, 444 m north): 2 food shops of 4 occupied units; the whole town: 4 of 6.
    assert result.share_in_perimeter == pytest.approx(2 / 4) and result.share_in_town == pytest.approx(4 / 6)
    assert result.missing and result.obs_class == "convenience"
    assert sorted(result.nearby.sectors.tolist()) == ["food", "food", "food"]


def test_the_impact_study_and_the_trade_mix_criterion_are_one_function(street):
    """Both count with trade_mix.businesses_in; the criterion's 300 m count is the study's."""
    with mock.patch.object(trade_mix, "businesses_in", wraps=trade_mix.businesses_in) as counted:
        result = impact.study(scope_of(street), *POINT, "food")
        criterion = candidates.same_sector_counts("food", np.array([POINT[0]]), np.array([POINT[1]]))
        at_point = candidates.sector_counts_at(*POINT, {"food", "services"})
    assert counted.call_count == 3  # the study once, the criterion twice: no second implementation
    ring_300 = next(r for r in result.rings if r.metres == candidates.TRADE_MIX_RADIUS_M)
    assert int(criterion[0]) == ring_300.same_sector == at_point["food"] == 2
    assert at_point["services"] == 1


def test_the_report_page_and_its_bad_input(app, street, manager):
    from tests.accounts.test_sessions import signed_in

    client = signed_in(app, manager.email)
    page = client.get(f"/communes/{street.id}/impact?secteur=food&lon={POINT[0]}&lat={POINT[1]}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'class="folium-map"' in text and "data-print" in text
    assert "<th scope=\"row\">300 m</th><td class=\"num\">2</td>" in text
    assert "manque" in text  # the town lists food among the trades it lacks
    for query, field in (("secteur=nope", "secteur"), ("secteur=food&lon=abc&lat=1", "lon"),
                         ("secteur=food&lon=nan&lat=nan", "lon"), ("secteur=food&lon=120&lat=10", "lon"),
                         ("secteur=food&unite=99999999", "unite")):
        answer = client.get(f"/communes/{street.id}/impact?{query}")
        assert answer.status_code == 400 and f'id="{field}-error"' in answer.get_data(as_text=True), query
    assert app.test_client().get(f"/communes/{street.id}/impact").status_code == 302  # sign in first
