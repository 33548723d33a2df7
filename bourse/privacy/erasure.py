"""Deleting an account: the person goes, the anonymous facts stay.

The user row is kept under an anonymous address (listings, applications and leases point at it,
and the observatory counts them), but everything that says who the person was is removed: name,
address, password, texts they wrote, their files, their notifications and e-mails. Where other
people's texts quote the person's name or address, the quote is replaced.
"""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, cast, func

from bourse import storage
from bourse.accounts import passwords
from bourse.accounts.models import User, new_session_token, town_managers
from bourse.applications.models import Application, ApplicationDocument, ApplicationEvent, ApplicationMessage
from bourse.domain import DomainError
from bourse.extensions import db
from bourse.jobs.models import Job
from bourse.jury.models import JuryConflict, JuryDecision, JuryMember, JuryScore
from bourse.notifications.models import Notification, OutboxMessage, SavedSearch
from bourse.premises import lifecycle as premises_lifecycle
from bourse.premises.models import Premises, PremisesPhoto
from bourse.programmes.models import Programme
from bourse.projects.models import Project, ProjectPhoto
from bourse.timeutil import utcnow

MARKER = "[—]"  # what replaces the deleted person's name or address in other people's texts
# Texts other people wrote that may quote the person (a greeting, an invitation).
QUOTING = [
    (OutboxMessage, ("subject", "body", "html")), (Notification, ("title", "body")), (ApplicationMessage, ("body",)),
    (Application, ("cover_message", "reason")), (ApplicationEvent, ("reason",)), (JuryScore, ("comment",)),
    (JuryConflict, ("note",)), (JuryDecision, ("minutes", "reason_not_selected")),
    (Premises, ("title", "description")), (Project, ("name", "concept", "experience")),
    (Programme, ("description",)), (Job, ("last_error",)),
]


class ErasureRefused(DomainError):
    """The account cannot be deleted as asked."""


def anonymous_email(user: User) -> str:
    return f"deleted-{user.id}@deleted.invalid"


def delete_account(user: User, password: str | None = None) -> None:
    """Remove or anonymise everything personal about ``user``, and sign them out everywhere.

    ``password`` is checked when the person asks (the retention job passes none).

    :raises ErasureRefused: for a wrong password, or an account already deleted.
    """
    if user.deleted_at is not None:
        raise ErasureRefused(_l("This account is already deleted."))
    if password is not None and not passwords.verify_password(user.password_hash, password):
        raise ErasureRefused(_l("The current password is wrong."), field="password")
    quotes = [q for q in {user.email, user.full_name.strip()} if len(q) >= 4]
    _erase_projects(user)
    _erase_applications(user)
    _erase_premises(user)
    db.session.execute(db.delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(db.delete(SavedSearch).where(SavedSearch.user_id == user.id))
    db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.to_email == user.email))
    db.session.execute(db.delete(town_managers).where(town_managers.c.user_id == user.id))
    db.session.execute(db.update(ApplicationMessage).where(ApplicationMessage.author_id == user.id).values(body=""))
    for seat in db.session.scalars(db.select(JuryMember).where(
            (JuryMember.user_id == user.id) | (JuryMember.email == user.email))):
        seat.email, seat.token_hash = anonymous_email(user), secrets.token_hex(32)  # no invitation link opens it
    db.session.execute(db.update(Job).where(Job.requested_by_id == user.id).values(requested_by_id=None))
    for quote in quotes:
        _replace_everywhere(quote)
    user.email, user.full_name = anonymous_email(user), ""
    user.password_hash = passwords.hash_password(secrets.token_urlsafe(32))  # nobody knows it
    user.active, user.email_notifications, user.locale = False, False, None
    user.email_verified_at = user.last_login_at = user.alert_emails_consent_at = user.inactivity_warned_at = None
    user.session_token, user.deleted_at = new_session_token(), utcnow()
    db.session.flush()


def _erase_projects(user: User) -> None:
    for project in db.session.scalars(db.select(Project).where(Project.owner_id == user.id)):
        for photo in db.session.scalars(db.select(ProjectPhoto).where(ProjectPhoto.project_id == project.id)):
            storage.delete_after_commit(photo.storage_key)
            db.session.delete(photo)
        if project.business_plan_key:
            storage.delete_after_commit(project.business_plan_key)
        # Sector, surfaces and budget stay: they are what the statistics count, and name no one.
        project.name, project.concept, project.experience, project.place_label = MARKER, "", "", ""
        project.business_plan_key = project.business_plan_name = project.funding_secured = None
        project.visible = False


def _erase_applications(user: User) -> None:
    own = db.select(Application.id).where(Application.applicant_id == user.id)
    for document in db.session.scalars(db.select(ApplicationDocument).where(
            (ApplicationDocument.application_id.in_(own)) | (ApplicationDocument.uploaded_by_id == user.id))):
        storage.delete_after_commit(document.storage_key)
        db.session.delete(document)
    # The threads were an exchange with this person: both sides go (the states and dates stay).
    db.session.execute(db.delete(ApplicationMessage).where(ApplicationMessage.application_id.in_(own)))
    db.session.execute(db.update(Application).where(Application.applicant_id == user.id)
                       .values(cover_message="", request_token=None))


def _erase_premises(user: User) -> None:
    for premises in db.session.scalars(db.select(Premises).where(Premises.owner_id == user.id)):
        if premises.status in {s.value for s in premises_lifecycle.ON_THE_MARKET}:
            premises_lifecycle.run(premises, None, "withdraw")  # off the market, its history kept
        for photo in db.session.scalars(db.select(PremisesPhoto).where(PremisesPhoto.premises_id == premises.id)):
            storage.delete_after_commit(photo.storage_key)
            db.session.delete(photo)
        premises.description = ""


def _replace_everywhere(quote: str) -> None:
    for model, columns in QUOTING:
        for name in columns:
            column = getattr(model, name)
            db.session.execute(db.update(model).where(cast(column, Text).contains(quote, autoescape=True))
                               .values({name: func.replace(column, quote, MARKER)}))
