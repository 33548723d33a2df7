"""Premises rules on both backends: who may post where, the life cycle and its history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bourse.domain import NotFound

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.premises import services
from bourse.premises.models import Premises, PremisesStatusChange
from tests.fixtures import listing_data


def history(premises) -> list[tuple]:
    return [(c.from_status, c.to_status) for c in db.session.scalars(
        db.select(PremisesStatusChange).where(PremisesStatusChange.premises_id == premises.id)
        .order_by(PremisesStatusChange.id))]


def test_landlord_creates_a_draft_with_a_reference_and_history(landlord, auray):
    premises = services.create_premises(landlord, landlord, listing_data(auray))
    assert premises.status == "draft"
    assert premises.reference == "AUR-0001"
    assert premises.owner_id == landlord.id
    assert history(premises) == [(None, "draft")]


def test_rent_per_square_metre_is_derived(make_listing):
    premises = make_listing(sales_area_m2=Decimal(48), rent_per_year=Decimal(9600))
    assert premises.rent_per_m2_year == Decimal("200.00")


def test_full_life_cycle_is_time_stamped(make_listing, landlord):
    premises = make_listing(status="draft")
    for verb in ("publish", "mark_under_offer", "mark_let", "publish", "withdraw"):
        services.change_status(landlord, premises, verb)
    assert history(premises) == [(None, "draft"), ("draft", "published"), ("published", "under_offer"),
                                 ("under_offer", "let"), ("let", "published"), ("published", "withdrawn")]
    times = db.session.scalars(db.select(PremisesStatusChange.changed_at)
                               .where(PremisesStatusChange.premises_id == premises.id)
                               .order_by(PremisesStatusChange.id)).all()
    assert times == sorted(times) and all(t.tzinfo is not None for t in times)


@pytest.mark.parametrize("status, verb", [("draft", "mark_let"), ("draft", "mark_under_offer"),
                                          ("let", "withdraw"), ("withdrawn", "mark_let"), ("published", "fly")])
def test_illegal_moves_are_refused_and_change_nothing(make_listing, landlord, status, verb):
    premises = make_listing(status=status)
    before = history(premises)
    with pytest.raises(services.PremisesError):
        services.change_status(landlord, premises, verb)
    db.session.commit()  # end the read snapshot: see what requests committed
    assert db.session.get(Premises, premises.id).status == status
    assert history(premises) == before


def test_another_landlord_cannot_touch_a_listing(make_listing, make_user):
    premises = make_listing(status="draft")
    intruder = make_user(Role.LANDLORD)
    with pytest.raises(NotFound):
        services.change_status(intruder, premises, "publish")
    with pytest.raises(NotFound):
        services.update_premises(intruder, premises, listing_data(premises.town, title="Pirated"))


def test_manager_posts_for_an_owner_in_their_town_only(manager, landlord, auray, vannes):
    premises = services.create_premises(manager, landlord, listing_data(auray))
    assert premises.owner_id == landlord.id
    with pytest.raises(services.PremisesError) as error:
        services.create_premises(manager, landlord, listing_data(vannes, lon=-2.7603, lat=47.6582))
    assert error.value.field == "town"


def test_landlord_cannot_post_for_someone_else(landlord, make_user, auray):
    other = make_user(Role.LANDLORD)
    with pytest.raises(services.PremisesError):
        services.create_premises(landlord, other, listing_data(auray))


@pytest.mark.parametrize("lon, lat, message", [
    (-0.1276, 51.5072, "doit se trouver en France"),           # London
    (-2.9500, 47.6900, "hors du centre-ville"),       # Auray, but outside its perimeter
    (0.0, 95.0, "pas une longitude et une latitude valides"),
])
def test_positions_outside_france_or_the_town_are_refused(landlord, auray, lon, lat, message):
    with pytest.raises(services.PremisesError) as error:
        services.create_premises(landlord, landlord, listing_data(auray, lon=lon, lat=lat))
    assert message in str(error.value)
    assert db.session.scalar(db.select(db.func.count(Premises.id))) == 0


def test_town_without_perimeter_accepts_a_generous_radius(landlord, vannes):
    services.create_premises(landlord, landlord, listing_data(vannes, lon=-2.70, lat=47.66))  # ~4.5 km out
    with pytest.raises(services.PremisesError) as error:
        services.create_premises(landlord, landlord, listing_data(vannes, lon=-2.40, lat=47.66))  # ~27 km
    assert "trop loin" in str(error.value)


@pytest.mark.parametrize("overrides, field", [
    ({"total_area_m2": Decimal(20)}, "total_area_m2"),
    ({"rent_per_year": None}, "rent_per_year"),
    ({"allowed_sectors": ["food"], "excluded_sectors": ["food"]}, "excluded_sectors"),
    ({"allowed_sectors": ["casino"]}, "allowed_sectors"),
])
def test_inconsistent_values_are_refused(landlord, auray, overrides, field):
    with pytest.raises(services.PremisesError) as error:
        services.create_premises(landlord, landlord, listing_data(auray, **overrides))
    assert error.value.field == field


def test_walls_for_sale_need_no_rent(landlord, auray):
    premises = services.create_premises(landlord, landlord,
                                        listing_data(auray, deal_type="walls_for_sale", rent_per_year=None))
    assert premises.rent_per_m2_year is None


def test_only_drafts_and_withdrawn_listings_can_be_deleted(make_listing, landlord):
    live = make_listing(status="published")
    with pytest.raises(services.PremisesError):
        services.delete_premises(landlord, live)
    draft = make_listing(status="draft")
    services.delete_premises(landlord, draft)
    assert db.session.get(Premises, draft.id) is None
    assert history(draft) == []


def test_managed_premises_per_role(make_listing, landlord, manager, make_user):
    mine = make_listing()
    other = make_user(Role.LANDLORD)
    theirs = make_listing(owner=other)
    assert [p.id for p in services.managed_premises(landlord)] == [mine.id]
    assert {p.id for p in services.managed_premises(manager)} == {mine.id, theirs.id}
