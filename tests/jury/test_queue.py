"""The review queue's filters by programme and by score, with the scores shown."""

from __future__ import annotations

import re
from decimal import Decimal

from bourse.desk import scores as queue_scores
from bourse.applications.models import Application
from bourse.extensions import db
from bourse.jury import scoring
from tests.builders import make_call, make_programme, make_slot


def names(html: str) -> list[str]:
    return re.findall(r'<a href="/candidatures/\d+">([^<]+)</a>', html)


def test_queue_filters_by_programme_match_and_jury_score(client, auth, jury, apply_to, manager, make_listing):
    good = apply_to(jury.slots[0], "Fromagerie")
    poor = apply_to(jury.slots[0], "Atelier trop grand", min_area_m2=Decimal(70), max_area_m2=Decimal(140))
    elsewhere_unit = make_listing(title="Autre cellule", lon=-2.9830)
    elsewhere = apply_to(make_slot(manager, make_call(manager, make_programme(manager, elsewhere_unit,
                                                                               title="Autre programme"))), "Librairie")
    scoring.save_scores(jury.members[0], good, [scoring.Mark("9"), scoring.Mark("8")])   # 86
    scoring.save_scores(jury.members[0], poor, [scoring.Mark("4"), scoring.Mark("5")])   # 44
    found = queue_scores.scores_for(list(db.session.scalars(db.select(Application))))
    assert found[good.id].jury == 86 and found[poor.id].jury == 44 and found[elsewhere.id].jury is None
    assert found[good.id].match is not None
    assert found[poor.id].match is None or found[poor.id].match < found[good.id].match

    auth.login(manager.email)
    everything = client.get("/candidatures").get_data(as_text=True)
    assert sorted(names(everything)) == ["Atelier trop grand", "Fromagerie", "Librairie"]
    assert "86" in everything
    by_programme = client.get(f"/candidatures?programme={jury.call.programme_id}").get_data(as_text=True)
    assert sorted(names(by_programme)) == ["Atelier trop grand", "Fromagerie"]
    assert names(client.get("/candidatures?min_jury=50").get_data(as_text=True)) == ["Fromagerie"]
    threshold = int(found[good.id].match)
    assert "Atelier trop grand" not in names(client.get(f"/candidatures?min_match={threshold}").get_data(as_text=True))
    ranked = names(client.get(f"/candidatures?programme={jury.call.programme_id}&sort=jury").get_data(as_text=True))
    assert ranked == ["Fromagerie", "Atelier trop grand"]


def test_bad_filter_values_are_explained_not_a_500(client, auth, jury, apply_to, manager):
    apply_to(jury.slots[0], "Fromagerie")
    auth.login(manager.email)
    response = client.get("/candidatures?min_match=beaucoup&min_jury=500&programme=xyz&sort=nope&state=zz")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Fromagerie" in html and 'class="flash flash-error"' in html


def test_csv_export_carries_the_jury_mean_and_defuses_formulas(client, auth, jury, apply_to, manager):
    import csv
    import io

    scored = apply_to(jury.slots[0], "=HYPERLINK(\"http://evil\")")
    scoring.save_scores(jury.members[0], scored, [scoring.Mark("9"), scoring.Mark("8")])
    auth.login(manager.email)
    body = client.get(f"/appels/{jury.call.id}/candidatures.csv").get_data(as_text=True)
    header, row = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert row[header.index("jury_mean")] == "86.0"
    assert row[header.index("project")] == "'=HYPERLINK(\"http://evil\")"
