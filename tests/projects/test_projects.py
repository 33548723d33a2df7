"""Project files: the form's rules, privacy, and the business plan checked by content."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfWriter

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.projects.models import Project
from tests.conftest import csrf_token


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def projects() -> list[Project]:
    db.session.commit()
    return db.session.scalars(db.select(Project)).all()


@pytest.fixture
def porteur_client(client, auth, entrepreneur):
    auth.login(entrepreneur.email)
    return client


def form(client, auray, **overrides):
    data = {"name": "Épicerie vrac", "sector": "food", "min_area_m2": "30", "max_area_m2": "60",
            "max_rent_per_year": "12000", "towns": [str(auray.id)], "need_extraction": "none",
            "need_step_free": "nice", "need_frontage": "none", "csrf_token": csrf_token(client, "/projets/nouveau")}
    data.update(overrides)
    return data


def test_entrepreneur_creates_a_project_and_lands_on_its_spaces(porteur_client, auray, entrepreneur):
    response = porteur_client.post("/projets/nouveau", data=form(porteur_client, auray))
    [project] = projects()
    assert response.headers["Location"] == f"/projets/{project.id}/locaux"
    assert project.owner_id == entrepreneur.id and [t.name for t in project.towns] == ["Auray"]
    assert project.visible is False  # private by default


@pytest.mark.parametrize("fields, message", [
    ({"min_area_m2": "80"}, "La surface minimum dépasse la surface maximum."),
    ({"max_rent_per_year": "-5"}, "Le budget ne peut pas être négatif."),
    ({"towns": [], "place_label": "4 place de la République", "radius_km": "0"},
     "Le rayon doit être supérieur à 0 et d&#39;au plus 200 km."),
    ({"towns": [], "place_label": "4 place de la République", "radius_km": "250"},
     "Le rayon doit être supérieur à 0 et d&#39;au plus 200 km."),
    ({"towns": []}, "Choisissez au moins une commune, ou donnez une adresse et un rayon."),
    ({"sector": ""}, "Ce champ est requis."),
])
def test_bad_input_gets_a_form_error(porteur_client, auray, fields, message):
    html = porteur_client.post("/projets/nouveau", data=form(porteur_client, auray, **fields)).get_data(as_text=True)
    assert message in html
    assert projects() == []


def test_an_address_and_radius_are_geocoded(porteur_client, auray, geocoder):
    porteur_client.post("/projets/nouveau", data=form(porteur_client, auray, towns=[],
                                                      place_label="4 place de la République", radius_km="3"))
    [project] = projects()
    assert project.location is not None and project.radius_km == Decimal("3.0")
    assert project.place_label == "4 Place de la République 56400 Auray"  # as the address service knows it


def test_a_project_without_a_place_gets_a_helpful_message(porteur_client, entrepreneur):
    from bourse.projects import services
    from tests.fixtures import project_data

    project = services.save_project(entrepreneur, None, project_data())
    html = porteur_client.get(f"/projets/{project.id}/locaux").get_data(as_text=True)
    assert "Dites-nous où vous voulez ouvrir" in html


def test_private_projects_are_404_to_others_and_visible_ones_to_landlords(client, auth, make_project, make_user):
    private = make_project(name="Secret")
    public = make_project(name="Ouvert", visible=True)
    auth.login(make_user(Role.ENTREPRENEUR).email)
    for project in (private, public):
        assert client.get(f"/projets/{project.id}").status_code == 404
        assert client.get(f"/projets/{project.id}/modifier").status_code == 404
        assert client.get(f"/projets/{project.id}/locaux").status_code == 404
    auth.logout()
    auth.login(make_user(Role.LANDLORD).email)
    assert client.get(f"/projets/{private.id}").status_code == 404
    assert "Ouvert" in client.get(f"/projets/{public.id}").get_data(as_text=True)


def upload(client, project, data: bytes, name: str):
    return client.post(f"/projets/{project.id}/plan", follow_redirects=True, content_type="multipart/form-data",
                       data={"business_plan": (io.BytesIO(data), name),
                             "csrf_token": csrf_token(client, f"/projets/{project.id}/modifier")})


def test_business_plan_must_really_be_a_pdf(porteur_client, make_project):
    project = make_project()
    html = upload(porteur_client, project, b"<html><body>Mon plan</body></html>", "plan.pdf").get_data(as_text=True)
    assert "Le business plan doit être un document PDF." in html
    html = upload(porteur_client, project, b"%PDF-1.7\n garbage that is not a pdf", "plan.pdf").get_data(as_text=True)
    assert "Le business plan doit être un document PDF." in html
    assert projects()[0].business_plan_key is None
    html = upload(porteur_client, project, pdf_bytes(), "plan.pdf").get_data(as_text=True)
    assert "Business plan enregistré." in html
    response = porteur_client.get(f"/fichiers/{projects()[0].business_plan_key}")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    response.close()


def test_business_plan_size_limit(porteur_client, make_project, app):
    project = make_project()
    big = pdf_bytes() + b"%" * (10 * 1024 * 1024)
    html = upload(porteur_client, project, big, "plan.pdf").get_data(as_text=True)
    assert "Le business plan peut peser au plus 10 Mo." in html


def test_project_photos_are_reencoded_and_private_with_the_project(client, auth, porteur_client, make_project,
                                                                  make_user):
    from PIL import Image

    project = make_project()
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 120, 60)).save(buffer, format="PNG")
    html = porteur_client.post(f"/projets/{project.id}/photos", follow_redirects=True,
                               content_type="multipart/form-data",
                               data={"photo": (io.BytesIO(buffer.getvalue()), "etal.png"),
                                     "csrf_token": csrf_token(porteur_client, f"/projets/{project.id}/modifier")}
                               ).get_data(as_text=True)
    assert "Photo ajoutée." in html
    [photo] = projects()[0].photos
    response = porteur_client.get(f"/fichiers/{photo.storage_key}")
    assert response.mimetype == "image/jpeg"
    response.close()
    auth.logout()
    auth.login(make_user(Role.LANDLORD).email)
    assert client.get(f"/fichiers/{photo.storage_key}").status_code == 404  # the project is private
