"""The lease tracker on both backends: recording, signing (the unit becomes let), reminders."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner

from bourse.applications import leases, services
from bourse.applications.models import Application, LeaseReminder
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.notifications.models import Notification
from bourse.premises.models import Premises, PremisesStatusChange
from tests.accounts.test_sessions import signed_in
from tests.conftest import PASSWORD, csrf_token

START = date(2027, 1, 1)


@pytest.fixture
def selected(entrepreneur, make_project, make_listing, landlord):
    unit = make_listing(title="Boutique")
    application = services.apply(entrepreneur, make_project(), unit, None, "", submit=True)
    services.transition(landlord, application, "select")
    return application


def trial_steps():
    return [leases.Step(START, START + timedelta(days=182), Decimal("350")),
            leases.Step(START + timedelta(days=182), START + timedelta(days=365), Decimal("500"))]


def test_record_then_sign_lets_the_premises_and_stops_the_vacancy_clock(selected, landlord):
    leases.record_lease(landlord, selected, lease_type="short_term", starts_on=START,
                        ends_on=START + timedelta(days=365), steps=trial_steps(),
                        renewal_decision_on=START + timedelta(days=150), converts_to="commercial_369")
    leases.sign(landlord, selected, START - timedelta(days=3))
    db.session.commit()
    application = db.session.get(Application, selected.id)
    assert application.state == "lease_signed" and application.lease.signed_on == START - timedelta(days=3)
    premises = db.session.get(Premises, application.premises_id)
    assert premises.status == "let"
    last = db.session.scalars(db.select(PremisesStatusChange).where(PremisesStatusChange.premises_id == premises.id)
                              .order_by(PremisesStatusChange.id.desc())).first()
    assert last.to_status == "let"
    assert [e.verb for e in application.events][-1] == "sign_lease"


@pytest.mark.parametrize("kwargs, message", [
    ({"ends_on": START - timedelta(days=1)}, "Le bail doit finir après avoir commencé."),
    ({"steps": [leases.Step(START, START + timedelta(days=200), Decimal(1)),
                leases.Step(START + timedelta(days=100), START + timedelta(days=300), Decimal(1))]},
     "Les paliers de loyer ne doivent pas se chevaucher."),
    ({"steps": [leases.Step(START, START + timedelta(days=400), Decimal(1))]},
     "Chaque palier de loyer doit tenir dans le bail"),
    ({"steps": [leases.Step(START, START + timedelta(days=30), Decimal(-5))]}, "Le loyer ne peut pas être négatif."),
    ({"lease_type": "bail_pirate"}, "Type de bail inconnu."),
])
def test_bad_leases_are_refused(app, selected, landlord, kwargs, message):
    values = dict(lease_type="commercial_369", starts_on=START, ends_on=START + timedelta(days=365), steps=[])
    values.update(kwargs)
    with app.test_request_context():
        with pytest.raises(services.ApplicationError) as error:
            leases.record_lease(landlord, selected, **values)
        assert message in str(error.value)
    db.session.commit()
    assert db.session.get(Application, selected.id).lease is None


def test_signing_needs_a_lease_and_a_selected_application(entrepreneur, make_project, make_listing, landlord,
                                                          selected):
    with pytest.raises(services.ApplicationError):
        leases.sign(landlord, selected, START)  # no lease recorded yet
    draft = services.apply(entrepreneur, make_project(name="Brouillon"), make_listing(lon=-2.982), None, "",
                           submit=False)
    with pytest.raises(NotFound):  # a draft is the applicant's alone
        leases.record_lease(landlord, draft, lease_type="commercial_369", starts_on=START,
                            ends_on=START + timedelta(days=9), steps=[])
    db.session.commit()
    assert db.session.get(Application, draft.id).state == "draft"


def test_reminders_go_out_once_before_each_deadline(app, selected, landlord, entrepreneur):
    leases.record_lease(landlord, selected, lease_type="short_term", starts_on=START,
                        ends_on=START + timedelta(days=182), steps=trial_steps()[:1],
                        renewal_decision_on=START + timedelta(days=120))
    leases.sign(landlord, selected, START)
    def remind(day: date) -> str:
        result = CliRunner().invoke(app.cli, ["leases", "remind", "--on", day.isoformat()], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output.strip()

    assert remind(START + timedelta(days=65)) == "1 reminder(s) sent"  # the quarterly review at day 91
    assert remind(START + timedelta(days=66)) == "0 reminder(s) sent"  # not twice
    assert remind(START + timedelta(days=100)) == "1 reminder(s) sent"  # the renewal decision at day 120
    assert remind(START + timedelta(days=160)) == "1 reminder(s) sent"  # the end of the trial
    db.session.commit()
    kinds = sorted(r.kind for r in db.session.scalars(db.select(LeaseReminder)))
    assert kinds == ["lease_end", "quarterly_review", "renewal_decision"]
    titles = [n.title for n in db.session.scalars(db.select(Notification).where(
        Notification.user_id == entrepreneur.id, Notification.kind.like("lease_%")))]
    assert any(t.startswith("Décision de renouvellement") for t in titles)


def test_lease_pages_record_and_sign(client, auth, selected, landlord):
    auth.login(landlord.email)
    token = csrf_token(client, f"/candidatures/{selected.id}")
    client.post(f"/candidatures/{selected.id}/bail", data={
        "lease_type": "commercial_369", "starts_on": "2027-01-01", "ends_on": "2035-12-31",
        "steps-0-starts_on": "2027-01-01", "steps-0-ends_on": "2027-07-01", "steps-0-monthly_rent": "700",
        "steps-1-starts_on": "2027-07-01", "steps-1-ends_on": "2035-12-31", "steps-1-monthly_rent": "1000",
        "csrf_token": token})
    html = client.post(f"/candidatures/{selected.id}/signature", data={"signed_on": "2026-12-20", "csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert "Bail signé : le local est désormais loué." in html
    db.session.commit()
    assert db.session.get(Application, selected.id).state == "lease_signed"
    assert len(db.session.get(Application, selected.id).lease.steps) == 2


def test_an_astronomical_rent_step_is_refused_and_nothing_is_stored(selected, landlord):
    """10⁸ € a month overflowed PostgreSQL's column (a 500) and was stored whole on SQLite."""
    db.session.commit()
    with pytest.raises(services.ApplicationError, match="au plus"):
        leases.record_lease(landlord, selected, lease_type="short_term", starts_on=START,
                            ends_on=START + timedelta(days=365),
                            steps=[leases.Step(START, START + timedelta(days=365), Decimal("100000000"))])
    db.session.rollback()
    assert db.session.get(Application, selected.id).lease is None


def test_a_lease_cannot_be_signed_in_year_9999(selected, landlord):
    leases.record_lease(landlord, selected, lease_type="short_term", starts_on=START,
                        ends_on=START + timedelta(days=365), steps=trial_steps())
    db.session.commit()
    with pytest.raises(services.ApplicationError, match="dans l’année|within a year"):
        leases.sign(landlord, selected, date(9999, 12, 31))
    db.session.rollback()
    assert db.session.get(Application, selected.id).state == "selected"


def test_a_lease_cannot_last_centuries(selected, landlord):
    with pytest.raises(services.ApplicationError):
        leases.record_lease(landlord, selected, lease_type="short_term", starts_on=START,
                            ends_on=date(9999, 12, 31), steps=[])


def test_signing_a_lease_needs_a_recent_sign_in(app, selected, landlord, monkeypatch):
    leases.record_lease(landlord, selected, lease_type="commercial_369", starts_on=START,
                        ends_on=START + timedelta(days=9 * 365), steps=trial_steps())
    db.session.commit()
    client = signed_in(app, landlord.email)
    page = f"/candidatures/{selected.id}"
    token = csrf_token(client, page)
    later = time.time() + 16 * 60
    monkeypatch.setattr("bourse.accounts.recent.time.time", lambda: later)
    answer = client.post(f"{page}/signature", data={"signed_on": START.isoformat(), "csrf_token": token},
                         headers={"Referer": f"http://localhost{page}"})
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/compte/confirmer-mot-de-passe?next=/candidatures/{selected.id}"
    db.session.commit()
    assert db.session.get(Application, selected.id).state == "selected"
    confirm = answer.headers["Location"]
    back = client.post(confirm, data={"password": PASSWORD, "csrf_token": csrf_token(client, confirm)})
    assert back.headers["Location"] == page  # back to the application, to sign again
    client.post(f"{page}/signature", data={"signed_on": START.isoformat(), "csrf_token": token})
    db.session.commit()
    assert db.session.get(Application, selected.id).state == "lease_signed"
