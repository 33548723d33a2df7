"""A test-boutique call with two slots, two criteria, applicants and a two-member jury."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from bourse.accounts.roles import Role
from bourse.applications import services as applications
from bourse.extensions import db
from bourse.jury import invitations
from bourse.jury.models import JuryMember
from bourse.programmes import services as programmes
from bourse.timeutil import utcnow
from tests.builders import make_call, make_programme, make_slot


@dataclass
class Jury:
    call: object
    slots: list
    manager: object
    members: list = field(default_factory=list)  # users with a seat
    applicants: list = field(default_factory=list)

    def seat(self, user) -> JuryMember:
        db.session.commit()
        return db.session.scalar(db.select(JuryMember).where(JuryMember.call_id == self.call.id,
                                                             JuryMember.user_id == user.id))

    def close(self) -> None:
        """Time passes: the deadline is behind us."""
        self.call.closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()


def seat_user(manager, call, user) -> None:
    """Invite ``user`` and accept with the link's token, as the e-mail would let them."""
    invitations.invite(manager, call, user.email)
    member = db.session.scalar(db.select(JuryMember).where(JuryMember.call_id == call.id,
                                                           JuryMember.email == user.email))
    token = "known-token-" + str(member.id)
    member.token_hash = invitations._hash(token)
    db.session.commit()
    invitations.accept(user, token)


@pytest.fixture
def jury(manager, make_listing, make_user, make_project):
    cell = make_listing(title="Cellule d'essai", lon=-2.9820)
    programme = make_programme(manager, cell, criteria=[programmes.Criterion("Viabilité", 60),
                                                        programmes.Criterion("Ancrage local", 40)])
    call = make_call(manager, programme)
    slots = [make_slot(manager, call, 30, 120), make_slot(manager, call, 120, 210)]
    result = Jury(call, slots, manager)
    for n in range(2):
        user = make_user(Role.JURY_MEMBER, email=f"jure{n}@example.com", full_name=f"Juré {n}")
        seat_user(manager, call, user)
        result.members.append(user)
    return result


@pytest.fixture
def apply_to(make_user, make_project):
    """``apply_to(slot, name)``: a new entrepreneur submits a new project to the slot."""
    counter = iter(range(100))

    def apply(slot, name: str, owner=None, **project):
        owner = owner or make_user(Role.ENTREPRENEUR, email=f"porteur{next(counter)}@example.com")
        project = make_project(owner=owner, name=name, **project)
        return applications.apply(owner, project, slot.premises, slot, "Motivée", submit=True)

    return apply
