"""Signed, expiring links for e-mails: confirming an address, resetting a password, changing an address.

Nothing is stored: a link carries the user's id and a fingerprint of what it may change, signed
with the application's secret. A password-reset link holds a fingerprint of the current password
hash, so it stops working once used (the hash changes); an address link holds the address it was
made for, so it stops working once the address changed.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from bourse.urls import absolute, link_to

VERIFY = "verify-email"
RESET = "reset-password"
CHANGE_EMAIL = "change-email"
DEVICE = "known-device"

VALID_FOR = {
    VERIFY: timedelta(days=7),
    RESET: timedelta(minutes=30),
    CHANGE_EMAIL: timedelta(hours=24),
    DEVICE: timedelta(days=365),
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    # One salt per purpose: a link made for one thing never opens another.
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"bourse-{purpose}")


def fingerprint(value: str) -> str:
    """A short digest: links need not carry an address or a hash in clear."""
    return hashlib.sha256(value.encode()).hexdigest()[:20]


def make(purpose: str, **payload: Any) -> str:
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str) -> dict | None:
    """The payload of a genuine, unexpired token for ``purpose``, or None."""
    try:
        payload = _serializer(purpose).loads(token or "", max_age=int(VALID_FOR[purpose].total_seconds()))
    except BadData:
        return None
    return payload if isinstance(payload, dict) else None


def public_link(endpoint: str, **values: Any) -> str:
    """An absolute link for an e-mail (an attacker asking for a reset link to someone else's account
    chooses the request's Host: ``urls.absolute`` ignores it)."""
    return absolute(link_to(endpoint, **values))
