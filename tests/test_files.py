"""The one file view: each owner decides who sees its files; everything else is a 404."""

from __future__ import annotations

import io

import pytest

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.premises.models import PremisesPhoto
from bourse.projects.models import Project
from tests.conftest import csrf_token
from tests.premises.test_photos import png_bytes
from tests.projects.test_projects import pdf_bytes


def add_photo(client, premises) -> PremisesPhoto:
    page = f"/locaux/{premises.id}/modifier"
    client.post(f"/locaux/{premises.id}/photos", data={"photo": (io.BytesIO(png_bytes()), "vitrine.png"),
                                                      "csrf_token": csrf_token(client, page)},
                content_type="multipart/form-data")
    db.session.commit()
    return db.session.scalar(db.select(PremisesPhoto).where(PremisesPhoto.premises_id == premises.id))


def test_a_published_photo_is_public_and_cacheable_a_draft_one_private(client, auth, landlord, make_listing):
    auth.login(landlord.email)
    draft = add_photo(client, make_listing(title="Brouillon", status="draft"))
    published = add_photo(client, make_listing(title="En ligne", lon=-2.9820))
    own = client.get(f"/fichiers/{draft.storage_key}")
    assert own.status_code == 200 and own.mimetype == "image/jpeg"
    assert own.headers["Content-Disposition"] == "inline" and own.headers["X-Content-Type-Options"] == "nosniff"
    assert "private" in own.headers["Cache-Control"]
    own.close()
    auth.logout()
    assert client.get(f"/fichiers/{draft.storage_key}").status_code == 404
    shown = client.get(f"/fichiers/{published.storage_key}")
    assert shown.status_code == 200 and "public" in shown.headers["Cache-Control"]
    shown.close()


def test_a_business_plan_is_an_attachment_for_its_owner_only(client, auth, make_project, make_user, entrepreneur):
    project = make_project()
    auth.login(entrepreneur.email)
    client.post(f"/projets/{project.id}/plan", data={"business_plan": (io.BytesIO(pdf_bytes()), "mon plan.pdf"),
                                                     "csrf_token": csrf_token(client, f"/projets/{project.id}/modifier")},
                content_type="multipart/form-data")
    db.session.commit()
    key = db.session.get(Project, project.id).business_plan_key
    response = client.get(f"/fichiers/{key}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    response.close()
    auth.logout()
    auth.login(make_user(Role.LANDLORD).email)  # the file is not visible: a landlord sees nothing of it
    assert client.get(f"/fichiers/{key}").status_code == 404


@pytest.mark.parametrize("key", ["photos/0123456789abcdef0123456789abcdef.jpg", "../../etc/passwd",
                                 "photos/..%2F..%2Fsecret.jpg", "nothing", "photos/"])
def test_unknown_or_malformed_keys_are_404(client, key):
    response = client.get(f"/fichiers/{key}")
    assert response.status_code == 404
