"""Extension singletons, bound to the app in ``create_app``."""

from flask import Flask

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from bourse.replicas import RoutingSession

# Stable constraint names, so SQLite batch migrations can find and alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base, session_options={"class_": RoutingSession})
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# No default limit: only the routes worth guessing at (sign-in, sign-up, links with tokens) get one.
limiter = Limiter(key_func=get_remote_address)


def init_migrations(app: Flask) -> None:
    """Flask-Migrate and its ``flask db`` commands, for the command line and the code that builds a
    schema (tests, benches). Alembic weighs about 10 MB that a web worker would hold for nothing."""
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        from bourse.config import ROOT

        Migrate(app, db, directory=str(ROOT / "migrations"))
