"""Who owns a vacant unit that is not on Bourse, as its managers know it, and the invitation to list it.

The owner's name and contacts are seen by the town's managers only (the register's pages are
theirs). The invitation e-mail is written by the notifications, which sit above the register:
this module only says it is due, through ``owner_invited``.
"""

from __future__ import annotations

from blinker import Namespace
from flask_babel import lazy_gettext as _l

from bourse.extensions import db
from bourse.register.models import UnitListing, UnitState
from bourse.register.services import RegisterError, managed_unit
from bourse.timeutil import utcnow
from bourse.urls import absolute, link_to

signals = Namespace()
#: sent with ``unit``, ``actor``, ``locale`` and ``link`` (where the owner signs up to list it)
owner_invited = signals.signal("owner-invited")
LANGUAGES = ("fr", "en")


def save_owner(actor, unit_id: int, name: str, email: str, phone: str):
    """:raises NotFound: unless ``actor`` manages the unit's town."""
    unit = managed_unit(actor, unit_id)
    unit.owner_name = (name or "").strip()[:140] or None
    unit.owner_email = (email or "").strip().lower()[:254] or None
    unit.owner_phone = (phone or "").strip()[:40] or None
    db.session.flush()
    return unit


def invitable(unit) -> bool:
    """A vacant unit no listing on Bourse is about, whose owner's address is known."""
    listed = db.session.get(UnitListing, unit.id) is not None or db.session.scalar(
        db.select(UnitListing.premises_id).where(UnitListing.unit_id == unit.id).limit(1)) is not None
    return unit.state == UnitState.VACANT.value and not listed and bool(unit.owner_email)


def invite_owner(actor, unit_id: int, locale: str):
    """E-mail the owner an invitation to list the unit on Bourse.

    :raises NotFound: unless ``actor`` manages the unit's town.
    :raises RegisterError: for a unit that is not vacant, already listed, or whose owner's address is unknown.
    """
    unit = managed_unit(actor, unit_id)
    if not unit.owner_email:
        raise RegisterError(_l("Record the owner's e-mail address first."), field="owner_email")
    if not invitable(unit):
        raise RegisterError(_l("Only a vacant unit that is not on Bourse can be offered for listing."))
    unit.owner_invited_at = utcnow()
    db.session.flush()
    owner_invited.send("register", unit=unit, actor=actor, locale=locale if locale in LANGUAGES else "fr",
                       link=absolute(link_to("accounts.register")))
    return unit
