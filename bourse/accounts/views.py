"""Sign-up, sign-in and sign-out pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from bourse.errors import form_errors
from bourse.accounts import services
from bourse.accounts.forms import LoginForm, LogoutForm, PasswordChangeForm, RegisterForm, SignOutEverywhereForm
from bourse.accounts.roles import Role
from bourse.extensions import limiter
from bourse.permissions import login_required, public
from bourse.urls import safe_next

bp = Blueprint("accounts", __name__)


def _signin_email() -> str:
    return "signin:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])  # a workshop signs up together from one Wi-Fi
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        with form_errors(form):
            user = services.register_user(
                form.email.data, form.password.data, form.full_name.data, Role(form.role.data)
            )
            _start_session(user, remember=False)
            flash(_("Welcome to Bourse, %(name)s!", name=user.full_name), "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/register.html", form=form)


@bp.route("/connexion", methods=["GET", "POST"])
# Failed attempts only (a success redirects): per address, generous enough for a shared office
# network; per account, from any address, to stop guessing at one person's password.
@limiter.limit("30 per minute", methods=["POST"], deduct_when=lambda r: r.status_code != 302)
@limiter.limit("20 per hour", methods=["POST"], key_func=_signin_email, deduct_when=lambda r: r.status_code != 302)
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
            return redirect(safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


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
def security():
    """Change the password; sign out on every device."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        with form_errors(form):
            services.change_password(current_user, form.current_password.data, form.new_password.data)
            login_user(current_user._get_current_object(), remember=False)  # this device stays signed in, with the new token
            flash(_("Password changed. Your other devices are signed out."), "success")
            return redirect(url_for("accounts.security"))
    return render_template("accounts/security.html", form=form, everywhere_form=SignOutEverywhereForm())


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
