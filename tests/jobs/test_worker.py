"""Real worker processes (``flask jobs worker``): SQLite queue on SpatiaLite, Redis on PostGIS.

- publishing premises returns at once; a worker sends the alert and its e-mail to the local SMTP server;
- a worker killed in the middle of a job: the job runs again elsewhere and its effects happen once;
- two workers: every job runs once, no e-mail is sent twice;
- an import runs in a worker while its page's progress moves forward to the report.
"""

from __future__ import annotations

import io
import signal
from datetime import timedelta
from decimal import Decimal


from bourse import jobs
from bourse.extensions import db
from bourse.timeutil import utcnow
from bourse.jobs import services
from bourse.jobs.models import Job
from bourse.notifications.models import Notification, OutboxMessage, SavedSearch
from bourse.premises import services as premises_services
from bourse.register.models import Unit
from tests.builders import survey_csv
from tests.conftest import csrf_token
from tests.support import jobs_for_tests  # noqa: F401 (the test jobs, in this process too)
from tests.support.workers import wait_for
from tests.support.smtp import plain


def test_publishing_returns_and_a_worker_sends_the_alert_email(workers, entrepreneur, make_listing, landlord, smtp):
    db.session.add(SavedSearch(user_id=entrepreneur.id, name="Auray", query={"town": "56007"}))
    entrepreneur.alert_emails_consent_at = utcnow()  # they ticked "e-mail me the alerts"
    listing = make_listing(title="Épicerie à reprendre", rent_per_year=Decimal(9000), status="draft")
    workers.start()
    premises_services.change_status(landlord, listing, "publish")
    db.session.commit()  # the request's commit hands the alert job to the queue
    try:
        wait_for(lambda: smtp.to(entrepreneur.email), what="the alert e-mail")
    except AssertionError:
        raise AssertionError(workers.logs()) from None
    [mail] = smtp.to(entrepreneur.email)
    assert "Épicerie à reprendre" in plain(mail)
    assert mail["Message-ID"].startswith("<outbox-") and mail["Date"]
    notification = db.session.scalar(db.select(Notification).where(Notification.user_id == entrepreneur.id))
    assert notification.link == f"/locaux/{listing.id}"
    wait_for(lambda: {job.state for job in db.session.scalars(db.select(Job))} == {"done"}, what="every job")
    assert len(smtp.to(entrepreneur.email)) == 1  # and no second copy from a later e-mail job


def test_a_killed_worker_s_job_runs_again_and_its_effects_happen_once(workers, entrepreneur, tmp_path):
    started = tmp_path / "started"
    first = workers.start()
    job = jobs.enqueue("test.slow_note", user_id=entrepreneur.id, title="Une seule fois", started=str(started),
                       seconds=60)
    db.session.commit()
    wait_for(started.exists, what="the slow job to start")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    db.session.commit()
    assert db.session.get(Job, job.id).state == "running"  # abandoned by the dead worker
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0  # its work never committed

    # What the periodic sweep does after JOB_TIMEOUT (a minutely job the worker had started may come back too).
    assert services.sweep(stale_after=timedelta(0)) >= 1
    db.session.commit()
    assert db.session.get(Job, job.id).state == "queued"
    workers.start()
    try:
        wait_for(lambda: db.session.get(Job, job.id).state == "done", what="the job to run again")
    except AssertionError:
        stuck = db.session.get(Job, job.id)
        raise AssertionError(f"{stuck.state} {stuck.attempts} {stuck.last_error}\n{workers.logs()}") from None
    titles = db.session.scalars(db.select(Notification.title)).all()
    assert titles == ["Une seule fois"]
    assert db.session.get(Job, job.id).attempts == 2


def test_two_workers_run_each_job_once_and_send_no_email_twice(workers, entrepreneur, smtp):
    workers.start()
    workers.start()
    ids = [jobs.enqueue("test.note", user_id=entrepreneur.id, title=f"Message {n}").id for n in range(20)]
    db.session.commit()
    wait_for(lambda: db.session.scalar(db.select(db.func.count(Job.id)).where(
        Job.id.in_(ids), Job.state == "done")) == 20, what="20 jobs")
    wait_for(lambda: db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(
        OutboxMessage.status == "sent")) == 20, what="20 e-mails")
    assert sorted(db.session.scalars(db.select(Notification.title))) == sorted(f"Message {n}" for n in range(20))
    received = smtp.to(entrepreneur.email)
    assert len(received) == 20 and len({m["Message-ID"] for m in received}) == 20
    assert all(job.attempts == 1 for job in db.session.scalars(db.select(Job).where(Job.id.in_(ids))))


def test_an_import_runs_in_a_worker_while_its_page_follows_it(workers, client, auth, manager, auray):
    auth.login(manager.email)
    response = client.post(f"/communes/{auray.id}/releves", content_type="multipart/form-data", data={
        "file": (io.BytesIO(survey_csv(3000).encode()), "releve.csv"), "name": "Relevé", "surveyed_on": "2026-10-01",
        "csrf_token": csrf_token(client, f"/communes/{auray.id}/releves")})
    state_url = response.headers["Location"] + "/etat"
    assert client.get(state_url).get_json()["state"] == "queued"
    workers.start()
    seen = []

    def finished() -> bool:
        state = client.get(state_url).get_json()
        seen.append(state["percent"])
        return state["finished"]

    try:
        wait_for(finished, what="the import")
    except AssertionError:
        raise AssertionError(workers.logs()) from None
    assert seen[-1] == 100 and seen == sorted(seen)  # the bar only moves forward
    assert db.session.scalar(db.select(db.func.count(Unit.id))) == 3000
    assert "3000 observations enregistrées" in client.get(response.headers["Location"]).get_data(as_text=True)
