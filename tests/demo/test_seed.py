"""The Auray demo: believable, complete and safe to run twice."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import func

from bourse.accounts import services as accounts
from bourse.demo.data import DEMO_USERS
from bourse.extensions import db
from bourse.observatory import snapshots
from bourse.observatory.figures import compute
from bourse.observatory.periods import parse
from bourse.observatory.scope import scope_of
from bourse.register.spells import month_index
from bourse.timeutil import utcnow
from bourse.premises.models import Premises, PremisesStatus, PremisesStatusChange
from bourse.register.models import Observation, Perimeter, SurveyCampaign, Unit
from bourse.towns.models import Town


def counts() -> tuple[int, ...]:
    return (
        db.session.scalar(db.select(func.count(Premises.id))),
        db.session.scalar(db.select(func.count(PremisesStatusChange.id))),
        db.session.scalar(db.select(func.count(Town.id))),
        db.session.scalar(db.select(func.count(Observation.id))),
        db.session.scalar(db.select(func.count(Perimeter.id))),
    )


def test_seed_demo_fills_an_empty_database_and_is_idempotent(app):
    runner = CliRunner()
    first = runner.invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    assert first.exit_code == 0
    assert "1/5 reference towns" in first.output and "5/5 Auray's unit register" in first.output
    before = counts()
    second = runner.invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    assert second.exit_code == 0
    assert "(0 new)" in second.output
    db.session.commit()  # end the read snapshot: see what requests committed
    assert counts() == before
    assert before[0] >= 24


def test_demo_has_every_status_a_history_and_auray_locations(app):
    CliRunner().invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    statuses = dict(db.session.execute(
        db.select(Premises.status, func.count(Premises.id)).group_by(Premises.status)
    ).all())
    assert set(statuses) == {s.value for s in PremisesStatus}
    # every unit has its history; a let unit went draft → published → under offer → let
    let = db.session.scalars(db.select(Premises).where(Premises.status == "let")).first()
    history = db.session.scalars(
        db.select(PremisesStatusChange.to_status).where(PremisesStatusChange.premises_id == let.id)
        .order_by(PremisesStatusChange.changed_at)
    ).all()
    assert history == ["draft", "published", "under_offer", "let"]
    # every demo unit stands inside Auray's town-centre perimeter
    auray = db.session.scalar(db.select(Town).where(Town.insee_code == "56007"))
    outside = db.session.scalar(
        db.select(func.count(Premises.id)).join(Town, Town.id == Premises.town_id)
        .where(Town.id == auray.id).where(~Town.perimeter.ST_Contains(Premises.location))
    )
    assert outside == 0


def test_demo_accounts_can_sign_in_with_the_printed_passwords(app):
    CliRunner().invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    for demo in DEMO_USERS:
        user = accounts.authenticate(demo.email, demo.password)
        assert user is not None and user.role == demo.role
    manager = accounts.find_user_by_email("manager@bourse-demo.fr")
    assert "Auray" in [t.name for t in manager.towns]


def test_demo_has_an_open_test_boutique_call(app, client):
    CliRunner().invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    CliRunner().invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    from bourse.programmes.models import Call, Programme, Slot

    assert db.session.scalar(db.select(func.count(Programme.id))) == 1
    assert db.session.scalar(db.select(func.count(Slot.id))) == 2
    call = db.session.scalars(db.select(Call)).one()
    html = client.get(f"/appels/{call.id}").get_data(as_text=True)
    assert "Boutique à l&#39;essai — rue du Belzic" in html and "Qualité du projet" in html


def test_demo_jury_member_has_applications_to_score(app, client):
    CliRunner().invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    CliRunner().invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    from bourse.applications.models import Application

    assert db.session.scalar(db.select(func.count(Application.id)).where(Application.state == "submitted")) == 2
    client.post("/connexion", data={"email": "jury@bourse-demo.fr", "password": "Demo-Jury-2026!",
                                    "csrf_token": _token(client)})
    html = client.get("/jury").get_data(as_text=True)
    assert "Boutique à l&#39;essai — rue du Belzic" in html
    call_page = client.get("/jury").get_data(as_text=True)
    assert "/jury/appels/" in call_page


def _token(client) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client)


def test_auray_has_a_believable_register_with_eleven_years_of_surveys(app):
    CliRunner().invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    auray = db.session.scalar(db.select(Town).where(Town.insee_code == "56007"))
    surveys = db.session.scalars(db.select(SurveyCampaign).where(SurveyCampaign.town_id == auray.id)
                                 .order_by(SurveyCampaign.surveyed_on)).all()
    assert [s.surveyed_on.year for s in surveys] == list(range(2016, 2027))
    states = dict(db.session.execute(db.select(Unit.state, func.count(Unit.id)).where(Unit.town_id == auray.id)
                                     .group_by(Unit.state)).all())
    total = sum(states.values())
    assert 150 <= total <= 260, states
    assert 0.08 <= states.get("vacant", 0) / total <= 0.30, states  # a town centre with a vacancy problem
    version = db.session.scalar(db.select(Perimeter).where(Perimeter.town_id == auray.id))
    assert [z.name for z in version.zones] == ["Place de la République", "Rue du Château", "Saint-Goustan"]
    # every unit of the register has its history, eleven surveys long at least for the surveyed ones
    longest = db.session.scalar(db.select(func.max(db.select(func.count(Observation.id))
                                                   .where(Observation.unit_id == Unit.id).scalar_subquery())))
    assert longest >= 11
    # the observatory has something to say: vacancy moved over the years, shops opened and closed
    figures = compute(scope_of(auray), parse("2016-10", "2026-10", utcnow().date()))
    rates = [r for r in figures.series.rates if r is not None]
    assert len(rates) == 121 and max(rates) - min(rates) > 0.03
    assert figures.openings.sum() >= 20 and figures.closures.sum() >= 20 and figures.summary()["long_term"] >= 5
    assert snapshots.frozen(auray.id, month_index(utcnow().date()) - 1) is not None  # last month, frozen
