"""The account's API tokens: make one (shown once), see them, revoke one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from bourse.accounts import api_tokens
from bourse.accounts.forms import ApiTokenForm, RevokeTokenForm
from bourse.errors import form_errors
from bourse.permissions import login_required

bp = Blueprint("api_tokens", __name__)


def _page(form: ApiTokenForm, shown: str | None = None):
    return render_template("accounts/api_tokens.html", form=form, tokens=api_tokens.live(current_user),
                           revoke_form=RevokeTokenForm(), shown=shown)


@bp.route("/compte/jetons")
@login_required
def index():
    return _page(ApiTokenForm())


@bp.route("/compte/jetons", methods=["POST"])
@login_required
def create():
    form = ApiTokenForm()
    if form.validate_on_submit():
        with form_errors(form):
            days = None if form.days.data == "never" else int(form.days.data)
            _token, text = api_tokens.create(current_user, form.name.data, form.scope.data, days)
            flash(_("Token made. Copy it now: it will not be shown again."), "success")
            return _page(ApiTokenForm(formdata=None), shown=text)
    return _page(form), 400


@bp.route("/compte/jetons/<int:token_id>/revoquer", methods=["POST"])
@login_required
def revoke(token_id: int):
    if RevokeTokenForm().validate_on_submit():
        token = api_tokens.revoke(current_user, token_id)  # someone else's token: 404
        flash(_("Token “%(name)s” revoked: programs using it are refused from now on.", name=token.name), "info")
    return redirect(url_for("api_tokens.index"))
