"""Read replicas, on two PostgreSQL clusters of the test's own joined by streaming replication: with
the replica's replay paused, a listing published on the primary is missing from the map API a
visitor reads (served by the replica) but there for its publisher right after the write, and on the
pages that always read the primary; every write lands on the primary (the replica refuses writes);
once replay resumes, the visitor sees it too."""

from __future__ import annotations

import time

import pytest

from bourse import create_app
from bourse.extensions import db
from tests.conftest import PASSWORD, csrf_token, test_config
from tests.support import clusters

BOX = "/api/v1/premises?bbox=-3.1,47.6,-2.9,47.7"
NEW = {"title": "Nouveau local", "insee_code": "56007", "address": "12 rue du Château", "lon": -2.9831,
       "lat": 47.6677, "sales_area_m2": 40, "rent_per_year": 9000}


@pytest.fixture
def replicated(tile_server, tmp_path):
    with clusters.own_cluster() as primary:
        token = clusters.populate(primary.url(), tile_server, tmp_path)
        with clusters.streaming_replica(primary) as replica:
            deadline = time.monotonic() + 30
            while replica.sql("SELECT count(*) FROM premises", "bourse") != 20:
                assert time.monotonic() < deadline, "the replica did not catch up"
                time.sleep(0.2)
            app = create_app({**test_config(primary.url(), tile_server, upload_folder=str(tmp_path / "uploads")),
                              "DATABASE_REPLICA_URL": replica.url(), "CHECK_DATABASE_ON_START": False})
            try:
                yield app, primary, replica, token
            finally:
                with app.app_context():
                    db.session.remove()
                    for engine in db.engines.values():
                        engine.dispose()


def test_public_reads_come_from_the_replica_and_writes_and_the_writer_from_the_primary(replicated):
    app, primary, replica, token = replicated
    visitor, landlord = app.test_client(), app.test_client()
    assert visitor.get(BOX).get_json()["total"] == 20
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        bearer = {"Authorization": f"Bearer {token}"}
        made = visitor.post("/api/v1/premises", json=NEW, headers=bearer)
        assert made.status_code == 201  # a write: on the primary (the replica would refuse it)
        new_id = made.get_json()["id"]
        moved = visitor.post(f"/api/v1/premises/{new_id}/transitions", json={"verb": "publish"}, headers=bearer)
        assert moved.status_code == 200
        assert primary.sql("SELECT count(*) FROM premises WHERE status = 'published'", "bourse") == 21
        assert replica.sql("SELECT count(*) FROM premises", "bourse") == 20  # replay paused

        assert visitor.get(BOX).get_json()["total"] == 20  # the map API: the replica
        assert "Nouveau local" not in visitor.get("/recherche?town=56007").get_data(as_text=True)
        assert visitor.get(f"/api/v1/premises/{new_id}").status_code == 200  # not a replica page: the primary

        page = csrf_token(landlord, "/connexion")
        signed_in = landlord.post("/connexion", data={"email": "bailleur@example.com", "password": PASSWORD,
                                                        "csrf_token": page})
        assert signed_in.status_code == 302  # a write (the sign-in time): this browser reads the primary a while
        assert landlord.get(BOX).get_json()["total"] == 21
        assert "Nouveau local" in landlord.get("/recherche?town=56007").get_data(as_text=True)
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 30
    while visitor.get(BOX).get_json()["total"] != 21:
        assert time.monotonic() < deadline, "the replica did not catch up once replay resumed"
        time.sleep(0.2)
