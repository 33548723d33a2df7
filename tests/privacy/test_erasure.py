"""Deleting an account through its page leaves nothing that names the person, in a full database
dump or in the upload folder, and the anonymous counts do not move. On both backends."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import func, make_url

from bourse.accounts.models import User
from bourse.applications.models import Application, ApplicationEvent
from bourse.extensions import db
from bourse.premises.models import Premises, PremisesStatusChange
from bourse.projects.models import Project
from tests.accounts.test_sessions import browser, signed_in
from tests.conftest import PASSWORD, csrf_token
from tests.privacy.conftest import EMAIL, NAME


def database_dump(app) -> str:
    """Every row of every table, as text: what a backup of this database would hold."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        return subprocess.run(
            ["pg_dump", "--data-only", "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
             "-U", url.username or "postgres", url.database], capture_output=True, text=True, check=True).stdout
    lines = []
    connection = db.session.connection()
    tables = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars().all()
    for table in tables:
        for row in connection.exec_driver_sql(f'SELECT * FROM "{table}"'):
            lines.append(" | ".join(v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row))
    return "\n".join(lines)


def files_quoting(folder: str, *needles: str) -> list[str]:
    found = []
    for path in Path(folder).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {n}" for n in needles if n.encode() in data]
    return found


def counts() -> dict[str, object]:
    db.session.commit()
    return {
        "premises": db.session.scalar(db.select(func.count(Premises.id))),
        "status changes": db.session.scalar(db.select(func.count(PremisesStatusChange.id))),
        "projects by sector": sorted(db.session.execute(db.select(Project.sector, func.count()).group_by(Project.sector)).all()),
        "applications by state": sorted(db.session.execute(
            db.select(Application.state, func.count()).group_by(Application.state)).all()),
        "application events": db.session.scalar(db.select(func.count(ApplicationEvent.id))),
    }


def delete_through_the_page(client, password: str = PASSWORD, understood: bool = True):
    data = {"password": password, "csrf_token": csrf_token(client, "/compte/donnees")}
    if understood:
        data["understood"] = "y"
    return client.post("/compte/supprimer", data=data, follow_redirects=True)


def test_deleting_an_account_leaves_no_trace_of_the_person(app, person):
    folder = app.config["UPLOAD_FOLDER"]
    assert EMAIL in database_dump(app) and NAME in database_dump(app)  # the search can find them...
    assert files_quoting(folder, NAME)  # ...in the rows and in the files
    before = counts()
    client = signed_in(app, EMAIL)

    page = delete_through_the_page(client).get_data(as_text=True)
    assert "Votre compte est supprimé." in page

    dump = database_dump(app)
    assert EMAIL not in dump and NAME not in dump
    assert files_quoting(folder, EMAIL, NAME) == []
    after = counts()
    # Statistics name no one, and stay as they were (the listing applied to is the landlord's).
    assert after == before
    db.session.commit()
    user = db.session.get(User, person.user.id)
    assert user.deleted_at is not None and not user.active
    assert client.get("/compte/preferences").status_code == 302  # signed out
    again = browser(app)
    refused = again.post("/connexion", data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_token(again)})
    assert refused.status_code == 200


def test_deletion_needs_the_password_and_the_box_and_changes_nothing_otherwise(app, person):
    client = signed_in(app, EMAIL)
    wrong = delete_through_the_page(client, password="pas le bon").get_data(as_text=True)
    assert "Le mot de passe actuel est faux." in wrong
    unticked = delete_through_the_page(client, understood=False).get_data(as_text=True)
    assert "Cochez la case pour confirmer." in unticked
    db.session.commit()
    assert db.session.get(User, person.user.id).deleted_at is None
    assert EMAIL in database_dump(app)


def test_a_landlords_listings_are_withdrawn_and_their_history_kept(app, landlord, make_listing):
    listing = make_listing(description=f"Contactez {landlord.full_name} au 06 00 00 00 00")
    client = signed_in(app, landlord.email)
    delete_through_the_page(client)
    db.session.commit()
    unit = db.session.get(Premises, listing.id)
    assert unit.status == "withdrawn" and unit.description == ""
    history = db.session.scalars(db.select(PremisesStatusChange.to_status).where(
        PremisesStatusChange.premises_id == listing.id).order_by(PremisesStatusChange.id)).all()
    assert history == ["draft", "published", "withdrawn"]
    assert client.get(f"/locaux/{listing.id}").status_code == 404
