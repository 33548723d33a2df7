"""Backups that can be restored: ``flask --app wsgi backup DEST`` and ``restore SRC``.

A backup is a folder: the database (PostgreSQL: ``pg_dump -Fc``; SQLite: the online backup API,
safe while the site runs), every uploaded file, and ``manifest.json`` holding each file's SHA-256,
the schema's revision and each table's row count. ``restore`` checks every hash before it touches
anything, restores into an empty database and upload folder (``--force`` replaces what is there),
then compares the row counts with the manifest's.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess  # nosec B404: pg_dump and pg_restore, with argument lists, never a shell
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import make_url

from bourse import unit_of_work
from bourse.extensions import db

MANIFEST = "manifest.json"
UPLOADS = "uploads"
CHUNK = 1 << 20


class BackupError(click.ClickException):
    """A backup or restore that cannot go on: said in one line, nothing half-done."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _libpq_url() -> str:
    """The database URL as pg_dump reads it (no SQLAlchemy driver name)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def row_counts() -> dict[str, int]:
    """Every table's rows (the application's tables and the schema's revision), by name."""
    names = sorted(set(inspect(db.engine).get_table_names()) & ({t.name for t in db.metadata.sorted_tables}
                                                               | {"alembic_version"}))
    return {name: db.session.scalar(select(func.count()).select_from(table(name))) for name in names}


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)  # nosec B603: fixed tools, listed arguments
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip()[-500:]}")


def _dump_database(dest: Path) -> str:
    if _is_sqlite():
        target_path = dest / "database.sqlite"
        source = db.engine.raw_connection()
        try:
            target = db.engine.dialect.dbapi.connect(str(target_path))
            try:
                source.driver_connection.backup(target)  # consistent while others write
            finally:
                target.close()
        finally:
            source.close()
        return target_path.name
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dest / 'database.dump'}", _libpq_url()], "pg_dump")
    return "database.dump"


def backup(dest: Path) -> dict:
    """Write a backup of the database and the uploads into ``dest`` (a new or empty folder)."""
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: give a new folder.")
    dest.mkdir(parents=True, exist_ok=True)
    counts = row_counts()
    unit_of_work.abandon()  # only read so far: end the transaction, the dump takes its own snapshot
    database = _dump_database(dest)
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    if uploads.is_dir():
        shutil.copytree(uploads, dest / UPLOADS, dirs_exist_ok=True)
    files = {str(path.relative_to(dest)): sha256(path) for path in sorted(dest.rglob("*")) if path.is_file()}
    manifest = {"created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "backend": db.engine.dialect.name, "database": database, "row_counts": counts, "files": files}
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def verify(src: Path) -> dict:
    """The manifest of ``src``, once every file it lists is there with its hash, and nothing else is."""
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{src} holds no readable {MANIFEST}: {exc}") from None
    present = {str(p.relative_to(src)) for p in src.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(manifest["files"]):
        raise BackupError(f"the files of {src} are not those its manifest lists: "
                          f"{sorted(present ^ set(manifest['files']))[:5]}")
    for name, expected in manifest["files"].items():
        if sha256(src / name) != expected:
            raise BackupError(f"{name} does not match its SHA-256 in the manifest: the backup is damaged.")
    return manifest


def _restore_database(src: Path, manifest: dict, force: bool) -> None:
    if manifest["backend"] != db.engine.dialect.name:
        raise BackupError(f"this backup is of a {manifest['backend']} database; this site uses "
                          f"{db.engine.dialect.name}.")
    if row_counts().get("alembic_version") and not force:
        raise BackupError("the database is not empty: restore into an empty one, or add --force to replace it.")
    unit_of_work.abandon()  # nothing written: free the connection before the restore replaces the data
    if _is_sqlite():
        source = db.engine.dialect.dbapi.connect(str(src / manifest["database"]))
        target = db.engine.raw_connection()
        try:
            source.backup(target.driver_connection)
        finally:
            target.close()
            source.close()
        db.engine.dispose()  # every pooled connection sees the restored file
        return
    db.engine.dispose()  # pg_restore needs the tables free of this process's connections
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", f"--dbname={_libpq_url()}",
          str(src / manifest["database"])], "pg_restore")


def restore(src: Path, force: bool = False) -> dict[str, int]:
    """Restore ``src`` into this site's database and upload folder; returns the restored row counts.

    :raises BackupError: for a damaged backup, a non-empty target without ``force``, or counts that differ.
    """
    manifest = verify(src)
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    if uploads.is_dir() and any(uploads.iterdir()) and not force:
        raise BackupError(f"{uploads} is not empty: restore into an empty upload folder, or add --force.")
    _restore_database(src, manifest, force)
    if (src / UPLOADS).is_dir():
        if force and uploads.is_dir():
            shutil.rmtree(uploads)
        shutil.copytree(src / UPLOADS, uploads, dirs_exist_ok=True)
    counts = row_counts()
    if counts != manifest["row_counts"]:
        differ = {t: (manifest["row_counts"].get(t), n) for t, n in counts.items() if manifest["row_counts"].get(t) != n}
        raise BackupError(f"restored, but the row counts differ from the backup's: {differ}")
    return counts


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Back up the database and the uploads into DEST, with a manifest of SHA-256 hashes."""
    manifest = backup(dest)
    click.echo(f"backed up {sum(manifest['row_counts'].values())} rows and {len(manifest['files'])} files to {dest}")


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database and upload folder that are not empty.")
@with_appcontext
def restore_command(src: Path, force: bool) -> None:
    """Restore a backup made by `backup` into this site's database and upload folder."""
    counts = restore(src, force)
    click.echo(f"restored {sum(counts.values())} rows in {len(counts)} tables from {src}; row counts match")
