"""Sending the outbox: every pending e-mail is tried, failures wait longer each time, none is lost."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from flask import current_app

from bourse.extensions import db
from bourse.ops import gauges
from bourse import jobs
from bourse.jobs import handler
from bourse.unit_of_work import WRITE_LOCK
from bourse.notifications.models import OutboxMessage, OutboxStatus
from bourse.timeutil import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12  # with doubling back-off: about three days of trying
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


@dataclass
class Report:
    sent: int = 0
    retried: int = 0
    given_up: int = 0
    more: bool = False  # the batch was full: more messages may be due
    unreachable: bool = False  # the server did not answer: nothing was tried


def backoff(attempts: int) -> timedelta:
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), LONGEST_WAIT)


def _connect() -> smtplib.SMTP:
    cfg = current_app.config
    smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg.get("MAIL_TIMEOUT", 10))
    if cfg.get("MAIL_USE_TLS"):
        smtp.starttls(context=ssl.create_default_context())
    if cfg.get("MAIL_USERNAME"):
        smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
    return smtp


def _email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_email
    email["Subject"] = message.subject
    # Deterministic, so that a retry after an unknown outcome is recognised as the same message.
    email["Message-ID"] = f"<outbox-{message.id}.{message.created_at:%Y%m%d%H%M%S}@{_domain()}>"
    email["Date"] = format_datetime(message.created_at)
    email.set_content(message.body)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    return email


def _domain() -> str:
    return urlsplit(current_app.config.get("PUBLIC_URL") or "http://bourse.local").hostname or "bourse.local"


# SQLite has no row locks: the write lock keeps two workers from sending the same message.
@handler("outbox.send_due", every="minute", lock=WRITE_LOCK)
def send_due_job() -> None:
    """The e-mail job: after a transaction that queued e-mails, and every minute for the retries.

    One batch per job, so that no job holds the database for long; a full batch queues the next one.
    """
    if send_due().more:
        jobs.enqueue_once("outbox.send_due")


def send_due(now: datetime | None = None, batch: int = 100) -> Report:
    """Send what is due, as one unit of work (the caller commits the batch's outcome).

    Several workers may run: PostgreSQL hands each row to one of them.
    """
    db.session.flush()  # messages queued earlier in this unit of work are due too
    now = now or utcnow()
    report = Report()
    due = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING.value,
                                       OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id).limit(batch).with_for_update(skip_locked=True)
    ).all()
    if not due:
        return report
    report.more = len(due) == batch
    try:
        smtp = _connect()
    except (OSError, smtplib.SMTPException) as exc:
        # The server is down, not the messages: they stay due, no attempt counted, and the
        # every-minute run tries one connection again, so delivery resumes a minute at most after
        # the server is back, however long it was away (a per-message back-off would wait hours).
        log.warning("SMTP server unreachable (%s): %d e-mails wait for it", type(exc).__name__, len(due))
        for message in due:
            message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
        report.more, report.unreachable = False, True
        db.session.flush()
        return report
    with smtp:
        for message in due:
            try:
                smtp.send_message(_email(message))
            except (OSError, smtplib.SMTPException) as exc:
                _failed(message, now, exc, report)
            else:
                message.status, message.sent_at, message.attempts = OutboxStatus.SENT.value, now, message.attempts + 1
                report.sent += 1
    db.session.flush()
    return report


def _failed(message: OutboxMessage, now: datetime, exc: Exception, report: Report) -> None:
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED.value
        report.given_up += 1
    else:
        message.next_attempt_at = now + backoff(message.attempts)
        report.retried += 1


@gauges.gauge("bourse_outbox", "E-mails waiting in the outbox (pending: the backlog; failed: given up)", label="status")
def _waiting() -> dict[str, float]:
    rows = db.session.execute(db.select(OutboxMessage.status, db.func.count(OutboxMessage.id))
                              .where(OutboxMessage.status != OutboxStatus.SENT.value).group_by(OutboxMessage.status))
    return {OutboxStatus.PENDING.value: 0, OutboxStatus.FAILED.value: 0} | {status: n for status, n in rows}
