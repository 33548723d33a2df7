"""Every route, as every role, with hostile values in the path, the query string and every form field
the application knows: never a 500, and nothing absurd stored (no infinite or astronomical amount).

The values are those that broke real platforms: numbers beyond 64 bits, 1e400 (infinity once parsed),
NaN, a year 9999, blanks, right-to-left overrides.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import Float, Numeric, func, select

from bourse.accounts.roles import Role
from bourse.applications import leases, services as applications
from bourse.jury.models import JuryMember
from bourse.timeutil import utcnow
from bourse.extensions import db
from tests.builders import make_call, make_programme, make_slot
from tests.conftest import csrf_token

HOSTILE = ["99999999999999999999", "1e400", "-1e400", "nan", "9999-12-31", " ", "\u202etxt.exe", "-1"]
QUERY_NAMES = ["page", "town", "sector", "min_area", "max_area", "max_rent", "bbox", "lat", "lon", "radius_km",
               "call", "programme", "state", "q", "sort", "min_score", "min_match", "min_jury", "available_by",
               "deal", "near", "zoom", "per_page", "next", "status", "limit", "premises", "project"]
ASTRONOMICAL = 1e13  # no money, surface or score in Bourse comes near


def form_field_names() -> set[str]:
    """Every field name of every form the application defines (sub-forms flattened by WTForms' prefixes)."""
    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names.update(name for name, value in vars(form).items()
                     if getattr(value, "field_class", None) is not None)
    return names - {"csrf_token"}


@pytest.fixture
def world(make_user, make_listing, make_project, entrepreneur, landlord, manager, auray):
    """One of everything, so that the ids in the routes name real rows."""
    admin = make_user(Role.ADMIN)
    unit = make_listing(title="Local")
    project = make_project()
    programme = make_programme(manager, make_listing(title="Boutique à l'essai", lon=-2.983))
    call = make_call(manager, programme)
    slot = make_slot(manager, call)
    applications.apply(entrepreneur, project, unit, None, "Bonjour", submit=True)
    # A selected application with its lease recorded: the lease and signature forms show on its page.
    selected = applications.apply(entrepreneur, make_project(name="Retenu"), make_listing(title="À louer", lon=-2.984),
                                  None, "Bonjour", submit=True)
    applications.transition(landlord, selected, "select")
    start = date.today() + timedelta(days=30)
    leases.record_lease(landlord, selected, lease_type="commercial_369", starts_on=start,
                        ends_on=start + timedelta(days=9 * 365), steps=[leases.Step(start, start + timedelta(days=365),
                                                                                   Decimal(800))])
    # A jury member seated on the call, with an application to score.
    applications.apply(entrepreneur, make_project(name="Essai"), slot.premises, slot, "Bonjour", submit=True)
    juror = make_user(Role.JURY_MEMBER)
    member = JuryMember(call_id=call.id, email=juror.email, user_id=juror.id, token_hash="1" * 64,
                        invited_by_id=manager.id, invited_at=utcnow(), expires_at=utcnow() + timedelta(days=30),
                        joined_at=utcnow())
    db.session.add(member)
    db.session.commit()
    ids = {"premises_id": unit.id, "project_id": project.id, "programme_id": programme.id, "call_id": call.id,
           "slot_id": slot.id, "application_id": selected.id, "town_id": auray.id, "user_id": entrepreneur.id,
           "member_id": member.id}
    users = {"anonymous": None, "entrepreneur": entrepreneur, "landlord": landlord, "manager": manager,
             "juror": juror, "admin": admin}
    return ids, users


def paths(app, ids: dict[str, int]) -> list[tuple[str, set[str]]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("files."):
            continue
        values = {}
        for arg in rule.arguments:
            converter = rule._converters[arg]
            values[arg] = ids.get(arg, 1) if type(converter).__name__ == "BoundedInt" else "x"
        try:
            path = rule.build(values, append_unknown=False)[1]
        except Exception:  # noqa: BLE001 (a rule whose string arguments have their own format)
            continue
        found.append((path, set(rule.methods or ()) - {"HEAD", "OPTIONS"}))
    return found


class Forms(HTMLParser):
    """The POST forms of a page: their action and their fields' current values, as a browser sends them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and "multipart" not in (a.get("enctype") or ""):
            self.forms.append((a.get("action") or "", {}))
        elif not self.forms:
            return
        fields = self.forms[-1][1]
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:  # an unticked box is not sent
                    fields[name] = a.get("value") or "on"
            else:
                fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select and ("selected" in a or not self.forms[-1][1][self._select]):
            self.forms[-1][1][self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][1][self._textarea] += data


def filled_forms(html: str, path: str) -> list[tuple[str, dict[str, str]]]:
    parser = Forms()
    parser.feed(html)
    return [(unescape(action) or path, fields) for action, fields in parser.forms
            if len(fields) > 1 and not (action or path).startswith(("/deconnexion", "/compte/securite/deconnexion"))]


def test_each_form_field_alone_takes_hostile_values(app, client, auth, world, monkeypatch):
    """A form filled as the page offers it, then one field at a time made hostile: the service behind
    it runs with every other value valid."""
    ids, users = world
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # a 500 is counted, not raised
    failures, tried = [], 0
    for role, user in users.items():
        if user is None:
            continue
        auth.login(user.email)
        seen = set()  # a form on every page (the language switch, the header's search) is tried once a role
        for path, methods in paths(app, ids):
            if "GET" not in methods or "{" in path:
                continue
            page = client.get(path)
            if page.status_code != 200 or "text/html" not in page.content_type:
                page.close()  # a streamed export keeps its request context until closed
                continue
            for action, fields in filled_forms(page.get_data(as_text=True), path):
                if (action, tuple(sorted(fields))) in seen:
                    continue
                seen.add((action, tuple(sorted(fields))))
                for name in [n for n in fields if n != "csrf_token"]:
                    for value in HOSTILE:
                        status = client.post(action, data={**fields, name: value}).status_code
                        tried += 1
                        if status >= 500:
                            failures.append(f"{role} POST {action} {name}={value!r}: {status}")
        client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    assert tried > 500
    assert failures == []
    assert astronomical_amounts() == []


def test_no_route_answers_500_to_hostile_input(app, client, auth, world, monkeypatch):
    ids, users = world
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # a 500 is counted, not raised
    fields = sorted(form_field_names())
    failures = []
    for role, user in users.items():
        if user is not None:
            auth.login(user.email)
        for path, methods in paths(app, ids):
            if "GET" in methods:
                for value in ["", *HOSTILE]:
                    query = {name: value for name in QUERY_NAMES} if value else {}
                    answer = client.get(path, query_string=query)
                    status = answer.status_code
                    answer.get_data()  # a streamed export fails (or not) while it is read
                    answer.close()
                    if status >= 500:
                        failures.append(f"{role} GET {path} {value!r}: {status}")
            if "POST" in methods and not path.startswith(("/deconnexion", "/compte/securite/deconnexion")):
                token = csrf_token(client, "/")
                for value in HOSTILE:
                    status = client.post(path, data={**{name: value for name in fields}, "csrf_token": token}
                                         ).status_code
                    if status >= 500:
                        failures.append(f"{role} POST {path} {value!r}: {status}")
        if user is not None:
            auth.logout() if role != "admin" else None
            client.cookie_jar.clear() if hasattr(client, "cookie_jar") else client._cookies.clear()
    assert failures == []
    assert astronomical_amounts() == []


def astronomical_amounts() -> list[str]:
    """Numeric columns holding infinity, NaN or an absurd amount, in any table."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (Numeric, Float)):
                count = db.session.scalar(select(func.count()).select_from(table).where(
                    (column > ASTRONOMICAL) | (column < -ASTRONOMICAL) | (column != column)))
                if count:
                    found.append(f"{table.name}.{column.name}: {count}")
    return found


def test_the_fuzz_knows_the_app_s_fields_and_routes(app, world):
    """The sweep above is only as good as what it tries: it must see the forms and the routes."""
    fields = form_field_names()
    assert {"rent_per_year", "sales_area_m2", "title", "email", "password", "min_score"} <= fields
    built = [path for path, _methods in paths(app, world[0])]
    assert len(built) > 60 and any(re.match(r"^/locaux/\d+/modifier$", p) for p in built)


def test_an_id_out_of_range_is_404_for_every_method_of_every_route(app, client, auth, world):
    """A number no row can have names nothing: 404, whatever the method (Werkzeug would say 405 when
    another method's rule matched the path before the number failed its bound)."""
    from bourse.urls import MAX_ID

    auth.login(world[1]["admin"].email)
    token = csrf_token(client, "/")
    wrong = []
    for rule in app.url_map.iter_rules():
        numbers = [a for a in rule.arguments if type(rule._converters[a]).__name__ == "BoundedInt"]
        if not numbers or len(numbers) != len(rule.arguments):
            continue
        for too_big in (MAX_ID + 1, 2**63, 2**64):
            path = rule.rule
            for name in numbers:
                path = path.replace(f"<int:{name}>", str(too_big))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                status = client.open(path, method=method, data={"csrf_token": token}).status_code
                if status != 404:
                    wrong.append(f"{method} {path}: {status}")
    assert wrong == []
