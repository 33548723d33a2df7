"""Shared data fixtures: Auray with its perimeter, people, and listings made through the service."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.premises import services
from bourse.towns import services as towns
from bourse.towns.models import Town

AURAY_POINT = (-2.9826, 47.6680)  # Place de la République, inside the demo perimeter


@pytest.fixture
def auray(app) -> Town:
    towns.seed_reference_towns()
    db.session.commit()  # builders commit, as the earlier requests that made the data would have
    return db.session.scalar(db.select(Town).where(Town.insee_code == "56007"))


@pytest.fixture
def vannes(auray) -> Town:
    return db.session.scalar(db.select(Town).where(Town.insee_code == "56260"))


@pytest.fixture
def landlord(make_user):
    return make_user(Role.LANDLORD, email="landlord@example.com", full_name="Loïc Le Bailleur")


@pytest.fixture
def manager(make_user, auray):
    return make_user(Role.TOWN_MANAGER, email="manager@example.com", towns=[auray])


def listing_data(town: Town, **overrides) -> services.PremisesData:
    values = dict(title="Boutique place de la République", town=town, address="4 Place de la République",
                  lon=AURAY_POINT[0], lat=AURAY_POINT[1], sales_area_m2=Decimal(48), deal_type="to_let",
                  rent_per_year=Decimal(9600))
    values.update(overrides)
    return services.PremisesData(**values)


@pytest.fixture
def make_listing(auray, landlord):
    def make(owner=None, status: str = "published", **overrides):
        owner = owner or landlord
        premises = services.create_premises(owner, owner, listing_data(overrides.pop("town", auray), **overrides))
        if status in ("published", "under_offer", "let", "withdrawn"):
            services.change_status(owner, premises, "publish")
        verb = {"under_offer": "mark_under_offer", "let": "mark_let", "withdrawn": "withdraw"}.get(status)
        if verb:
            services.change_status(owner, premises, verb)
        db.session.commit()
        return premises

    return make


@pytest.fixture
def entrepreneur(make_user):
    return make_user(Role.ENTREPRENEUR, email="porteur@example.com", full_name="Nolwenn Porteuse")


def project_data(**overrides):
    from bourse.projects import services as project_services

    values = dict(name="Épicerie vrac", sector="food", min_area_m2=Decimal(30), max_area_m2=Decimal(60),
                  max_rent_per_year=Decimal(12000))
    values.update(overrides)
    return project_services.ProjectData(**values)


@pytest.fixture
def make_project(entrepreneur, auray):
    from bourse.projects import services as project_services

    def make(owner=None, **overrides):
        overrides.setdefault("towns", [auray])
        project = project_services.save_project(owner or entrepreneur, None, project_data(**overrides))
        db.session.commit()
        return project

    return make
