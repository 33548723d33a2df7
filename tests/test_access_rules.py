"""Who sees what of someone else's file, on both backends: a visible project's summary and its
private part, a conflicted jury member (tests/jury), drafts, and unpublished premises."""

from __future__ import annotations

from decimal import Decimal

from bourse.accounts.roles import Role
from bourse.applications import services as applications
from bourse.applications.models import ApplicationMessage
from bourse.extensions import db
from bourse.projects import services as projects
from tests.accounts.test_sessions import signed_in
from tests.conftest import csrf_token
from tests.projects.test_projects import pdf_bytes


def visible_project_with_a_plan(make_project, entrepreneur):
    project = make_project(name="Épicerie du port", visible=True, concept="Vrac et produits locaux",
                           experience="Dix ans chez un grossiste", funding_secured=Decimal(42000))
    projects.attach_business_plan(entrepreneur, project, pdf_bytes(), "plan-secret.pdf")
    db.session.commit()
    return project


def test_a_visible_project_shows_landlords_a_summary_and_nothing_private(app, make_project, entrepreneur,
                                                                        make_user):
    project = visible_project_with_a_plan(make_project, entrepreneur)
    landlord = make_user(Role.LANDLORD, email="curieux@example.com")
    client = signed_in(app, landlord.email)
    page = client.get(f"/projets/{project.id}").get_data(as_text=True)
    for shown in ("Épicerie du port", "Commerces alimentaires", "Vrac et produits locaux", "12\u202f000"):
        assert shown in page, shown
    for private in (entrepreneur.full_name, "Dix ans chez un grossiste", "42\u202f000", project.business_plan_key):
        assert private not in page, private
    assert client.get(f"/fichiers/{project.business_plan_key}").status_code == 404


def test_an_unverified_landlord_sees_no_project_at_all(app, make_project, entrepreneur, make_user):
    project = visible_project_with_a_plan(make_project, entrepreneur)
    client = signed_in(app, make_user(Role.LANDLORD, email="nouveau@example.com", verified=False).email)
    assert client.get(f"/projets/{project.id}").status_code == 404


def test_applying_shares_the_whole_file_with_the_landlord_applied_to(app, make_project, make_listing, entrepreneur,
                                                                     landlord):
    project = visible_project_with_a_plan(make_project, entrepreneur)
    applications.apply(entrepreneur, project, make_listing(), None, "Bonjour", submit=True)
    db.session.commit()
    client = signed_in(app, landlord.email)
    page = client.get(f"/projets/{project.id}").get_data(as_text=True)
    assert entrepreneur.full_name in page and "Dix ans chez un grossiste" in page
    plan = client.get(f"/fichiers/{project.business_plan_key}")
    assert plan.status_code == 200 and plan.mimetype == "application/pdf"
    plan.close()


def test_the_checkbox_says_what_becomes_visible(app, entrepreneur):
    page = signed_in(app, entrepreneur.email).get("/projets/nouveau").get_data(as_text=True)
    assert "trouver un résumé de ce projet" in page
    assert "restent privés" in page


def test_a_draft_is_the_applicants_alone(app, make_project, make_listing, entrepreneur, landlord, manager):
    draft = applications.apply(entrepreneur, make_project(), make_listing(), None, "Brouillon secret", submit=False)
    db.session.commit()
    for reviewer in (landlord, manager):
        client = signed_in(app, reviewer.email)
        assert client.get(f"/candidatures/{draft.id}").status_code == 404
        assert "Brouillon secret" not in client.get("/candidatures").get_data(as_text=True)
        answer = client.post(f"/candidatures/{draft.id}/messages", data={
            "body": "Bonjour", "csrf_token": csrf_token(client, "/")})
        assert answer.status_code == 404
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(ApplicationMessage.id))) == 0
    own = signed_in(app, entrepreneur.email)
    assert "Brouillon secret" in own.get(f"/candidatures/{draft.id}").get_data(as_text=True)


def test_unpublished_premises_reveal_nothing_on_the_apply_page(app, make_listing, make_project, entrepreneur):
    make_project()
    client = signed_in(app, entrepreneur.email)
    for status in ("draft", "withdrawn", "let"):
        unit = make_listing(status=status, title=f"Local caché {status}")
        answer = client.get(f"/candidater/locaux/{unit.id}")
        assert answer.status_code == 404
        assert "Local caché" not in answer.get_data(as_text=True)
