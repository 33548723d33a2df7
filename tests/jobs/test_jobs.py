"""Jobs in-process, through the worker's own code path: failures, retries, a queue that is down, the CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from bourse import jobs
from bourse.extensions import db
from bourse.jobs import queue, services
from bourse.jobs.models import Job
from bourse.notifications.models import Notification, SavedSearch
from bourse.timeutil import utcnow
from tests.conftest import csrf_token
from tests.support import jobs_for_tests  # noqa: F401 (declares test.fails, test.note)
from tests.support.jobs import work_off


def make_due(job_id: int) -> None:
    """Time passes: the job's back-off is over."""
    db.session.execute(db.update(Job).where(Job.id == job_id).values(run_after=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_a_failing_job_is_recorded_retried_then_failed_and_listed(app):
    job = jobs.enqueue("test.fails", reason="le serveur distant a refusé")
    db.session.commit()
    assert services.run(job.id) == "retry"
    db.session.commit()
    stored = db.session.get(Job, job.id)
    assert stored.state == "queued" and stored.attempts == 1 and "le serveur distant a refusé" in stored.last_error
    assert stored.run_after > utcnow() + timedelta(seconds=5)  # waits before the next attempt
    assert services.run(job.id) == "skipped"  # not due yet
    make_due(job.id)
    assert services.run(job.id) == "failed"
    db.session.commit()
    assert db.session.get(Job, job.id).state == "failed"
    listed = CliRunner().invoke(app.cli, ["jobs", "list", "--state", "failed"], catch_exceptions=False).output
    assert "test.fails" in listed and "2/2" in listed and "RuntimeError" in listed
    retried = CliRunner().invoke(app.cli, ["jobs", "retry", str(job.id)], catch_exceptions=False)
    assert retried.exit_code == 0
    db.session.commit()
    assert db.session.get(Job, job.id).state == "queued" and db.session.get(Job, job.id).attempts == 0
    assert CliRunner().invoke(app.cli, ["jobs", "retry", "999999"]).exit_code == 1


def test_a_job_runs_once_even_if_handed_over_twice(entrepreneur):
    job = jobs.enqueue("test.note", user_id=entrepreneur.id, title="Une fois")
    db.session.commit()
    assert services.run(job.id) == "done"
    assert services.run(job.id) == "skipped"  # a duplicate delivery finds it done
    assert db.session.scalars(db.select(Notification.title)).all() == ["Une fois"]


def test_publishing_succeeds_while_the_queue_is_down_and_the_sweep_hands_the_work_over(
        app, client, auth, entrepreneur, landlord, make_listing, monkeypatch):
    db.session.add(SavedSearch(user_id=entrepreneur.id, name="Auray", query={"town": "56007"}))
    listing = make_listing(title="Local en attente", status="draft")
    store, tried = app.extensions[queue.EXTENSION], []

    def unreachable(*args, **kwargs):  # the queue's store refuses, as Redis does when it is down
        tried.append(args)
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(store, "enqueue", unreachable)
    auth.login(landlord.email)
    page = f"/locaux/{listing.id}/modifier"
    response = client.post(f"/locaux/{listing.id}/statut", data={"verb": "publish", "csrf_token": csrf_token(client, page)})
    assert response.status_code == 302  # the landlord's request went through
    db.session.commit()
    [job] = db.session.scalars(db.select(Job).where(Job.name == "alerts.premises_published")).all()
    assert job.state == "queued" and len(tried) == 1  # the hand-over was tried, failed, and the row kept the work
    monkeypatch.undo()
    db.session.execute(db.update(Job).values(created_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    assert services.sweep() >= 1  # the queue is back: the periodic sweep hands the work over
    assert "done" in work_off()
    assert [n.title for n in db.session.scalars(db.select(Notification))] == [
        "Nouveau local pour votre alerte « Auray »"]


@pytest.mark.parametrize("url", ["postgres://x", "ftp://queue", ""])
def test_a_bad_jobs_url_stops_with_one_line(url):
    from bourse.config import ConfigError

    with pytest.raises(ConfigError):
        queue.make_storage(url)


def test_administrators_see_failed_jobs_and_retry_them(client, auth, make_user):
    from bourse.accounts.roles import Role

    job = jobs.enqueue("test.fails", reason="SMTP refusé")
    db.session.commit()
    services.run(job.id)
    make_due(job.id)
    services.run(job.id)
    admin = make_user(Role.ADMIN)
    landlord = make_user(Role.LANDLORD)
    auth.login(landlord.email)
    assert client.get("/admin/taches").status_code == 403
    auth.logout()
    auth.login(admin.email)
    html = client.get("/admin/taches?etat=failed").get_data(as_text=True)
    assert "test.fails" in html and "SMTP refusé" in html and "Échec (1)" in html
    assert client.get("/admin/taches?etat=nimportequoi").status_code == 200
    response = client.post(f"/admin/taches/{job.id}/relancer", data={"csrf_token": csrf_token(client, "/admin/taches")})
    assert response.status_code == 302
    db.session.commit()
    assert db.session.get(Job, job.id).state == "queued"
    assert client.post("/admin/taches/999999/relancer", data={"csrf_token": csrf_token(client, "/admin/taches")}
                       ).status_code == 404
