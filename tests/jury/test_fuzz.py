"""Random form input on the jury's pages: always an answer a person can read, never a half-written row."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bourse.applications.models import Application
from bourse.extensions import db
from bourse.jury.models import JuryDecision, JuryScore
from tests.conftest import csrf_token

FIELD_TEXT = st.one_of(st.text(max_size=40), st.sampled_from(["5", "10", "0", "-0", "9.5", "1e1", "nan", "١٠", "5,5"]))
def fresh_example(jury) -> None:
    """Each example starts from the same database: undo what the previous example's requests committed
    (scores, conflicts, a decision and its moves, extra invitations), so no example only ever sees
    "already decided"."""
    from bourse.applications.models import ApplicationEvent
    from bourse.jury.models import JuryConflict, JuryMember
    from bourse.notifications.models import Notification, OutboxMessage

    db.session.rollback()
    db.session.execute(db.delete(JuryScore))
    db.session.execute(db.delete(JuryConflict))
    db.session.execute(db.delete(JuryDecision))
    db.session.execute(db.delete(ApplicationEvent).where(ApplicationEvent.verb.in_(("select", "reject"))))
    db.session.execute(db.update(Application).values(state="submitted", reason=None))
    db.session.execute(db.delete(JuryMember).where(JuryMember.call_id == jury.call.id, JuryMember.user_id.is_(None)))
    db.session.execute(db.delete(Notification))
    db.session.execute(db.delete(OutboxMessage))
    db.session.commit()
    db.session.expire_all()


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(first=FIELD_TEXT, second=FIELD_TEXT, comment=st.text(max_size=3000), extra=st.dictionaries(
    st.sampled_from(["marks-2-score", "marks-9-score", "marks--1-score", "marks-0-comment"]), FIELD_TEXT, max_size=2))
def test_scoring_form_never_fails_and_never_half_writes(client, auth, jury, apply_to, first, second, comment, extra):
    if not hasattr(jury, "fuzz_application"):
        jury.fuzz_application = apply_to(jury.slots[0], "Fromagerie")
        auth.login(jury.members[0].email)
    fresh_example(jury)
    page = f"/jury/candidatures/{jury.fuzz_application.id}"
    data = {"marks-0-score": first, "marks-1-score": second, "marks-1-comment": comment, **extra,
            "csrf_token": csrf_token(client, page)}
    response = client.post(page, data=data)
    # 400 only for a NUL character, which the whole site refuses with a message.
    assert response.status_code in (200, 302) or (response.status_code == 400 and any(
        "\x00" in str(v) for v in data.values()))
    db.session.commit()
    stored = db.session.scalars(db.select(JuryScore.criterion)).all()
    assert sorted(stored) in ([], [0, 1])  # all criteria or none
    assert all(0 <= s <= 10 for s in db.session.scalars(db.select(JuryScore.score)))


@FUZZ
@given(choice=st.one_of(st.none(), st.integers(-5, 10**12), st.text(max_size=12)), minutes=st.text(max_size=200),
       reason=st.text(max_size=200))
def test_decision_form_never_fails_and_is_all_or_nothing(client, auth, jury, apply_to, choice, minutes, reason):
    if not hasattr(jury, "fuzz_application"):
        jury.fuzz_application = apply_to(jury.slots[0], "Fromagerie")
        apply_to(jury.slots[0], "Bazar")
        jury.close()
        auth.login(jury.manager.email)
    fresh_example(jury)
    page = f"/appels/{jury.call.id}/jury"
    data = {"minutes": minutes, "reason": reason, "csrf_token": csrf_token(client, page)}
    if choice is not None:
        data[f"slot-{jury.slots[0].id}"] = str(choice)
    response = client.post(f"/appels/{jury.call.id}/decision", data=data)
    assert response.status_code in (302, 422) or (response.status_code == 400 and any(
        "\x00" in str(v) for v in data.values()))
    db.session.commit()
    decided = db.session.scalar(db.select(db.func.count(JuryDecision.id)))
    states = sorted(db.session.scalars(db.select(Application.state)))
    if decided:
        assert states in (["rejected", "selected"], ["rejected", "rejected"])
    else:
        assert states == ["submitted", "submitted"]


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["state", "town", "programme", "min_match", "min_jury", "sort", "call"]),
                              FIELD_TEXT, max_size=7))
def test_queue_filters_never_fail(client, auth, jury, apply_to, params):
    if not hasattr(jury, "fuzz_application"):
        jury.fuzz_application = apply_to(jury.slots[0], "Fromagerie")
        auth.login(jury.manager.email)
    response = client.get("/candidatures", query_string=params)
    assert response.status_code in (200, 400)
    assert response.status_code == 200 or any("\x00" in v for v in params.values())


@FUZZ
@given(email=st.text(max_size=80))
def test_invitations_refuse_bad_addresses_clearly(client, auth, jury, email):
    from bourse.jury.models import JuryMember

    if not hasattr(jury, "fuzz_logged_in"):
        jury.fuzz_logged_in = auth.login(jury.manager.email)
    fresh_example(jury)
    page = f"/appels/{jury.call.id}/jury"
    before = db.session.scalar(db.select(db.func.count(JuryMember.id)))
    response = client.post(f"{page}/invitations", data={"email": email, "csrf_token": csrf_token(client, page)})
    db.session.commit()
    after = db.session.scalar(db.select(db.func.count(JuryMember.id)))
    assert response.status_code in (302, 422, 400)
    # Accepted: one seat more (or the same one, re-invited). Refused: nothing written.
    assert after - before in ((0, 1) if response.status_code == 302 else (0,))
