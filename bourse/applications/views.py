"""Applying, following one's applications, and the moves, leases, documents and messages of each.

The pages that weigh applications against each other (the review queue, an application's page with its
match and jury scores, a call's export) are in ``bourse.desk``, above the jury and matching."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from bourse.accounts.recent import recent_sign_in_required
from bourse.accounts.roles import Role
from bourse.applications import documents, leases, machine, services
from bourse.applications.forms import (
    ApplyForm,
    DocumentForm,
    LeaseForm,
    MessageForm,
    MoveForm,
    SignForm,
)
from bourse.applications.labels import STATE_LABELS
from bourse.applications.next_step import next_step
from bourse import unit_of_work
from bourse.errors import flashed_refusals, form_errors
from bourse.extensions import db
from bourse.flashes import flash_form_errors
from bourse.permissions import login_required, roles_required
from bourse.premises.models import Premises
from bourse.programmes.models import Slot
from bourse.programmes.queries import open_calls_of
from bourse.projects import services as projects

bp = Blueprint("applications", __name__)
REVIEWERS = (Role.LANDLORD, Role.TOWN_MANAGER, Role.ADMIN)


@bp.route("/candidater/locaux/<int:premises_id>", methods=["GET", "POST"])
@roles_required(Role.ENTREPRENEUR)
def apply_premises(premises_id: int):
    premises = db.session.get(Premises, premises_id) or abort(404)
    return _apply(premises, None)


@bp.route("/candidater/creneau/<int:slot_id>", methods=["GET", "POST"])
@roles_required(Role.ENTREPRENEUR)
def apply_slot(slot_id: int):
    slot = db.session.get(Slot, slot_id) or abort(404)
    return _apply(slot.premises, slot)


def _apply(premises, slot):
    services.require_visible_target(premises, slot)
    calls = open_calls_of(premises.id) if slot is None else []
    if calls:  # a test boutique: one applies to its call, for a slot
        flash(str(services.TEST_BOUTIQUE), "info")
        return redirect(url_for("programmes.call_detail", call_id=calls[0].id))
    own = projects.projects_of(current_user)
    if not own:
        flash(_("Create a project file first: it is reused for every application."), "info")
        return redirect(url_for("projects.create"))
    form = ApplyForm(projects=own)
    if form.validate_on_submit():
        project = next(p for p in own if p.id == form.project.data)
        submit = "submit" in request.form
        with form_errors(form):
            application = unit_of_work.retry_after(services.AlreadyApplied, lambda: services.apply(
                current_user, project, premises, slot, form.message.data or "", submit,
                form.request_token.data or None))
            flash(_("Application submitted.") if submit else _("Draft saved."), "success")
            return redirect(url_for("desk.detail", application_id=application.id))
    return render_template("applications/apply.html", form=form, premises=premises, slot=slot)


@bp.route("/mes-candidatures")
@roles_required(Role.ENTREPRENEUR)
def mine():
    return render_template("applications/mine.html", applications=services.mine(current_user),
                           labels=STATE_LABELS, next_step=next_step)


@bp.route("/candidatures/<int:application_id>/<verb>", methods=["POST"])
@login_required
def move(application_id: int, verb: str):
    application = services.get_visible(current_user, application_id)
    if verb not in machine.TRANSITIONS:
        abort(404)
    form = MoveForm()
    form.validate_on_submit()
    with flashed_refusals():
        services.transition(current_user, application, verb, form.reason.data, form.version.data)
        flash(_("Done."), "success")
    return redirect(url_for("desk.detail", application_id=application_id))


@bp.route("/candidatures/<int:application_id>/bail", methods=["POST"])
@roles_required(*REVIEWERS)
def record_lease(application_id: int):
    application = services.get_visible(current_user, application_id)
    form = LeaseForm()
    if form.validate_on_submit():
        steps = [leases.Step(e.form.starts_on.data, e.form.ends_on.data, e.form.monthly_rent.data)
                 for e in form.steps if e.form.starts_on.data and e.form.ends_on.data and e.form.monthly_rent.data is not None]
        with flashed_refusals():
            leases.record_lease(current_user, application, lease_type=form.lease_type.data,
                                starts_on=form.starts_on.data, ends_on=form.ends_on.data, steps=steps,
                                renewal_decision_on=form.renewal_decision_on.data,
                                converts_to=form.converts_to.data or None)
            flash(_("Lease recorded."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("desk.detail", application_id=application_id) + "#lease")


@bp.route("/candidatures/<int:application_id>/signature", methods=["POST"])
@roles_required(*REVIEWERS)
@recent_sign_in_required
def sign_lease(application_id: int):
    application = services.get_visible(current_user, application_id)
    form = SignForm()
    if form.validate_on_submit():
        with flashed_refusals():
            leases.sign(current_user, application, form.signed_on.data)
            flash(_("Lease signed: the premises are now let."), "success")
    return redirect(url_for("desk.detail", application_id=application_id))


@bp.route("/candidatures/<int:application_id>/documents", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def add_document(application_id: int):
    application = services.get_visible(current_user, application_id)
    form = DocumentForm(required=application.required_documents)
    if form.validate_on_submit():
        with flashed_refusals():
            documents.add_document(current_user, application, form.document.data.read(), form.document.data.filename,
                                   form.kind.data or None)
            flash(_("Document added."), "success")
    else:
        flash_form_errors(form, with_labels=True)  # no file, or a document the call does not ask for
    return redirect(url_for("desk.detail", application_id=application_id) + "#documents")


@bp.route("/candidatures/<int:application_id>/messages", methods=["POST"])
@login_required
def post_message(application_id: int):
    application = services.get_visible(current_user, application_id)
    form = MessageForm()
    if form.validate_on_submit():
        with flashed_refusals():
            services.add_message(current_user, application, form.body.data, bool(form.internal.data))
    else:
        flash(_("Write a message first."), "error")
    return redirect(url_for("desk.detail", application_id=application_id) + "#messages")
