"""Photos: checked by content, re-encoded, stored outside static/, served only when allowed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from bourse.extensions import db
from bourse.premises.models import PremisesPhoto
from tests.conftest import csrf_token


def png_bytes(width=640, height=480, colour=(200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, premises, data: bytes, filename="vitrine.png"):
    token = csrf_token(client, f"/locaux/{premises.id}/modifier")
    return client.post(f"/locaux/{premises.id}/photos", data={"photo": (io.BytesIO(data), filename),
                                                              "csrf_token": token},
                       content_type="multipart/form-data", follow_redirects=True)


def status_of(client, url: str) -> tuple[int, str]:
    """GET ``url``; return status and mimetype, closing the streamed file."""
    response = client.get(url)
    response.close()
    return response.status_code, response.mimetype


def photos_of(premises) -> list[PremisesPhoto]:
    db.session.commit()  # end the read snapshot: see what requests committed
    return db.session.scalars(db.select(PremisesPhoto).where(PremisesPhoto.premises_id == premises.id)
                              .order_by(PremisesPhoto.position)).all()


@pytest.fixture
def owner_client(client, auth, landlord):
    auth.login(landlord.email)
    return client


def test_upload_stores_a_reencoded_jpeg_outside_static(owner_client, make_listing, app, project_root):
    premises = make_listing(status="draft")
    response = upload(owner_client, premises, png_bytes())
    assert "Photo ajoutée." in response.get_data(as_text=True)
    [photo] = photos_of(premises)
    assert photo.is_cover and photo.content_type == "image/jpeg" and (photo.width, photo.height) == (640, 480)
    stored = Path(app.config["UPLOAD_FOLDER"]) / photo.storage_key
    assert stored.read_bytes()[:3] == b"\xff\xd8\xff"  # JPEG, whatever was uploaded
    assert (project_root / "static") not in stored.resolve().parents


def test_draft_photos_are_private_and_published_ones_public(client, auth, owner_client, make_listing, landlord):
    premises = make_listing(status="draft")
    upload(owner_client, premises, png_bytes())
    [photo] = photos_of(premises)
    assert status_of(owner_client, f"/fichiers/{photo.storage_key}") == (200, "image/jpeg")
    auth.logout()
    assert status_of(client, f"/fichiers/{photo.storage_key}")[0] == 404
    from bourse.premises import services

    services.change_status(landlord, premises, "publish")
    assert status_of(client, f"/fichiers/{photo.storage_key}") == (200, "image/jpeg")


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(owner_client, make_listing):
    premises = make_listing(status="draft")
    html = upload(owner_client, premises, b"<html><script>alert(1)</script></html>", "photo.jpg").get_data(as_text=True)
    assert "Ce fichier n&#39;est pas une photo" in html
    assert photos_of(premises) == []


def test_a_truncated_image_is_refused(owner_client, make_listing):
    premises = make_listing(status="draft")
    upload(owner_client, premises, png_bytes()[:200])
    assert photos_of(premises) == []


def test_a_photo_over_the_size_limit_is_refused_before_storage(owner_client, make_listing, app):
    premises = make_listing(status="draft")
    big = png_bytes()
    big += b"\0" * (app.config["UPLOAD_LIMITS"]["photo"] + 1 - len(big))
    html = upload(owner_client, premises, big).get_data(as_text=True)
    assert "Une photo peut peser au plus 10 Mo." in html
    assert photos_of(premises) == []
    assert not any(Path(app.config["UPLOAD_FOLDER"]).rglob("*.part"))


def test_a_50_mb_upload_is_stopped_at_the_door(owner_client, make_listing):
    premises = make_listing(status="draft")
    token = csrf_token(owner_client, f"/locaux/{premises.id}/modifier")
    # Encoded in memory: the test client would spool 50 MB to a temporary file it never closes.
    boundary, body = encode_multipart({"photo": FileStorage(io.BytesIO(b"\0" * (50 * 1024 * 1024)), "huge.jpg"),
                                       "csrf_token": token})
    response = owner_client.post(f"/locaux/{premises.id}/photos", data=body,
                                 content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "Le fichier est trop volumineux." in response.get_data(as_text=True)
    assert photos_of(premises) == []


def test_cover_order_and_deletion(owner_client, make_listing):
    premises = make_listing(status="draft")
    for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255)):
        upload(owner_client, premises, png_bytes(colour=colour))
    first, second, third = photos_of(premises)
    token = csrf_token(owner_client, f"/locaux/{premises.id}/modifier")
    owner_client.post(f"/locaux/photos/{third.id}/couverture", data={"csrf_token": token})
    owner_client.post(f"/locaux/photos/{third.id}/monter", data={"csrf_token": token})
    photos = photos_of(premises)
    assert [p.id for p in photos] == [first.id, third.id, second.id]
    assert [p.is_cover for p in photos] == [False, True, False]
    owner_client.post(f"/locaux/photos/{third.id}/supprimer", data={"csrf_token": token})
    photos = photos_of(premises)
    assert [p.id for p in photos] == [first.id, second.id] and photos[0].is_cover


def test_someone_else_cannot_act_on_a_photo(client, auth, owner_client, make_listing, make_user):
    from bourse.accounts.roles import Role

    premises = make_listing(status="published")
    upload(owner_client, premises, png_bytes())
    [photo] = photos_of(premises)
    auth.logout()
    auth.login(make_user(Role.LANDLORD).email)
    response = client.post(f"/locaux/photos/{photo.id}/supprimer", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    assert len(photos_of(premises)) == 1
