"""The account's data page: download everything, or delete the account."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from bourse.accounts.recent import recent_sign_in_required
from bourse.errors import form_errors
from bourse.extensions import limiter
from bourse.permissions import login_required
from bourse.privacy import erasure, export
from bourse.privacy.forms import DeleteAccountForm, ExportForm
from bourse.privacy.retention import RETENTION
from bourse.timeutil import utcnow

bp = Blueprint("privacy", __name__)


@bp.route("/compte/donnees")
@login_required
@recent_sign_in_required
def data():
    return render_template("privacy/data.html", export_form=ExportForm(), delete_form=DeleteAccountForm(),
                           retention=RETENTION)


@bp.route("/compte/donnees/telechargement", methods=["POST"])
@limiter.limit("10 per hour")
@login_required
@recent_sign_in_required
def download():
    if not ExportForm().validate_on_submit():
        return redirect(url_for("privacy.data"))
    archive = export.write_zip(current_user)
    return send_file(archive, mimetype="application/zip", as_attachment=True,
                     download_name=f"bourse-mes-donnees-{utcnow():%Y-%m-%d}.zip")


@bp.route("/compte/supprimer", methods=["POST"])
@login_required
@recent_sign_in_required
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        with form_errors(form):
            erasure.delete_account(current_user._get_current_object(), form.password.data)
            logout_user()
            flash(_("Your account is deleted. Thank you for using Bourse."), "info")
            return redirect(url_for("main.index"))
    return render_template("privacy/data.html", export_form=ExportForm(), delete_form=form, retention=RETENTION)
