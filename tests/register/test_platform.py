"""The platform writes the register: a listing published, let or withdrawn leaves an observation on
its unit, made or matched at publication. On both backends."""

from __future__ import annotations


from bourse.applications import services as applications
from bourse.extensions import db
from bourse.premises import services as premises_services
from bourse.register.models import Observation, Unit, UnitListing
from bourse.register.services import address_key
from tests.builders import record_and_sign_lease


def history(unit_id: int) -> list[tuple]:
    db.session.commit()
    return [(o.state, o.source, o.sector, o.obs_class, o.note) for o in db.session.scalars(
        db.select(Observation).where(Observation.unit_id == unit_id).order_by(Observation.id))]


def unit_of(premises) -> int:
    db.session.commit()
    return db.session.get(UnitListing, premises.id).unit_id


def test_addresses_compare_whatever_their_spelling():
    assert address_key("12, Rue du Lait 56400 Auray") == address_key("12 rue du lait") == "12 rue du lait"
    assert address_key("4 Place de la République") == "4 place de la republique"


def test_publishing_makes_the_unit_and_says_it_is_vacant(make_listing, auray):
    listing = make_listing(address="12, Rue du Lait 56400 Auray")
    unit = db.session.get(Unit, unit_of(listing))
    assert (unit.town_id, unit.address_key) == (auray.id, "12 rue du lait")
    assert history(unit.id) == [("vacant", "platform", None, None, "listed")]


def test_a_second_listing_of_the_same_shop_finds_its_unit(make_listing):
    first = make_listing(address="12 Rue du Lait 56400 Auray", lon=-2.98300, lat=47.66800)
    near = make_listing(address="Rue du Lait", lon=-2.98302, lat=47.66801)  # 2 m away
    same_address = make_listing(address="12, rue du lait", lon=-2.98330, lat=47.66810)  # 25 m off, same address
    elsewhere = make_listing(address="3 Place Notre-Dame", lon=-2.9860, lat=47.6700)
    assert unit_of(first) == unit_of(near) == unit_of(same_address) != unit_of(elsewhere)
    assert db.session.scalar(db.select(db.func.count(Unit.id))) == 2


def test_a_signed_lease_says_occupied_with_the_tenants_trade(make_listing, make_project, entrepreneur, landlord):
    listing = make_listing()
    application = applications.apply(entrepreneur, make_project(sector="food"), listing, None, "", submit=True)
    applications.transition(landlord, application, "select")
    record_and_sign_lease(landlord, application, rent=800, starts_in=10)
    assert history(unit_of(listing)) == [("vacant", "platform", None, None, "listed"),
                                         ("occupied", "platform", "food", "convenience", "lease_signed")]


def test_declared_let_and_withdrawn_listings_are_observed_too(make_listing, landlord):
    let = make_listing(status="let", lon=-2.9850)
    withdrawn = make_listing(status="withdrawn", lon=-2.9870)  # same address, 150 m away: another shop
    assert [h[0] for h in history(unit_of(let))] == ["vacant", "occupied"]
    assert [h[4] for h in history(unit_of(withdrawn))] == ["listed", "withdrawn"]


def test_a_draft_withdrawn_before_it_was_listed_says_nothing(make_listing, landlord):
    draft = make_listing(status="draft")
    premises_services.change_status(landlord, draft, "withdraw")
    db.session.commit()
    assert db.session.get(UnitListing, draft.id) is None
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 0
