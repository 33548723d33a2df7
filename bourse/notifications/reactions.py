"""How notifications react to what happens elsewhere: life-cycle moves and messages, through signals.

Domains below never import notifications; they send signals (``bourse.lifecycle.moved``,
``applications.services.message_posted``) and this module, which sits above them, answers.
Receivers run inside the sender's unit of work, so a notification is written, or not,
together with what caused it.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale, gettext as _

from bourse.applications import machine
from bourse.applications.labels import STATE_LABELS
from bourse.applications.models import State
from bourse.applications.next_step import next_step
from bourse.applications.leases import deadline_due
from bourse.applications.services import message_posted, reviewers
from bourse.jury.invitations import invited
from bourse.register.owners import owner_invited
from bourse.extensions import db
from bourse.towns.models import Town
from bourse.lifecycle import moved
from bourse import jobs
from bourse.notifications import emails
from bourse.notifications.services import notify, notify_event, queue_email
from bourse.urls import link_to
from bourse.programmes.services import call_published


DECISIONS = {"shortlist": "application_shortlisted", "select": "application_selected", "reject": "application_rejected"}


class _NextStep:
    """The applicant's next step, worded when the message is (so in the recipient's language)."""

    def __init__(self, application) -> None:
        self.application = application

    def __str__(self) -> str:
        return next_step(self.application)


def _about(application) -> dict:
    return dict(application=application, premises=application.premises, project=application.project,
                applicant=application.applicant.full_name, call=application.slot.call if application.slot else None)


def application_moved(application, actor, verb: str, context: dict) -> None:
    """Each person concerned hears of the move in their own language, with what comes next."""
    link = link_to("desk.detail", application_id=application.id)
    about = _about(application)
    notice = context.get("notice")
    if notice is not None:  # the jury's decision, with its own words
        kind = "jury_selected" if notice.selected else "jury_not_selected"
        notify_event(application.applicant, kind, link, slot=application.slot, reason=notice.reason, **about)
        return
    others = [r for r in reviewers(application) if r.id != getattr(actor, "id", None)]
    if verb in machine.APPLICANT_VERBS:
        kind = "application_submitted" if verb == "submit" else "application_withdrawn"
        for reviewer in others:
            notify_event(reviewer, kind, link, **about)
        return
    if verb == "sign_lease":
        notify_event(application.applicant, "lease_signed", link, tenant=True, lease=application.lease, **about)
        for reviewer in others:
            notify_event(reviewer, "lease_signed", link, tenant=False, lease=application.lease, **about)
        return
    if verb in DECISIONS:
        notify_event(application.applicant, DECISIONS[verb], link, next_step=_NextStep(application),
                     reason=application.reason, **about)
    for reviewer in others:  # the landlord hears of the manager's moves, and the other way round
        notify_event(reviewer, "application_decided", link, actor=actor.full_name if actor else "",
                     state_label=STATE_LABELS[State(application.state)], **about)


def on_moved(sender: str, *, subject, actor, verb: str, from_state, to_state, context: dict) -> None:
    if sender == "application":
        application_moved(subject, actor, verb, context)
    elif sender == "premises" and verb == "publish":
        # Off the landlord's request: the alert job finds the searches that match, after commit.
        jobs.enqueue("alerts.premises_published", premises_id=subject.id)


def on_message(sender: str, *, message, application, author) -> None:
    if message.internal:
        return
    link = link_to("desk.detail", application_id=application.id)
    others = [application.applicant] if author.id != application.applicant_id else reviewers(application)
    excerpt = message.body if len(message.body) <= 300 else message.body[:299] + "…"
    for user in others:
        notify_event(user, "message", link, author=author.full_name, excerpt=excerpt, **_about(application))


def on_call_published(sender: str, *, call) -> None:
    jobs.enqueue("alerts.call_published", call_id=call.id)


def on_lease_deadline(sender: str, *, application, kind: str, label, due) -> None:
    """The entrepreneur and the reviewers, each in their own language."""
    link = link_to("desk.detail", application_id=application.id)
    for user in [application.applicant, *reviewers(application)]:
        with force_locale(user.locale or "fr"):
            title = _("%(what)s on %(date)s", what=str(label), date=due.isoformat())
            notify(user, f"lease_{kind}", title, f"{application.project.name} — {application.premises.title}", link)


def on_jury_invitation(sender: str, *, member, call, actor, link: str) -> None:
    """The invitee may have no account yet: an e-mail straight to the address, in the site's language."""
    composed = emails.compose("jury_invitation", locale=None, name="", link=link, inviter=actor.full_name,
                              programme=call.programme, call=call)
    queue_email(member.email, composed.subject, composed.text, composed.html)


def on_owner_invitation(sender: str, *, unit, actor, locale: str, link: str) -> None:
    """The owner has no account: an e-mail to the address the manager recorded, in the language chosen."""
    composed = emails.compose("owner_invitation", locale=locale, name=unit.owner_name or "", link=link,
                              inviter=actor.full_name, town=db.session.get(Town, unit.town_id).name,
                              address=unit.address or unit.name or "")
    queue_email(unit.owner_email, composed.subject, composed.text, composed.html)


def init_app(app: Flask) -> None:
    # Signals are process-wide; connecting the same receiver again is a no-op.
    moved.connect(on_moved)
    message_posted.connect(on_message)
    call_published.connect(on_call_published)
    deadline_due.connect(on_lease_deadline)
    invited.connect(on_jury_invitation)
    owner_invited.connect(on_owner_invitation)
