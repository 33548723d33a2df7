"""Notifying people: a row in the app, and an e-mail through the outbox unless they opted out.

Nothing here commits: a notification belongs to the transaction of what caused it, so it is
written, or not, together with it.
"""

from __future__ import annotations

from bourse.accounts.models import User
from bourse import jobs
from bourse.extensions import db
from bourse.notifications import emails
from bourse.notifications.models import Notification, OutboxMessage
from bourse.timeutil import utcnow
from bourse.urls import absolute


def notify(user: User, kind: str, title: str, body: str, link: str = "", alert: bool = False) -> Notification:
    """Queue an in-app notification and, if the user wants e-mail, an outbox message.

    An ``alert`` (a new match for a saved search) is e-mailed only with the person's consent too.
    """
    notification = Notification(user_id=user.id, kind=kind, title=title[:200], body=body, link=link)
    db.session.add(notification)
    if wants_email(user, alert):
        text = body + (f"\n\n{absolute(link)}" if link else "")
        queue_email(user.email, title, text)
    return notification


def notify_event(user: User, kind: str, link: str = "", alert: bool = False, **context) -> Notification:
    """Word the ``kind`` event (``templates/emails/<kind>.txt``) in ``user``'s language, then notify them:
    the subject is the notification's title, what happened and what comes next its body."""
    composed = emails.compose(kind, locale=user.locale, name=user.full_name, link=absolute(link), **context)
    notification = Notification(user_id=user.id, kind=kind, title=composed.subject[:200],
                                body=composed.notification_body, link=link)
    db.session.add(notification)
    if wants_email(user, alert):
        queue_email(user.email, composed.subject, composed.text, composed.html)
    return notification


def wants_email(user: User, alert: bool = False) -> bool:
    return user.active and user.email_notifications and (not alert or user.alert_emails_consent_at is not None)


def queue_email(to_email: str, subject: str, body: str, html: str | None = None) -> OutboxMessage:
    """Write the e-mail to the outbox in the caller's transaction; the e-mail job sends it after commit."""
    message = OutboxMessage(to_email=to_email, subject=subject[:200], body=body, html=html)
    db.session.add(message)
    jobs.enqueue_once("outbox.send_due")
    return message


def save_preferences(user: User, email_notifications: bool, alert_emails: bool) -> None:
    """Alert e-mails are an optional consent: dated when given, forgotten when withdrawn."""
    user.email_notifications = email_notifications
    if not alert_emails:
        user.alert_emails_consent_at = None
    elif user.alert_emails_consent_at is None:
        user.alert_emails_consent_at = utcnow()
    db.session.flush()


def unread_count(user: User) -> int:
    return db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def recent(user: User, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(db.select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_all_read(user: User) -> None:
    db.session.execute(db.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))

