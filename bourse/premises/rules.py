"""Who may see and manage which premises. Refusals look like absence: 404."""

from __future__ import annotations


from bourse.domain import NotFound
from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.premises.models import Premises, PremisesStatus

PUBLIC_STATUSES = (PremisesStatus.PUBLISHED.value,)


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
