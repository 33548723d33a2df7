"""Application rules: applying (idempotently), moving through the life cycle, messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import NotFound

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.applications import machine
from bourse.applications.models import Application, ApplicationEvent, ApplicationMessage, State
from bourse.domain import DomainError
from bourse.extensions import db
from bourse.notifications.services import link_to, notify
from bourse.premises.models import Premises, PremisesStatus
from bourse.programmes.models import Call, Slot
from bourse.projects.models import Project
from bourse.timeutil import utcnow


class ApplicationError(DomainError):
    """A refused application or move."""


class Conflict(ApplicationError):
    """Someone else changed the same thing at the same moment (HTTP 409)."""


def get_visible(user: User, application_id: int) -> Application:
    """:raises NotFound: unless ``user`` is the applicant or reviews the application."""
    application = db.session.get(Application, application_id)
    if application is None or not machine.can_see(user, application):
        raise NotFound()
    return application


def _check_target(premises: Premises, slot: Slot | None) -> None:
    if slot is None:
        if premises.status != PremisesStatus.PUBLISHED.value:
            raise NotFound()
        return
    if slot.premises_id != premises.id or not slot.call.published:
        raise NotFound()
    if not slot.call.is_open(utcnow()):
        raise ApplicationError(_l("This call is closed: the deadline has passed."))


def apply(applicant: User, project: Project, premises: Premises, slot: Slot | None, message: str,
          submit: bool, request_token: str | None = None) -> Application:
    """Create an application (a draft, or submitted at once).

    A repeated request with the same ``request_token`` (a double click) returns the application
    the first one created instead of a second one.

    :raises ApplicationError: when this project already applied here, or the call is closed.
    """
    if project.owner_id != applicant.id or not applicant.has_role(Role.ENTREPRENEUR):
        raise NotFound()
    _check_target(premises, slot)
    target = Application.target_of(premises.id, slot.id if slot else None)
    application = Application(project_id=project.id, applicant_id=applicant.id, premises_id=premises.id,
                              slot_id=slot.id if slot else None, target=target,
                              cover_message=(message or "").strip()[:5000], state=State.DRAFT.value,
                              request_token=request_token)
    db.session.add(application)
    try:
        db.session.flush()
        _record(application, applicant, "create", None, State.DRAFT, None)
        if submit:
            move(application, applicant, "submit", None)
        db.session.commit()
    except IntegrityError:
        # Another request made it first: the same form sent twice gets that application back.
        db.session.rollback()
        existing = db.session.scalar(db.select(Application).where(
            Application.project_id == project.id, Application.target == target))
        if existing is not None and request_token and existing.request_token == request_token:
            return existing
        raise ApplicationError(_l("This project has already applied here.")) from None
    except ApplicationError:
        db.session.rollback()  # nothing half-written
        raise
    return application


def _record(application: Application, actor: User | None, verb: str, from_state, to_state: State,
            reason: str | None) -> None:
    application.events.append(ApplicationEvent(actor_id=actor.id if actor else None, verb=verb,
                                               from_state=from_state, to_state=to_state.value, reason=reason))


def _reviewers(application: Application) -> list[User]:
    managers = list(db.session.scalars(db.select(User).where(
        User.role == Role.TOWN_MANAGER.value, User.towns.any(id=application.premises.town_id))))
    owner = [application.premises.owner] if application.slot_id is None else []
    return list({u.id: u for u in managers + owner}.values())


def move(application: Application, actor: User, verb: str, reason: str | None, announce: bool = True) -> None:
    """One move with its event row and notifications, left uncommitted: the caller owns the transaction."""
    sources, to_state = machine.TRANSITIONS[verb]
    from_state = application.state
    if verb == "submit" and application.slot_id and not application.slot.call.is_open(utcnow()):
        raise ApplicationError(_l("This call is closed: the deadline has passed."))
    if verb == "submit" and application.missing_documents:
        raise ApplicationError(_l("Add the documents the call asks for before submitting: %(names)s.",
                                  names=", ".join(application.missing_documents)))
    if verb == "reject" and not (reason or "").strip():
        raise ApplicationError(_l("Give the reason for the refusal."), field="reason")
    application.state = to_state.value
    if verb == "submit":
        application.submitted_at = utcnow()
    if verb == "reject":
        application.reason = reason.strip()
    _record(application, actor, verb, from_state, to_state, reason)
    if announce:  # the jury's decision sends one message of its own instead
        _notify(application, actor, verb)


def _notify(application: Application, actor: User, verb: str) -> None:
    link = link_to("applications.detail", application_id=application.id)
    title = f"{application.project.name} — {application.premises.title}"
    if verb in machine.APPLICANT_VERBS:
        for reviewer in _reviewers(application):
            notify(reviewer, f"application_{verb}", title, str(_l("Application %(verb)s", verb=verb_label(verb))), link)
    else:
        body = str(verb_label(verb))
        if verb == "reject" and application.reason:
            body += " — " + application.reason
        notify(application.applicant, f"application_{verb}", title, body, link)


def transition(actor: User, application: Application, verb: str, reason: str | None = None,
               expected_version: int | None = None) -> Application:
    """Make one move, with its event row and notifications, in one transaction.

    :raises NotFound: when ``actor`` has no role on the application.
    :raises ApplicationError: for a move the state or the actor does not allow.
    :raises Conflict: when the unit is already taken, or the application changed meanwhile.
    """
    if not machine.can_see(actor, application):
        raise NotFound()
    if not machine.can(verb, actor, application):
        raise ApplicationError(_l("This action is not possible now."))
    if expected_version is not None and expected_version != application.version:
        raise Conflict(_l("This application changed meanwhile: reload the page and check."))
    try:
        # The database may refuse at the first flush (inside the move) or at commit.
        move(application, actor, verb, reason)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_l("Another candidate has already been selected for this unit.")) from None
    except StaleDataError:
        db.session.rollback()
        raise Conflict(_l("This application changed meanwhile: reload the page and check.")) from None
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
    if not internal:
        link = link_to("applications.detail", application_id=application.id)
        others = [application.applicant] if author.id != application.applicant_id else _reviewers(application)
        for user in others:
            notify(user, "application_message", str(_l("New message about %(project)s", project=application.project.name)),
                   body[:300], link)
    db.session.commit()
    return message


def verb_label(verb: str):
    from bourse.applications.labels import VERB_LABELS

    return VERB_LABELS[verb]


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
