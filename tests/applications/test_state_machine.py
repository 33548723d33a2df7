"""Hypothesis drives random moves by random people and checks the life cycle's invariants.

- only allowed moves succeed (and a refused move changes nothing);
- every successful move writes exactly one event row;
- at most one application per unit or slot is selected or lease_signed.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from bourse.domain import NotFound

from bourse.accounts import services as accounts
from bourse.accounts.roles import Role
from bourse.applications import machine, services
from bourse.applications.machine import HELD, values
from bourse.applications.models import Application, ApplicationEvent
from bourse.extensions import db
from bourse.projects import services as projects
from tests.builders import (
    make_call,
    make_premises,
    make_programme,
    make_slot,
    make_town,
)
from tests.conftest import PASSWORD
from tests.fixtures import project_data
from tests.support.db import empty_all_tables

VERBS = sorted(machine.TRANSITIONS)


def build_world(app):
    """Two founders with two projects each, a landlord's unit, a town's slot, and a stranger."""
    db.session.commit()
    db.session.close()  # release this session's locks, or PostgreSQL's TRUNCATE would wait on us
    empty_all_tables(app)
    town = make_town()
    db.session.commit()

    def user(role, n, towns=()):
        return accounts.create_user(f"{role.value}{n}@example.com", PASSWORD, f"{role.value} {n}", role, towns)

    founders = [user(Role.ENTREPRENEUR, n) for n in range(2)]
    landlord, manager, stranger = user(Role.LANDLORD, 0), user(Role.TOWN_MANAGER, 0, [town]), user(Role.LANDLORD, 1)
    unit = make_premises(landlord, town, -2.9826, 47.668, n=1)
    cell = make_premises(landlord, town, -2.9820, 47.668, n=2)
    db.session.commit()
    call = make_call(manager, make_programme(manager, cell), days_open=5)
    slot = make_slot(manager, call, starts_in=10, ends_in=100, rent=100)
    files = {f.id: [projects.save_project(f, None, project_data(name=f"P{f.id}-{k}", towns=[town])) for k in range(2)]
             for f in founders}
    return dict(founders=founders, people=[*founders, landlord, manager, stranger], unit=unit, slot=slot, files=files)


class ApplicationLife(RuleBasedStateMachine):
    app = None  # set by the test

    def __init__(self) -> None:
        super().__init__()
        self.world = build_world(self.app)
        self.applications: list[int] = []
        self.moves: Counter = Counter()  # application id -> successful moves, creation included

    @rule(founder=st.integers(0, 1), project=st.integers(0, 1), to_slot=st.booleans(), submit=st.booleans())
    def apply(self, founder, project, to_slot, submit):
        person = self.world["founders"][founder]
        chosen = self.world["files"][person.id][project]
        slot = self.world["slot"] if to_slot else None
        premises = slot.premises if slot else self.world["unit"]
        target = Application.target_of(premises.id, slot.id if slot else None)
        already = db.session.scalar(db.select(Application.id).where(Application.project_id == chosen.id,
                                                                    Application.target == target))
        try:
            application = services.apply(person, chosen, premises, slot, "", submit)
        except services.ApplicationError:
            assert already is not None
            return
        assert already is None
        self.applications.append(application.id)
        self.moves[application.id] += 2 if submit else 1

    @rule(index=st.integers(0, 20), verb=st.sampled_from(VERBS), who=st.integers(0, 4))
    def move(self, index, verb, who):
        if not self.applications:
            return
        application = db.session.get(Application, self.applications[index % len(self.applications)])
        actor = self.world["people"][who]
        before = application.state
        allowed = machine.can(verb, actor, application)
        taken = verb == "select" and db.session.scalar(db.select(Application.id).where(
            Application.target == application.target, Application.state.in_(values(HELD)), Application.id != application.id))
        try:
            services.transition(actor, application, verb, reason="Motif")
        except (services.ApplicationError, NotFound):
            assert not allowed or taken, (verb, before, actor.role)
            db.session.commit()
            assert db.session.get(Application, application.id).state == before  # a refusal changes nothing
            return
        assert allowed and not taken, (verb, before, actor.role)
        self.moves[application.id] += 1

    @invariant()
    def one_event_per_successful_move(self):
        db.session.commit()
        counts = Counter(db.session.scalars(db.select(ApplicationEvent.application_id)))
        assert counts == self.moves

    @invariant()
    def at_most_one_held_per_target(self):
        held = Counter(db.session.scalars(db.select(Application.target).where(Application.state.in_(values(HELD)))))
        assert all(n <= 1 for n in held.values()), held


def test_random_moves_keep_the_invariants(app):
    ApplicationLife.app = app
    with app.test_request_context():
        run_state_machine_as_test(ApplicationLife, settings=settings(
            max_examples=15, stateful_step_count=25, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
