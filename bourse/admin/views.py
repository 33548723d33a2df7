"""Administration: users, town managers, and the background jobs."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from bourse.errors import form_errors
from bourse.accounts import services as accounts
from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.admin.forms import ManagerForm, RetryForm
from bourse.extensions import db
from bourse.jobs import services as job_services
from bourse.jobs.models import JobState
from bourse.permissions import roles_required
from bourse.towns import services as towns

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    return redirect(url_for("admin.users"))


@bp.route("/utilisateurs")
@roles_required(Role.ADMIN)
def users():
    people = db.session.scalars(db.select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=people)


@bp.route("/managers/nouveau", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_manager():
    all_towns = towns.list_towns()
    form = ManagerForm()
    form.towns.choices = [SelectChoice(t.id, f"{t.name} ({t.insee_code})") for t in all_towns]
    if form.validate_on_submit():
        chosen = [t for t in all_towns if t.id in set(form.towns.data)]
        with form_errors(form):
            user = accounts.create_user(
                form.email.data, form.password.data, form.full_name.data, Role.TOWN_MANAGER, chosen
            )
            flash(_("Town manager %(email)s created.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/manager_form.html", form=form)


@bp.route("/taches")
@roles_required(Role.ADMIN)
def jobs():
    state = request.args.get("etat") or None
    if state not in (None, *[s.value for s in JobState]):
        state = None
    return render_template("admin/jobs.html", jobs=job_services.listing(state), counts=job_services.counts(),
                           state=state, retry_form=RetryForm())


@bp.route("/taches/<int:job_id>/relancer", methods=["POST"])
@roles_required(Role.ADMIN)
def retry_job(job_id: int):
    if RetryForm().validate_on_submit():
        job_services.retry(job_id)
        flash(_("The job is queued again."), "success")
    return redirect(url_for("admin.jobs", etat="failed"))
