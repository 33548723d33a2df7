"""The account e-mails (confirm an address, reset a password, a changed address), in the recipient's language.

They go out whatever the notification preferences say: they are how someone gets into, or
keeps, their account.
"""

from __future__ import annotations

from flask_babel import force_locale, gettext as _

from bourse.accounts.addresses import mail_requested
from bourse.notifications.emails import compose
from bourse.notifications.services import queue_email


def _wording(kind: str, name: str, to: str, link: str) -> tuple[str, str]:
    greeting = _("Hello %(name)s,", name=name)
    ignore = _("If you did not ask for this, ignore this message: nothing changes.")
    if kind == "verify":
        return _("Confirm your e-mail address"), "\n\n".join([
            greeting, _("Welcome to Bourse. To confirm that this address is yours, open this link (valid for 7 days):"),
            link, _("Until then you can sign in and look around, but not publish premises or apply."), ignore])
    if kind == "already_registered":
        return _("Someone tried to create an account with your address"), "\n\n".join([
            greeting, _("Someone, perhaps you, tried to create a Bourse account with %(email)s. "
                        "You already have one: sign in with it. Forgotten your password? Choose a new one here:",
                        email=to),
            link, _("If it was not you, you need not do anything: no second account was created.")])
    if kind == "reset":
        return _("Choose a new password"), "\n\n".join([
            greeting, _("To choose a new password for your Bourse account, open this link. "
                        "It works once, for 30 minutes:"), link, ignore])
    if kind == "change_email":
        return _("Confirm your new e-mail address"), "\n\n".join([
            greeting, _("To use %(email)s for your Bourse account, open this link (valid for 24 hours):", email=to),
            link, ignore])
    if kind == "email_taken":
        return _("Someone tried to use your address"), "\n\n".join([
            greeting, _("Someone tried to move another Bourse account to %(email)s, which is already yours. "
                        "Nothing changed. If you cannot sign in any more, choose a new password here:", email=to),
            link])
    if kind == "email_changed":
        return _("Your e-mail address was changed"), "\n\n".join([
            greeting, _("Your Bourse account no longer uses this address: from now on, messages go to the new "
                        "one. If you did not make this change, choose a new password at once and write to us:"),
            link])
    raise ValueError(f"no wording for account e-mail {kind!r}")


def on_account_mail(sender: str, *, kind: str, user, to: str, link: str) -> None:
    if kind == "welcome":  # worded like the other events, from its template
        composed = compose("welcome", locale=user.locale, name=user.full_name, link=link, role=user.role)
        queue_email(to, composed.subject, composed.text, composed.html)
        return
    with force_locale(user.locale or "fr"):
        subject, body = _wording(kind, user.full_name, to, link)
    queue_email(to, subject, body)


def init_app() -> None:
    mail_requested.connect(on_account_mail)
