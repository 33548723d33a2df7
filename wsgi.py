"""WSGI entry point: ``flask --app wsgi ...`` or ``gunicorn wsgi:app``."""

from bourse import create_app

app = create_app()
