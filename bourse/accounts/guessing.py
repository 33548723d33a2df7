"""Slowing password guessing without letting an attacker lock an account's owner out.

Three limits:

* per network address, whatever the account (someone trying many accounts), failures only;
* per account *and* address: hard, the guesser is stopped. It counts every attempt, successes
  included, *before* the password is checked: a limit that counts failures can only count them
  once they are known, after the check, so parallel requests would all slip past it;
* per account from anywhere (a guesser spread over many addresses), failures only: it stops new
  devices only.
  A browser that signed into this account before carries a signed "known device" cookie and is
  never stopped by it, and anyone can still get in through a password-reset e-mail. So the
  owner is slowed at worst, never kept out.
"""

from __future__ import annotations

from flask import Response, current_app, request
from flask_limiter.util import get_remote_address

from bourse.accounts import tokens

DEVICE_COOKIE = "bourse_device"
PER_ADDRESS = "30 per minute"
PER_ACCOUNT_AND_ADDRESS = "10 per 15 minutes"  # attempts, not only failures: see above
PER_ACCOUNT = "50 per hour"


def _email() -> str:
    return (request.form.get("email") or "").strip().lower()[:254]


def account_and_address() -> str:
    return f"signin:{_email()}|{get_remote_address()}"


def account() -> str:
    return f"signin:{_email()}"


def failed(response: Response) -> bool:
    """Only failures count: a successful sign-in redirects."""
    return response.status_code != 302


def known_device() -> bool:
    """Whether this browser signed into the account it is now trying (``exempt_when`` of the per-account limit)."""
    payload = tokens.read(tokens.DEVICE, request.cookies.get(DEVICE_COOKIE, ""))
    return payload is not None and payload.get("e") == tokens.fingerprint(_email())


def remember_device(response: Response, email: str) -> None:
    """After a successful sign-in: this browser is now known for this account (one account per browser)."""
    response.set_cookie(
        DEVICE_COOKIE, tokens.make(tokens.DEVICE, e=tokens.fingerprint(email)),
        max_age=int(tokens.VALID_FOR[tokens.DEVICE].total_seconds()), httponly=True, samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False), path="/connexion",
    )
