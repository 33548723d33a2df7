"""Static files: served by WhiteNoise in front of Flask, cached for a year by browsers, and named
by their content so that a changed file is fetched again at once.

``url_for('static', filename=...)`` adds ``?v=<first 12 hex digits of the file's SHA-256>``: the
address changes with the content, so the year-long cache never serves a stale script. WhiteNoise
also sends the ``.gz`` and ``.br`` copies that ``flask assets compress`` writes beside each file
(make run, make test and the deployment run it) to browsers that accept them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import click
from flask import Flask
from whitenoise import WhiteNoise

ONE_YEAR = 365 * 24 * 3600
_digests: dict[tuple[str, float], str] = {}


def content_version(folder: str, filename: str) -> str | None:
    path = Path(folder) / filename
    try:
        key = (str(path), path.stat().st_mtime)
    except OSError:
        return None  # a missing file: Flask answers 404 for it as before
    if key not in _digests:
        _digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _digests[key]


def _security_headers(headers, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def drop_stale_copies(folder: str) -> None:
    """Remove a compressed copy older than its file (the file was edited since): WhiteNoise would
    serve the old content to every browser that accepts gzip."""
    for copy in [*Path(folder).rglob("*.gz"), *Path(folder).rglob("*.br")]:
        source = copy.with_suffix("")
        try:
            if not source.exists() or source.stat().st_mtime > copy.stat().st_mtime:
                copy.unlink()
        except OSError:
            pass  # a read-only install: its copies were made with it


def init_app(app: Flask) -> None:
    @app.url_defaults
    def _version_static_urls(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = content_version(app.static_folder, values["filename"])
            if version:
                values["v"] = version

    drop_stale_copies(app.static_folder)
    app.wsgi_app = WhiteNoise(app.wsgi_app, root=app.static_folder, prefix="static/", max_age=ONE_YEAR,
                              add_headers_function=_security_headers)

    @app.cli.group("assets")
    def assets_cli() -> None:
        """Static files."""

    @assets_cli.command("compress")
    def compress() -> None:
        """Write the .gz (and .br, when Brotli is installed) copy of every static file WhiteNoise serves."""
        from whitenoise.compress import Compressor

        compressor = Compressor(quiet=True)
        count = 0
        for path in Path(app.static_folder).rglob("*"):
            if path.is_file() and compressor.should_compress(path.name):
                list(compressor.compress(str(path)))
                count += 1
        click.echo(f"compressed {count} files in {app.static_folder}")
