"""The desk's pages: an application's page, the review queue with its score filters, a call's CSV."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from bourse.urls import row_id
from bourse.accounts.roles import Role
from bourse.applications import machine, services
from bourse.applications.forms import DocumentForm, LeaseForm, MessageForm, MoveForm, QueueFilterForm, SignForm
from bourse.applications.labels import ACTION_LABELS, STATE_LABELS
from bourse.applications.models import State
from bourse.applications.next_step import next_step
from bourse.desk import export, scores
from bourse.flashes import flash_form_errors
from bourse.jury.ranking import jury_scores, rank
from bourse.matching import services as matching
from bourse.permissions import login_required, roles_required
from bourse.programmes import services as programmes

bp = Blueprint("desk", __name__)
REVIEWERS = (Role.LANDLORD, Role.TOWN_MANAGER, Role.ADMIN)


@bp.route("/candidatures")
@roles_required(*REVIEWERS)
def queue():
    form = QueueFilterForm(request.args)
    form.state.choices = [SelectChoice("", _("All states"))] + [
        SelectChoice(s.value, STATE_LABELS[s]) for s in State if s is not State.DRAFT]
    towns = current_user.towns if current_user.has_role(Role.TOWN_MANAGER) else []
    form.town.choices = [SelectChoice("", _("All towns"))] + [SelectChoice(t.id, t.name) for t in towns]
    form.programme.choices = [SelectChoice("", _("All programmes"))] + [
        SelectChoice(p.id, p.title) for p in programmes.programmes_for(current_user)]
    form.sort.choices = [SelectChoice("recent", _("Most recent")), SelectChoice("match", _("Best match")),
                         SelectChoice("jury", _("Best jury score"))]
    if not form.validate():
        flash_form_errors(form, with_labels=True)
    data = {name: (field.data if not field.errors else None) for name, field in form._fields.items()}
    items = services.review_queue(current_user, data["state"] or None, data["town"] or None,
                                  request.args.get("call", type=row_id), data["programme"] or None)
    found = scores.scores_for(items)
    items = [a for a in items if scores.keep(found[a.id], data["min_match"], data["min_jury"])]
    if data["sort"] in ("match", "jury"):
        items.sort(key=lambda a: -(getattr(found[a.id], data["sort"]) or -1))
    return render_template("applications/queue.html", form=form, applications=items, labels=STATE_LABELS,
                           scores=found)


@bp.route("/appels/<int:call_id>/candidatures.csv")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def export_call(call_id: int):
    call = programmes.get_run_call(current_user, call_id)
    body = export.to_csv(services.review_queue(current_user, call_id=call.id), jury_scores(call))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="candidatures-appel-{call.id}.csv"'})


@bp.route("/candidatures/<int:application_id>")
@login_required
def detail(application_id: int):
    application = services.get_visible(current_user, application_id)
    reviewer = machine.is_reviewer(current_user, application)
    fit = matching.fit_for_projects([application.project], application.premises)[0] if reviewer else None
    messages = [m for m in application.messages if reviewer or not m.internal]
    jury = next((a for a in rank(application.slot.call) if a.application.id == application.id), None) \
        if reviewer and application.slot else None
    return render_template(
        "applications/detail.html", application=application, reviewer=reviewer, fit=fit, messages=messages, jury=jury,
        verbs=[(v, ACTION_LABELS[v]) for v in machine.verbs_for(current_user, application)
               if not machine.TRANSITIONS[v].dedicated],
        labels=STATE_LABELS, next_step=next_step, move_form=MoveForm(), message_form=MessageForm(),
        lease_form=_lease_form(application), sign_form=SignForm(), document_form=DocumentForm(required=application.required_documents),
        can_sign=machine.can_sign_lease(current_user, application), contacts=_contacts(application, reviewer))


def _contacts(application, reviewer: bool) -> list:
    """Who the selected applicant deals with: the landlord, or for a test boutique the town's managers."""
    if reviewer or application.state not in (State.SELECTED.value, State.LEASE_SIGNED.value):
        return []
    return services.reviewers(application) if application.slot_id else [application.premises.owner]


def _lease_form(application):
    form = LeaseForm(obj=application.lease) if application.lease else LeaseForm()
    if application.lease and not form.is_submitted():
        while len(form.steps):
            form.steps.pop_entry()
        for step in application.lease.steps + [None] * 2:
            form.steps.append_entry(step)
    return form
