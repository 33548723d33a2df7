"""Data builders shared by tests."""

from __future__ import annotations

import random
from decimal import Decimal

from bourse.extensions import db
from bourse.geo import make_point
from bourse.premises.models import Premises, PremisesStatus
from bourse.towns.models import Town


def make_town(insee_code: str = "56007", name: str = "Auray", lon: float = -2.981, lat: float = 47.668) -> Town:
    town = Town(name=name, insee_code=insee_code, department_code=insee_code[:2],
                department_name="Morbihan", centre=make_point(lon, lat))
    db.session.add(town)
    db.session.flush()
    return town


def make_premises(owner, town, lon: float, lat: float, **overrides) -> Premises:
    n = overrides.pop("n", None) or random.randrange(10**9)
    values = dict(
        reference=f"T-{n}", owner=owner, town=town, title=f"Local {n}", address=f"{n} rue du Test",
        location=make_point(lon, lat), sales_area_m2=Decimal(40), status=PremisesStatus.PUBLISHED.value,
    )
    values.update(overrides)
    premises = Premises(**values)
    db.session.add(premises)
    return premises


def make_programme(manager, unit, **overrides):
    """A test-boutique programme for ``unit`` with a one-criterion grid."""
    from bourse.programmes import services as programmes

    values = dict(title="Essai", description="", support=[], support_details="", trial_months=6,
                  renewable_once=True, follow_on_lease="commercial_369",
                  criteria=[programmes.Criterion("Projet", 100)])
    values.update(overrides)
    programme = programmes.save_programme(manager, None, premises=unit, **values)
    db.session.commit()
    return programme


def make_call(manager, programme, days_open: int = 9, published: bool = True):
    """A call opened today, closing in ``days_open`` days."""
    from datetime import datetime, timedelta, timezone

    from bourse.programmes import services as programmes

    now = datetime.now(timezone.utc)
    call = programmes.save_call(manager, programme, None, opens_on=now.date(),
                                closes_at=now + timedelta(days=days_open), published=published)
    db.session.commit()
    return call


def make_slot(manager, call, starts_in: int = 30, ends_in: int = 210, rent: int = 150):
    """A slot from ``starts_in`` to ``ends_in`` days from today."""
    from datetime import date, timedelta

    from bourse.programmes import services as programmes
    from tests.support.uow import boundary

    today = date.today()
    with boundary():
        slot = programmes.add_slot(manager, call, starts_on=today + timedelta(days=starts_in),
                                   ends_on=today + timedelta(days=ends_in), rent_per_month=Decimal(rent))
    return slot


def record_and_sign_lease(landlord, application, rent: int = 900, starts_in: int = 20):
    """A 3-6-9 lease for a selected application, recorded with a year's rent step, signed today."""
    from datetime import date, timedelta
    from decimal import Decimal

    from bourse.applications import leases

    start = date.today() + timedelta(days=starts_in)
    leases.record_lease(landlord, application, lease_type="commercial_369", starts_on=start,
                        ends_on=start + timedelta(days=9 * 365),
                        steps=[leases.Step(start, start + timedelta(days=365), Decimal(rent))])
    leases.sign(landlord, application, date.today())


def occupied_unit(town, sector: str, lon: float, lat: float, name: str = "Commerce"):
    """A unit of the register seen occupied by ``sector`` (as a survey would have recorded it)."""
    from bourse.register.models import Source, Unit, UnitState
    from bourse.register.services import observe

    unit = Unit(town_id=town.id, address="", address_key="", name=name, location=make_point(lon, lat))
    db.session.add(unit)
    db.session.flush()
    observe(unit, UnitState.OCCUPIED, Source.SURVEY, sector=sector)
    return unit


def survey_csv(count: int, state: str = "occupied", sector: str = "food", separator: str = ",",
               lat: float = 47.660, lon: float = -2.990) -> str:
    """A survey file of ``count`` units on a grid of Auray's centre from (lat, lon), each 7 m from the next."""
    rows = "".join(f"Commerce {n}{separator}{state}{separator}{sector}{separator}{lat + (n // 60) * 0.0001:.5f}"
                   f"{separator}{lon + (n % 60) * 0.0001:.5f}\n" for n in range(count))
    return separator.join(("name", "state", "sector", "lat", "lon")) + "\n" + rows
