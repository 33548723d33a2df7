"""Imports every model so that Alembic and the mappers see the whole schema."""

from bourse.accounts.models import ApiToken, User, town_managers  # noqa: F401
from bourse.premises.models import Premises, PremisesPhoto, PremisesStatusChange  # noqa: F401
from bourse.towns.models import Town  # noqa: F401
from bourse.programmes.models import Call, Programme, Slot  # noqa: F401
from bourse.notifications.models import Notification, OutboxMessage, SavedSearch  # noqa: F401
from bourse.programmes.models import SlotAllocation  # noqa: F401
from bourse.projects.models import Project, ProjectPhoto  # noqa: F401
from bourse.applications.models import (  # noqa: F401
    Application, ApplicationDocument, ApplicationEvent, ApplicationMessage, Lease, LeaseReminder, RentStep,
)
from bourse.jury.models import JuryConflict, JuryDecision, JuryMember, JuryScore  # noqa: F401
from bourse.jobs.models import Job  # noqa: F401
from bourse.register.models import (  # noqa: F401
    Observation, Perimeter, Spell, SurveyCampaign, Unit, UnitListing, Zone,
)
from bourse.observatory.models import Snapshot  # noqa: F401
from bourse.search.models import MapCellLevel, PremisesMapCell, PremisesMapDelta  # noqa: F401
from bourse.matching.models import ProjectMatchList  # noqa: F401
