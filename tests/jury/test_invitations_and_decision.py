"""Joining a jury through the e-mailed link, the manager's pages, and the decision told to everyone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from bourse.domain import NotFound

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.applications.models import Application, ApplicationEvent
from bourse.extensions import db
from bourse.jury import decision, invitations, scoring
from bourse.jury.models import JuryDecision, JuryMember
from bourse.notifications.models import Notification, OutboxMessage
from bourse.timeutil import utcnow
from tests.conftest import csrf_token
from tests.support.concurrency import at_once

LINK = re.compile(r"http://bourse\.test(/jury/invitation/[\w-]+)")
from bourse.unit_of_work import row_lock
from tests.support.uow import boundary
from tests.support.smtp import plain


def record(actor, call, *args, **kwargs):
    """``decision.record`` inside the boundary its view declares: the call's row lock."""
    from bourse.programmes.models import Call

    with boundary(row_lock(Call, "call_id"), call_id=call.id):
        return decision.record(actor, call, *args, **kwargs)


def invitation_link(address: str) -> str:
    db.session.commit()
    [mail] = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_email == address)
                                .order_by(OutboxMessage.id.desc()).limit(1))
    return LINK.search(mail.body).group(1)


def test_invitation_email_and_sign_up_through_the_link(app, client, auth, jury, smtp):
    auth.login(jury.manager.email)
    page = f"/appels/{jury.call.id}/jury"
    response = client.post(f"{page}/invitations", data={"email": "Nouvelle.Jure@Example.com ",
                                                         "csrf_token": csrf_token(client, page)})
    assert response.status_code == 302
    path = invitation_link("nouvelle.jure@example.com")
    CliRunner().invoke(app.cli, ["outbox", "send"], catch_exceptions=False)
    [mail] = smtp.to("nouvelle.jure@example.com")
    assert "jury" in mail["Subject"].lower() and path in plain(mail)
    auth.logout()

    html = client.get(path).get_data(as_text=True)
    assert "nouvelle.jure@example.com" in html and "Viabilité" in html
    weak = client.post(path, data={"full_name": "Anne Jurée", "password": "azerty", "password_confirm": "azerty",
                                   "csrf_token": csrf_token(client, path)})
    assert weak.status_code == 200 and db.session.scalar(db.select(User).where(
        User.email == "nouvelle.jure@example.com")) is None
    joined = client.post(path, data={"full_name": "Anne Jurée", "password": "Un jury bien outillé 2026",
                                     "password_confirm": "Un jury bien outillé 2026",
                                     "csrf_token": csrf_token(client, path)})
    assert joined.status_code == 302 and joined.headers["Location"] == f"/jury/appels/{jury.call.id}"
    db.session.commit()
    user = db.session.scalar(db.select(User).where(User.email == "nouvelle.jure@example.com"))
    assert user.role == Role.JURY_MEMBER.value and jury.seat(user) is not None
    assert jury.call.programme.title in client.get("/jury").get_data(as_text=True)
    # The link works once.
    auth.logout()
    assert client.get(path).status_code == 404


def test_a_link_is_for_its_address_only_and_expires(client, auth, jury, make_user):
    invitations.invite(jury.manager, jury.call, "invitee@example.com")
    path = invitation_link("invitee@example.com")
    other = make_user(Role.JURY_MEMBER, email="someone@example.com")
    auth.login(other.email)
    html = client.get(path).get_data(as_text=True)
    assert "invitee@example.com" in html and "Join the jury" not in html and "Rejoindre le jury" not in html
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert jury.seat(other) is None
    member = db.session.scalar(db.select(JuryMember).where(JuryMember.email == "invitee@example.com"))
    member.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(path).status_code == 404
    assert client.get("/jury/invitation/not-a-token").status_code == 404


def test_an_existing_account_signs_in_then_joins(client, auth, jury, make_user):
    landlord = make_user(Role.LANDLORD, email="proprio-jure@example.com")
    invitations.invite(jury.manager, jury.call, landlord.email)
    path = invitation_link(landlord.email)
    assert "/connexion?next=" in client.get(path).get_data(as_text=True)
    auth.login(landlord.email)
    assert "Mes jurys" not in client.get("/").get_data(as_text=True)
    assert client.post(path, data={"csrf_token": csrf_token(client, path)}).status_code == 302
    assert jury.seat(landlord) is not None
    assert "Mes jurys" in client.get("/").get_data(as_text=True)  # the link follows the seat, not the role


def test_only_the_towns_managers_run_the_jury(client, auth, jury, make_user, vannes):
    other_manager = make_user(Role.TOWN_MANAGER, email="vannes@example.com", towns=[vannes])
    with pytest.raises(NotFound):
        invitations.invite(other_manager, jury.call, "x@example.com")
    auth.login(other_manager.email)
    assert client.get(f"/appels/{jury.call.id}/jury").status_code == 404
    auth.logout()
    auth.login(jury.members[0].email)
    assert client.get(f"/appels/{jury.call.id}/jury").status_code in (403, 404)
    assert db.session.scalar(db.select(db.func.count(JuryMember.id))) == 2


def test_scoring_page_refuses_out_of_range_with_a_form_error(client, auth, jury, apply_to):
    application = apply_to(jury.slots[0], "Fromagerie")
    auth.login(jury.members[0].email)
    page = f"/jury/candidatures/{application.id}"
    html = client.get(page).get_data(as_text=True)
    assert "Fromagerie" in html and "Viabilité" in html and "Motivée" in html
    token = csrf_token(client, page)
    bad = client.post(page, data={"marks-0-score": "12", "marks-1-score": "5", "csrf_token": token})
    assert bad.status_code == 200 and "Viabilité" in bad.get_data(as_text=True)
    assert "entre 0 et 10" in bad.get_data(as_text=True)
    # The faulty field, and only it, is marked for screen readers and tied to the message.
    tags = dict(re.findall(r'<input([^>]*id="(marks-\d-score)"[^>]*)>', bad.get_data(as_text=True))[i][::-1]
                for i in range(2))
    assert 'aria-invalid="true"' in tags["marks-0-score"] and 'aria-describedby="score-error"' in tags["marks-0-score"]
    assert "aria-invalid" not in tags["marks-1-score"]
    good = client.post(page, data={"marks-0-score": "7", "marks-0-comment": "Bon chiffrage", "marks-1-score": "8.5",
                                   "csrf_token": token})
    assert good.status_code == 302
    db.session.commit()
    assert [float(s.score) for s in scoring.scores_of(jury.seat(jury.members[0]), application).values()] == [7.0, 8.5]
    # Conflict declared from the page: from then on, the member sees the application's reference only.
    client.post(f"{page}/conflit", data={"note": "Voisin", "csrf_token": token})
    assert scoring.scores_of(jury.seat(jury.members[0]), application) == {}
    listing = client.get(f"/jury/appels/{jury.call.id}").get_data(as_text=True)
    assert "conflit" in listing.lower() and f"Candidature n° {application.id}" in listing
    assert "Fromagerie" not in listing
    after = client.get(page)
    seen = after.get_data(as_text=True)
    assert after.status_code == 200 and f"Candidature n° {application.id}" in seen
    for private in ("Fromagerie", "Motivée", application.applicant.full_name, "Viabilité", "Plan d’affaires"):
        assert private not in seen, private


def test_non_members_get_404_on_scoring_pages(client, auth, jury, apply_to, make_user):
    application = apply_to(jury.slots[0], "Fromagerie")
    outsider = make_user(Role.JURY_MEMBER, email="dehors@example.com")
    auth.login(outsider.email)
    assert client.get(f"/jury/candidatures/{application.id}").status_code == 404
    assert client.get(f"/jury/appels/{jury.call.id}").status_code == 404


def test_decision_selects_rejects_with_reason_and_tells_every_applicant(jury, apply_to):
    winner = apply_to(jury.slots[0], "Fromagerie")
    loser = apply_to(jury.slots[0], "Bazar")
    other_slot = apply_to(jury.slots[1], "Librairie")
    scoring.save_scores(jury.members[0], winner, [scoring.Mark("9"), scoring.Mark("9")])
    choices = {jury.slots[0].id: winner.id, jury.slots[1].id: other_slot.id}
    with pytest.raises(invitations.JuryError):  # before the deadline
        record(jury.manager, jury.call, choices, "PV", "Autre projet retenu")
    jury.close()
    with pytest.raises(invitations.JuryError):
        record(jury.manager, jury.call, choices, "  ", "Autre projet retenu")
    with pytest.raises(invitations.JuryError):
        record(jury.manager, jury.call, choices, "PV du 3 mars", "")
    with pytest.raises(invitations.JuryError):  # an application to another slot
        record(jury.manager, jury.call, {jury.slots[0].id: other_slot.id}, "PV", "Non")
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(JuryDecision.id))) == 0
    assert {a.state for a in db.session.scalars(db.select(Application))} == {"submitted"}
    db.session.execute(db.delete(Notification))
    db.session.commit()

    record(jury.manager, jury.call, choices, "PV du 3 mars : unanimité.", "Un autre projet a été retenu.",
                    {loser.id: "Le local est trop petit pour votre atelier."})
    db.session.commit()
    states = {a.id: (a.state, a.reason) for a in db.session.scalars(db.select(Application))}
    assert states == {winner.id: ("selected", None), other_slot.id: ("selected", None),
                      loser.id: ("rejected", "Le local est trop petit pour votre atelier.")}
    notes = {n.user_id: n for n in db.session.scalars(db.select(Notification))}
    assert set(notes) == {winner.applicant_id, loser.applicant_id, other_slot.applicant_id}
    assert notes[winner.applicant_id].kind == "jury_selected" and notes[loser.applicant_id].kind == "jury_not_selected"
    assert "trop petit" in notes[loser.applicant_id].body
    assert "retenu" in notes[winner.applicant_id].body or "sélectionné" in notes[winner.applicant_id].body
    verbs = [e.verb for e in db.session.scalars(db.select(ApplicationEvent).where(
        ApplicationEvent.application_id == loser.id))]
    assert verbs == ["create", "submit", "reject"]
    # Decided once; scores are closed.
    with pytest.raises(invitations.JuryError):
        record(jury.manager, jury.call, choices, "Encore", "Non")
    with pytest.raises(invitations.JuryError):
        scoring.save_scores(jury.members[1], winner, [scoring.Mark("1"), scoring.Mark("1")])


def test_decision_is_all_or_nothing_when_a_slot_was_taken_meanwhile(jury, apply_to):
    from bourse.applications import services as applications

    first = apply_to(jury.slots[0], "Fromagerie")
    second = apply_to(jury.slots[0], "Bazar")
    applications.transition(jury.manager, first, "select")  # chosen by hand earlier
    jury.close()
    with pytest.raises(applications.Conflict):
        record(jury.manager, jury.call, {jury.slots[0].id: second.id}, "PV", "Non")
    db.session.commit()
    assert db.session.get(Application, second.id).state == "submitted"
    assert db.session.scalar(db.select(db.func.count(JuryDecision.id))) == 0


def test_manager_page_shows_ranking_and_records_the_decision(client, auth, jury, apply_to):
    winner = apply_to(jury.slots[0], "Fromagerie")
    loser = apply_to(jury.slots[0], "Bazar")
    scoring.save_scores(jury.members[0], winner, [scoring.Mark("10"), scoring.Mark("5")])
    scoring.save_scores(jury.members[1], winner, [scoring.Mark("8"), scoring.Mark("10")])
    jury.close()
    auth.login(jury.manager.email)
    page = f"/appels/{jury.call.id}/jury"
    html = client.get(page).get_data(as_text=True)
    assert "84" in html and "8" in html and "Fromagerie" in html and "jure0@example.com" in html
    detail = client.get(f"/candidatures/{winner.id}").get_data(as_text=True)
    assert "Moyenne 84,0/100 de 2 membres (écart 8,0)." in detail
    token = csrf_token(client, page)
    missing = client.post(f"/appels/{jury.call.id}/decision", data={
        f"slot-{jury.slots[0].id}": winner.id, "minutes": "", "reason": "x", "csrf_token": token})
    assert missing.status_code == 422
    done = client.post(f"/appels/{jury.call.id}/decision", data={
        f"slot-{jury.slots[0].id}": winner.id, "minutes": "Le jury a siégé le 3 mars.",
        "reason": "Un autre projet correspond mieux au quartier.", "csrf_token": token})
    assert done.status_code == 302
    db.session.commit()
    assert db.session.get(Application, loser.id).reason == "Un autre projet correspond mieux au quartier."
    assert "Le jury a siégé le 3 mars." in client.get(page).get_data(as_text=True)


def test_two_managers_deciding_at_once_make_one_decision(app, jury, apply_to, make_user, auray):
    from bourse.applications import services as applications
    from bourse.programmes.models import Call

    first = apply_to(jury.slots[0], "Fromagerie")
    second = apply_to(jury.slots[0], "Bazar")
    colleague = make_user(Role.TOWN_MANAGER, email="collegue@example.com", towns=[auray])
    jury.close()
    plans = [(jury.manager.id, first.id), (colleague.id, second.id)]
    call_id, slot_id = jury.call.id, jury.slots[0].id
    db.session.commit()
    db.session.close()  # the threads take their own connections

    def deciding(user_id: int, application_id: int):
        def decide(ready):
            user, call = db.session.get(User, user_id), db.session.get(Call, call_id)
            user.towns, call.slots, call.programme.premises  # loaded before the race
            ready()
            try:
                record(user, call, {slot_id: application_id}, "PV", "Un autre projet est retenu.")
                return "ok"
            except (invitations.JuryError, applications.Conflict) as exc:
                return type(exc).__name__
        return decide

    outcomes = at_once(app, [deciding(*plan) for plan in plans])
    assert sorted(outcomes)[1] == "ok" and sorted(outcomes)[0] in ("Conflict", "JuryError"), outcomes
    assert db.session.scalar(db.select(db.func.count(JuryDecision.id))) == 1
    states = sorted(db.session.scalars(db.select(Application.state)))
    assert states == ["rejected", "selected"]
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.kind.in_(["jury_selected", "jury_not_selected"]))) == 2


def test_the_next_call_invites_the_earlier_jury_again(client, auth, jury, smtp):
    from tests.builders import make_call

    invitations.invite(jury.manager, jury.call, "pas-venu@example.com")  # never joined: not carried over
    next_call = make_call(jury.manager, jury.call.programme, days_open=40)
    assert invitations.previous_members(next_call) == ["jure0@example.com", "jure1@example.com"]
    auth.login(jury.manager.email)
    page = f"/appels/{next_call.id}/jury"
    assert "Inviter les 2 membres" in client.get(page).get_data(as_text=True)
    client.post(f"{page}/invitations/precedentes", data={"csrf_token": csrf_token(client, page)})
    db.session.commit()
    invited = sorted(db.session.scalars(db.select(JuryMember.email).where(JuryMember.call_id == next_call.id)))
    assert invited == ["jure0@example.com", "jure1@example.com"]
    assert invitation_link("jure1@example.com").startswith("/jury/invitation/")
    assert invitations.previous_members(next_call) == []
