"""Town managers' settings: missing trades and weights."""

from __future__ import annotations

import pytest

from bourse.extensions import db
from bourse.towns.models import Town
from tests.conftest import csrf_token


@pytest.fixture
def manager_client(client, auth, manager):
    auth.login(manager.email)
    return client


def test_settings_save_missing_trades_and_weights(manager_client, auray):
    response = manager_client.post(f"/communes/{auray.id}/reglages", data={
        "missing_sectors": ["food", "crafts"], "weights-surface": "40", "weights-budget": "40",
        "weights-trade_mix": "20", "csrf_token": csrf_token(manager_client, f"/communes/{auray.id}/reglages")})
    assert response.status_code == 302
    db.session.commit()
    town = db.session.get(Town, auray.id)
    assert town.missing_sectors == ["food", "crafts"]
    assert town.match_weights == {"surface": 40, "budget": 40, "place": 0, "date": 0, "needs": 0, "trade_mix": 20}


def test_settings_of_another_town_are_404(manager_client, vannes):
    assert manager_client.get(f"/communes/{vannes.id}/reglages").status_code == 404


def test_landlords_cannot_reach_town_settings(client, auth, landlord, auray):
    auth.login(landlord.email)
    assert client.get(f"/communes/{auray.id}/reglages").status_code == 403
