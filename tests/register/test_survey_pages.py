"""Survey imports through the pages and the command line: the upload returns at once, a job
loads the file, its page follows it then shows the report; refusals before any job runs."""

from __future__ import annotations

import io
from html import unescape

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from bourse import jobs
from bourse.extensions import db
from bourse.jobs import services as job_services
from bourse.jobs.models import Job
from bourse.register import survey
from bourse.register.models import Observation, SurveyCampaign, Unit
from tests.builders import survey_csv
from tests.conftest import csrf_token
from tests.support.jobs import work_off


@pytest.fixture
def manager_client(client, auth, manager):
    auth.login(manager.email)
    return client


def units() -> list[Unit]:
    db.session.commit()
    return db.session.scalars(db.select(Unit).order_by(Unit.name)).all()


def upload(client, town, text: str | bytes, valid_only=False, follow=True, name="Relevé d'octobre",
           surveyed_on="2026-10-15", filename="releve.csv"):
    """Send the file, let the import job run as a worker would, and come back to its page."""
    body = text.encode("utf-8") if isinstance(text, str) else text
    data = {"file": (io.BytesIO(body), filename), "name": name, "surveyed_on": surveyed_on,
            "csrf_token": csrf_token(client, f"/communes/{town.id}/releves")}
    if valid_only:
        data["valid_only"] = "y"
    response = client.post(f"/communes/{town.id}/releves", data=data, content_type="multipart/form-data")
    if not follow:
        return response
    assert response.status_code == 302, response.get_data(as_text=True)
    work_off()
    return client.get(response.headers["Location"], follow_redirects=True)


def test_a_survey_is_imported_and_becomes_a_campaign_with_its_page(manager_client, auray):
    html = unescape(upload(manager_client, auray, "nom;état;secteur;lat;lon\n"
                                                  "Le Fournil;occupé;Alimentation;47,6682;-2,9829\n"
                                                  "Ex-banque;vacant;;47,6690;-2,9810\n").get_data(as_text=True))
    assert "2 observations enregistrées" in html and "2 nouvelles unités" in html
    campaign = db.session.scalar(db.select(SurveyCampaign))
    assert (campaign.name, campaign.filename, campaign.method) == ("Relevé d'octobre", "releve.csv", "file")
    listing = unescape(manager_client.get(f"/communes/{auray.id}/releves").get_data(as_text=True))
    assert "Relevé d'octobre" in listing and "15 octobre 2026" in listing
    page = unescape(manager_client.get(f"/registre/releves/{campaign.id}").get_data(as_text=True))
    assert "0 unité non vue par ce relevé" in page
    assert [(u.name, u.state) for u in units()] == [("Ex-banque", "vacant"), ("Le Fournil", "occupied")]


def test_the_campaign_page_lists_the_units_it_did_not_see(manager_client, auray):
    upload(manager_client, auray, survey_csv(3))
    upload(manager_client, auray, survey_csv(1), name="Relevé partiel")
    campaign = db.session.scalar(db.select(SurveyCampaign).where(SurveyCampaign.name == "Relevé partiel"))
    page = unescape(manager_client.get(f"/registre/releves/{campaign.id}").get_data(as_text=True))
    assert "2 unités non vues par ce relevé" in page
    assert "Commerce 1" in page and "Commerce 2" in page and "Commerce 0" not in page.split("non vues")[1]


def test_the_upload_returns_at_once_and_the_page_follows_the_job(manager_client, auray):
    response = upload(manager_client, auray, survey_csv(1), follow=False)
    assert response.status_code == 302 and "/imports/" in response.headers["Location"]
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<progress" in page and "js/job-progress.js" in page
    assert units() == []  # nothing is read in the request
    state_url = response.headers["Location"] + "/etat"
    assert manager_client.get(state_url).get_json() == {
        "state": "queued", "finished": False, "done": 0, "total": None, "percent": 0,
        "label": "En attente d’un processus pour lancer l’import…"}
    work_off()
    state = manager_client.get(state_url).get_json()
    assert state["finished"] is True and state["state"] == "done" and state["percent"] == 100
    page = unescape(manager_client.get(response.headers["Location"]).get_data(as_text=True))
    assert "1 observation enregistrée" in page and "<progress" not in page


def test_a_bad_line_imports_nothing_and_says_which(manager_client, auray):
    text = survey_csv(2) + "Casino,occupied,casino,47.668,-2.982\nParis,vacant,,48.8566,2.3522\n"
    html = unescape(upload(manager_client, auray, text).get_data(as_text=True))
    assert "Rien n'a été importé" in html
    assert "Ligne 4 : secteur inconnu « casino »." in html and "Ligne 5 :" in html and "Ligne 2 " not in html
    assert units() == [] and db.session.scalar(db.select(db.func.count(SurveyCampaign.id))) == 0


def test_valid_rows_only_imports_the_good_ones_and_lists_the_others(manager_client, auray):
    text = survey_csv(2) + "Casino,occupied,casino,47.668,-2.982\n"
    html = unescape(upload(manager_client, auray, text, valid_only=True).get_data(as_text=True))
    assert "2 observations enregistrées" in html and "1 ligne ignorée" in html and "Ligne 4" in html
    assert len(units()) == 2


def test_a_latin1_file_is_read_and_the_page_says_so(manager_client, auray):
    text = "nom;état;lat;lon\nL'Épi d'Or;fermé;47,6682;-2,9829\n".encode("cp1252")
    html = unescape(upload(manager_client, auray, text).get_data(as_text=True))
    assert "lu comme du Latin-1" in html
    assert [u.name for u in units()] == ["L'Épi d'Or"]


def test_a_file_without_the_columns_is_refused_by_the_job(manager_client, auray):
    html = unescape(upload(manager_client, auray, "nom,adresse\nA,1 rue X\n").get_data(as_text=True))
    assert "Il manque des colonnes : state / sector / naf." in html


def test_a_binary_file_is_refused_at_once_and_queues_nothing(manager_client, auray):
    response = upload(manager_client, auray, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", follow=False)
    assert response.status_code == 422
    assert "Le fichier doit être du texte : CSV ou GeoJSON." in unescape(response.get_data(as_text=True))
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0


def test_a_campaign_dated_in_the_future_is_refused_at_once(manager_client, auray):
    response = upload(manager_client, auray, survey_csv(1), follow=False, surveyed_on="2999-01-01")
    assert response.status_code == 422
    assert "La date du relevé ne peut pas être dans le futur." in unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("route, field", [("releves", "file"), ("sirene", "sirene-file"), ("perimetre", "file")])
def test_a_100_mb_upload_is_refused_with_413_before_it_is_read(manager_client, auray, route, field):
    token = csrf_token(manager_client, f"/communes/{auray.id}/releves")
    # Encoded in memory: the test client would spool 100 MB to a temporary file it never closes.
    boundary, body = encode_multipart({field: FileStorage(io.BytesIO(b"a;b\n" * (25 * 1024 * 1024)), "big.csv"),
                                       "name": "x", "surveyed_on": "2026-10-15", "csrf_token": token})
    response = manager_client.post(f"/communes/{auray.id}/{route}", data=body,
                                   content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "Le fichier est trop volumineux." in response.get_data(as_text=True)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0


def test_progress_is_visible_from_outside_while_the_job_runs(manager_client, auray, monkeypatch):
    """The job writes its progress on its own connection: another session sees it mid-run."""
    monkeypatch.setattr(job_services, "PROGRESS_EVERY", 0)
    response = upload(manager_client, auray, survey_csv(400), follow=False)
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    seen, check = [], survey.check

    def watching(line, row, *args):
        if row.get("name") == "Commerce 300":
            with db.engine.connect() as other:
                seen.append(other.execute(db.select(Job.progress_done, Job.progress_total)
                                          .where(Job.id == job_id)).one())
        return check(line, row, *args)

    monkeypatch.setattr(survey, "check", watching)
    work_off()
    assert len(seen) == 1 and 0 < seen[0][0] <= 300 and seen[0][1] == 400
    assert len(units()) == 400


def test_another_town_s_import_or_another_job_is_404(manager_client, auray, vannes):
    response = upload(manager_client, auray, survey_csv(1), follow=False)
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert manager_client.get(f"/communes/{vannes.id}/releves/imports/{job_id}").status_code == 404
    assert manager_client.get(f"/communes/{vannes.id}/releves/imports/{job_id}/etat").status_code == 404
    assert manager_client.get(f"/communes/{vannes.id}/releves").status_code == 404
    other = jobs.enqueue("outbox.send_due")
    db.session.commit()
    assert manager_client.get(f"/communes/{auray.id}/releves/imports/{other.id}").status_code == 404
    assert manager_client.get(f"/communes/{auray.id}/releves/imports/999999").status_code == 404


def test_an_entrepreneur_cannot_see_an_import_or_a_campaign(client, auth, manager, auray, entrepreneur):
    auth.login(manager.email)
    response = upload(client, auray, survey_csv(1), follow=False)
    work_off()
    campaign = db.session.scalar(db.select(SurveyCampaign))
    auth.logout()
    auth.login(entrepreneur.email)
    assert client.get(response.headers["Location"]).status_code == 403
    assert client.get(f"/registre/releves/{campaign.id}").status_code == 403


def test_the_cli_imports_with_a_progress_bar_and_refuses_bad_files(app, auray, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(survey_csv(2))
    bad.write_text(survey_csv(1) + "B,occupied,casino,47.668,-2.982\n")
    db.session.commit()
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["register", "import-survey", auray.insee_code, str(bad), "--lang", "en"])
    assert refused.exit_code == 1 and "Line 3: unknown sector “casino”." in refused.stderr
    assert units() == []
    done = runner.invoke(args=["register", "import-survey", auray.insee_code, str(good), "--date", "2026-09-01"])
    assert done.exit_code == 0, done.output
    assert "2 observations: 2 new units" in done.stdout and "2/2" in done.stderr
    assert db.session.scalar(db.select(SurveyCampaign.name)) == "good"
    assert set(db.session.scalars(db.select(Observation.observed_on))) == {__import__("datetime").date(2026, 9, 1)}
    valid = runner.invoke(args=["register", "import-survey", auray.insee_code, str(bad), "--valid-only"])
    assert valid.exit_code == 0 and "1 observations: 0 new units, 1 found, 1 lines skipped" in valid.stdout
    future = runner.invoke(args=["register", "import-survey", auray.insee_code, str(good), "--date", "2999-01-01"])
    assert future.exit_code == 1 and "futur" in future.output
