"""Sign-up, sign-in and sign-out pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_user, logout_user

from bourse.errors import form_errors
from bourse.accounts import addresses, guessing, passwords, services
from bourse.accounts.forms import (EmailChangeForm, LoginForm, LogoutForm, PasswordChangeForm, ReauthenticateForm,
                                   RegisterForm, SignOutEverywhereForm)
from bourse.accounts.recent import mark_signed_in, recent_sign_in_required
from bourse.accounts.roles import Role
from bourse.extensions import limiter
from bourse.permissions import login_required, public
from bourse.urls import safe_next

bp = Blueprint("accounts", __name__)


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])  # a workshop signs up together from one Wi-Fi
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        with form_errors(form):
            user = services.register_user(form.email.data, form.password.data, form.full_name.data,
                                          Role(form.role.data), locale=str(get_locale()))
            # The same answer whether the address was new or not: only its owner learns which.
            if user is None:
                addresses.tell_owner_of_sign_up_attempt(services.find_user_by_email(form.email.data))
            else:
                addresses.send_verification(user)
            session["registered_email"] = services.normalise_email(form.email.data)
            return redirect(url_for("accounts.registered"))
    return render_template("accounts/register.html", form=form)


@bp.route("/inscription/verifiez")
@public
def registered():
    return render_template("accounts/registered.html", email=session.get("registered_email", ""))


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(guessing.PER_ADDRESS, methods=["POST"], deduct_when=guessing.failed)
@limiter.limit(guessing.PER_ACCOUNT_AND_ADDRESS, methods=["POST"], key_func=guessing.account_and_address)
@limiter.limit(guessing.PER_ACCOUNT, methods=["POST"], key_func=guessing.account, deduct_when=guessing.failed,
               exempt_when=guessing.known_device)
@public
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong e-mail or password."))
        else:
            _start_session(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            response = redirect(safe_next(request.args.get("next")))
            guessing.remember_device(response, user.email)
            return response
    return render_template("accounts/login.html", form=form)


@bp.route("/compte/confirmer-mot-de-passe", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], deduct_when=guessing.failed)
@login_required
def reauthenticate():
    """Type the password again before a sensitive action."""
    form = ReauthenticateForm()
    if form.validate_on_submit():
        if passwords.verify_password(current_user.password_hash, form.password.data):
            mark_signed_in()
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong password."))
    return render_template("accounts/reauthenticate.html", form=form)


@bp.route("/deconnexion", methods=["POST"])
@login_required
def logout():
    form = LogoutForm()
    if form.validate_on_submit():
        # Server-side, not only the cookie: a copy of this session or of its remember-me cookie
        # opens nothing any more (nor do the other devices' ones: the session token is per account).
        services.sign_out_everywhere(current_user)
        logout_user()
        flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/compte/securite", methods=["GET", "POST"])
@login_required
@recent_sign_in_required
def security():
    """Change the password or the address; sign out on every device."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        with form_errors(form):
            services.change_password(current_user, form.current_password.data, form.new_password.data)
            login_user(current_user._get_current_object(), remember=False)  # this device stays signed in, with the new token
            mark_signed_in()
            flash(_("Password changed. Your other devices are signed out."), "success")
            return redirect(url_for("accounts.security"))
    return render_template("accounts/security.html", form=form, everywhere_form=SignOutEverywhereForm(),
                           email_form=EmailChangeForm())


@bp.route("/compte/securite/deconnexion-partout", methods=["POST"])
@login_required
def sign_out_everywhere():
    form = SignOutEverywhereForm()
    if form.validate_on_submit():
        services.sign_out_everywhere(current_user)
        logout_user()
        flash(_("You are signed out on every device."), "info")
        return redirect(url_for("accounts.login"))
    return redirect(url_for("accounts.security"))


def _start_session(user, remember: bool) -> None:
    # A fresh session on sign-in defeats session fixation; the language choice survives.
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    elif user.locale:
        session["lang"] = user.locale
    login_user(user, remember=remember)
    mark_signed_in()
