"""Alembic environment: Flask-Migrate's, with GeoAlchemy2's spatial helpers wired in."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from bourse.geo import migrations as geo_migrations

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_engine():
    return target_db.engine


def _skip_empty_autogenerate(context_, revision, directives):
    """No empty revision files when nothing changed; then GeoAlchemy2's spatial rewrites."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")
        return
    geo_migrations.writer(context_, revision, directives)


def run_migrations_offline():
    url = get_engine().url.render_as_string(hide_password=False)
    context.configure(
        url=url, target_metadata=target_db.metadata, literal_binds=True,
        **geo_migrations.configure_args(get_engine().dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = get_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            process_revision_directives=_skip_empty_autogenerate,
            **geo_migrations.configure_args(engine.dialect.name),
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
