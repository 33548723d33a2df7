"""Saved searches and project alerts: in-app notifications and e-mail through the outbox."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from click.testing import CliRunner

from bourse.accounts.models import User
from bourse.extensions import db
from bourse.notifications import outbox
from bourse.notifications.models import Notification, OutboxMessage, SavedSearch
from bourse.premises import services as premises_services
from bourse.timeutil import utcnow
from tests.support.jobs import work_off
from tests.builders import make_call, make_programme
from tests.conftest import csrf_token
from tests.support.smtp import plain


def rows(model):
    db.session.commit()
    return db.session.scalars(db.select(model).order_by(model.id)).all()


def save_search(client, query: str, name="Auray pas cher"):
    return client.post("/alertes/recherche", data={"name": name, "query": query,
                                                   "csrf_token": csrf_token(client, "/recherche")})


def consent_to_alert_emails(client, given: bool = True) -> None:
    data = {"email_notifications": "y", "csrf_token": csrf_token(client, "/compte/preferences")}
    if given:
        data["alert_emails"] = "y"
    assert client.post("/compte/preferences", data=data).status_code == 302


def test_alert_emails_need_a_dated_consent_that_starts_unticked(app, client, auth, entrepreneur, make_listing,
                                                               landlord, smtp):
    auth.login(entrepreneur.email)
    form = client.get("/compte/preferences").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="alert_emails"[^>]*>', form).group(0).count("checked") == 0
    save_search(client, "town=56007")
    make_listing(title="Sans e-mail")
    work_off()
    assert [n.title for n in rows(Notification)] == ["Nouveau local pour votre alerte « Auray pas cher »"]
    assert smtp.to(entrepreneur.email) == []  # in the app only: no consent, no alert e-mail
    consent_to_alert_emails(client)
    db.session.commit()
    given = db.session.get(User, entrepreneur.id).alert_emails_consent_at
    assert given is not None and abs((utcnow() - given).total_seconds()) < 60
    assert "Envoi des alertes par e-mail accepté le" in client.get("/compte/preferences").get_data(as_text=True)
    consent_to_alert_emails(client, given=False)
    db.session.commit()
    assert db.session.get(User, entrepreneur.id).alert_emails_consent_at is None


def test_saved_search_alert_reaches_the_local_smtp_server(app, client, auth, entrepreneur, make_listing, landlord,
                                                          smtp):
    auth.login(entrepreneur.email)
    consent_to_alert_emails(client)
    save_search(client, "town=56007&max_rent=10000")
    [saved] = rows(SavedSearch)
    assert saved.query == {"town": "56007", "max_rent": "10000"}

    cheap = make_listing(title="Petit local pas cher", rent_per_year=Decimal(8000), status="draft")
    dear = make_listing(title="Grand local cher", rent_per_year=Decimal(20000), status="draft", lon=-2.9820)
    premises_services.change_status(landlord, dear, "publish")
    work_off()  # the alert job, as a worker runs it
    assert rows(Notification) == []
    premises_services.change_status(landlord, cheap, "publish")
    work_off()  # the alert job, as a worker runs it
    [notification] = rows(Notification)
    assert notification.user_id == entrepreneur.id and notification.link == f"/locaux/{cheap.id}"
    assert notification.title == "Nouveau local pour votre alerte « Auray pas cher »"

    [mail] = smtp.to(entrepreneur.email)  # the e-mail job ran after the alert job
    assert mail["Subject"] == "Nouveau local pour votre alerte « Auray pas cher »"
    assert "Petit local pas cher" in plain(mail) and f"http://bourse.test/locaux/{cheap.id}" in plain(mail)
    assert rows(OutboxMessage)[0].status == "sent"
    result = CliRunner().invoke(app.cli, ["outbox", "send"], catch_exceptions=False)
    assert "sent 0" in result.output  # nothing left for the hand-run worker, nothing sent twice
    assert len(smtp.to(entrepreneur.email)) == 1

    html = client.get("/").get_data(as_text=True)
    assert 'class="count"' in html  # unread count in the navigation
    assert "Petit local pas cher" in client.get("/notifications").get_data(as_text=True)
    assert 'class="count"' not in client.get("/").get_data(as_text=True)


def test_project_alert_uses_the_minimum_score(client, auth, entrepreneur, make_project, make_listing, landlord):
    project = make_project()
    auth.login(entrepreneur.email)
    client.post(f"/alertes/projet/{project.id}", data={"min_score": "90",
                                                       "csrf_token": csrf_token(client, "/alertes")})
    good = make_listing(title="Bien", status="draft")
    poor = make_listing(title="Trop petit", sales_area_m2=Decimal(18), status="draft", lon=-2.9820)
    premises_services.change_status(landlord, poor, "publish")
    work_off()  # the alert job, as a worker runs it
    premises_services.change_status(landlord, good, "publish")
    work_off()
    [notification] = rows(Notification)
    assert "Bien" in notification.body and "Correspondance : 100/100" in notification.body


def test_a_down_smtp_server_loses_nothing(app, entrepreneur, make_listing, landlord, smtp):
    entrepreneur.alert_emails_consent_at = utcnow()
    db.session.add(SavedSearch(user_id=entrepreneur.id, name="Tout Auray", query={"town": "56007"}))
    db.session.commit()
    premises_services.change_status(landlord, make_listing(status="draft"), "publish")
    real_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 9  # nothing listens there
    try:
        outcomes = work_off()  # the alert job, then the e-mail job, which cannot reach the server
    finally:
        app.config["MAIL_PORT"] = real_port
    assert outcomes == ["done", "done"]  # the e-mail job did its work: keep the message for later
    [message] = rows(OutboxMessage)
    # The server's fault, not the message's: no attempt counted, still due for the next run.
    assert message.status == "pending" and message.attempts == 0 and "Error" in message.last_error
    assert message.next_attempt_at <= utcnow() and smtp.to(entrepreneur.email) == []
    report = outbox.send_due()  # the server is back
    assert report.sent == 1 and len(smtp.to(entrepreneur.email)) == 1
    assert rows(OutboxMessage)[0].status == "sent"


def test_in_app_only_users_get_no_email(entrepreneur, make_listing, landlord):
    entrepreneur.email_notifications = False  # the general switch wins over the alert consent
    entrepreneur.alert_emails_consent_at = utcnow()
    db.session.add(SavedSearch(user_id=entrepreneur.id, name="Tout Auray", query={"town": "56007"}))
    db.session.commit()
    premises_services.change_status(landlord, make_listing(status="draft"), "publish")
    work_off()  # the alert job, as a worker runs it
    assert len(rows(Notification)) == 1 and rows(OutboxMessage) == []


def test_preferences_page_switches_email_off(client, auth, entrepreneur):
    auth.login(entrepreneur.email)
    client.post("/compte/preferences", data={"csrf_token": csrf_token(client, "/compte/preferences")})
    db.session.commit()
    db.session.refresh(entrepreneur)
    assert entrepreneur.email_notifications is False


def test_alerts_of_others_are_404(client, auth, entrepreneur, make_user):
    from bourse.accounts.roles import Role

    other = make_user(Role.ENTREPRENEUR)
    saved = SavedSearch(user_id=other.id, name="À moi", query={})
    db.session.add(saved)
    db.session.commit()
    auth.login(entrepreneur.email)
    response = client.post(f"/alertes/{saved.id}/supprimer", data={"csrf_token": csrf_token(client, "/alertes")})
    assert response.status_code == 404
    assert len(rows(SavedSearch)) == 1


def test_publishing_a_call_alerts_matching_projects(entrepreneur, make_project, make_listing, manager):
    from datetime import datetime, timezone

    from bourse.programmes import services as programmes

    project = make_project()
    db.session.add(SavedSearch(user_id=entrepreneur.id, name="Mon épicerie", project_id=project.id, min_score=50))
    db.session.commit()
    unit = make_listing(title="Cellule d'essai", status="draft")  # a test-boutique unit need not be listed
    programme = make_programme(manager, unit)
    call = make_call(manager, programme, published=False)
    now = datetime.now(timezone.utc)
    assert rows(Notification) == []
    programmes.save_call(manager, programme, call, opens_on=now.date(), closes_at=now + timedelta(days=9),
                         published=True)
    work_off()
    [notification] = rows(Notification)
    assert notification.link == f"/appels/{call.id}" and "Cellule d'essai" in notification.body
