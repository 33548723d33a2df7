"""Who manages a town, and the town's matching settings (the trades it lacks, its weights)."""

from __future__ import annotations

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.weights import clean
from bourse.sectors import SECTOR_CODES
from bourse.towns.models import Town


def manages(user: User, town: Town) -> bool:
    """True when ``user`` manages ``town`` or is an administrator."""
    return user.has_role(Role.ADMIN) or (user.has_role(Role.TOWN_MANAGER) and town in user.towns)


def require_manage_town(user: User, town: Town) -> None:
    """:raises NotFound: unless ``user`` manages ``town`` or is an administrator."""
    if not manages(user, town):
        raise NotFound()


def save_settings(actor: User, town: Town, missing_sectors: list[str], weights: dict) -> None:
    """The town's trades it lacks, and its default matching weights."""
    require_manage_town(actor, town)
    town.missing_sectors = [s for s in missing_sectors if s in SECTOR_CODES]
    town.match_weights = clean(weights)
    db.session.flush()
