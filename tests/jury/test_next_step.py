"""The applicant always sees what happens next, and when."""

from __future__ import annotations

from bourse.extensions import db
from bourse.jury import decision
from tests.conftest import csrf_token
from bourse.unit_of_work import row_lock
from tests.support.uow import boundary


def record(actor, call, *args, **kwargs):
    """``decision.record`` inside the boundary its view declares: the call's row lock."""
    from bourse.programmes.models import Call

    with boundary(row_lock(Call, "call_id"), call_id=call.id):
        return decision.record(actor, call, *args, **kwargs)


def test_my_applications_say_what_comes_next_with_dates(client, auth, jury, apply_to):
    application = apply_to(jury.slots[0], "Fromagerie")
    auth.login(application.applicant.email)
    deadline_year = str(jury.call.closes_at.year)
    html = client.get("/mes-candidatures").get_data(as_text=True)
    assert "L'appel se termine le" in html.replace("&#39;", "'") and deadline_year in html
    jury.close()
    html = client.get(f"/candidatures/{application.id}").get_data(as_text=True).replace("&#39;", "'")
    assert "le jury note les candidatures" in html
    record(jury.manager, jury.call, {jury.slots[0].id: application.id}, "PV", "")
    db.session.commit()
    html = client.get(f"/candidatures/{application.id}").get_data(as_text=True)
    assert "Votre candidature est retenue : le bail va suivre." in html
    assert "Décision du jury" in client.get("/notifications").get_data(as_text=True)
    assert csrf_token(client, "/mes-candidatures")
