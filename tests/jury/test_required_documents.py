"""A call may ask for documents: submitting waits until each one is attached."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bourse.applications import documents, services
from bourse.applications.models import Application
from bourse.extensions import db
from bourse.programmes import services as programmes
from tests.support.uow import boundary
from tests.conftest import csrf_token
from tests.projects.test_projects import pdf_bytes as tiny_pdf


def ask_for(jury, names) -> None:
    programme = jury.call.programme
    programmes.save_programme(jury.manager, programme, premises=programme.premises, title=programme.title,
                              description="", support=[], support_details="", trial_months=6, renewable_once=True,
                              follow_on_lease="commercial_369",
                              criteria=[programmes.Criterion(c["label"], c["weight"]) for c in programme.criteria],
                              required_documents=names)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_submit_waits_for_every_document_the_call_asks_for(jury, entrepreneur, make_project):
    ask_for(jury, ["Business plan", " CV ", "", "CV"])
    assert jury.call.programme.required_documents == ["Business plan", "CV"]
    slot = jury.slots[0]
    draft = services.apply(entrepreneur, make_project(), slot.premises, slot, "", submit=False)
    with pytest.raises(services.ApplicationError) as refused:
        services.transition(entrepreneur, draft, "submit")
    assert "Business plan, CV" in str(refused.value)
    with pytest.raises(services.ApplicationError):
        documents.add_document(entrepreneur, draft, tiny_pdf(), "plan.pdf", kind="Casier judiciaire")
    documents.add_document(entrepreneur, draft, tiny_pdf(), "plan.pdf", kind="Business plan")
    with pytest.raises(services.ApplicationError):
        services.transition(entrepreneur, draft, "submit")
    documents.add_document(entrepreneur, draft, png(), "cv.png", kind="CV")
    services.transition(entrepreneur, draft, "submit")
    db.session.commit()
    assert db.session.get(Application, draft.id).state == "submitted"


def test_applying_at_once_is_refused_cleanly_when_documents_are_asked(jury, entrepreneur, make_project):
    ask_for(jury, ["CV"])
    slot = jury.slots[0]
    project = make_project()
    with pytest.raises(services.ApplicationError), boundary(None):  # the request's unit of work
        services.apply(entrepreneur, project, slot.premises, slot, "", submit=True)
    assert db.session.scalar(db.select(db.func.count(Application.id))) == 0


def test_pages_list_the_documents_and_the_upload_names_them(client, auth, jury, entrepreneur, make_project):
    ask_for(jury, ["Business plan"])
    slot = jury.slots[0]
    make_project(name="Fromagerie")
    assert "Business plan" in client.get(f"/appels/{jury.call.id}").get_data(as_text=True)
    auth.login(entrepreneur.email)
    page = f"/candidater/creneau/{slot.id}"
    html = client.get(page).get_data(as_text=True)
    assert "Business plan" in html and 'name="submit"' not in html
    saved = client.post(page, data={"project": _project_id(), "message": "", "draft": "1",
                                    "csrf_token": csrf_token(client, page)})
    assert saved.status_code == 302
    detail = saved.headers["Location"]
    assert "Manquant" in client.get(detail).get_data(as_text=True)
    client.post(f"{detail}/documents", data={"kind": "Business plan", "csrf_token": csrf_token(client, detail),
                                             "document": (io.BytesIO(tiny_pdf()), "plan.pdf")},
                content_type="multipart/form-data")
    html = client.get(detail).get_data(as_text=True)
    assert "plan.pdf</a> — Business plan" in html and "Manquant" not in html
    # A document the call does not ask for is refused with its field named; nothing is stored.
    refused = client.post(f"{detail}/documents", follow_redirects=True, content_type="multipart/form-data",
                          data={"kind": "Casier judiciaire", "csrf_token": csrf_token(client, detail),
                                "document": (io.BytesIO(tiny_pdf()), "autre.pdf")})
    assert "Ce document est" in refused.get_data(as_text=True) and "autre.pdf" not in refused.get_data(as_text=True)


def _project_id() -> int:
    from bourse.projects.models import Project

    db.session.commit()
    return db.session.scalar(db.select(Project.id).where(Project.name == "Fromagerie"))
