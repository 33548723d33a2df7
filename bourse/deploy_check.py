"""``flask check-deploy``: what would make this configuration unsafe in production, in the spirit of
Django's ``check --deploy``. Each problem is one line that says what to set; any problem exits 1."""

from __future__ import annotations

import os
from typing import Mapping

import click
from flask import current_app
from flask.cli import with_appcontext

from bourse.config import MIN_SECRET_LENGTH, WEAK_SECRETS


def problems(config: Mapping, workers: int) -> list[str]:
    """What is wrong with ``config`` for a production site served by ``workers`` processes."""
    found = []
    key = config.get("SECRET_KEY") or ""
    if key.strip().lower() in WEAK_SECRETS or len(key) < MIN_SECRET_LENGTH or len(set(key)) < 10:
        found.append(f"SECRET_KEY is weak: set {MIN_SECRET_LENGTH}+ random characters "
                     "(python3 -c 'import secrets; print(secrets.token_urlsafe(48))').")
    if config.get("DEBUG"):
        found.append("DEBUG is on: never in production (the debugger runs code for whoever reaches it).")
    if config.get("TESTING"):
        found.append("TESTING is on: errors would propagate instead of being answered.")
    if config.get("ENV_NAME") != "production":
        found.append(f"BOURSE_ENV is {config.get('ENV_NAME')!r}: set BOURSE_ENV=production.")
    if not (config.get("SESSION_COOKIE_SECURE") and config.get("REMEMBER_COOKIE_SECURE")):
        found.append("Cookies may travel over plain HTTP: leave SESSION_COOKIE_SECURE unset (or 1) behind TLS.")
    if not str(config.get("PUBLIC_URL", "")).startswith("https://"):
        found.append("PUBLIC_URL is not https://...: the links in e-mails would send people to plain HTTP.")
    if str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://") and workers > 1:
        found.append(f"RATELIMIT_STORAGE_URI is per process with {workers} workers: each counts sign-in "
                     "guesses alone; set RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/2.")
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite") and \
            os.environ.get("BOURSE_ALLOW_SQLITE") != "1":
        found.append("DATABASE_URL is SQLite: one machine, one writer. Use PostgreSQL with PostGIS, or set "
                     "BOURSE_ALLOW_SQLITE=1 to say a single-machine site is intended.")
    if str(config.get("JOBS_URL", "")).startswith("memory://"):
        found.append("JOBS_URL is memory://: no worker would ever run a job.")
    return found


@click.command("check-deploy")
@click.option("--workers", type=int, default=lambda: int(os.environ.get("WEB_CONCURRENCY", "1")),
              show_default="WEB_CONCURRENCY or 1", help="How many web processes will serve the site.")
@with_appcontext
def check_deploy(workers: int) -> None:
    """Check this configuration for production; exit 1 on any problem."""
    found = problems(current_app.config, workers)
    for problem in found:
        click.echo(f"✗ {problem}", err=True)
    if found:
        raise SystemExit(1)
    click.echo("✓ ready for production")
