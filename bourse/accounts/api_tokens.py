"""Personal API tokens: created, named and revoked in the account's settings, with a read or write
scope and an optional expiry. Programs send them as ``Authorization: Bearer <token>``."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from bourse.accounts.models import ApiToken, User
from bourse.domain import DomainError, NotFound
from bourse.extensions import db
from bourse.timeutil import utcnow

PREFIX = "bourse_"
SCOPES = ("read", "write")
MAX_TOKENS = 20  # a person's live tokens at once
MAX_DAYS = 730
READ_ONLY = _l("This token may only read: make a token with the write scope.")


class TokenError(DomainError):
    """A token that cannot be made as asked."""


class Unauthenticated(DomainError):
    """A missing, unknown, expired or revoked token."""

    status = 401
    code = "unauthorized"
    default_message = _l("This API token is unknown, expired or revoked.")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(user: User, name: str, scope: str, days: int | None) -> tuple[ApiToken, str]:
    """A new token and its text, which is never stored and shown once.

    :raises TokenError: for an empty name, an unknown scope, an expiry out of range, too many tokens.
    """
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise TokenError(_l("Name the token (80 characters at most), after the program that uses it."), field="name")
    if scope not in SCOPES:
        raise TokenError(_l("Choose read or write."), field="scope")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise TokenError(_l("A token lasts from 1 to 730 days, or until revoked."), field="days")
    if len(live(user)) >= MAX_TOKENS:
        raise TokenError(_l("You already have 20 tokens: revoke one first."))
    text = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=digest(text), prefix=text[:len(PREFIX) + 6], scope=scope,
                     expires_at=utcnow() + timedelta(days=days) if days else None)
    db.session.add(token)
    db.session.flush()
    return token, text


def live(user: User) -> list[ApiToken]:
    now = utcnow()
    return [t for t in db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id,
                                                                    ApiToken.revoked_at.is_(None))
                                          .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
            if t.expires_at is None or t.expires_at > now]


def revoke(user: User, token_id: int) -> ApiToken:
    """:raises NotFound: for someone else's token."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound()
    token.revoked_at = token.revoked_at or utcnow()
    return token


def authenticate(text: str) -> ApiToken:
    """The live token ``text`` names, its last use noted.

    :raises Unauthenticated: for anything else (an inactive account too).
    """
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == digest(text.strip())))
    now = utcnow()
    if token is None or token.revoked_at is not None or (token.expires_at and token.expires_at <= now) \
            or not token.user.active:
        raise Unauthenticated()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now  # noted at most every five minutes: a busy program is not a write per call
    return token
