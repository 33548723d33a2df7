"""Proving who holds an address: confirming it at sign-up, resetting a password, changing the address.

Accounts sit below notifications, so they never write an e-mail themselves: they send the
``mail_requested`` signal and notifications words and queues it, in the recipient's language,
inside the same unit of work.
"""

from __future__ import annotations

from blinker import Namespace
from flask_babel import lazy_gettext as _l

from bourse.accounts import passwords, tokens
from bourse.accounts.models import User
from bourse.accounts.services import AccountError, find_user_by_email, normalise_email, sign_out_everywhere
from bourse.domain import DomainError, NotFound
from bourse.extensions import db
from bourse.timeutil import utcnow

_signals = Namespace()
#: an account e-mail is due: ``kind`` (verify, welcome, already_registered, reset, change_email,
#: email_changed, email_taken), ``user``, ``to`` (the address to write to) and ``link``.
mail_requested = _signals.signal("account-mail")


class NotVerified(DomainError):
    """The action needs a confirmed e-mail address (shown where the action was tried, not as an error page)."""

    status = 403
    code = "email_not_verified"


def require_verified(user: User, message=None) -> None:
    """:raises NotVerified: while ``user`` has not confirmed their address."""
    if user.email_verified_at is None:
        raise NotVerified(message or _l("Confirm your e-mail address first: open the link we sent you."))


def send_verification(user: User) -> None:
    """E-mail the link that confirms ``user``'s address (again, if they lost the first)."""
    if user.email_verified_at is not None:
        return
    link = tokens.public_link("addresses.verify_email",
                              token=tokens.make(tokens.VERIFY, u=user.id, e=tokens.fingerprint(user.email)))
    mail_requested.send("accounts", kind="verify", user=user, to=user.email, link=link)


def tell_owner_of_sign_up_attempt(user: User) -> None:
    """Someone signed up with an address that has an account: its owner hears of it, the visitor
    sees the same answer as for a new address."""
    mail_requested.send("accounts", kind="already_registered", user=user, to=user.email,
                        link=tokens.public_link("addresses.forgotten_password"))


def confirm_email(token: str) -> User:
    """Mark the address the link was sent to as confirmed (a second click changes nothing).

    :raises NotFound: for a forged, expired or outdated link.
    """
    payload = tokens.read(tokens.VERIFY, token)
    user = _user_of(payload)
    if user is None or payload.get("e") != tokens.fingerprint(user.email):
        raise NotFound()
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()
        landing = "projects.create" if user.role == "entrepreneur" else "premises.create"
        mail_requested.send("accounts", kind="welcome", user=user, to=user.email, link=tokens.public_link(landing))
    return user


def request_password_reset(email: str) -> None:
    """E-mail a reset link if an active account uses ``email``; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    link = tokens.public_link("addresses.reset_password", token=tokens.make(
        tokens.RESET, u=user.id, p=tokens.fingerprint(user.password_hash)))
    mail_requested.send("accounts", kind="reset", user=user, to=user.email, link=link)


def reset_target(token: str) -> User:
    """The account a reset link opens.

    :raises NotFound: for a forged, expired or already used link.
    """
    payload = tokens.read(tokens.RESET, token)
    user = _user_of(payload)
    if user is None or not user.active or payload.get("p") != tokens.fingerprint(user.password_hash):
        raise NotFound()
    return user


def reset_password(token: str, new: str) -> User:
    """Set a new password through a reset link, which then stops working; every session ends.

    The link reached the address, so the address counts as confirmed.

    :raises NotFound: for a bad link. :raises AccountError: for a weak password.
    """
    user = reset_target(token)
    problem = passwords.password_problem(new, (user.email, user.full_name))
    if problem:
        raise AccountError(problem, field="password")
    user.password_hash = passwords.hash_password(new)
    user.email_verified_at = user.email_verified_at or utcnow()
    sign_out_everywhere(user)
    return user


def request_email_change(user: User, new_email: str, password: str) -> str:
    """Send a confirmation link to the new address; nothing changes until it is opened.

    Returns the normalised new address. Whether another account holds it is not said here
    (that would tell who has an account); that account's owner is told instead.

    :raises AccountError: for a wrong password, an invalid address or the current one.
    """
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError(_l("The current password is wrong."), field="password")
    address = normalise_email(new_email)
    if address == user.email:
        raise AccountError(_l("This is already your address."), field="email")
    holder = find_user_by_email(address)
    if holder is not None:
        mail_requested.send("accounts", kind="email_taken", user=holder, to=holder.email,
                            link=tokens.public_link("addresses.forgotten_password"))
        return address
    link = tokens.public_link("addresses.confirm_email_change", token=tokens.make(
        tokens.CHANGE_EMAIL, u=user.id, e=address, o=tokens.fingerprint(user.email)))
    mail_requested.send("accounts", kind="change_email", user=user, to=address, link=link)
    return address


def confirm_email_change(token: str) -> User:
    """Move the account to the address the link was sent to; the old address is told.

    :raises NotFound: for a bad, expired or outdated link.
    :raises AccountError: when another account took the address meanwhile.
    """
    payload = tokens.read(tokens.CHANGE_EMAIL, token)
    user = _user_of(payload)
    if user is None or payload.get("o") != tokens.fingerprint(user.email) or not isinstance(payload.get("e"), str):
        raise NotFound()
    address = payload["e"]
    if find_user_by_email(address) is not None:
        raise AccountError(_l("Another account uses this address now."), field="email")
    old = user.email
    user.email, user.email_verified_at = address, utcnow()
    db.session.flush()
    mail_requested.send("accounts", kind="email_changed", user=user, to=old,
                        link=tokens.public_link("addresses.forgotten_password"))
    return user


def _user_of(payload: dict | None) -> User | None:
    if payload is None or not isinstance(payload.get("u"), int) or not 0 < payload["u"] < 2**31:
        return None
    return db.session.get(User, payload["u"])
