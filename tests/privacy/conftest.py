"""A person with something of everything: a project with a plan and a photo, an application with
a document and messages both ways, a saved search, notifications and e-mails."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from PIL import Image
from pypdf import PdfWriter

from bourse.accounts.roles import Role
from bourse.applications import documents, services as applications
from bourse.extensions import db
from bourse.notifications.models import SavedSearch
from bourse.projects import services as projects

NAME, EMAIL = "Nolwenn Effacee", "nolwenn.effacee@example.com"


def pdf_signed_by(name: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": name, "/Title": f"Plan de {name}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@dataclass
class Person:
    user: object
    project: object
    application: object


@pytest.fixture
def person(make_user, make_project, make_listing, landlord) -> Person:
    user = make_user(Role.ENTREPRENEUR, email=EMAIL, full_name=NAME)
    project = make_project(owner=user, name=f"Épicerie de {NAME}", concept="Vrac", experience=f"{NAME}, 10 ans",
                           visible=True)
    projects.attach_business_plan(user, project, pdf_signed_by(NAME), "plan.pdf")
    projects.add_photo(user, project, jpeg())
    application = applications.apply(user, project, make_listing(), None, f"Bonjour, je suis {NAME}.", submit=True)
    documents.add_document(user, application, pdf_signed_by(NAME), "kbis.pdf")
    applications.add_message(landlord, application, f"Bonjour {NAME}, venez visiter.", internal=False)
    applications.add_message(user, application, "Avec plaisir, merci.", internal=False)
    db.session.add(SavedSearch(user_id=user.id, name="Auray", query={"town": "56007"}))
    db.session.commit()
    return Person(user, project, application)
