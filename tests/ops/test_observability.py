"""Seeing inside: every answer has a request id, found again in the JSON log lines of the request
and of the jobs it queued (run by a real worker), and on the error page; /metrics counts requests
by endpoint and reads the job queue and the outbox from the database; /readyz names what is down."""

from __future__ import annotations

import io
import json
import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bourse import create_app
from bourse.extensions import db
from bourse.jobs.models import Job
from bourse.notifications.models import OutboxMessage
from bourse.notifications.services import queue_email
from bourse.ops import logs
from tests.conftest import csrf_token
from tests.support.workers import LIMITS_REDIS_URL, wait_for

HEX_ID = re.compile(r"^[0-9a-f]{32}$")


def test_every_answer_has_a_request_id_and_a_proxy_s_own_is_kept(client):
    made = client.get("/").headers["X-Request-ID"]
    assert HEX_ID.match(made) and client.get("/").headers["X-Request-ID"] != made
    assert client.get("/", headers={"X-Request-ID": "nginx-5f2a9c1e"}).headers["X-Request-ID"] == "nginx-5f2a9c1e"
    forged = client.get("/", headers={"X-Request-ID": "<script>alert(1)</script>"}).headers["X-Request-ID"]
    assert HEX_ID.match(forged)
    refused = client.get("/api/v1/projects", headers={"Authorization": "Bearer bourse_nope"})
    assert refused.status_code == 401 and HEX_ID.match(refused.headers["X-Request-ID"])


@pytest.fixture
def json_logs(app):
    """An app on the same database logging JSON lines, one per request too, into a buffer."""
    logged = create_app({**app.config, "LOG_FORMAT": "json", "LOG_REQUESTS": True})
    stream = io.StringIO()
    logs.configure("json", "INFO", stream)
    yield logged, stream
    logs.configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    with logged.app_context():
        db.engine.dispose()


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_log_lines_are_json_with_the_request_id(json_logs, monkeypatch):
    logged, stream = json_logs
    client = logged.test_client()
    answer = client.get("/recherche?town=56007")
    request_id = answer.headers["X-Request-ID"]
    access = [line for line in lines(stream) if line["logger"] == "bourse.requests"]
    assert access[-1]["request_id"] == request_id and access[-1]["path"] == "/recherche"
    assert access[-1]["status"] == 200 and access[-1]["endpoint"] == "premises_public.search_page"
    assert access[-1]["duration_ms"] > 0 and access[-1]["level"] == "INFO"

    # A failure: the user's page and the JSON both give the reference found in the logged traceback.
    monkeypatch.setitem(logged.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr("bourse.health._database", lambda: 1 / 0)
    page = client.get("/healthz", headers={"Accept": "text/html"})
    reference = page.headers["X-Request-ID"]
    assert page.status_code == 500 and reference in page.get_data(as_text=True)
    failure = [line for line in lines(stream) if line["request_id"] == reference and line["level"] == "ERROR"]
    assert failure and "ZeroDivisionError" in failure[0]["exception"]
    as_json = client.get("/healthz", headers={"Accept": "application/json"})
    assert as_json.get_json()["error"]["request_id"] == as_json.headers["X-Request-ID"]


def test_a_job_logs_with_the_id_of_the_request_that_queued_it(client, workers, entrepreneur, smtp):
    answer = client.post("/mot-de-passe-oublie", data={"email": entrepreneur.email,
                                                         "csrf_token": csrf_token(client, "/mot-de-passe-oublie")})
    request_id = answer.headers["X-Request-ID"]
    queued = db.session.scalars(db.select(Job).where(Job.request_id == request_id)).all()
    assert [job.name for job in queued] == ["outbox.send_due"]
    workers.start(LOG_FORMAT="json")
    wait_for(lambda: db.session.get(Job, queued[0].id).state == "done", what="the e-mail job")
    wait_for(lambda: len(smtp.to(entrepreneur.email)) == 1, what="the e-mail")
    worker_lines = [json.loads(line) for line in workers.logs().splitlines() if line.startswith("{")]
    mine = [line for line in worker_lines if line["request_id"] == request_id]
    assert {line.get("job") for line in mine} == {"outbox.send_due"}
    assert [line["message"].rsplit(" ", 1)[-1] for line in mine if "job" in line][-1] == "done"


def metrics(client, **headers) -> dict:
    answer = client.get("/metrics", headers=headers)
    assert answer.status_code == 200, answer.status_code
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(answer.get_data(as_text=True)) for sample in family.samples}


def test_metrics_count_requests_and_read_the_queue_and_the_outbox(app, client, monkeypatch):
    key = ("bourse_request_duration_seconds_count", (("endpoint", "main.index"), ("method", "GET")))
    before = metrics(client).get(key, 0)
    for _ in range(3):
        client.get("/")
    client.get("/pas-de-page-ici")
    queue_email("a@example.com", "Sujet", "Corps")
    queue_email("b@example.com", "Sujet", "Corps")
    db.session.commit()
    seen = metrics(client)
    assert seen[key] == before + 3
    assert seen[("bourse_requests_total", (("endpoint", "unmatched"), ("method", "GET"), ("status", "404")))] >= 1
    pending = db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.status == "pending"))
    queued = db.session.scalar(db.select(db.func.count(Job.id)).where(Job.state == "queued"))
    assert pending == 2 and seen[("bourse_outbox", (("status", "pending"),))] == 2
    assert seen[("bourse_jobs", (("state", "queued"),))] == queued and queued >= 1
    assert ("bourse_jobs", (("state", "failed"),)) in seen

    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert elsewhere.get("/metrics").status_code == 404
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "un-jeton-de-supervision")
    assert client.get("/metrics").status_code == 404
    assert elsewhere.get("/metrics", headers={"Authorization": "Bearer faux"}).status_code == 404
    assert metrics(elsewhere, Authorization="Bearer un-jeton-de-supervision")[key] == before + 3


def test_readiness_names_what_is_down(app, client, monkeypatch):
    import redis

    from bourse.jobs import queue

    assert client.get("/readyz").get_json() == {"status": "ok", "checks": {"database": "ok", "queue": "ok"}}
    redis.Redis.from_url(LIMITS_REDIS_URL).ping()
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", LIMITS_REDIS_URL)
    assert client.get("/readyz").get_json()["checks"] == {"database": "ok", "redis": "ok", "queue": "ok"}
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:9/0")
    down = client.get("/readyz")
    assert down.status_code == 503 and down.get_json()["checks"]["redis"] == "unreachable"
    monkeypatch.setitem(app.extensions, queue.EXTENSION, queue.make_storage("redis://127.0.0.1:9/0"))
    both = client.get("/readyz").get_json()
    assert both["checks"] == {"database": "ok", "redis": "unreachable", "queue": "unreachable"}
    assert client.get("/healthz").status_code == 200  # alive all the same: not a reason to restart it
