"""HTTP security headers, including a Content-Security-Policy with no third-party origin."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, g, request
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

# What pages may use: only geolocation (to centre the map), from this site; nothing else.
PERMISSIONS = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"


def _tile_origin() -> str:
    parts = urlsplit(current_app.config["TILE_URL"].replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def csp_nonce() -> str:
    """This response's nonce: the one inline script a page may run (folium's map set-up, which
    changes with every map) carries it; any other inline script, injected or not, is refused."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _set_headers(response: Response) -> Response:
    tiles = _tile_origin()
    # Scripts and styles come from this origin only; no inline style at all, and inline script
    # only with this response's nonce.
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{csp_nonce()}'; "
        "style-src 'self'; "
        f"img-src 'self' data: {tiles}; "
        "connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", PERMISSIONS)
    if current_app.config.get("ENV_NAME") != "development":
        # Browsers ignore it over plain HTTP; behind TLS it keeps every later visit on HTTPS.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static" and current_user.is_authenticated and "Cache-Control" not in response.headers:
        # A signed-in page (a business plan, an applicant's file) must not stay in a shared
        # computer's cache or be shown again by the Back button after signing out. A view that
        # chose its own caching (a published photo is public) keeps it.
        response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def refuse_nul_characters() -> None:
    """NUL characters have no business in text, and PostgreSQL refuses to store them."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400)


# Explicit direction controls (embeddings, overrides, isolates) turn "invoice\u202efdp.exe" into
# what reads as "invoiceexe.pdf": no name, title or message needs them. The implicit marks (LRM, RLM)
# that right-to-left text does use are kept.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def strip_bidi_controls() -> None:
    """Remove direction controls from every submitted form value (passwords stay exactly as typed)."""
    form = request.form
    if not any(value != value.translate(BIDI_CONTROLS) for value in form.values()):
        return
    request.form = ImmutableMultiDict(
        (key, value if "password" in key else value.translate(BIDI_CONTROLS)) for key, value in form.items(multi=True))


def _without_bidi(value):
    if isinstance(value, str):
        return value.translate(BIDI_CONTROLS)
    if isinstance(value, list):
        return [_without_bidi(v) for v in value]
    if isinstance(value, dict):
        return {_without_bidi(k): _without_bidi(v) for k, v in value.items()}
    return value


def json_object() -> dict | None:
    """The request's JSON body if it is an object, with direction controls stripped from every
    string as for forms; None for anything else (the caller answers 400)."""
    payload = request.get_json(silent=True)
    return _without_bidi(payload) if isinstance(payload, dict) else None


def init_app(app: Flask) -> None:
    from bourse import permissions

    app.before_request(refuse_nul_characters)
    app.before_request(strip_bidi_controls)
    permissions.init_app(app)
    app.after_request(_set_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
