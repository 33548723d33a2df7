"""Application documents: PDF or images by content, size-limited, attachments for allowed people only."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bourse.accounts.roles import Role
from bourse.applications import services
from bourse.applications.models import ApplicationDocument
from bourse.extensions import db
from tests.conftest import csrf_token
from tests.projects.test_projects import pdf_bytes


@pytest.fixture
def application(entrepreneur, make_project, make_listing):
    return services.apply(entrepreneur, make_project(), make_listing(), None, "", submit=True)


def upload(client, application, data: bytes, name: str):
    return client.post(f"/candidatures/{application.id}/documents", follow_redirects=True,
                       content_type="multipart/form-data",
                       data={"document": (io.BytesIO(data), name),
                             "csrf_token": csrf_token(client, f"/candidatures/{application.id}")})


def documents() -> list[ApplicationDocument]:
    db.session.commit()
    return db.session.scalars(db.select(ApplicationDocument)).all()


def test_pdf_and_image_are_accepted_html_is_not(client, auth, entrepreneur, application):
    auth.login(entrepreneur.email)
    assert "Document ajouté." in upload(client, application, pdf_bytes(), "kbis.pdf").get_data(as_text=True)
    image = io.BytesIO()
    Image.new("RGB", (50, 50)).save(image, format="PNG")
    upload(client, application, image.getvalue(), "vitrine.png")
    html = upload(client, application, b"<html><script>x</script></html>", "faux.pdf").get_data(as_text=True)
    assert "Les documents doivent être des PDF ou des images." in html
    assert sorted(d.content_type for d in documents()) == ["application/pdf", "image/jpeg"]


def test_documents_are_attachments_for_allowed_people_only(client, auth, entrepreneur, application, landlord,
                                                           make_user):
    auth.login(entrepreneur.email)
    upload(client, application, pdf_bytes(), "plan.pdf")
    [document] = documents()
    auth.logout()
    auth.login(landlord.email)
    response = client.get(f"/fichiers/{document.storage_key}")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    response.close()
    auth.logout()
    auth.login(make_user(Role.LANDLORD).email)
    assert client.get(f"/fichiers/{document.storage_key}").status_code == 404


def test_size_limit(client, auth, entrepreneur, application):
    auth.login(entrepreneur.email)
    html = upload(client, application, pdf_bytes() + b"%" * (10 * 1024 * 1024), "gros.pdf").get_data(as_text=True)
    assert "Un document peut peser au plus 10 Mo." in html
    assert documents() == []
