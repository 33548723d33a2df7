"""Inviting jury members by e-mail, and joining a jury through the link.

The link carries a random token; only its SHA-256 is stored. A link works once, for 30 days,
and only for the address it was sent to.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from bourse.accounts import services as accounts
from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.domain import Conflict, DomainError, NotFound
from bourse.extensions import db
from bourse.jury.models import JuryMember
from bourse.lifecycle import signals
from bourse.urls import absolute, link_to
from bourse.programmes.models import Call
from bourse.programmes.services import require_run
from bourse.timeutil import utcnow

VALID_FOR = timedelta(days=30)
#: someone was invited to a jury (``member``, ``call``, ``actor``, ``link``): notifications e-mail the link
invited = signals.signal("jury-invited")


class JuryError(DomainError):
    """A refused jury operation."""


class JuryConflict(JuryError, Conflict):
    """Two managers did the same thing to the jury at the same moment."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(actor: User, call: Call, email: str) -> JuryMember:
    """Invite ``email`` to the call's jury and e-mail the sign-up link.

    Inviting the same address again sends a fresh link (the old one stops working).

    :raises NotFound: unless ``actor`` runs programmes in the call's town.
    :raises AccountError: for an invalid address.
    :raises JuryError: when that person has already joined.
    """
    require_run(actor, call.programme.town_id)
    address = accounts.normalise_email(email)
    member = db.session.scalar(db.select(JuryMember).where(JuryMember.call_id == call.id,
                                                           JuryMember.email == address))
    if member is not None and member.joined:
        raise JuryError(_l("%(email)s is already on this jury.", email=address), field="email")
    token = secrets.token_urlsafe(32)
    member = member or JuryMember(call_id=call.id, email=address)
    member.token_hash, member.invited_by_id = _hash(token), actor.id
    member.invited_at, member.expires_at = utcnow(), utcnow() + VALID_FOR
    db.session.add(member)
    try:
        db.session.flush()
    except IntegrityError:  # the same address invited twice at the same moment
        raise JuryConflict(_l("%(email)s is already invited.", email=address), field="email") from None
    link = absolute(link_to("jury.invitation", token=token))
    invited.send("jury", member=member, call=call, actor=actor, link=link)
    return member


def previous_members(call: Call) -> list[str]:
    """Addresses that sat on another call of the same programme and are not invited to this one yet."""
    here = set(db.session.scalars(db.select(JuryMember.email).where(JuryMember.call_id == call.id)))
    earlier = db.session.scalars(db.select(JuryMember.email).join(Call, Call.id == JuryMember.call_id).where(
        Call.programme_id == call.programme_id, Call.id != call.id, JuryMember.user_id.is_not(None))
        .order_by(JuryMember.email).distinct())
    return [email for email in earlier if email not in here]


def invite_previous(actor: User, call: Call) -> list[JuryMember]:
    """Invite again, each by their own new link, the members of the programme's earlier juries."""
    require_run(actor, call.programme.town_id)
    return [invite(actor, call, email) for email in previous_members(call)]


def pending(token: str) -> JuryMember:
    """The invitation this link opens.

    :raises NotFound: for an unknown, used or expired link.
    """
    member = db.session.scalar(db.select(JuryMember).where(JuryMember.token_hash == _hash(token or "")))
    if member is None or member.joined or member.expires_at <= utcnow():
        raise NotFound()
    return member


def accept(user: User, token: str) -> JuryMember:
    """Take the seat with an existing account, which must use the invited address.

    :raises NotFound: for a bad link.
    :raises JuryError: when ``user`` signed in with another address.
    """
    member = pending(token)
    if user.email != member.email:
        raise JuryError(_l("This invitation was sent to another e-mail address."))
    member.user_id, member.joined_at = user.id, utcnow()
    db.session.flush()
    return member


def sign_up_and_accept(token: str, full_name: str, password: str) -> User:
    """Create a jury member's account for the invited address and take the seat, in one transaction.

    :raises NotFound: for a bad link.
    :raises AccountError: for a weak password, or an address that already has an account.
    """
    member = pending(token)
    user = accounts.create_user(member.email, password, full_name, Role.JURY_MEMBER)
    member.user, member.joined_at = user, utcnow()
    db.session.flush()
    return user


def seat(call: Call, user: User, invited_by: User | None) -> JuryMember:
    """Seat an existing account at once, without the e-mail round trip (the demo data uses it).

    The unusable random token means no link can ever open this seat.
    """
    now = utcnow()
    member = JuryMember(call_id=call.id, email=user.email, user_id=user.id,
                        invited_by_id=invited_by.id if invited_by else None,
                        token_hash=_hash(secrets.token_urlsafe(32)), invited_at=now, expires_at=now, joined_at=now)
    db.session.add(member)
    db.session.flush()
    return member


def members(call: Call) -> list[JuryMember]:
    return list(db.session.scalars(db.select(JuryMember).where(JuryMember.call_id == call.id)
                                   .order_by(JuryMember.invited_at)))


def remove(actor: User, member: JuryMember) -> None:
    """Take a member (and their scores) off the jury, or cancel an invitation."""
    require_run(actor, member.call.programme.town_id)
    db.session.delete(member)
    db.session.flush()


def calls_of(user: User) -> list[Call]:
    return list(db.session.scalars(db.select(Call).join(JuryMember, JuryMember.call_id == Call.id)
                                   .where(JuryMember.user_id == user.id).order_by(Call.closes_at.desc())))
