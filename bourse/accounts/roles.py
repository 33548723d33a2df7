"""The roles a user can hold."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ENTREPRENEUR = "entrepreneur"
    LANDLORD = "landlord"
    TOWN_MANAGER = "town_manager"
    JURY_MEMBER = "jury_member"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ENTREPRENEUR: _l("Entrepreneur"),
    Role.LANDLORD: _l("Landlord"),
    Role.TOWN_MANAGER: _l("Town manager"),
    Role.JURY_MEMBER: _l("Jury member"),
    Role.ADMIN: _l("Administrator"),
}

# Anyone may sign up with these; the others are granted by an administrator or an invitation.
SELF_SERVICE_ROLES = (Role.ENTREPRENEUR, Role.LANDLORD)
