"""Retention periods applied by the daily job, with the clock moved forward. On both backends."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bourse.accounts.models import User
from bourse.applications import services as applications
from bourse.applications.models import ApplicationDocument
from bourse.extensions import db
from bourse.jobs.registry import HANDLERS, PERIODIC
from bourse.notifications.models import Notification, OutboxMessage
from bourse.privacy import retention
from bourse.timeutil import utcnow
from tests.accounts.test_sessions import signed_in
from tests.privacy.conftest import EMAIL


def run_at(now) -> retention.RetentionReport:
    report = retention.apply_retention(now)
    db.session.commit()  # as the job's unit of work would
    return report


def test_the_retention_job_runs_every_day():
    assert "privacy.retention" in PERIODIC["day"] and "privacy.retention" in HANDLERS


def test_documents_of_a_refused_application_go_three_months_after_the_refusal(app, person, landlord):
    applications.transition(landlord, person.application, "reject", reason="Activité déjà présente")
    db.session.commit()
    [document] = db.session.scalars(db.select(ApplicationDocument)).all()
    stored = Path(app.config["UPLOAD_FOLDER"]) / document.storage_key
    assert stored.exists()
    assert run_at(utcnow() + timedelta(days=80)).documents == 0
    assert run_at(utcnow() + timedelta(days=92)).documents == 1
    assert db.session.scalars(db.select(ApplicationDocument)).all() == [] and not stored.exists()


def test_documents_of_an_application_still_open_are_kept(app, person):
    assert run_at(utcnow() + timedelta(days=400)).documents == 0
    assert len(db.session.scalars(db.select(ApplicationDocument)).all()) == 1


def test_an_inactive_account_is_warned_then_deleted_unless_someone_signs_in(app, person, make_user):
    keeper = make_user(email="revient@example.com")
    three_years_on = utcnow() + timedelta(days=3 * 365 + 1)
    report = run_at(three_years_on)
    assert report.warned >= 2 and report.deleted_accounts == 0
    [warning] = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_email == EMAIL)
                                   .where(OutboxMessage.subject == "Votre compte Bourse va être supprimé"))
    assert "/connexion" in warning.body
    # One of them comes back (a real sign-in, today: the clock has not really moved for it).
    signed_in(app, keeper.email)
    db.session.commit()
    assert db.session.get(User, keeper.id).inactivity_warned_at is None
    # A week after the warning: nothing yet. After thirty days: the silent one is deleted.
    assert run_at(three_years_on + timedelta(days=7)).deleted_accounts == 0
    report = run_at(three_years_on + timedelta(days=31))
    db.session.commit()
    gone, kept = db.session.get(User, person.user.id), db.session.get(User, keeper.id)
    assert gone.deleted_at is not None and gone.email.endswith("@deleted.invalid")
    assert kept.deleted_at is None and kept.email == "revient@example.com"


def test_old_emails_and_read_notifications_are_purged(app, person, entrepreneur):
    db.session.add(OutboxMessage(to_email="x@example.com", subject="s", body="b", status="sent"))
    db.session.add(Notification(user_id=entrepreneur.id, kind="k", title="t", body="b", read_at=utcnow()))
    db.session.add(Notification(user_id=entrepreneur.id, kind="k", title="unread", body="b"))
    db.session.commit()
    report = run_at(utcnow() + timedelta(days=400))
    assert report.emails >= 1 and report.notifications == 1
    assert db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_email == "x@example.com")).all() == []
    assert [n.title for n in db.session.scalars(db.select(Notification).where(
        Notification.user_id == entrepreneur.id))] == ["unread"]


def test_the_owner_of_a_unit_is_forgotten_once_it_is_let_or_two_years_after_the_invitation(app, auray):
    from bourse.geo import make_point
    from bourse.register.models import Source, Unit, UnitState
    from bourse.register.services import observe

    units = []
    for n, state in enumerate((UnitState.VACANT, UnitState.VACANT, UnitState.VACANT)):
        unit = Unit(town_id=auray.id, address=f"{n} rue du Lait", address_key=f"{n} rue du lait",
                    location=make_point(-2.98 + n * 0.001, 47.668), owner_name=f"Propriétaire {n}",
                    owner_email=f"p{n}@example.com")
        db.session.add(unit)
        db.session.flush()
        observe(unit, state, Source.SURVEY)
        units.append(unit)
    let, invited_long_ago, kept = units
    observe(let, UnitState.OCCUPIED, Source.SURVEY, sector="food")
    invited_long_ago.owner_invited_at = utcnow() - timedelta(days=800)
    kept.owner_invited_at = utcnow() - timedelta(days=100)
    db.session.commit()
    assert run_at(utcnow()).unit_owners == 2
    for unit in units:
        db.session.refresh(unit)
    assert (let.owner_name, let.owner_email, invited_long_ago.owner_email) == (None, None, None)
    assert kept.owner_email == "p2@example.com"
