"""The restore drill, on both backends: a populated site is backed up with the CLI, restored into an
empty database and upload folder, and the restored site has the same rows in every table and the
same bytes in every file; a damaged backup or a site that is not empty is refused before anything
is written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.engine import make_url

from bourse import backups, create_app
from bourse.accounts import api_tokens
from bourse.applications import services as applications
from bourse.extensions import db
from bourse.premises import photos
from tests.support import postgis


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def populated(app, landlord, entrepreneur, make_listing, make_project):
    listing = make_listing()
    photos.add_photo(landlord, listing, jpeg())
    applications.apply(entrepreneur, make_project(), listing, None, "Bonjour", submit=True)
    api_tokens.create(landlord, "Script", "read", 30)
    db.session.commit()
    return listing


@pytest.fixture
def empty_site(app, backend, tmp_path):
    """A second site on an empty database and an empty upload folder, as after a disaster."""
    if backend == "spatialite":
        url = f"sqlite:///{tmp_path / 'restored.db'}"
    else:
        url = postgis.create_database().render_as_string(hide_password=False)
    other = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(tmp_path / "restored"),
                        "CHECK_DATABASE_ON_START": False})
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
    if backend == "postgis":
        postgis.drop_database(make_url(url))


def run(site, *args: str):
    """The CLI of ``site`` (its own app context: the test's app holds one already)."""
    with site.app_context():
        return site.test_cli_runner().invoke(args=list(args))


def files_of(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): backups.sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_backup_restores_into_an_empty_site_with_every_row_and_file(app, populated, empty_site, tmp_path):
    saved = tmp_path / "sauvegarde"
    made = app.test_cli_runner().invoke(args=["backup", str(saved)])
    assert made.exit_code == 0, made.output
    counts, uploaded = backups.row_counts(), files_of(Path(app.config["UPLOAD_FOLDER"]))
    manifest = json.loads((saved / "manifest.json").read_text())
    assert manifest["row_counts"] == counts and counts["premises_photos"] == 1 and counts["applications"] == 1
    assert {f"uploads/{name}" for name in uploaded} <= set(manifest["files"]) and len(uploaded) >= 1

    restored = run(empty_site, "restore", str(saved))
    assert restored.exit_code == 0, restored.output
    with empty_site.app_context():
        assert backups.row_counts() == counts
    assert files_of(Path(empty_site.config["UPLOAD_FOLDER"])) == uploaded
    visitor = empty_site.test_client()
    page = visitor.get(f"/locaux/{populated.id}")
    assert page.status_code == 200 and populated.title in page.get_data(as_text=True)
    photo_url = visitor.get(f"/api/v1/premises/{populated.id}").get_json()["properties"]["photo_url"]
    photo = visitor.get(photo_url)
    photo.close()  # a file answer streams until closed
    assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"


def test_a_damaged_backup_is_refused_before_anything_is_written(app, populated, empty_site, tmp_path):
    saved = tmp_path / "sauvegarde"
    assert app.test_cli_runner().invoke(args=["backup", str(saved)]).exit_code == 0
    photo = next((saved / "uploads").rglob("*.jpg"))
    photo.write_bytes(photo.read_bytes()[:-10] + b"0123456789")
    refused = run(empty_site, "restore", str(saved))
    assert refused.exit_code == 1 and "does not match its SHA-256" in refused.output
    with empty_site.app_context():
        assert backups.row_counts() == {}
    assert not Path(empty_site.config["UPLOAD_FOLDER"]).exists()


def test_restoring_over_a_site_in_use_needs_force(app, populated, tmp_path):
    saved = tmp_path / "sauvegarde"
    assert app.test_cli_runner().invoke(args=["backup", str(saved)]).exit_code == 0
    refused = app.test_cli_runner().invoke(args=["restore", str(saved)])
    assert refused.exit_code == 1 and "not empty" in refused.output
    again = app.test_cli_runner().invoke(args=["backup", str(saved)])
    assert again.exit_code == 1 and "not empty" in again.output
