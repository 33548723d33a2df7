""""Download my data": the person's own rows and files, nobody else's; behind a recent sign-in."""

from __future__ import annotations

import io
import json
import time
import zipfile

from tests.accounts.test_sessions import signed_in
from tests.conftest import csrf_token
from tests.privacy.conftest import EMAIL, NAME


def download(client):
    return client.post("/compte/donnees/telechargement", data={"csrf_token": csrf_token(client, "/compte/donnees")})


def test_the_export_holds_the_persons_data_and_files_and_nothing_of_others(app, person, landlord):
    answer = download(signed_in(app, EMAIL))
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    assert answer.headers["Content-Disposition"].startswith("attachment; filename=bourse-mes-donnees-")
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    names = archive.namelist()
    account = json.loads(archive.read("account.json"))
    assert (account["email"], account["full_name"], account["role"]) == (EMAIL, NAME, "entrepreneur")
    [project] = json.loads(archive.read("projects.json"))
    assert project["name"] == f"Épicerie de {NAME}" and project["experience"] == f"{NAME}, 10 ans"
    [application] = json.loads(archive.read("applications.json"))
    assert application["cover_message"] == f"Bonjour, je suis {NAME}." and application["state"] == "submitted"
    assert [e["verb"] for e in application["events"]] == ["create", "submit"]
    messages = json.loads(archive.read("messages.json"))
    assert [m["body"] for m in messages] == ["Avec plaisir, merci."]  # the landlord's reply is theirs
    assert json.loads(archive.read("alerts.json"))["saved_searches"][0]["name"] == "Auray"
    assert json.loads(archive.read("premises.json")) == []  # the unit applied to is the landlord's
    files = [n for n in names if n.startswith("files/")]
    assert any(n.endswith("plan.pdf") for n in files) and any(n.endswith("kbis.pdf") for n in files)
    assert any(n.endswith(".jpg") for n in files)
    assert archive.read(next(n for n in files if n.endswith("plan.pdf"))).startswith(b"%PDF")
    everything = b"".join(archive.read(n) for n in names)
    assert landlord.email.encode() not in everything and landlord.full_name.encode() not in everything


def test_the_data_page_and_the_export_need_a_recent_sign_in(app, person, monkeypatch):
    client = signed_in(app, EMAIL)
    token = csrf_token(client, "/compte/donnees")
    later = time.time() + 16 * 60
    monkeypatch.setattr("bourse.accounts.recent.time.time", lambda: later)
    assert client.get("/compte/donnees").status_code == 302
    answer = client.post("/compte/donnees/telechargement", data={"csrf_token": token})
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/compte/confirmer-mot-de-passe")
    refused = client.post("/compte/supprimer", data={"csrf_token": token, "password": "x", "understood": "y"})
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/compte/confirmer-mot-de-passe")


def test_other_people_cannot_download_or_delete_someone_else(app, person, client):
    assert client.post("/compte/donnees/telechargement").status_code in (302, 400)
    assert client.get("/compte/donnees").status_code == 302  # to the sign-in page
