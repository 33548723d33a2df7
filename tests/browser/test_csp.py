"""Every main page, as every role, in Chromium: a Content-Security-Policy without 'unsafe-inline',
and not one violation of it (maps included: folium's script runs under a per-request nonce)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bourse.accounts.roles import Role
from bourse.applications import services as applications
from bourse.extensions import db
from bourse.jury.models import JuryMember
from bourse.register.models import SurveyCampaign, UnitListing
from bourse.timeutil import utcnow
from tests.builders import make_call, make_programme, make_slot
from tests.browser.test_premises_flow import sign_in
from tests.observatory.history import build as build_history

pytestmark = pytest.mark.browser


@pytest.fixture
def town_centre(manager, landlord, entrepreneur, make_listing, make_project, make_user, auray):
    unit = make_listing(title="Boutique rue du Château")
    cell = make_listing(title="Cellule d'essai", lon=-2.9820)
    project = make_project(name="Épicerie vrac", visible=True)
    application = applications.apply(entrepreneur, project, unit, None, "Bonjour", submit=True)
    programme = make_programme(manager, cell)
    call = make_call(manager, programme)
    make_slot(manager, call)
    juror = make_user(Role.JURY_MEMBER, email="jure@example.com")
    db.session.add(JuryMember(call_id=call.id, email=juror.email, user_id=juror.id, token_hash="0" * 64,
                              invited_by_id=manager.id, invited_at=utcnow(), expires_at=utcnow() + timedelta(days=30),
                              joined_at=utcnow()))
    admin = make_user(Role.ADMIN, email="admin@example.com")
    build_history(auray, manager)  # a perimeter and six units' history: the observatory has charts to draw
    walk = SurveyCampaign(town_id=auray.id, name="Tour du centre", surveyed_on=utcnow().date(), method="field")
    db.session.add(walk)
    db.session.commit()
    ids = dict(unit=unit.id, project=project.id, application=application.id, programme=programme.id, call=call.id,
               town=auray.id, walk=walk.id, register_unit=db.session.get(UnitListing, unit.id).unit_id)
    pages = {
        None: ["/", "/recherche", "/recherche?town=56007", "/locaux/{unit}", "/appels", "/appels/{call}", "/connexion",
               "/inscription", "/mot-de-passe-oublie", "/confidentialite", "/accessibilite", "/observatoire",
               "/communes/{town}/observatoire?du=2024-01&au=2026-10", "/communes/{town}/demande", "/donnees",
               "/api/v1/docs"],
        entrepreneur: ["/projets/", "/projets/nouveau", "/projets/{project}", "/projets/{project}/locaux",
                       "/projets/{project}/modifier", "/mes-candidatures", "/candidatures/{application}",
                       "/notifications", "/alertes", "/compte/preferences", "/compte/securite", "/compte/donnees",
                       "/compte/jetons"],
        landlord: ["/locaux/mes-locaux", "/locaux/nouveau", "/locaux/importer", "/locaux/{unit}/modifier", "/locaux/{unit}/candidats",
                   "/candidatures", "/candidatures/{application}", "/projets/{project}"],
        manager: ["/programmes", "/programmes/nouveau", "/programmes/{programme}", "/appels/{call}/jury",
                  "/appels/{call}/allocation", "/communes/{town}/reglages", "/communes/{town}/registre",
                  "/communes/{town}/releves", "/communes/{town}/perimetre", "/registre/releves/{walk}/terrain",
                  "/registre/unites/{register_unit}", "/candidatures", "/communes/{town}/observatoire/unites?du=2024-01",
                  "/communes/{town}/impact?secteur=food&unite={register_unit}"],
        juror: ["/jury", "/jury/appels/{call}"],
        admin: ["/admin/", "/admin/communes", "/admin/utilisateurs", "/admin/taches"],
    }
    return {user: [p.format(**ids) for p in paths] for user, paths in pages.items()}


def test_no_page_needs_unsafe_inline_or_breaks_the_policy(another_page, town_centre):
    visited = 0
    for user, paths in town_centre.items():
        page = another_page()
        if user is not None:
            sign_in(page, user.email)
        for path in paths:
            response = page.goto(path, wait_until="networkidle")
            assert response.status == 200, (path, response.status)
            policy = response.headers["content-security-policy"]
            assert "unsafe-inline" not in policy and "'nonce-" in policy, policy
            assert page.watch.csp_violations == [], (path, page.watch.csp_violations)
            visited += 1
        page.watch.assert_clean()
    assert visited == sum(len(paths) for paths in town_centre.values())


def test_a_script_without_the_nonce_is_refused_and_reported(page, make_listing):
    """The check above can fail: an injected inline script is blocked, and the watch sees it."""
    unit = make_listing()
    page.goto(f"/locaux/{unit.id}", wait_until="networkidle")
    assert page.evaluate("typeof L") == "object"  # the page's own (nonce-carrying) map script ran
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert page.watch.csp_violations and "script-src" in page.watch.csp_violations[0]
    page.watch.console_errors.clear()
    page.watch.csp_violations.clear()
