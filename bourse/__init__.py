"""Bourse: a platform to fill vacant shops in town centres."""

from __future__ import annotations

import importlib
import os
from typing import Any, Mapping

from flask import Flask

from bourse.config import INSTANCE, ROOT, config_from_env


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application. ``config`` overrides settings read from the environment."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(INSTANCE),
    )
    settings = config_from_env()
    app.config.from_object(settings)
    if config:
        app.config.update(config)
    if not config or "SECRET_KEY" not in config:
        settings.validate()

    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind a load balancer the client's address is in X-Forwarded-For; without this every
        # request would seem to come from the balancer and share one sign-in counter.
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    from bourse import ops

    ops.init_logs(app)
    register_extensions(app)
    from bourse import assets, urls

    urls.init_app(app)
    assets.init_app(app)
    register_blueprints(app)
    register_template_filters(app)
    register_reactions(app)
    register_jobs(app)
    register_errorhandlers(app)
    register_commands(app)
    ops.init_app(app)  # last, to run first: the request id and timing see every request, even one refused early
    return app


def register_extensions(app: Flask) -> None:
    from bourse import errors, geo, i18n, models, replicas, security  # noqa: F401 (models: every mapper registered)
    from bourse.accounts import login
    from bourse.extensions import babel, csrf, db, init_migrations, limiter

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **geo.database.engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    replicas.configure(app, geo.database.engine_options(app.config.get("DATABASE_REPLICA_URL") or "postgresql://"))
    db.init_app(app)
    replicas.init_app(app)
    with app.app_context():
        geo.database.configure_engine(db.engine)
    if os.environ.get("FLASK_RUN_FROM_CLI") == "true":  # set by the `flask` command before it loads the app
        init_migrations(app)
    csrf.init_app(app)
    errors.keep_own_retry_after(app)  # before the limiter: after-request hooks run last registered first
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    login.init_app(app)
    security.init_app(app)
    if app.config.get("CHECK_DATABASE_ON_START", True):
        with app.app_context():
            geo.database.check_spatial_support(db.engine)


def register_blueprints(app: Flask) -> None:
    from bourse import files, health, i18n
    from bourse.accounts.address_views import bp as addresses_bp
    from bourse.accounts.token_views import bp as api_tokens_bp
    from bourse.accounts.views import bp as accounts_bp
    from bourse.admin.views import bp as admin_bp
    from bourse.applications.api import bp as applications_api_bp
    from bourse.applications.views import bp as applications_bp
    from bourse.desk.views import bp as desk_bp
    from bourse.jury.views import bp as jury_bp
    from bourse.jury.views import init_app as jury_init
    from bourse.main.views import bp as main_bp
    from bourse.main.openapi import bp as openapi_bp
    from bourse.matching.api import bp as matching_api_bp
    from bourse.matching.views import bp as matching_bp
    from bourse.search.api import bp as premises_api_bp
    from bourse.search.pages import bp as premises_public_bp
    from bourse.search.open_data import bp as open_data_bp
    from bourse.notifications.api import bp as saved_searches_api_bp
    from bourse.premises.api import bp as premises_write_api_bp
    from bourse.premises.views import bp as premises_bp
    from bourse.projects.api import bp as projects_api_bp
    from bourse.premises.import_views import bp as premises_import_bp
    from bourse.privacy.views import bp as privacy_bp
    from bourse.register.campaign_views import bp as campaigns_bp
    from bourse.register.perimeter_views import bp as perimeters_bp
    from bourse.register.views import bp as register_bp
    from bourse.notifications import views as notifications_views
    from bourse.observatory import impact_views  # noqa: F401 (its routes join the observatory's blueprint)
    from bourse.observatory.views import bp as observatory_bp
    from bourse.observatory.api import bp as observatory_api_bp
    from bourse.programmes.views import bp as programmes_bp
    from bourse.programmes.api import bp as programmes_api_bp
    from bourse.projects.views import bp as projects_bp
    from bourse.towns.settings_views import bp as town_settings_bp
    from bourse.towns.views import bp as towns_bp

    for blueprint in (main_bp, accounts_bp, addresses_bp, admin_bp, towns_bp, premises_bp, premises_public_bp,
                      premises_api_bp, programmes_bp, projects_bp, notifications_views.bp, town_settings_bp, applications_bp,
                      jury_bp, matching_bp, desk_bp, applications_api_bp, files.bp, health.bp, i18n.bp, privacy_bp, register_bp,
                      campaigns_bp, perimeters_bp, observatory_bp, open_data_bp, api_tokens_bp,
                      observatory_api_bp, openapi_bp, premises_import_bp, programmes_api_bp, premises_write_api_bp,
                      projects_api_bp, saved_searches_api_bp, matching_api_bp):
        app.register_blueprint(blueprint)
    notifications_views.init_app(app)
    jury_init(app)


def register_template_filters(app: Flask) -> None:
    """The domains' labels, for templates (the composition root may import every domain)."""
    from bourse.premises.labels import deal_label, lease_label, status_label
    from bourse.programmes.labels import support_label

    app.jinja_env.filters.update(status_label=status_label, deal_label=deal_label, lease_label=lease_label,
                                 support_label=support_label)


def register_jobs(app: Flask) -> None:
    """The queue for this app, and every module that declares job handlers."""
    from bourse.applications import leases  # noqa: F401 (leases.remind)
    from bourse.jobs import queue
    from bourse.notifications import alerts, outbox  # noqa: F401 (alerts.*, outbox.send_due)
    from bourse.register import imports  # noqa: F401 (register.import_survey, register.import_sirene)
    from bourse.privacy import retention  # noqa: F401 (privacy.retention)
    from bourse.observatory import snapshots  # noqa: F401 (observatory.freeze)
    from bourse.premises import import_jobs  # noqa: F401 (premises.import)
    from bourse.search import map_cells  # noqa: F401 (map_cells.fold)
    from bourse.matching import services as matching  # noqa: F401 (matching.keep_list, keep_candidates, drop_unused_lists)

    for module in app.config.get("JOB_MODULES", []):
        importlib.import_module(module.strip())
    queue.init_app(app)


def register_reactions(app: Flask) -> None:
    """Cross-domain reactions (a move notifies people, a publication sends alerts) through signals."""
    from bourse.notifications import account_mail, reactions
    from bourse.register import platform

    reactions.init_app(app)
    platform.init_app()
    account_mail.init_app()


def register_errorhandlers(app: Flask) -> None:
    from bourse import errors, unit_of_work

    unit_of_work.init_app(app)
    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from bourse import backups
    from bourse.accounts.cli import users_cli
    from bourse.applications.cli import leases_cli
    from bourse.deploy_check import check_deploy
    from bourse.demo.cli import seed_demo
    from bourse.jobs.cli import jobs_cli
    from bourse.notifications.cli import outbox_cli
    from bourse.register.cli import register_cli
    from bourse.towns.cli import towns_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(towns_cli)
    app.cli.add_command(register_cli)
    app.cli.add_command(seed_demo)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(leases_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(check_deploy)
    app.cli.add_command(backups.backup_command)
    app.cli.add_command(backups.restore_command)
