"""Who sits on which jury. Membership is per call; a declared conflict takes one out of one application."""

from __future__ import annotations

from bourse.accounts.models import User
from bourse.extensions import db
from bourse.applications.machine import judged_by
from bourse.jury.models import JuryConflict, JuryMember


def membership(user: User | None, call_id: int) -> JuryMember | None:
    """The accepted seat of ``user`` on the jury of this call, if any."""
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(db.select(JuryMember).where(JuryMember.call_id == call_id,
                                                         JuryMember.user_id == user.id))


def has_seat(user: User | None) -> bool:
    """Whether ``user`` sits on any jury (the navigation shows "My juries" then)."""
    if user is None or not user.is_authenticated:
        return False
    return db.session.scalar(db.select(JuryMember.id).where(JuryMember.user_id == user.id).limit(1)) is not None


def is_conflicted(member: JuryMember, application_id: int) -> bool:
    return db.session.scalar(db.select(JuryConflict.id).where(
        JuryConflict.member_id == member.id, JuryConflict.application_id == application_id)) is not None


def judging_seat(user: User | None, application) -> JuryMember | None:
    """The seat from which ``user`` judges this submitted slot application, unless conflicted."""
    if application.slot_id is None or application.state == "draft":
        return None
    member = membership(user, application.slot.call_id)
    if member is None or is_conflicted(member, application.id):
        return None
    return member


def seated_to_judge(sender: str, *, user, application) -> bool:
    """``applications.machine.judged_by`` receiver: a seat (without a declared conflict) shares the files."""
    return judging_seat(user, application) is not None


judged_by.connect(seated_to_judge)
