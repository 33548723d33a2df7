"""Application rules: applying (idempotently), moving through the life cycle, messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.applications import machine
from bourse.applications.errors import AlreadyApplied, ApplicationError, ApplicationMoveRefused, Conflict
from bourse.applications.models import Application, ApplicationMessage, State
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.lifecycle import signals
from bourse.premises.models import Premises, PremisesStatus
from bourse.programmes.queries import open_calls_of
from bourse.programmes.models import Call, Slot
from bourse.projects.models import Project
from bourse.timeutil import utcnow

#: a public message in an application's thread (``message``, ``application``, ``author``)
message_posted = signals.signal("application-message-posted")
TAKEN = _l("Another candidate has already been selected for this unit.")
CHANGED = _l("This application changed meanwhile: reload the page and check.")


def get_visible(user: User, application_id: int) -> Application:
    """:raises NotFound: unless ``user`` is the applicant or reviews the application."""
    application = db.session.get(Application, application_id)
    if application is None or not machine.can_see(user, application):
        raise NotFound()
    return application


def target(premises_id: int | None, slot_id: int | None) -> tuple[Premises, Slot | None]:
    """The premises (and slot) an application would go to. :raises NotFound: for either missing."""
    slot = db.session.get(Slot, slot_id) if slot_id is not None else None
    premises = slot.premises if slot is not None else db.session.get(Premises, premises_id or 0)
    if premises is None or (slot_id is not None and slot is None):
        raise NotFound()
    return premises, slot


def require_visible_target(premises: Premises, slot: Slot | None) -> None:
    """:raises NotFound: unless one may apply here: published premises, or a slot of a published call.
    An unpublished unit's page says nothing, not even its title."""
    if slot is None:
        if premises.status != PremisesStatus.PUBLISHED.value:
            raise NotFound()
    elif slot.premises_id != premises.id or not slot.call.published:
        raise NotFound()


TEST_BOUTIQUE = _l("These premises are a test boutique: apply to its open call, for one of its slots.")


def _check_target(premises: Premises, slot: Slot | None) -> None:
    require_visible_target(premises, slot)
    if slot is None and open_calls_of(premises.id):
        raise ApplicationError(TEST_BOUTIQUE)  # the call's slots, jury and deadline must apply
    if slot is not None and not slot.call.is_open(utcnow()):
        raise ApplicationError(_l("This call is closed: the deadline has passed."))


def apply(applicant: User, project: Project, premises: Premises, slot: Slot | None, message: str,
          submit: bool, request_token: str | None = None) -> Application:
    """Create an application (a draft, or submitted at once).

    A repeated request with the same ``request_token`` (a double click) returns the application
    the first one created instead of a second one.

    :raises ApplicationError: when this project already applied here, or the call is closed.
    :raises AlreadyApplied: when a simultaneous request applied first; run ``apply`` again in a
        fresh transaction (``unit_of_work.retry_after``) to get its answer.
    """
    if project.owner_id != applicant.id or not applicant.has_role(Role.ENTREPRENEUR):
        raise NotFound()
    _check_target(premises, slot)
    target = Application.target_of(premises.id, slot.id if slot else None)
    existing = db.session.scalar(db.select(Application).where(
        Application.project_id == project.id, Application.target == target))
    if existing is not None:
        # The same form sent twice (a double click) gets the first request's application back.
        if request_token and existing.request_token == request_token:
            return existing
        raise ApplicationError(_l("This project has already applied here."))
    application = Application(project_id=project.id, applicant_id=applicant.id, premises_id=premises.id,
                              slot_id=slot.id if slot else None, target=target,
                              cover_message=(message or "").strip()[:5000], state=State.DRAFT.value,
                              request_token=request_token)
    db.session.add(application)
    try:
        db.session.flush()
    except IntegrityError:
        raise AlreadyApplied(_l("This project has already applied here.")) from None
    machine.record_creation(application, applicant)
    if submit:
        run(application, applicant, "submit")
    db.session.flush()
    return application


def reviewers(application: Application) -> list[User]:
    """The people who review ``application``: the town's managers, and the landlord for plain premises."""
    managers = list(db.session.scalars(db.select(User).where(
        User.role == Role.TOWN_MANAGER.value, User.towns.any(id=application.premises.town_id))))
    owner = [application.premises.owner] if application.slot_id is None else []
    return list({u.id: u for u in managers + owner}.values())


def run(application: Application, actor: User, verb: str, *, dedicated: bool = False, **context) -> None:
    """Make one move through the life-cycle table, then let the database check it (flush).

    :raises MoveRefused: for a move the state, the guard or the generic path does not allow.
    :raises Conflict: when the unit is already taken, or the application changed meanwhile.
    """
    try:
        # The database may refuse at the move's own flush, or at one its notifications cause.
        machine.LIFECYCLE.run(application, actor, verb, dedicated=dedicated, **context)
        db.session.flush()
    except IntegrityError:
        raise Conflict(TAKEN) from None
    except StaleDataError:
        raise Conflict(CHANGED) from None


def transition(actor: User, application: Application, verb: str, reason: str | None = None,
               expected_version: int | None = None) -> Application:
    """The generic move, for the buttons and the API: every verb but the dedicated ones.

    :raises NotFound: when ``actor`` has no role on the application.
    :raises MoveRefused: for a move the state or the actor does not allow, or a dedicated one
        (signing a lease goes through ``leases.sign``).
    :raises Conflict: when the unit is already taken, or the application changed meanwhile.
    """
    if not machine.can_see(actor, application):
        raise NotFound()
    move = machine.TRANSITIONS.get(verb)
    if move is not None and not move.dedicated and machine.allowed_from(verb, application) \
            and not machine.may(verb, actor, application):
        raise ApplicationMoveRefused(_l("This action is not possible now."))
    if expected_version is not None and expected_version != application.version:
        raise Conflict(CHANGED)
    run(application, actor, verb, reason=reason)
    return application


def add_message(author: User, application: Application, body: str, internal: bool) -> ApplicationMessage:
    """A message in the thread; internal notes are for reviewers only.

    :raises ApplicationError: for an empty message.
    """
    if not machine.can_see(author, application):
        raise NotFound()
    if internal and not machine.is_reviewer(author, application):
        raise NotFound()
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_l("Write a message first."), field="body")
    message = ApplicationMessage(application_id=application.id, author_id=author.id, body=body[:5000],
                                 internal=internal)
    db.session.add(message)
    db.session.flush()
    message_posted.send("application", message=message, application=application, author=author)
    return message


def mine(applicant: User) -> list[Application]:
    return list(db.session.scalars(db.select(Application).where(Application.applicant_id == applicant.id)
                                   .order_by(Application.updated_at.desc())))


def review_queue(reviewer: User, state: str | None = None, town_id: int | None = None,
                 call_id: int | None = None, programme_id: int | None = None) -> list[Application]:
    """Applications ``reviewer`` reviews (drafts are the applicant's own business)."""
    query = db.select(Application).join(Premises, Premises.id == Application.premises_id).where(
        Application.state != State.DRAFT.value)
    if not reviewer.has_role(Role.ADMIN):
        towns = [t.id for t in reviewer.towns] if reviewer.has_role(Role.TOWN_MANAGER) else []
        query = query.where((Premises.town_id.in_(towns)) |
                            ((Premises.owner_id == reviewer.id) & Application.slot_id.is_(None)))
    if state:
        query = query.where(Application.state == state)
    if town_id:
        query = query.where(Premises.town_id == town_id)
    if call_id:
        query = query.where(Application.slot_id.in_(db.select(Slot.id).where(Slot.call_id == call_id)))
    if programme_id:
        query = query.where(Application.slot_id.in_(db.select(Slot.id).join(Call, Call.id == Slot.call_id)
                                                    .where(Call.programme_id == programme_id)))
    return list(db.session.scalars(query.order_by(Application.submitted_at.desc().nulls_last(), Application.id)))
