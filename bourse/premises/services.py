"""Premises rules. Listing pages and editing arrive with the listings feature."""

from __future__ import annotations

from datetime import datetime

from bourse.accounts.models import User
from bourse.extensions import db
from bourse.premises.models import Premises, PremisesStatus, PremisesStatusChange
from bourse.timeutil import utcnow


def record_status(
    premises: Premises, to_status: PremisesStatus, by: User | None, at: datetime | None = None
) -> PremisesStatusChange:
    """Move ``premises`` to ``to_status`` and keep the time-stamped change (no commit)."""
    is_new = premises.id is None
    db.session.add(premises)
    db.session.flush()
    change = PremisesStatusChange(
        premises_id=premises.id,
        from_status=None if is_new else premises.status,
        to_status=to_status.value,
        changed_at=at or utcnow(),
        changed_by_id=by.id if by else None,
    )
    premises.status = to_status.value
    db.session.add(change)
    return change


def next_reference(prefix: str) -> str:
    """The next free reference for a town prefix, e.g. ``AUR-0042``."""
    taken = db.session.scalars(db.select(Premises.reference).where(Premises.reference.like(f"{prefix}-%"))).all()
    numbers = [int(r.rsplit("-", 1)[1]) for r in taken if r.rsplit("-", 1)[1].isdigit()]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"
