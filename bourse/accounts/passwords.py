"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128
# zxcvbn's estimate of guesses; below 10^7 a password falls to an online-throttled attack
# or sits in the common-password lists it ships.
MIN_GUESSES_LOG10 = 7
# zxcvbn's lists are English; these are the French favourites it would otherwise miss
# (AZERTY keyboard rows, common words), fed to it as extra dictionary words.
FRENCH_COMMON = (
    "azerty", "azertyuiop", "qsdfghjklm", "wxcvbn", "azertyuiopqsdfghjklmwxcvbn", "motdepasse",
    "jetaime", "soleil", "bonjour", "doudou", "chouchou", "loulou", "marseille", "paris", "bretagne",
    "chocolat", "coucou", "princesse", "boutique", "commerce", "bourse", "centreville",
)


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``, exactly as typed."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)


def password_problem(password: str, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Why ``password`` is refused, or None. Nothing is stripped or normalised."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(n)d characters.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Use at most %(n)d characters.", n=MAX_LENGTH))
    inputs = [u for u in user_inputs if u] + list(FRENCH_COMMON)
    # zxcvbn refuses input over 72 characters; a prefix can only be weaker than the
    # whole password, so judging the first 72 never lets a weak password through.
    from zxcvbn import zxcvbn  # 11 MB of word lists: loaded by the worker that first checks a password

    if zxcvbn(password[:72], user_inputs=inputs)["guesses_log10"] < MIN_GUESSES_LOG10:
        return str(_l("This password is too common or too easy to guess."))
    return None
