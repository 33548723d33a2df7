"""How notifications react to what happens elsewhere: life-cycle moves and messages, through signals.

Domains below never import notifications; they send signals (``bourse.lifecycle.moved``,
``applications.services.message_posted``) and this module, which sits above them, answers.
Receivers run inside the sender's unit of work, so a notification is written, or not,
together with what caused it.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale, gettext as _
from flask_babel import lazy_gettext as _l

from bourse.applications import machine
from bourse.applications.labels import VERB_LABELS
from bourse.applications.leases import deadline_due
from bourse.applications.services import message_posted, reviewers
from bourse.jury.invitations import invited
from bourse.lifecycle import moved
from bourse import jobs
from bourse.notifications.services import notify, queue_email
from bourse.urls import link_to
from bourse.programmes.services import call_published


def application_moved(application, actor, verb: str, context: dict) -> None:
    """The entrepreneur hears of reviewers' moves; reviewers hear of the entrepreneur's."""
    link = link_to("desk.detail", application_id=application.id)
    title = f"{application.project.name} — {application.premises.title}"
    notice = context.get("notice")
    if notice is not None:  # a move that brings its own words (the jury's decision)
        notify(application.applicant, notice.kind, notice.title, notice.body, link)
        return
    if verb in machine.APPLICANT_VERBS:
        for reviewer in reviewers(application):
            notify(reviewer, f"application_{verb}", title,
                   str(_l("Application %(verb)s", verb=VERB_LABELS[verb])), link)
        return
    body = str(VERB_LABELS[verb])
    if verb == "reject" and application.reason:
        body += " — " + application.reason
    notify(application.applicant, f"application_{verb}", title, body, link)


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
    for user in others:
        notify(user, "application_message",
               str(_l("New message about %(project)s", project=application.project.name)), message.body[:300], link)


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
    """The invitee may have no account yet: an e-mail straight to the address, in the inviter's language."""
    programme = call.programme
    queue_email(
        member.email,
        _("Invitation to the jury of %(title)s", title=programme.title),
        _("%(name)s invites you to the jury of the test-boutique call \"%(title)s\" in %(town)s.\n\n"
               "Accept the invitation and create your access here (valid for 30 days):\n%(link)s",
          name=actor.full_name, title=programme.title, town=programme.town.name, link=link))


def init_app(app: Flask) -> None:
    # Signals are process-wide; connecting the same receiver again is a no-op.
    moved.connect(on_moved)
    message_posted.connect(on_message)
    call_published.connect(on_call_published)
    deadline_due.connect(on_lease_deadline)
    invited.connect(on_jury_invitation)
