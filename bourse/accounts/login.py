"""Flask-Login wiring."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from bourse.accounts import api_auth, services
from bourse.extensions import login_manager


@login_manager.user_loader
def _load_user(token: str):
    return services.load_user_by_session_token(token)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    api_auth.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
