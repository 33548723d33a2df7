"""Who calls: a session cookie for the web pages, or a personal token for programs.

A request to ``/api/`` carrying ``Authorization: Bearer <token>`` is that token's user and nobody
else (its cookies are ignored), needs no CSRF token (a page on another site cannot set that header),
may only read with a read token, and counts against its token's own rate limit. Every other request
keeps the session and the CSRF check.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_login import current_user

from bourse.accounts import api_tokens
from bourse.errors import json_error
from bourse.extensions import csrf, limiter

READING = ("GET", "HEAD", "OPTIONS")


def bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and request.path.startswith("/api/") else None


def token_key() -> str:
    """The rate limiter's key for a token's requests."""
    # The id kept as a number: after a rollback (an error, a database gone away) the token row is
    # expired, and reading its attributes would query the database again.
    token_id = g.get("api_token_id")
    return f"token:{token_id}" if token_id is not None else request.remote_addr or "unknown"


def limit_tokens(blueprint) -> None:
    """Give each API token its own allowance on ``blueprint``'s routes (API_TOKEN_RATE_LIMIT);
    cookie and anonymous requests keep the per-route limits."""
    limiter.limit(lambda: current_app.config["API_TOKEN_RATE_LIMIT"], key_func=token_key,
                  exempt_when=lambda: "api_token" not in g)(blueprint)


def _check() -> object | None:
    # Each request finds its own caller, even where one application context serves several requests
    # (a test holding one open): no user or token may carry over from the previous request.
    g.pop("api_token", None)
    g.pop("api_token_id", None)
    g.pop("_login_user", None)
    text = bearer()
    if text is None:
        if request.path.startswith("/api/") and not current_user.is_authenticated:
            return None  # no session to ride on: nothing for CSRF to protect; the access rules answer 401
        if current_app.config.get("WTF_CSRF_ENABLED", True) and request.method in current_app.config.get(
                "WTF_CSRF_METHODS", ("POST", "PUT", "PATCH", "DELETE")) and request.endpoint:
            csrf.protect()
        return None
    try:  # the request's own unit of work commits the token's last use with the answer
        token = api_tokens.authenticate(text)
        user = token.user
    except api_tokens.Unauthenticated as refused:
        answer = json_error(401, refused.message, code="unauthorized")
        answer[0].headers["WWW-Authenticate"] = 'Bearer realm="bourse"'
        return answer
    if token.scope == "read" and request.method not in READING:
        return json_error(403, api_tokens.READ_ONLY, code="forbidden")
    g.api_token, g.api_token_id = token, token.id
    g._login_user = user  # Flask-Login's current user for this request, from the token alone
    return None


def init_app(app: Flask) -> None:
    # Flask-WTF's own check would run before the token is seen: _check runs it for cookie requests.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    # First of all: the rate limiter and the access rules, registered earlier, need to know the token.
    app.before_request_funcs.setdefault(None, []).insert(0, _check)
