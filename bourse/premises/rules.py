"""Who may see and manage which premises. Refusals look like absence: 404."""

from __future__ import annotations


from bourse.domain import NotFound
from sqlalchemy import and_, func, or_

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.premises.models import Premises, PremisesStatus

# A let unit stays public: its page says it is let (a success the town shows), instead of a 404.
PUBLIC_STATUSES = (PremisesStatus.PUBLISHED.value, PremisesStatus.LET.value)


def can_manage(user: User | None, premises: Premises) -> bool:
    """The owner, a town manager of the premises' town, or an administrator."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_role(Role.ADMIN) or premises.owner_id == user.id:
        return True
    return user.has_role(Role.TOWN_MANAGER) and any(t.id == premises.town_id for t in user.towns)


def can_view(user: User | None, premises: Premises) -> bool:
    return premises.status in PUBLIC_STATUSES or can_manage(user, premises)


def require_manage(user: User | None, premises: Premises) -> None:
    """:raises NotFound: unless ``user`` may manage ``premises``."""
    if not can_manage(user, premises):
        raise NotFound()


def require_view(user: User | None, premises: Premises) -> None:
    """:raises NotFound: unless ``user`` may see ``premises``."""
    if not can_view(user, premises):
        raise NotFound()


def sector_allowed(sector: str):
    """SQL: the use clause lets ``sector`` in (no allowed list, or listed) and does not exclude it."""
    allowed = or_(func.json_array_length(Premises.allowed_sectors) == 0,
                  Premises.allowed_sectors.cast(db.String).contains(f'"{sector}"'))
    return and_(allowed, ~Premises.excluded_sectors.cast(db.String).contains(f'"{sector}"'))
