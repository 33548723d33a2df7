"""Matching through the database on both backends: narrowing, ranking, constraints, both directions."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.matching import candidates
from bourse.matching import services as matching
from bourse.premises import services as premises_services
from tests.builders import make_call, make_programme, make_slot, occupied_unit


def titles(ranking) -> list[str]:
    return [m.premises.title for m in ranking.matches]


def test_ranks_by_fit_and_explains_each_criterion(make_listing, make_project):
    make_listing(title="Parfait", sales_area_m2=Decimal(45), rent_per_year=Decimal(9600))
    make_listing(title="Trop cher", sales_area_m2=Decimal(45), rent_per_year=Decimal(14400), lon=-2.9820)
    make_listing(title="Trop petit", sales_area_m2=Decimal(20), rent_per_year=Decimal(6000), lon=-2.9815)
    make_listing(title="Hors budget", sales_area_m2=Decimal(45), rent_per_year=Decimal(30000), lon=-2.9810)
    make_listing(title="Brouillon", status="draft", lon=-2.9812)
    ranking = matching.matches_for_project(make_project())
    assert titles(ranking) == ["Parfait", "Trop cher", "Trop petit"]  # the others never leave the database
    best, too_dear = ranking.matches[0], ranking.matches[1]
    assert best.score == 100.0
    sentences = {r.criterion: r.sentence for r in too_dear.reasons}
    assert sentences["budget"] == "Loyer 14\u202f400\u00a0€/an, 20 % au-dessus de votre budget"
    assert {r.criterion: r.sentence for r in best.reasons}["surface"] == \
        "Surface de vente 45\u00a0m², dans votre fourchette 30–60\u00a0m²"
    assert all(0 <= r.score <= 1 for m in ranking.matches for r in m.reasons)


def test_use_clause_and_must_haves_remove_pairs_with_a_reason(make_listing, make_project):
    make_listing(title="Sans alimentaire", excluded_sectors=["food"])
    make_listing(title="Services seulement", allowed_sectors=["services"], lon=-2.9820)
    make_listing(title="Avec extraction", has_extraction=True, lon=-2.9815)
    make_listing(title="Sans extraction", lon=-2.9810)
    ranking = matching.matches_for_project(make_project(need_extraction="must"))
    assert titles(ranking) == ["Avec extraction"]
    assert ranking.removed == {"use_clause": 2, "extraction": 3}


def test_a_radius_around_a_point_uses_distance(make_listing, make_project, vannes):
    make_listing(title="Au centre", lon=-2.9826, lat=47.6680)
    make_listing(title="Un peu plus loin", lon=-2.9790, lat=47.6662)
    make_listing(title="À Vannes", town=vannes, lon=-2.7603, lat=47.6582)
    project = make_project(towns=[], lon=-2.9826, lat=47.6680, radius_km=Decimal(2), place_label="Auray")
    ranking = matching.matches_for_project(project)
    assert titles(ranking) == ["Au centre", "Un peu plus loin"]
    place = {r.criterion: r for r in ranking.matches[1].reasons}["place"]
    assert place.sentence.endswith("du lieu choisi (rayon 2 km)") and 0.5 < place.score < 1


def test_trade_mix_counts_same_trade_neighbours(make_listing, make_project, auray):
    make_listing(title="Entouré de boulangeries", lon=-2.9826, lat=47.6680)
    make_listing(title="Seul de son genre", lon=-2.9780, lat=47.6665)
    for n in range(3):
        occupied_unit(auray, "food", -2.9826 + n * 0.0003, 47.6681, name=f"Boulangerie {n}")
    db.session.commit()
    ranking = matching.matches_for_project(make_project())
    by_title = {m.premises.title: {r.criterion: r for r in m.reasons}["trade_mix"] for m in ranking.matches}
    assert by_title["Entouré de boulangeries"].sentence.startswith("3 commerces du même secteur")
    assert by_title["Seul de son genre"].score == 1.0
    assert titles(ranking)[0] == "Seul de son genre"


def test_a_missing_trade_earns_a_bonus(make_listing, make_project, auray):
    make_listing(title="Local")
    for n in range(2):
        occupied_unit(auray, "food", -2.9826 + n * 0.0001, 47.6681, name=f"Épicerie {n}")
    db.session.commit()
    before = matching.matches_for_project(make_project()).matches[0].score
    auray.missing_sectors = ["food"]
    db.session.commit()
    after = matching.matches_for_project(make_project(name="Deuxième")).matches[0]
    assert after.score > before
    assert "une activité que la commune recherche" in {r.criterion: r for r in after.reasons}["trade_mix"].sentence


def test_town_weights_change_the_ranking(make_listing, make_project, auray):
    make_listing(title="Grand et cher", sales_area_m2=Decimal(60), rent_per_year=Decimal(14000))
    make_listing(title="Petit et donné", sales_area_m2=Decimal(22), rent_per_year=Decimal(3000), lon=-2.982)
    project = make_project()
    auray.match_weights = {"surface": 100}
    db.session.commit()
    assert titles(matching.matches_for_project(project))[0] == "Grand et cher"
    auray.match_weights = {"budget": 100}
    db.session.commit()
    assert titles(matching.matches_for_project(project))[0] == "Petit et donné"


def test_open_slots_are_matched_too(make_listing, make_project, manager):
    unit = make_listing(title="Cellule d'essai", sales_area_m2=Decimal(32), rent_per_year=Decimal(4800))
    slot = make_slot(manager, make_call(manager, make_programme(manager, unit)))
    ranking = matching.matches_for_project(make_project())
    kinds = [(m.premises.title, m.slot.id if m.slot else None) for m in ranking.matches]
    assert ("Cellule d'essai", slot.id) in kinds and ("Cellule d'essai", None) in kinds


def test_candidates_for_a_unit_are_visible_projects_only(make_listing, make_project, make_user):
    unit = make_listing(title="Local", sales_area_m2=Decimal(45))
    make_project(name="Visible", visible=True)
    make_project(name="Privé", visible=False)
    other = make_user(Role.ENTREPRENEUR)
    make_project(owner=other, name="Trop grand", visible=True, min_area_m2=Decimal(200), max_area_m2=Decimal(300))
    make_project(owner=other, name="Restaurant exclu", visible=True, sector="restaurant")
    unit.excluded_sectors = ["restaurant"]
    db.session.commit()
    ranking = matching.candidates_for_unit(unit)
    assert [m.project.name for m in ranking.matches] == ["Visible"]
    assert ranking.removed == {"use_clause": 1}


def test_detail_page_shows_the_fit_for_each_project(client, auth, make_listing, make_project, entrepreneur):
    unit = make_listing(title="Local", sales_area_m2=Decimal(45))
    make_project(name="Mon épicerie")
    make_project(name="Mon resto", sector="restaurant", need_extraction="must")
    auth.login(entrepreneur.email)
    html = client.get(f"/locaux/{unit.id}").get_data(as_text=True)
    assert "Mon épicerie" in html and "Correspondance : 100/100" in html
    assert "Pas d&#39;extraction, indispensable pour vous." in html


def test_candidates_page_is_for_those_who_manage_the_unit(client, auth, make_listing, make_user, landlord):
    unit = make_listing()
    auth.login(make_user(Role.LANDLORD).email)
    assert client.get(f"/locaux/{unit.id}/candidats").status_code == 404
    auth.logout()
    auth.login(landlord.email)
    assert client.get(f"/locaux/{unit.id}/candidats").status_code == 200


def test_published_status_is_required(make_listing, make_project):
    make_listing(title="Loué", status="let")
    make_listing(title="Sous offre", status="under_offer", lon=-2.9820)
    assert matching.matches_for_project(make_project()).matches == []


def test_sentences_follow_a_locale_forced_within_one_request(app):
    from flask_babel import force_locale

    from bourse.matching import explain

    with app.test_request_context():
        french = explain.date(0)
        with force_locale("en"):
            english = explain.date(0)
        assert french == "Disponible pour votre date de démarrage" and english == "Available by your start date"
        assert explain.date(0) == french


def test_counts_for_several_trades_at_once_agree_with_one_trade_at_a_time(make_listing, auray):
    let = make_listing(title="Boulangerie louée", lon=-2.9820, lat=47.6681, address="2 rue du Lait")
    excluded = make_listing(title="Le local lui-même", lon=-2.9826, lat=47.6680, address="9 rue du Lait")
    for listing in (let, excluded):
        listing.current_sector = "food"
        premises_services.change_status(listing.owner, listing, "mark_let")  # the register hears of it
    for n, sector in enumerate(["food", "food", "crafts", "restaurant", "food"]):
        occupied_unit(auray, sector, -2.9826 + n * 0.0012, 47.6681 + 0.0001)  # the last ones beyond 300 m
    db.session.commit()
    sectors = {"food", "crafts", "restaurant", "fashion"}
    together = candidates.sector_counts_at(-2.9826, 47.6680, sectors, exclude_ids=[excluded.id])
    one_by_one = {s: int(candidates.same_sector_counts(s, np.array([-2.9826]), np.array([47.6680]),
                                                       exclude_ids=[excluded.id])[0]) for s in sectors}
    assert together == one_by_one
    assert together["food"] == 3 and together["fashion"] == 0  # two shops and the let bakery, not itself
