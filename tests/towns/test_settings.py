"""Town managers' settings: missing trades, weights, and the CSV import of existing shops."""

from __future__ import annotations

import io
from html import unescape

import pytest

from bourse import jobs
from bourse.extensions import db
from bourse.jobs import services as job_services
from bourse.jobs.models import Job
from bourse.towns import shops as shop_import
from bourse.towns.models import Town, TownShop
from tests.conftest import csrf_token
from tests.support.jobs import work_off


@pytest.fixture
def manager_client(client, auth, manager):
    auth.login(manager.email)
    return client


def shops() -> list[TownShop]:
    db.session.commit()
    return db.session.scalars(db.select(TownShop).order_by(TownShop.name)).all()


def upload(client, town, text: str | bytes, replace=False, valid_only=False, follow=True):
    """Send the file, let the import job run as a worker would, and come back to its page."""
    body = text.encode("utf-8") if isinstance(text, str) else text
    data = {"file": (io.BytesIO(body), "commerces.csv"),
            "csrf_token": csrf_token(client, f"/communes/{town.id}/reglages")}
    if replace:
        data["replace"] = "y"
    if valid_only:
        data["valid_only"] = "y"
    response = client.post(f"/communes/{town.id}/commerces", data=data, content_type="multipart/form-data")
    if not follow:
        return response
    work_off()
    page = client.get(response.headers["Location"], follow_redirects=True)
    return page


def test_import_shops_from_csv_with_semicolons_and_labels(manager_client, auray):
    csv_text = ("name;sector;lat;lon;address\n"
                "Boulangerie Le Fournil;food;47,6682;-2,9829;2 place de la République\n"
                "Café du Loch;Cafés et restaurants;47.6667;-2.9785;Quai Franklin\n"
                "Tea time;restaurants and cafés;47.6667;-2.9785;Quai Franklin\n")
    html = upload(manager_client, auray, csv_text).get_data(as_text=True)
    assert "3 commerces importés." in html
    assert [(s.name, s.sector) for s in shops()] == [
        ("Boulangerie Le Fournil", "food"), ("Café du Loch", "restaurant"), ("Tea time", "restaurant")]


def test_the_upload_returns_at_once_and_the_page_follows_the_job(manager_client, auray):
    response = upload(manager_client, auray, "name,sector,lat,lon\nA,food,47.668,-2.982\n", follow=False)
    assert response.status_code == 302 and "/imports/" in response.headers["Location"]
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<progress" in page and "js/job-progress.js" in page
    assert "En attente d’un processus" in page
    assert shops() == []  # nothing is read in the request
    state_url = response.headers["Location"] + "/etat"
    assert manager_client.get(state_url).get_json() == {
        "state": "queued", "finished": False, "done": 0, "total": None, "percent": 0,
        "label": "En attente d’un processus pour lancer l’import…"}
    work_off()
    state = manager_client.get(state_url).get_json()
    assert state["finished"] is True and state["state"] == "done" and state["percent"] == 100
    assert state["done"] == state["total"] == 1
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 commerce importé." in page and "<progress" not in page
    assert "1 commerce importé" in manager_client.get(f"/communes/{auray.id}/reglages").get_data(as_text=True)


def test_a_bad_line_imports_nothing_and_says_which(manager_client, auray):
    csv_text = ("name,sector,lat,lon\n"
                "Bon,food,47.668,-2.982\n"
                "Sans secteur,casino,47.668,-2.982\n"
                "À Paris,food,48.8566,2.3522\n"
                ",food,47.668,-2.982\n"
                "Ailleurs,food,51.5,-0.12\n")
    html = unescape(upload(manager_client, auray, csv_text).get_data(as_text=True))
    assert "Rien n'a été importé" in html
    for line in ("Ligne 3 : secteur inconnu « casino »", "Ligne 4", "Ligne 5", "Ligne 6"):
        assert line in html
    assert "Ligne 2" not in html
    assert shops() == []


def test_valid_lines_only_imports_the_good_ones_and_lists_the_others(manager_client, auray):
    csv_text = ("name,sector,lat,lon\n"
                "Bon,food,47.668,-2.982\n"
                "Sans secteur,casino,47.668,-2.982\n"
                "Aussi bon,crafts,47.669,-2.981\n")
    html = upload(manager_client, auray, csv_text, valid_only=True).get_data(as_text=True)
    assert "2 commerces importés." in html and "1 ligne ignorée" in html and "Ligne 3" in html
    assert [s.name for s in shops()] == ["Aussi bon", "Bon"]


def test_replace_swaps_the_list(manager_client, auray):
    upload(manager_client, auray, "name,sector,lat,lon\nA,food,47.668,-2.982\n")
    html = upload(manager_client, auray, "name,sector,lat,lon\nB,crafts,47.668,-2.982\n", replace=True).get_data(
        as_text=True)
    assert "1 commerce remplacé." in html
    assert [s.name for s in shops()] == ["B"]


def test_a_file_without_the_columns_is_refused_by_the_job(manager_client, auray):
    html = upload(manager_client, auray, "\x89PNG garbage").get_data(as_text=True)
    assert "La première ligne doit nommer les colonnes" in html


def test_a_binary_file_is_refused_at_once_and_queues_nothing(manager_client, auray):
    response = upload(manager_client, auray, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", follow=False)
    assert response.headers["Location"].endswith(f"/communes/{auray.id}/reglages")
    html = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Le fichier doit être du texte UTF-8 (CSV)." in html
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0


def test_too_many_lines_are_refused_whole(manager_client, auray, monkeypatch):
    monkeypatch.setattr(shop_import, "MAX_ROWS", 3)
    rows = "".join(f"S{n},food,47.668,-2.982\n" for n in range(4))
    html = upload(manager_client, auray, "name,sector,lat,lon\n" + rows, valid_only=True).get_data(as_text=True)
    assert "Au plus" in html and shops() == []


def test_progress_is_visible_from_outside_while_the_job_runs(manager_client, auray, monkeypatch):
    """The job writes its progress on its own connection: another session sees it mid-run."""
    monkeypatch.setattr(job_services, "PROGRESS_EVERY", 0)
    response = upload(manager_client, auray, "name,sector,lat,lon\n" + "".join(
        f"S{n},food,47.668,-2.982\n" for n in range(400)), follow=False)
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    seen, check = [], shop_import._problem

    def watching(row, *args):
        if row["name"] == "S300":
            with db.engine.connect() as other:
                seen.append(other.execute(db.select(Job.progress_done, Job.progress_total)
                                          .where(Job.id == job_id)).one())
        return check(row, *args)

    monkeypatch.setattr(shop_import, "_problem", watching)
    work_off()
    assert len(seen) == 1 and 0 < seen[0][0] <= 300 and seen[0][1] == 400
    assert len(shops()) == 400


def test_another_town_s_import_or_another_job_is_404(manager_client, auray, vannes, entrepreneur):
    response = upload(manager_client, auray, "name,sector,lat,lon\nA,food,47.668,-2.982\n", follow=False)
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert manager_client.get(f"/communes/{vannes.id}/imports/{job_id}").status_code == 404
    assert manager_client.get(f"/communes/{vannes.id}/imports/{job_id}/etat").status_code == 404
    other = jobs.enqueue("outbox.send_due")
    db.session.commit()
    assert manager_client.get(f"/communes/{auray.id}/imports/{other.id}").status_code == 404
    assert manager_client.get(f"/communes/{auray.id}/imports/999999").status_code == 404


def test_an_entrepreneur_cannot_see_an_import(client, auth, manager, auray, entrepreneur):
    auth.login(manager.email)
    response = upload(client, auray, "name,sector,lat,lon\nA,food,47.668,-2.982\n", follow=False)
    auth.logout()
    auth.login(entrepreneur.email)
    assert client.get(response.headers["Location"]).status_code == 403


def test_the_cli_imports_with_a_progress_bar_and_refuses_bad_files(app, auray, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("name,sector,lat,lon\nA,food,47.668,-2.982\nB,crafts,47.668,-2.982\n")
    bad.write_text("name,sector,lat,lon\nA,food,47.668,-2.982\nB,casino,47.668,-2.982\n")
    db.session.commit()
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["towns", "import-shops", auray.insee_code, str(bad), "--lang", "en"])
    assert refused.exit_code == 1 and "Line 3: unknown sector “casino”." in refused.stderr
    assert shops() == []
    done = runner.invoke(args=["towns", "import-shops", auray.insee_code, str(good)])
    assert done.exit_code == 0, done.output
    assert "2 shops imported" in done.stdout and "2/2" in done.stderr
    assert [s.name for s in shops()] == ["A", "B"]
    valid = runner.invoke(args=["towns", "import-shops", auray.insee_code, str(bad), "--valid-only", "--replace"])
    assert valid.exit_code == 0 and "1 shops imported, 2 replaced, 1 lines skipped" in valid.stdout


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
