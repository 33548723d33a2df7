"""A jury action failing half-way leaves nothing behind: no row, no notification, no e-mail."""

from __future__ import annotations

import pytest

from bourse.accounts.roles import Role
from bourse.applications import services as applications
from bourse.applications.models import Application
from bourse.extensions import db
from bourse.jury import invitations
from bourse.jury.models import JuryDecision, JuryMember
from bourse.notifications.models import Notification, OutboxMessage
from tests.builders import make_call
from tests.conftest import csrf_token
from tests.test_unit_of_work import Boom, count, fail_on_call


def test_reinviting_an_earlier_jury_is_all_or_nothing(client, auth, jury, make_user, monkeypatch):
    third = make_user(Role.JURY_MEMBER, email="jure2@example.com")
    from tests.jury.conftest import seat_user

    seat_user(jury.manager, jury.call, third)
    next_call = make_call(jury.manager, jury.call.programme, days_open=40)
    assert len(invitations.previous_members(next_call)) == 3
    db.session.execute(db.delete(OutboxMessage))
    auth.login(jury.manager.email)
    page = f"/appels/{next_call.id}/jury"
    token = csrf_token(client, page)
    fail_on_call(monkeypatch, invitations, "invite", 2)  # after the first of three invitations
    with pytest.raises(Boom):
        client.post(f"{page}/invitations/precedentes", data={"csrf_token": token})
    assert db.session.scalar(db.select(db.func.count(JuryMember.id)).where(JuryMember.call_id == next_call.id)) == 0
    assert count(OutboxMessage) == 0
    monkeypatch.undo()
    client.post(f"{page}/invitations/precedentes", data={"csrf_token": token})
    assert count(OutboxMessage) == 3  # the same action, without the failure, does all three


def test_a_decision_failing_after_its_first_rejection_changes_nothing(client, auth, jury, apply_to, monkeypatch):
    winner = apply_to(jury.slots[0], "Fromagerie")
    apply_to(jury.slots[0], "Bazar")
    apply_to(jury.slots[0], "Librairie")
    jury.close()
    db.session.execute(db.delete(Notification))
    db.session.execute(db.delete(OutboxMessage))
    auth.login(jury.manager.email)
    page = f"/appels/{jury.call.id}/jury"
    token = csrf_token(client, page)
    real_run = applications.run
    rejections = {"n": 0}

    def run(application, actor, verb, **context):
        real_run(application, actor, verb, **context)
        rejections["n"] += verb == "reject"
        if rejections["n"] == 1:
            raise Boom("forced failure after the first rejection")

    monkeypatch.setattr(applications, "run", run)
    with pytest.raises(Boom):
        client.post(f"/appels/{jury.call.id}/decision", data={
            f"slot-{jury.slots[0].id}": winner.id, "minutes": "PV", "reason": "Un autre projet",
            "csrf_token": token})
    assert rejections["n"] == 1  # it really failed half-way
    assert count(JuryDecision) == 0
    assert set(db.session.scalars(db.select(Application.state))) == {"submitted"}
    assert count(Notification) == 0 and count(OutboxMessage) == 0
