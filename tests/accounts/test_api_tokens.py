"""Personal API tokens: made in the account's settings and shown once, kept hashed; a token is its
user on /api/ (cookies ignored), needs no CSRF token, may only read with the read scope, answers
401 once expired or revoked, 404 for someone else's draft, and has its own rate limit. Both backends."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bourse import create_app
from bourse.accounts import api_tokens
from bourse.accounts.models import ApiToken
from bourse.accounts.roles import Role
from bourse.applications import services as applications
from bourse.extensions import db, limiter
from bourse.timeutil import utcnow
from tests.accounts.test_sessions import signed_in
from tests.conftest import csrf_token


def bearer(text: str) -> dict:
    return {"Authorization": f"Bearer {text}", "Accept": "application/json"}


def made(user, scope: str = "read", days: int | None = 30) -> str:
    _token, text = api_tokens.create(user, "Script", scope, days)
    db.session.commit()
    return text


def test_a_token_is_made_in_the_settings_shown_once_and_kept_hashed(app, landlord):
    client = signed_in(app, landlord.email)
    page = client.post("/compte/jetons", data={"name": "Site de la CCI", "scope": "read", "days": "90",
                                               "csrf_token": csrf_token(client, "/compte/jetons")})
    html = page.get_data(as_text=True)
    shown = re.search(r'id="new-token">(bourse_[A-Za-z0-9_-]{40,})<', html).group(1)
    stored = db.session.scalar(db.select(ApiToken))
    assert stored.name == "Site de la CCI" and stored.token_hash == api_tokens.digest(shown)
    assert shown not in {stored.token_hash, stored.prefix} and shown.startswith(stored.prefix)
    again = client.get("/compte/jetons").get_data(as_text=True)
    assert shown not in again and stored.prefix in again
    refused = client.post("/compte/jetons", data={"name": "", "scope": "admin", "days": "3",
                                                  "csrf_token": csrf_token(client, "/compte/jetons")})
    assert refused.status_code == 400 and db.session.scalar(db.select(db.func.count(ApiToken.id))) == 1


def test_a_token_reads_its_users_drafts_and_nobody_elses(app, landlord, make_user, make_listing):
    draft = make_listing(status="draft")
    mine, theirs = made(landlord), made(make_user(Role.LANDLORD, email="autre@example.com"))
    client = app.test_client()
    assert client.get(f"/api/v1/premises/{draft.id}", headers=bearer(mine)).status_code == 200
    assert client.get(f"/api/v1/premises/{draft.id}", headers=bearer(theirs)).status_code == 404
    assert client.get(f"/api/v1/premises/{draft.id}").status_code == 404
    # A token outside /api/ is not a sign-in: the page answers as to anyone not signed in.
    assert client.get("/locaux/mes-locaux", headers=bearer(mine)).status_code == 401
    assert client.get("/locaux/mes-locaux", headers={"Authorization": f"Bearer {mine}"}).status_code == 302


def test_scopes_csrf_expiry_and_revocation(app, landlord, entrepreneur, make_project, make_listing):
    application = applications.apply(entrepreneur, make_project(), make_listing(), None, "", submit=True)
    db.session.commit()
    move = f"/api/v1/applications/{application.id}/transitions"
    client = app.test_client()
    reader, writer = made(landlord, "read"), made(landlord, "write")
    refused = client.post(move, json={"verb": "shortlist"}, headers=bearer(reader))
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    done = client.post(move, json={"verb": "shortlist", "version": application.version}, headers=bearer(writer))
    assert done.status_code == 200, done.get_json()  # no CSRF token: the header cannot come from another site
    db.session.expire_all()
    assert application.state == "shortlisted"
    # The same move with the landlord's cookie and no CSRF token is refused.
    cookie = signed_in(app, landlord.email)
    assert cookie.post(move, json={"verb": "select"}, headers={"Accept": "application/json"}).status_code == 400

    for token in db.session.scalars(db.select(ApiToken).where(ApiToken.scope == "read")):
        token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    expired = client.get("/api/v1/premises?bbox=-3.1,47.6,-2.9,47.7", headers=bearer(reader))
    assert expired.status_code == 401 and expired.headers["WWW-Authenticate"].startswith("Bearer")
    api_tokens.revoke(landlord, db.session.scalar(db.select(ApiToken.id).where(ApiToken.scope == "write")))
    db.session.commit()
    assert client.get("/api/v1/premises?bbox=-3.1,47.6,-2.9,47.7", headers=bearer(writer)).status_code == 401
    assert client.get("/api/v1/premises?bbox=-3.1,47.6,-2.9,47.7", headers=bearer("bourse_nope")).status_code == 401


def test_a_token_is_its_user_whatever_cookie_comes_with_it(app, landlord, make_user, make_listing):
    draft = make_listing(status="draft")
    stranger = make_user(Role.LANDLORD, email="autre@example.com")
    browser = signed_in(app, landlord.email)  # the owner's cookie...
    answer = browser.get(f"/api/v1/premises/{draft.id}", headers=bearer(made(stranger)))  # ...a stranger's token
    assert answer.status_code == 404


@pytest.fixture
def limited_app(app):
    """The same database with the limits on, counting in this app's own memory (as test_rate_limits)."""
    limited = create_app({**app.config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "API_TOKEN_RATE_LIMIT": "3 per minute", "CHECK_DATABASE_ON_START": False})
    yield limited
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()
    limiter.init_app(app)


def test_each_token_has_its_own_rate_limit_in_the_headers(limited_app, landlord, make_user):
    first, second = made(landlord), made(make_user(Role.LANDLORD, email="autre@example.com"))
    client = limited_app.test_client()
    path = "/api/v1/premises?bbox=-3.1,47.6,-2.9,47.7"
    answers = [client.get(path, headers=bearer(first)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3" and answers[1].headers["X-RateLimit-Remaining"] == "1"
    assert "Retry-After" in answers[3].headers and answers[3].get_json()["error"]["code"] == "too_many_requests"
    assert client.get(path, headers=bearer(second)).status_code == 200  # another token, its own allowance
    assert client.get(path).status_code == 200  # cookie and anonymous requests keep the per-route rules


def test_a_503_keeps_its_own_retry_after_under_a_rate_limit(limited_app, landlord, monkeypatch):
    """The database gone mid-request: a 503 with Retry-After 5 s, not the limiter's minute window."""
    from sqlalchemy.exc import OperationalError

    from bourse.search import mapdata

    def down(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, ConnectionError("the server closed the connection"))

    client = limited_app.test_client()
    token = made(landlord)
    monkeypatch.setattr(mapdata, "features", down)
    answer = client.get("/api/v1/premises?bbox=-3.1,47.6,-2.9,47.7", headers=bearer(token))
    assert answer.status_code == 503 and answer.get_json()["error"]["code"] == "unavailable"
    assert answer.headers["X-RateLimit-Limit"] == "3"  # the limiter did count it...
    assert answer.headers["Retry-After"] == "5"  # ...and the 503's own delay stands
