"""Hypothesis drives the premises life cycle together with applications and leases, on both databases.

Every rule runs as one request would: inside a unit of work that commits, or rolls back on a refusal.
Invariants checked after every step:

- no path lets a unit without a signed lease, unless its landlord declared it let outside Bourse;
- an application in ``lease_signed`` always has a signed lease, and its unit is let while the lease runs;
- every status the unit went through is in its time-stamped history, in order;
- the generic routes never reach the dedicated moves (``let_by_lease``, ``sign_lease``).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from bourse.accounts import services as accounts
from bourse.accounts.roles import Role
from bourse.applications import leases
from bourse.applications import services as applications
from bourse.applications.models import Application, Lease
from bourse.domain import DomainError
from bourse.extensions import db
from bourse.premises import lifecycle
from bourse.premises import services as premises
from bourse.premises.models import Premises, PremisesStatusChange
from bourse.projects import services as projects
from tests.builders import make_town
from tests.conftest import PASSWORD
from tests.fixtures import listing_data, project_data
from tests.support.db import empty_all_tables
from tests.support.uow import boundary

STATUS_VERBS = sorted(m.verb for m in lifecycle.MOVES)  # dedicated ones included: they must be refused
START = date.today() + timedelta(days=30)


def build_world(app):
    db.session.commit()
    db.session.close()  # release this session's locks, or PostgreSQL's TRUNCATE would wait on us
    empty_all_tables(app)
    town = make_town()

    def user(role, n):
        return accounts.create_user(f"{role.value}{n}@example.com", PASSWORD, f"{role.value} {n}", role)

    landlord, founders = user(Role.LANDLORD, 0), [user(Role.ENTREPRENEUR, n) for n in range(2)]
    unit = premises.create_premises(landlord, landlord, listing_data(town, lon=-2.981, lat=47.668))
    files = [projects.save_project(f, None, project_data(name=f"Projet {f.id}", towns=[town])) for f in founders]
    db.session.commit()
    return dict(landlord=landlord, founders=founders, unit_id=unit.id, files=files)


class PremisesLife(RuleBasedStateMachine):
    app = None  # set by the test

    def __init__(self) -> None:
        super().__init__()
        self.world = build_world(self.app)
        self.declared_let = False  # the landlord said "let outside Bourse" since the last publication
        self.statuses = ["draft"]

    @property
    def unit(self) -> Premises:
        return db.session.get(Premises, self.world["unit_id"])

    def attempt(self, action) -> bool:
        """One request's worth of work: True when it went through, False when a rule refused it."""
        try:
            with boundary(None):
                action()
        except DomainError:
            return False
        return True

    @rule(verb=st.sampled_from(STATUS_VERBS))
    def change_status(self, verb):
        before = self.unit.status
        done = self.attempt(lambda: premises.change_status(self.world["landlord"], self.unit, verb))
        assert not (done and verb == "let_by_lease"), "the generic route reached a dedicated move"
        if done:
            self.statuses.append(self.unit.status)
            self.declared_let = verb == "mark_let" or (self.declared_let and verb != "publish")
        else:
            assert self.unit.status == before  # a refusal changes nothing

    @precondition(lambda self: self.unit.status == "published")
    @rule(founder=st.integers(0, 1))
    def apply(self, founder):
        person, project = self.world["founders"][founder], self.world["files"][founder]
        self.attempt(lambda: applications.apply(person, project, self.unit, None, "", submit=True))

    @precondition(lambda self: db.session.scalar(db.select(Application.id).limit(1)) is not None)
    @rule(index=st.integers(0, 3), verb=st.sampled_from(["select", "select", "reject", "withdraw", "sign_lease"]))
    def move_application(self, index, verb):
        found = db.session.scalars(db.select(Application).order_by(Application.id)).all()
        if not found:
            return
        application = found[index % len(found)]
        actor = application.applicant if verb == "withdraw" else self.world["landlord"]
        before = application.state
        done = self.attempt(lambda: applications.transition(actor, application, verb, reason="Motif"))
        assert not (done and verb == "sign_lease"), "the generic route signed a lease"
        if not done:
            assert db.session.get(Application, application.id).state == before

    @precondition(lambda self: db.session.scalar(db.select(Application.id).where(
        Application.state == "selected")) is not None)
    @rule(signed=st.booleans())
    def record_and_sign(self, signed):
        selected = db.session.scalar(db.select(Application).where(Application.state == "selected"))
        if selected is None:
            return
        landlord = self.world["landlord"]
        self.attempt(lambda: leases.record_lease(landlord, selected, lease_type="commercial_369", starts_on=START,
                                                 ends_on=START + timedelta(days=3 * 365), steps=[]))
        if signed:
            let_before = self.unit.status == "let"
            if self.attempt(lambda: leases.sign(landlord, selected, START - timedelta(days=2))) and not let_before:
                self.statuses.append("let")

    @invariant()
    def no_let_without_a_signed_lease(self):
        db.session.commit()
        if self.unit.status != "let" or self.declared_let:
            return
        signed = db.session.scalar(db.select(Lease.id).join(Application, Application.id == Lease.application_id)
                                   .where(Application.premises_id == self.world["unit_id"],
                                          Application.state == "lease_signed", Lease.signed_on.is_not(None)))
        assert signed is not None, "the unit is let, but no lease was signed and nobody declared it let"

    @invariant()
    def a_signed_application_has_a_signed_lease_and_a_let_unit(self):
        for application in db.session.scalars(db.select(Application).where(Application.state == "lease_signed")):
            assert application.lease is not None and application.lease.signed_on is not None
            assert application.premises.status == "let"

    @invariant()
    def history_has_every_status_in_order(self):
        history = db.session.scalars(db.select(PremisesStatusChange.to_status).where(
            PremisesStatusChange.premises_id == self.world["unit_id"]).order_by(PremisesStatusChange.id)).all()
        assert history == self.statuses


def test_the_premises_life_cycle_cannot_be_bypassed(app):
    PremisesLife.app = app
    with app.test_request_context():
        run_state_machine_as_test(PremisesLife, settings=settings(
            max_examples=15, stateful_step_count=30, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
