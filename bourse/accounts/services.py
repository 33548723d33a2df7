"""Account rules: registration, authentication and town-manager creation."""

from __future__ import annotations


from typing import TYPE_CHECKING, Iterable

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from bourse.accounts import passwords
from bourse.accounts.models import User, new_session_token
from bourse.accounts.roles import SELF_SERVICE_ROLES, Role
from bourse.domain import DomainError
from bourse.extensions import db
from bourse.timeutil import utcnow

if TYPE_CHECKING:  # towns sit above accounts: only the type is needed here
    from bourse.towns.models import Town


class AccountError(DomainError):
    """A refused account operation."""


class EmailTaken(AccountError):
    pass


# A real hash to verify against when the e-mail is unknown, so that response time does
# not reveal which addresses have accounts.
_DUMMY_HASH: dict[str, str] = {}


def normalise_email(email: str) -> str:
    """The stored form of an e-mail: trimmed and lower-cased.

    :raises AccountError: when it is not a valid address.
    """
    try:
        valid = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(_l("Enter a valid e-mail address."), field="email") from None
    return valid.normalized.lower()


def find_user_by_email(email: str) -> User | None:
    try:
        normalised = normalise_email(email)
    except AccountError:
        return None
    return db.session.scalar(db.select(User).where(User.email == normalised))


def _create_user(email: str, password: str, full_name: str, role: Role, password_hash: str | None = None) -> User:
    normalised = normalise_email(email)
    problem = passwords.password_problem(password, (normalised, full_name))
    if problem:
        raise AccountError(problem, field="password")
    if db.session.scalar(db.select(User.id).where(User.email == normalised)) is not None:
        raise EmailTaken(_l("An account already uses this e-mail address."), field="email")
    user = User(
        email=normalised,
        password_hash=password_hash or passwords.hash_password(password),
        full_name=full_name.strip(),
        role=role.value,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # Two sign-ups with one e-mail at the same moment: the unique index decides.
        raise EmailTaken(_l("An account already uses this e-mail address."), field="email") from None
    return user


def register_user(email: str, password: str, full_name: str, role: Role, locale: str | None = None) -> User | None:
    """Self-service sign-up, for entrepreneurs and landlords only. The address is unconfirmed until
    its link is opened.

    Returns the new account, or None when the address already has one: the caller must answer
    the same either way (the owner is e-mailed instead), so the password is hashed in both cases
    and the answer takes as long.

    :raises AccountError: for a bad e-mail, a weak password or a role one cannot pick.
    """
    if role not in SELF_SERVICE_ROLES:
        raise AccountError(_l("This role cannot be chosen at sign-up."), field="role")
    normalised = normalise_email(email)
    problem = passwords.password_problem(password, (normalised, full_name))
    if problem:
        raise AccountError(problem, field="password")
    password_hash = passwords.hash_password(password)
    if find_user_by_email(normalised) is not None:
        return None
    user = _create_user(normalised, password, full_name, role, password_hash)
    user.locale = locale
    return user


def create_user(email: str, password: str, full_name: str, role: Role, towns: Iterable[Town] = ()) -> User:
    """Create any kind of account (administrators, the CLI, a jury invitation). Town managers need a town.

    The address counts as confirmed: whoever creates the account vouches for it.

    :raises AccountError: as for :func:`register_user`, a taken address, or a manager without a town.
    """
    towns = list(towns)
    if role is Role.TOWN_MANAGER and not towns:
        raise AccountError(_l("A town manager must be attached to at least one town."), field="towns")
    user = _create_user(email, password, full_name, role)
    user.towns = towns if role is Role.TOWN_MANAGER else []
    user.email_verified_at = utcnow()
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Upgrades outdated hashes."""
    user = find_user_by_email(email)
    if user is None:
        if "hash" not in _DUMMY_HASH:
            _DUMMY_HASH["hash"] = passwords.hash_password("not-a-real-password-at-all")
        passwords.verify_password(_DUMMY_HASH["hash"], password)
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    user.inactivity_warned_at = None  # back in time: the account is not deleted for inactivity
    db.session.flush()
    return user


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.flush()


def sign_out_everywhere(user: User) -> None:
    """Invalidate every session of ``user`` by rotating their session token: the sessions and
    remember-me cookies issued so far carry the old one, which no longer loads anyone."""
    user.session_token = new_session_token()
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password and end every other session (the caller signs this one in again).

    :raises AccountError: for a wrong current password (on ``current_password``) or a weak new one
        (on ``new_password``).
    """
    if not passwords.verify_password(user.password_hash, current):
        raise AccountError(_l("The current password is wrong."), field="current_password")
    problem = passwords.password_problem(new, (user.email, user.full_name))
    if problem:
        raise AccountError(problem, field="new_password")
    user.password_hash = passwords.hash_password(new)
    sign_out_everywhere(user)


def load_user_by_session_token(token: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.session_token == token))
