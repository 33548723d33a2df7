"""Jury pages: joining through an invitation, scoring, and the manager's jury workspace."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user

from bourse.urls import row_id
from bourse import unit_of_work
from bourse.accounts import services as accounts
from bourse.accounts.roles import Role
from bourse.applications.labels import STATE_LABELS
from bourse.errors import flashed_refusals, form_errors
from bourse.unit_of_work import locked, row_lock
from bourse.applications.models import Application
from bourse.extensions import db, limiter
from bourse.flashes import flash_form_errors
from bourse.jury import access, decision, invitations, ranking, scoring
from bourse.jury.forms import AcceptForm, ConflictForm, DecisionForm, InviteForm, JoinForm, ScoreForm
from bourse.jury.models import JuryMember
from bourse.permissions import login_required, public, roles_required
from bourse.programmes.services import confirmed_allocation, get_run_call
from bourse.programmes.models import Call
from bourse.timeutil import utcnow

bp = Blueprint("jury", __name__)
RUNNERS = (Role.TOWN_MANAGER, Role.ADMIN)


def init_app(app) -> None:
    @app.context_processor
    def _jury_seat():
        # Any account can be seated (a landlord, a shopkeeper): the link follows the seat, not the role.
        if current_user.is_authenticated and current_user.role == Role.JURY_MEMBER.value:
            return {"sits_on_a_jury": True}  # no query: the role already shows the link
        return {"sits_on_a_jury": access.has_seat(current_user)}


# --- Joining -----------------------------------------------------------------------------------

@bp.route("/jury/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour")  # tokens are unguessable; this keeps scanners from trying
@public
def invitation(token: str):
    member = invitations.pending(token)  # 404 for a used, expired or unknown link
    if current_user.is_authenticated:
        form = AcceptForm()
        if form.validate_on_submit():
            with flashed_refusals():
                invitations.accept(current_user, token)
                flash(_("You have joined the jury."), "success")
                return redirect(url_for("jury.call", call_id=member.call_id))
        return render_template("jury/invitation.html", member=member, form=form, has_account=True)
    if accounts.find_user_by_email(member.email) is not None:
        return render_template("jury/invitation.html", member=member, form=None, has_account=True)
    form = JoinForm(email=member.email)
    if form.validate_on_submit():
        with form_errors(form):
            user = invitations.sign_up_and_accept(token, form.full_name.data, form.password.data)
            login_user(user)
            flash(_("Welcome to Bourse, %(name)s! You have joined the jury.", name=user.full_name), "success")
            return redirect(url_for("jury.call", call_id=member.call_id))
    return render_template("jury/invitation.html", member=member, form=form, has_account=False)


# --- Members' workspace ------------------------------------------------------------------------

@bp.route("/jury")
@login_required
def mine():
    return render_template("jury/mine.html", calls=invitations.calls_of(current_user))


def _seat_or_404(call_id: int) -> tuple[Call, JuryMember]:
    call = db.session.get(Call, call_id) or abort(404)
    member = access.membership(current_user, call.id) or abort(404)
    return call, member


@bp.route("/jury/appels/<int:call_id>")
@login_required
def call(call_id: int):
    call, member = _seat_or_404(call_id)
    items = scoring.applications_of(call)
    conflicts, done = scoring.progress_of(member, items)
    return render_template("jury/call.html", call=call, applications=items, conflicts=conflicts, done=done,
                           labels=STATE_LABELS, decided=scoring.decided(call.id))


@bp.route("/jury/candidatures/<int:application_id>", methods=["GET", "POST"])
@login_required
def score(application_id: int):
    application = db.session.get(Application, application_id) or abort(404)
    member = scoring.seat_for(current_user, application)
    if access.is_conflicted(member, application.id):
        # Having declared a conflict, the member sees nothing of the application but its reference.
        return render_template("jury/conflicted.html", application_id=application.id, member=member,
                               programme=application.slot.call.programme)
    grid = application.slot.call.programme.criteria
    form, invalid = ScoreForm(), None
    while len(form.marks) < len(grid):
        form.marks.append_entry()
    while len(form.marks) > len(grid):  # extra marks-N fields posted: the grid decides
        form.marks.pop_entry()
    if form.validate_on_submit():
        marks = [scoring.Mark(e.form.score.data, e.form.comment.data or "") for e in form.marks][:len(grid)]
        with form_errors(form) as refusal:
            scoring.save_scores(current_user, application, marks)
            flash(_("Your scores are saved."), "success")
            return redirect(url_for("jury.call", call_id=member.call_id))
        invalid = refusal.error.field
    elif not form.is_submitted():
        saved = scoring.scores_of(member, application)
        for index, entry in enumerate(form.marks):
            if index in saved:
                entry.form.score.data = f"{saved[index].score.normalize():f}"
                entry.form.comment.data = saved[index].comment
    else:
        flash_form_errors(form)
    return render_template("jury/score.html", application=application, member=member, form=form, grid=grid,
                           invalid=invalid,
                           programme=application.slot.call.programme, conflict_form=ConflictForm(),
                           open=application.state in scoring.OPEN_FOR_SCORING and not scoring.decided(member.call_id))


@bp.route("/jury/candidatures/<int:application_id>/conflit", methods=["POST"])
@login_required
def declare_conflict(application_id: int):
    application = db.session.get(Application, application_id) or abort(404)
    form = ConflictForm()
    if form.validate_on_submit():
        with flashed_refusals():
            unit_of_work.retry_after(scoring.ConflictAlreadyDeclared, lambda: scoring.declare_conflict(
                current_user, application, form.note.data or ""))
            flash(_("Conflict of interest recorded: you will not score this application."), "success")
    else:
        scoring.seat_for(current_user, application)  # 404 before telling anything else
        flash_form_errors(form)
    return redirect(url_for("jury.score", application_id=application_id))


# --- The town manager's side -------------------------------------------------------------------

@bp.route("/appels/<int:call_id>/jury")
@roles_required(*RUNNERS)
def manage(call_id: int):
    call = get_run_call(current_user, call_id)
    return _manage_page(call, InviteForm(), DecisionForm())


def _manage_page(call: Call, invite_form, decision_form):
    ranked = ranking.rank(call)
    members = invitations.members(call)
    emails = {m.id: m.email for m in members}
    confirmed = {a.slot_id: a.project_id for a in confirmed_allocation(call).values()}
    return render_template("jury/manage.html", call=call, members=members, ranked=ranked, emails=emails,
                           previous=invitations.previous_members(call),
                           invite_form=invite_form, decision_form=decision_form, labels=STATE_LABELS,
                           decision=decision.decision_of(call), confirmed=confirmed, now=utcnow(),
                           running=[a for a in ranked if a.application.state in scoring.OPEN_FOR_SCORING])


@bp.route("/appels/<int:call_id>/jury/invitations", methods=["POST"])
@roles_required(*RUNNERS)
def invite(call_id: int):
    call = get_run_call(current_user, call_id)
    form = InviteForm()
    if form.validate_on_submit():
        with form_errors(form):
            member = invitations.invite(current_user, call, form.email.data)
            flash(_("Invitation sent to %(email)s.", email=member.email), "success")
            return redirect(url_for("jury.manage", call_id=call.id))
    return _manage_page(call, form, DecisionForm()), 422


@bp.route("/appels/<int:call_id>/jury/invitations/precedentes", methods=["POST"])
@roles_required(*RUNNERS)
def invite_previous(call_id: int):
    call = get_run_call(current_user, call_id)  # CSRF checked app-wide
    invited = invitations.invite_previous(current_user, call)
    flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", len(invited)), "success")
    return redirect(url_for("jury.manage", call_id=call.id))


@bp.route("/jury/membres/<int:member_id>/retirer", methods=["POST"])
@roles_required(*RUNNERS)
def remove(member_id: int):
    member = db.session.get(JuryMember, member_id) or abort(404)
    call_id = member.call_id
    invitations.remove(current_user, member)  # 404 for another town's jury; CSRF checked app-wide
    flash(_("Removed from the jury."), "success")
    return redirect(url_for("jury.manage", call_id=call_id))


@bp.route("/appels/<int:call_id>/decision", methods=["POST"])
@roles_required(*RUNNERS)
@locked(row_lock(Call, "call_id"))  # one decision at a time per call
def decide(call_id: int):
    call = get_run_call(current_user, call_id)
    form = DecisionForm()
    if form.validate_on_submit():
        choices = {slot.id: request.form.get(f"slot-{slot.id}", type=row_id) for slot in call.slots}
        reasons = {a.id: request.form.get(f"reason-{a.id}", "")[:2000] for a in scoring.applications_of(call)}
        with form_errors(form):
            decision.record(current_user, call, choices, form.minutes.data, form.reason.data or "", reasons)
            flash(_("Decision recorded: every applicant has been told."), "success")
            return redirect(url_for("jury.manage", call_id=call.id))
    return _manage_page(call, InviteForm(), form), 422
