"""PostgreSQL clusters a test creates for itself (pg_createcluster), on their own ports: to restart
one under load, or to replicate one to another. Never the machine's main cluster."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from bourse import create_app
from bourse.accounts import api_tokens
from bourse.accounts.roles import Role
from bourse.extensions import db
from tests.conftest import PASSWORD, test_config
from tests.fixtures import listing_data
from tests.support.smtp import free_port


def run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"{command}: {done.stderr}"
    return done.stdout


def server_major() -> str:
    return run(sys.executable, "-m", "tests.support.postgis", "--server-major").strip()


@dataclass
class Cluster:
    major: str
    name: str
    port: int
    data: Path

    def url(self, database: str = "bourse") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres"):
        engine = create_engine(self.url(database), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                result = conn.execute(text(statement))
                return result.scalar() if result.returns_rows else None
        finally:
            engine.dispose()

    def ctl(self, action: str, *options: str) -> None:
        run("pg_ctlcluster", self.major, self.name, action, *options)


def _new(start: bool) -> Cluster:
    major, name, port = server_major(), f"bourse_test_{uuid.uuid4().hex[:8]}", free_port()
    data = Path("/tmp") / name  # its owner (postgres) must reach it: not the test's private tmp folder
    run("pg_createcluster", major, name, "-p", str(port), "-d", str(data), *(["--start"] if start else []),
        "--", "--auth=trust")
    return Cluster(major, name, port, data)


def _drop(cluster: Cluster) -> None:
    subprocess.run(["pg_dropcluster", cluster.major, cluster.name, "--stop"], capture_output=True, timeout=120)


@contextmanager
def own_cluster():
    """A running cluster with an empty ``bourse`` database."""
    cluster = _new(start=True)
    try:
        cluster.sql("CREATE DATABASE bourse")
        yield cluster
    finally:
        _drop(cluster)


@contextmanager
def streaming_replica(primary: Cluster):
    """A hot standby of ``primary``, fed by streaming replication (pg_basebackup -R)."""
    replica = _new(start=False)
    try:
        shutil.rmtree(replica.data)
        run("runuser", "-u", "postgres", "--", "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port),
            "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream", "--checkpoint=fast")
        replica.ctl("start")
        deadline = time.monotonic() + 30
        while replica.sql("SELECT pg_is_in_recovery()") is not True:
            assert time.monotonic() < deadline, "the replica did not start"
            time.sleep(0.2)
        yield replica
    finally:
        _drop(replica)


def populate(url: str, tile_server, tmp_path) -> str:
    """The schema, a town with listings, a landlord's write token; returns the token."""
    from tests.support.db import migrate_to_head
    from bourse.accounts import services as accounts
    from bourse.premises import services as premises
    from bourse.towns import services as towns
    from bourse.towns.models import Town

    app = create_app({**test_config(url, tile_server, upload_folder=str(tmp_path / "uploads")),
                      "CHECK_DATABASE_ON_START": False})
    migrate_to_head(app)
    with app.app_context():
        towns.seed_reference_towns()
        auray = db.session.scalar(db.select(Town).where(Town.insee_code == "56007"))
        landlord = accounts.create_user("bailleur@example.com", PASSWORD, "Loïc Bailleur", Role.LANDLORD, ())
        for n in range(20):
            listing = premises.create_premises(landlord, landlord, listing_data(auray, title=f"Local {n}",
                                                                                 lon=-2.9826 + n * 0.0002))
            premises.change_status(landlord, listing, "publish")
        _token, text_token = api_tokens.create(landlord, "Charge", "write", 30)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return text_token
