"""Sensitive actions need a sign-in within the last 15 minutes.

Changing the address or the password, exporting or deleting one's data, signing a lease: a
borrowed laptop or a stolen remember-me cookie must not be enough. A session restored from a
remember-me cookie was never signed into with a password, so it is never recent.
"""

from __future__ import annotations

import time
from datetime import timedelta
from functools import wraps
from typing import Callable, TypeVar
from urllib.parse import urlsplit

from flask import flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l

from bourse.errors import json_error, wants_json
from bourse.urls import safe_next

F = TypeVar("F", bound=Callable)
RECENT = timedelta(minutes=15)
_KEY = "signed_in_at"


def mark_signed_in() -> None:
    """Called when the password (or an e-mailed link) was just checked."""
    session[_KEY] = int(time.time())


def signed_in_recently() -> bool:
    at = session.get(_KEY)
    return isinstance(at, int) and 0 <= time.time() - at <= RECENT.total_seconds()


def recent_sign_in_required(view: F) -> F:
    """Send the user to confirm their password first, then back to the page (or the form) they were on."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if signed_in_recently():
            return view(*args, **kwargs)
        message = _l("For your security, confirm your password to continue.")
        if wants_json():
            return json_error(401, message, code="reauthentication_required")
        # A form posted to this action comes back to the page that holds it: its data is typed again.
        back = request.full_path if request.method == "GET" else _same_site_referrer()
        flash(message, "info")
        return redirect(url_for("accounts.reauthenticate", next=back))

    return guarded  # type: ignore[return-value]


def _same_site_referrer() -> str:
    parts = urlsplit(request.referrer or "")
    if parts.netloc != request.host:
        return url_for("main.index")
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
