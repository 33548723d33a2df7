"""Notifications, alerts and the user's notification preference."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.notifications import services
from bourse.notifications.forms import PreferencesForm, ProjectAlertForm, SaveSearchForm
from bourse.notifications.models import SavedSearch
from bourse.permissions import login_required, roles_required
from bourse.search import filters as premises_search
from bourse.projects import services as projects

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
    searches = db.session.scalars(db.select(SavedSearch).where(SavedSearch.user_id == current_user.id)
                                  .order_by(SavedSearch.created_at.desc())).all()
    return render_template("notifications/alerts.html", searches=searches)


@bp.route("/alertes/recherche", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def save_search():
    form = SaveSearchForm()
    if form.validate_on_submit():
        filters = premises_search.locate(premises_search.parse(dict(parse_qsl(form.query.data or ""))))
        query = premises_search.to_args(filters, page=1, sort="relevance")
        if filters.point:  # keep the geocoded point: alerts are checked without the geocoder
            query.pop("near", None)
            query.update(lat=str(filters.lat), lon=str(filters.lon))
        db.session.add(SavedSearch(user_id=current_user.id, name=form.name.data.strip(), query=query))
        flash(_("Alert saved: you will hear about new premises that match."), "success")
    return redirect(url_for("notifications.alerts"))


@bp.route("/alertes/projet/<int:project_id>", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def project_alert(project_id: int):
    project = projects.get_own(current_user, project_id)
    form = ProjectAlertForm()
    if form.validate_on_submit():
        db.session.add(SavedSearch(user_id=current_user.id, project_id=project.id, min_score=form.min_score.data,
                                   name=_("%(project)s from %(score)d/100", project=project.name,
                                          score=form.min_score.data)))
        flash(_("Alert saved: you will hear about new premises that match."), "success")
    else:
        flash(_("Choose a score between 1 and 100."), "error")
    return redirect(url_for("matching.project_spaces", project_id=project_id))


@bp.route("/alertes/<int:search_id>/supprimer", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def delete_alert(search_id: int):
    saved = db.session.get(SavedSearch, search_id)
    if saved is None or saved.user_id != current_user.id:
        abort(404)
    db.session.delete(saved)
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
