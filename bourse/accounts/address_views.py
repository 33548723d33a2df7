"""The pages behind e-mailed links: confirming an address, a forgotten password, a new address."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from bourse.accounts import addresses
from bourse.accounts.forms import EmailChangeForm, ForgottenPasswordForm, ResendVerificationForm, ResetPasswordForm
from bourse.accounts.recent import mark_signed_in, recent_sign_in_required
from bourse.errors import flashed_refusals, form_errors
from bourse.extensions import limiter
from bourse.flashes import flash_form_errors
from bourse.permissions import login_required, public

bp = Blueprint("addresses", __name__)


def _email_key() -> str:
    return "mail:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/compte/confirmer-adresse/<token>")
@public
def verify_email(token: str):
    addresses.confirm_email(token)  # NotFound for a bad link: the one 404 page
    flash(_("Your e-mail address is confirmed."), "success")
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    return redirect(url_for("accounts.login"))


@bp.route("/compte/confirmer-adresse", methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=lambda: f"verify:{current_user.get_id()}")
@login_required
def resend_verification():
    if ResendVerificationForm().validate_on_submit():
        addresses.send_verification(current_user)
        flash(_("We sent the link again to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("main.index"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_email_key)  # nobody's inbox gets flooded
@public
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        addresses.request_password_reset(form.email.data)
        # Said whether or not an account uses the address: the page tells nobody who has one.
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgotten_password.html", form=form)


@bp.route("/mot-de-passe-oublie/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    user = addresses.reset_target(token)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with form_errors(form):
            addresses.reset_password(token, form.password.data)
            login_user(user, remember=False)
            mark_signed_in()
            flash(_("Your password is changed, and you are signed in. Every other device is signed out."), "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/reset_password.html", form=form, user=user)


@bp.route("/compte/adresse", methods=["POST"])
@limiter.limit("10 per hour", methods=["POST"])
@login_required
@recent_sign_in_required
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        with flashed_refusals():
            address = addresses.request_email_change(current_user, form.email.data, form.password.data)
            flash(_("We sent a link to %(email)s: open it to use this address. Until then, nothing changes.",
                    email=address), "info")
    else:
        flash_form_errors(form)
    return redirect(url_for("accounts.security"))


@bp.route("/compte/adresse/<token>")
@public
def confirm_email_change(token: str):
    with flashed_refusals():
        user = addresses.confirm_email_change(token)
        flash(_("Your account now uses %(email)s.", email=user.email), "success")
    return redirect(url_for("main.index"))
