"""Retention periods, applied every day by a job (the periods are documented in docs/privacy.md).

* documents of applications not selected (refused or withdrawn): deleted 3 months after that;
* accounts nobody signed into for 3 years: warned by e-mail, then deleted 30 days later unless
  someone signs in;
* e-mails sent or given up: deleted after 3 months; notifications read: after a year;
* the owner of an empty unit (recorded by a town's managers to invite them): forgotten once the
  unit is no longer empty, or 2 years after it was recorded or they were invited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale, format_date, gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from bourse import storage
from bourse.accounts.models import User
from bourse.applications.models import Application, ApplicationDocument, ApplicationEvent, State
from bourse.extensions import db
from bourse.jobs import handler
from bourse.notifications.models import Notification, OutboxMessage, OutboxStatus
from bourse.notifications.services import queue_email
from bourse.accounts.tokens import public_link
from bourse.privacy.erasure import delete_account
from bourse.register.models import Unit, UnitState
from bourse.timeutil import utcnow

DOCUMENTS_AFTER_REFUSAL = timedelta(days=91)
INACTIVE_ACCOUNT = timedelta(days=3 * 365)
WARNING_NOTICE = timedelta(days=30)
SENT_EMAILS = timedelta(days=91)
READ_NOTIFICATIONS = timedelta(days=365)
UNIT_OWNERS = timedelta(days=2 * 365)
#: what is kept how long, as the data page and the privacy page say it
RETENTION = [
    (_l("Documents of an application not selected"), _l("3 months after the refusal or the withdrawal")),
    (_l("An account nobody signs into"), _l("3 years, then a warning e-mail, then deleted 30 days later")),
    (_l("E-mails we sent you"), _l("3 months")),
    (_l("Notifications you have read"), _l("1 year")),
    (_l("Everything else in your account"), _l("Until you delete the account")),
]

@dataclass
class RetentionReport:
    documents: int = 0
    warned: int = 0
    deleted_accounts: int = 0
    emails: int = 0
    notifications: int = 0
    unit_owners: int = 0


def apply_retention(now: datetime | None = None) -> RetentionReport:
    """One pass of every rule, as one unit of work (the caller commits)."""
    now = now or utcnow()
    report = RetentionReport()
    report.documents = _documents_of_applications_not_selected(now)
    report.warned, report.deleted_accounts = _inactive_accounts(now)
    report.unit_owners = _owners_of_units(now)
    report.emails = db.session.execute(db.delete(OutboxMessage).where(
        OutboxMessage.status.in_([OutboxStatus.SENT.value, OutboxStatus.FAILED.value]),
        OutboxMessage.created_at < now - SENT_EMAILS)).rowcount
    report.notifications = db.session.execute(db.delete(Notification).where(
        Notification.read_at.is_not(None), Notification.read_at < now - READ_NOTIFICATIONS)).rowcount
    db.session.flush()
    return report


def _owners_of_units(now: datetime) -> int:
    """Forget who owns a unit once it is no longer empty (the invitation's purpose is over), or when
    the record is old: kept from when it was saved until 2 years after the invitation."""
    no_longer_empty = (Unit.state.is_(None)) | (Unit.state != UnitState.VACANT.value)
    stale = (Unit.owner_invited_at.is_not(None)) & (Unit.owner_invited_at < now - UNIT_OWNERS)
    return db.session.execute(db.update(Unit).where(
        (Unit.owner_name.is_not(None)) | (Unit.owner_email.is_not(None)) | (Unit.owner_phone.is_not(None)),
        no_longer_empty | stale).values(owner_name=None, owner_email=None, owner_phone=None, owner_invited_at=None)
        .execution_options(synchronize_session=False)).rowcount


def _documents_of_applications_not_selected(now: datetime) -> int:
    ended = (db.select(ApplicationEvent.application_id)
             .join(Application, Application.id == ApplicationEvent.application_id)
             .where(Application.state.in_([State.REJECTED.value, State.WITHDRAWN.value]),
                    ApplicationEvent.to_state == Application.state)
             .group_by(ApplicationEvent.application_id)
             .having(func.max(ApplicationEvent.at) < now - DOCUMENTS_AFTER_REFUSAL))
    documents = list(db.session.scalars(db.select(ApplicationDocument).where(
        ApplicationDocument.application_id.in_(ended))))
    for document in documents:
        storage.delete_after_commit(document.storage_key)
        db.session.delete(document)
    return len(documents)


def _inactive_accounts(now: datetime) -> tuple[int, int]:
    last_seen = func.coalesce(User.last_login_at, User.created_at)
    to_warn = list(db.session.scalars(db.select(User).where(
        User.deleted_at.is_(None), User.inactivity_warned_at.is_(None), last_seen < now - INACTIVE_ACCOUNT)))
    for user in to_warn:
        user.inactivity_warned_at = now
        _warn(user, (now + WARNING_NOTICE).date())
    # Signing in clears the warning (accounts.services.authenticate), so these did not come back.
    to_delete = list(db.session.scalars(db.select(User).where(
        User.deleted_at.is_(None), User.inactivity_warned_at < now - WARNING_NOTICE,
        last_seen < User.inactivity_warned_at)))
    for user in to_delete:
        delete_account(user)
    return len(to_warn), len(to_delete)


def _warn(user: User, deletion_on) -> None:
    """Written straight to the address: it goes out whatever the notification preferences say."""
    with force_locale(user.locale or "fr"):
        queue_email(user.email, _("Your Bourse account will be deleted"), "\n\n".join([
            _("Hello %(name)s,", name=user.full_name),
            _("Nobody has signed into your Bourse account for three years. Unless you sign in before "
              "%(date)s, the account and its data will be deleted, as our privacy policy says.",
              date=format_date(deletion_on, "long")),
            _("To keep it, simply sign in: %(link)s", link=public_link("accounts.login")),
        ]))


@handler("privacy.retention", every="day")
def retention_job() -> None:
    apply_retention()
