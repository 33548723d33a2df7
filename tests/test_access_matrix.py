"""Who may open what: every page and endpoint, as anonymous, entrepreneur, landlord, town manager,
jury member and administrator, against a written matrix; then every route with an id, as every
*other* user of the same role (the classic IDOR: counting ids up), who must get nothing. Both backends.

Letters in the matrix: ``a`` anonymous, ``e`` the entrepreneur who owns the project and the
applications, ``l`` the landlord who owns the unit, ``m`` a manager of the unit's town, ``j`` a
member of the call's jury, ``d`` an administrator; in capitals, another user of that role with no
link to these objects (``E`` another entrepreneur, ``L`` another landlord, ``M`` a manager of
another town, ``J`` a jury member of no jury here). A letter means "gets the page (200)"; everyone
else is sent to sign in, or gets 403 or 404, never the page.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bourse.accounts import api_tokens
from bourse.accounts.roles import Role
from bourse.applications import services as applications
from bourse.extensions import db
from bourse.jury.models import JuryMember
from bourse.notifications.models import SavedSearch
from bourse.premises.models import PremisesPhoto
from bourse.register.models import Perimeter, SurveyCampaign, UnitListing
from bourse.timeutil import utcnow
from tests.builders import make_call, make_programme, make_slot
from tests.conftest import PASSWORD, IsolatedClient, csrf_token

EVERYONE = "aeldmjELMJ"
SIGNED_IN = "eldmjELMJ"
# GET pages and endpoints. A path not listed here fails the test: new routes must be placed.
MATRIX = {
    "/": EVERYONE, "/recherche": EVERYONE, "/appels": EVERYONE, "/connexion": "a", "/inscription": "a",
    "/mot-de-passe-oublie": EVERYONE, "/confidentialite": EVERYONE, "/accessibilite": EVERYONE,
    "/inscription/verifiez": EVERYONE, "/healthz": EVERYONE, "/readyz": EVERYONE,
    "/sitemap.xml": EVERYONE, "/robots.txt": EVERYONE,
    "/metrics": EVERYONE,  # from this machine only (or with METRICS_TOKEN): tests/ops/
    "/locaux/{unit}": EVERYONE, "/locaux/{draft_unit}": "lmd",  # managers act for owners in their town
    "/appels/{call}": EVERYONE,
    "/donnees": EVERYONE, "/donnees/locaux.geojson": EVERYONE, "/donnees/locaux.csv": EVERYONE,
    "/donnees/locaux-tableur.csv": EVERYONE,
    # accounts
    "/compte/preferences": SIGNED_IN, "/compte/securite": SIGNED_IN, "/compte/donnees": SIGNED_IN,
    "/compte/confirmer-mot-de-passe": SIGNED_IN, "/compte/jetons": SIGNED_IN, "/notifications": SIGNED_IN, "/alertes": "eE",
    # entrepreneurs
    "/projets/": "eE", "/projets/nouveau": "eE",
    # a visible project: its summary to landlords and managers; the whole file to those it applied to
    "/projets/{project}": "eldmjLM",
    "/projets/{project}/modifier": "e", "/projets/{project}/locaux": "e", "/mes-candidatures": "eE",
    "/candidater/locaux/{unit}": "e", "/candidater/locaux/{draft_unit}": "",
    "/candidater/creneau/{slot}": "e",
    # reviewing
    "/candidatures": "lmdLM", "/candidatures/{application}": "elmd", "/candidatures/{draft_application}": "e",
    "/candidatures/{slot_application}": "emd",
    # landlords
    "/locaux/mes-locaux": "lmdLM", "/locaux/nouveau": "lmdLM", "/locaux/importer": "lmdLM", "/locaux/{unit}/modifier": "lmd",
    "/locaux/{unit}/candidats": "lmd",
    # town managers
    "/programmes": "mdM", "/programmes/nouveau": "mdM", "/programmes/{programme}": "md",
    "/programmes/{programme}/modifier": "md", "/appels/{call}/jury": "md", "/appels/{call}/allocation": "md",
    "/appels/{call}/candidatures.csv": "md", "/communes/{town}/reglages": "md",
    "/communes/{town}/registre": "md", "/registre/unites/{register_unit}": "md",
    "/registre": "d",  # a manager of one town is sent on (REDIRECTED)
    "/communes/{town}/releves": "md", "/registre/releves/{campaign}": "md", "/communes/{town}/perimetre": "md",
    # the observatory: figures in aggregate for everyone, unit by unit for the town's managers
    "/observatoire": EVERYONE, "/communes/{town}/observatoire": EVERYONE, "/communes/{town}/observatoire.csv": EVERYONE,
    "/communes/{town}/observatoire/unites": "md", "/communes/{town}/observatoire/vacants.csv": "md",
    "/communes/{town}/impact": SIGNED_IN, "/communes/{town}/demande": EVERYONE,
    "/registre/perimetres/{perimeter}.geojson": "md", "/registre/releves/{field_campaign}/terrain": "md", "/communes/{town}/registre/points?bbox=-3.1,47.6,-2.9,47.7": "md",
    # juries
    "/jury": SIGNED_IN,  # one's own seats, none for most
    "/jury/appels/{call}": "j", "/jury/candidatures/{slot_application}": "j",
    # administrators
    "/admin/": "",  # an administrator is sent on to the users page (REDIRECTED)
    "/admin/communes": "d", "/admin/communes/nouvelle": "d", "/admin/communes/{town}": "d",
    "/admin/managers/nouveau": "d", "/admin/utilisateurs": "d", "/admin/taches": "d",
    # JSON
    "/api/v1/premises?bbox=-3.1,47.6,-2.9,47.7": EVERYONE, "/api/v1/premises/{unit}": EVERYONE,
    "/api/v1/premises/{draft_unit}": "lmd", "/api/v1/towns/{town}/observatory": EVERYONE,
    "/api/v1/openapi.json": EVERYONE, "/api/v1/docs": EVERYONE, "/api/v1/listings": EVERYONE,
    "/api/v1/calls": EVERYONE, "/api/v1/applications/mine": SIGNED_IN,
    "/api/v1/premises/mine": "lmdLM", "/api/v1/premises/{unit}/candidates": "lmd", "/api/v1/projects": "eE",
    "/api/v1/projects/{project}": "e", "/api/v1/projects/{project}/matches": "e", "/api/v1/saved-searches": "eE",
}
# Who is sent elsewhere instead (a signed-in person to the home page, an entrepreneur without a
# project to the project form, an administrator from /admin/ to its first page); nobody else may be.
REDIRECTED = {"/connexion": SIGNED_IN, "/inscription": SIGNED_IN, "/candidater/locaux/{unit}": "E",
              "/candidater/creneau/{slot}": "E", "/admin/": "d",
              "/registre": "mM"}  # a manager of one town goes straight to its register
# Routes whose ids name nothing in this world, or that only a link in an e-mail opens: each one's
# denial is tested where its object lives (imports in tests/towns, tokens in tests/accounts, files
# in tests/test_files.py and tests/privacy).
NOT_IN_THE_MATRIX = {"/communes/{town}/releves/imports/{job}", "/communes/{town}/releves/imports/{job}/etat",
                     "/api/v1/geocode", "/locaux/importer/{job}", "/locaux/importer/{job}/etat"}


@pytest.fixture
def world(make_user, make_listing, make_project, entrepreneur, landlord, manager, auray, vannes):
    unit = make_listing(title="Local")
    draft_unit = make_listing(title="Brouillon", status="draft", lon=-2.9835)
    project = make_project(visible=True)
    programme = make_programme(manager, make_listing(title="Boutique à l'essai", lon=-2.983))
    call = make_call(manager, programme)
    slot = make_slot(manager, call)
    application = applications.apply(entrepreneur, project, unit, None, "Bonjour", submit=True)
    slot_application = applications.apply(entrepreneur, project, slot.premises, slot, "Bonjour", submit=True)
    draft_application = applications.apply(entrepreneur, make_project(name="Autre"), unit, None, "", submit=False)
    juror, other_juror = make_user(Role.JURY_MEMBER, email="jure@example.com"), make_user(Role.JURY_MEMBER)
    db.session.add(JuryMember(call_id=call.id, email=juror.email, user_id=juror.id, token_hash="0" * 64, invited_by_id=manager.id,
                              invited_at=utcnow(), expires_at=utcnow() + timedelta(days=30), joined_at=utcnow()))
    db.session.add(PremisesPhoto(premises_id=unit.id, storage_key="premises/" + "0" * 32 + ".jpg", content_type="image/jpeg",
                                 width=10, height=10))
    db.session.add(SavedSearch(user_id=entrepreneur.id, name="Auray", query={"town": "56007"}))
    db.session.add(SurveyCampaign(town_id=auray.id, name="Relevé", surveyed_on=utcnow().date(), method="file"))
    db.session.add(SurveyCampaign(town_id=auray.id, name="À pied", surveyed_on=utcnow().date(), method="field"))
    db.session.add(Perimeter(town_id=auray.id, version=1, area=auray.perimeter, validated_by=manager.id))
    users = {
        "a": None, "e": entrepreneur, "l": landlord, "m": manager, "j": juror, "d": make_user(Role.ADMIN),
        "E": make_user(Role.ENTREPRENEUR), "L": make_user(Role.LANDLORD),
        "M": make_user(Role.TOWN_MANAGER, towns=[vannes]), "J": other_juror,
    }
    db.session.commit()
    ids = {"unit": unit.id, "draft_unit": draft_unit.id, "project": project.id, "programme": programme.id,
           "call": call.id, "slot": slot.id, "application": application.id, "slot_application": slot_application.id,
           "draft_application": draft_application.id, "town": auray.id, "job": 1,
           "photo": db.session.scalar(db.select(PremisesPhoto.id)), "search": db.session.scalar(db.select(SavedSearch.id)),
           "member": db.session.scalar(db.select(JuryMember.id)),
           "register_unit": db.session.get(UnitListing, unit.id).unit_id,
           "campaign": db.session.scalar(db.select(SurveyCampaign.id).where(SurveyCampaign.method == "file")),
           "field_campaign": db.session.scalar(db.select(SurveyCampaign.id).where(SurveyCampaign.method == "field")),
           "perimeter": db.session.scalar(db.select(Perimeter.id)),
           "token": api_tokens.create(entrepreneur, "Script", "write", 30)[0].id}
    db.session.commit()
    return users, ids


def client_for(app, user):
    app.test_client_class = IsolatedClient
    client = app.test_client()
    if user is not None:
        answer = client.post("/connexion", data={"email": user.email, "password": PASSWORD,
                                                  "csrf_token": csrf_token(client)})
        assert answer.status_code == 302
    return client


def outcome(response) -> str:
    response.close()  # a streamed export keeps its request context until closed
    if response.status_code == 200:
        return "page"
    if response.status_code == 302:
        return "sign in" if response.headers["Location"].startswith("/connexion") else "elsewhere"
    if response.status_code in (401, 403, 404):
        return "refused"
    return f"HTTP {response.status_code}"


def templates_of_get_routes(app) -> set[str]:
    names = {"premises_id": "unit", "project_id": "project", "programme_id": "programme", "call_id": "call",
             "slot_id": "slot", "application_id": "application", "town_id": "town", "job_id": "job",
             "unit_id": "register_unit", "campaign_id": "campaign", "perimeter_id": "perimeter"}
    found = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.endpoint.startswith("files."):
            continue
        if any(type(rule._converters[a]).__name__ != "BoundedInt" for a in rule.arguments):
            continue  # a token or a file key: see NOT_IN_THE_MATRIX
        path = rule.rule
        for arg in rule.arguments:
            path = path.replace(f"<int:{arg}>", "{" + names[arg] + "}")
        found.add(path)
    return found


def test_every_get_route_is_in_the_matrix(app):
    """A new page must be placed in the matrix (its variants, a draft or a slot's application, count)."""
    listed = {p.split("?")[0].replace("{draft_", "{").replace("{slot_application}", "{application}")
              .replace("{field_campaign}", "{campaign}") for p in MATRIX}
    assert sorted(templates_of_get_routes(app) - listed - NOT_IN_THE_MATRIX) == []


def test_the_role_by_endpoint_matrix(app, world, monkeypatch):
    users, ids = world
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    wrong = []
    for letter, user in users.items():
        client = client_for(app, user)
        for template, allowed in MATRIX.items():
            path = template.format(**ids)
            got = outcome(client.get(path))
            if letter in allowed:
                expected = "page"
            elif letter in REDIRECTED.get(template, ""):
                expected = "elsewhere"
            else:
                expected = "refused"
                if letter == "a" and got == "sign in":
                    continue  # a visitor is asked to sign in, or told there is nothing (an API's 401, a 404)
            if got != expected:
                wrong.append(f"{letter} {path}: {got}, expected {expected}")
    assert wrong == [], "\n".join(wrong)


# POST routes that name someone's object by id. The apply routes are left out: applying to a
# published unit or an open slot is what any entrepreneur may do.
POSTS = [
    "/locaux/{unit}/modifier", "/locaux/{unit}/photos", "/locaux/{unit}/statut", "/locaux/{unit}/supprimer",
    "/locaux/photos/{photo}/couverture", "/locaux/photos/{photo}/supprimer", "/projets/{project}/modifier",
    "/projets/{project}/photos", "/projets/{project}/plan", "/alertes/projet/{project}", "/alertes/{search}/supprimer",
    "/candidatures/{application}/withdraw", "/candidatures/{application}/reject", "/candidatures/{application}/bail",
    "/candidatures/{application}/documents", "/candidatures/{application}/messages",
    "/candidatures/{application}/signature", "/api/v1/applications/{application}/transitions",
    "/api/v1/premises/{unit}/transitions",
    "/programmes/{programme}/modifier", "/programmes/{programme}/appels", "/appels/{call}/creneaux",
    "/appels/{call}/allocation", "/appels/{call}/decision", "/appels/{call}/jury/invitations",
    "/appels/{call}/jury/invitations/precedentes", "/creneaux/{slot}/supprimer", "/jury/membres/{member}/retirer",
    "/jury/candidatures/{slot_application}", "/jury/candidatures/{slot_application}/conflit",
    "/communes/{town}/reglages", "/communes/{town}/releves", "/communes/{town}/sirene", "/communes/{town}/perimetre",
    "/communes/{town}/releves/terrain", "/registre/releves/{field_campaign}/terrain/observations",
    "/registre/releves/{field_campaign}/terrain/unites",
    "/admin/communes/{town}",
    "/registre/unites/{register_unit}/observations", "/registre/unites/{register_unit}/proprietaire",
    "/registre/unites/{register_unit}/invitation",
    "/admin/communes/{town}/supprimer", "/admin/taches/{job}/relancer", "/compte/jetons/{token}/revoquer",
]
# The API's other changes by id: another user's request must find nothing.
CHANGES = [("PATCH", "/api/v1/premises/{unit}"), ("DELETE", "/api/v1/premises/{draft_unit}"),
           ("PATCH", "/api/v1/projects/{project}"), ("DELETE", "/api/v1/saved-searches/{search}")]
BENIGN = {"title": "Pris", "name": "Pris", "body": "Pris", "reason": "Pris", "verb": "withdraw", "note": "Pris",
          "email": "pris@example.com", "status": "withdrawn", "message": "Pris", "min_score": "50"}


def snapshot() -> dict[str, list]:
    """Every row of every table but the sign-in times: what an attacker's request could have changed."""
    db.session.commit()
    rows = {}
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if c.name not in ("last_login_at", "session_token")]
        rows[table.name] = [tuple(map(str, r)) for r in db.session.execute(
            db.select(*columns).order_by(*table.primary_key.columns))]
    return rows


def test_every_change_by_id_is_in_the_list(app):
    listed = {(method, template.replace("{draft_unit}", "{unit}")) for method, template in CHANGES}
    names = {"premises_id": "unit", "project_id": "project", "search_id": "search"}
    found = set()
    for rule in app.url_map.iter_rules():
        for method in {"PATCH", "PUT", "DELETE"} & rule.methods:
            path = rule.rule
            for arg in rule.arguments:
                path = path.replace(f"<int:{arg}>", "{" + names.get(arg, arg) + "}")
            found.add((method, path))
    assert found == listed


def test_every_post_route_with_an_id_is_in_the_list(app):
    names = {"premises_id": "unit", "project_id": "project", "programme_id": "programme", "call_id": "call",
             "slot_id": "slot", "application_id": "application", "town_id": "town", "job_id": "job",
             "photo_id": "photo", "search_id": "search", "member_id": "member", "unit_id": "register_unit",
             "campaign_id": "field_campaign", "token_id": "token"}
    listed = {p.replace("{slot_application}", "{application}") for p in POSTS}
    missing = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or not any(a in names for a in rule.arguments):
            continue
        if rule.endpoint in ("applications.apply_premises", "applications.apply_slot"):
            continue
        path = rule.rule
        for arg in rule.arguments:
            path = path.replace(f"<int:{arg}>", "{" + names.get(arg, arg) + "}")
        if path.endswith(("/<verb>", "/<action>")):  # any listed action of that route covers it
            if not any(p.startswith(path.rsplit("/", 1)[0] + "/") for p in listed):
                missing.append(path)
        elif path not in listed:
            missing.append(path)
    assert missing == []


@pytest.mark.parametrize("letter", "ELMJ")
def test_another_user_changes_nothing_of_someone_elses_objects(app, world, monkeypatch, letter):
    users, ids = world
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    client = client_for(app, users[letter])
    token = csrf_token(client, "/")
    before = snapshot()
    answers = []
    for template in POSTS:
        path = template.format(**ids)
        if path.startswith("/api/"):
            response = client.post(path, json={"verb": "withdraw"}, headers={"X-CSRFToken": token})
        else:
            response = client.post(path, data={**BENIGN, "csrf_token": token})
        if response.status_code not in (403, 404):
            answers.append(f"{path}: {response.status_code}")
    for method, template in CHANGES:
        path = template.format(**ids)
        response = client.open(path, method=method, json={"title": "Pris", "name": "Pris"},
                               headers={"X-CSRFToken": token})
        if response.status_code not in (403, 404):
            answers.append(f"{method} {path}: {response.status_code}")
    assert answers == [], "\n".join(answers)
    assert snapshot() == before


# POST endpoints without an id: who may reach them at all. The others must be refused, and change nothing.
POST_MATRIX = {
    "/admin/communes/nouvelle": "d", "/admin/managers/nouveau": "d", "/alertes/recherche": "eE",
    "/locaux/nouveau": "lmdLM", "/locaux/importer": "lmdLM", "/programmes/nouveau": "mdM", "/projets/nouveau": "eE",
    "/api/v1/premises": "lmdLM", "/api/v1/projects": "eE", "/api/v1/applications": "eE",
    "/api/v1/saved-searches": "eE",
    **dict.fromkeys(["/compte/adresse", "/compte/confirmer-adresse", "/compte/confirmer-mot-de-passe",
                     "/compte/donnees/telechargement", "/compte/preferences", "/compte/securite",
                     "/compte/securite/deconnexion-partout", "/compte/supprimer", "/deconnexion",
                     "/compte/jetons"], SIGNED_IN),
    **dict.fromkeys(["/connexion", "/inscription", "/langue", "/mot-de-passe-oublie"], EVERYONE),
}


def test_every_post_route_without_an_id_is_in_the_matrix(app):
    routes = {r.rule for r in app.url_map.iter_rules() if "POST" in r.methods and not r.arguments}
    assert routes == set(POST_MATRIX)


def test_roles_that_may_not_post_are_refused_and_change_nothing(app, world, monkeypatch):
    users, _ids = world
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    before, wrong = snapshot(), []
    for letter, user in users.items():
        client = client_for(app, user)
        token = csrf_token(client, "/")
        for path, allowed in POST_MATRIX.items():
            if letter in allowed:
                continue
            got = outcome(client.post(path, data={**BENIGN, "csrf_token": token}))
            if got not in ("refused", "sign in"):
                wrong.append(f"{letter} {path}: {got}")
    assert wrong == []
    assert snapshot() == before
