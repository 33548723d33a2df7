"""Notifications, alerts and the user's notification preference."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from bourse.accounts.roles import Role
from bourse.notifications import saved_searches, services
from bourse.notifications.forms import PreferencesForm, ProjectAlertForm, SaveSearchForm
from bourse.permissions import login_required, roles_required
from bourse.projects import services as projects
from bourse.search import filters as premises_search

bp = Blueprint("notifications", __name__)


@bp.route("/notifications")
@login_required
def inbox():
    items = services.recent(current_user)
    unread = {n.id for n in items if n.read_at is None}
    services.mark_all_read(current_user)
    return render_template("notifications/inbox.html", items=items, unread=unread)


@bp.route("/alertes")
@roles_required(Role.ENTREPRENEUR)
def alerts():
    return render_template("notifications/alerts.html", searches=saved_searches.searches_of(current_user))


@bp.route("/alertes/recherche", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def save_search():
    form = SaveSearchForm()
    if form.validate_on_submit():
        filters = premises_search.locate(premises_search.parse(dict(parse_qsl(form.query.data or ""))))
        filters.errors = []  # the page saves what it could read, as the results showed it
        saved_searches.save_filters(current_user, form.name.data, filters)
        flash(_("Alert saved: you will hear about new premises that match."), "success")
    return redirect(url_for("notifications.alerts"))


@bp.route("/alertes/projet/<int:project_id>", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def project_alert(project_id: int):
    project = projects.get_own(current_user, project_id)
    form = ProjectAlertForm()
    if form.validate_on_submit():
        saved_searches.save_project_alert(current_user, project, form.min_score.data)
        flash(_("Alert saved: you will hear about new premises that match."), "success")
    else:
        flash(_("Choose a score between 1 and 100."), "error")
    return redirect(url_for("matching.project_spaces", project_id=project_id))


@bp.route("/alertes/<int:search_id>/supprimer", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def delete_alert(search_id: int):
    saved_searches.delete(current_user, search_id)
    flash(_("Alert deleted."), "success")
    return redirect(url_for("notifications.alerts"))


@bp.route("/compte/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm(obj=current_user, alert_emails=current_user.alert_emails_consent_at is not None)
    if form.validate_on_submit():
        services.save_preferences(current_user, form.email_notifications.data, form.alert_emails.data)
        flash(_("Preferences saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)


def init_app(app) -> None:
    @app.context_processor
    def _unread():
        if current_user and current_user.is_authenticated:
            return {"unread_notifications": services.unread_count(current_user)}
        return {"unread_notifications": 0}
