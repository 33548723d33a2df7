"""Scoring applications on the programme's published grid, and declaring conflicts of interest."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from bourse.domain import Conflict, NotFound
from bourse.accounts.models import User
from bourse.applications import machine
from bourse.applications.models import Application
from bourse.extensions import db
from bourse.jury.access import is_conflicted, membership
from bourse.jury.invitations import JuryError
from bourse.jury.models import JuryConflict, JuryDecision, JuryMember, JuryScore
from bourse.programmes.models import Call, Slot
from bourse.programmes.services import ProgrammeError, grid_changing

# Applications the jury judges: submitted ones, and their later states (kept read-only).
JUDGED, OPEN_FOR_SCORING = machine.JUDGED, machine.OPEN_FOR_SCORING
MAX_COMMENT = 2000


class ScoresChanged(JuryError, Conflict):
    """The member's scores were saved from another page at the same moment."""


class ConflictAlreadyDeclared(JuryError, Conflict):
    """A simultaneous request declared the same conflict of interest."""


@dataclass
class Mark:
    """What a member typed for one criterion."""
    score: object
    comment: str = ""


def seat_for(user: User, application: Application) -> JuryMember:
    """:raises NotFound: unless ``user`` sits on the jury of the application's call."""
    if application.slot_id is None or application.state not in JUDGED:
        raise NotFound()
    member = membership(user, application.slot.call_id)
    if member is None:
        raise NotFound()
    return member


def applications_of(call: Call) -> list[Application]:
    return list(db.session.scalars(db.select(Application).join(Slot, Slot.id == Application.slot_id).where(
        Slot.call_id == call.id, Application.state.in_(machine.values(JUDGED))).order_by(Application.submitted_at, Application.id)))


def scores_of(member: JuryMember, application: Application) -> dict[int, JuryScore]:
    return {s.criterion: s for s in db.session.scalars(db.select(JuryScore).where(
        JuryScore.member_id == member.id, JuryScore.application_id == application.id))}


def progress_of(member: JuryMember, applications: list[Application]) -> tuple[set[int], set[int]]:
    """(conflicted, fully scored) application ids for one member, in two queries."""
    ids = [a.id for a in applications]
    conflicted = set(db.session.scalars(db.select(JuryConflict.application_id).where(
        JuryConflict.member_id == member.id, JuryConflict.application_id.in_(ids))))
    counts = db.session.execute(db.select(JuryScore.application_id, db.func.count(JuryScore.id)).where(
        JuryScore.member_id == member.id, JuryScore.application_id.in_(ids)).group_by(JuryScore.application_id))
    criteria = {a.id: len(a.slot.call.programme.criteria) for a in applications}
    return conflicted, {app_id for app_id, n in counts if n == criteria[app_id]}


def decided(call_id: int) -> bool:
    return db.session.scalar(db.select(JuryDecision.id).where(JuryDecision.call_id == call_id)) is not None


def _check_open(member: JuryMember, application: Application) -> None:
    if application.state not in OPEN_FOR_SCORING or decided(member.call_id):
        raise JuryError(_l("The decision on this application is taken: scores can no longer change."))


def _parse(mark: Mark, maximum: int, label: str, index: int) -> Decimal:
    try:
        value = Decimal(str(mark.score).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or (value * 2) % 1 != 0 \
            or not (0 <= value <= maximum):
        raise JuryError(_l("The score for “%(criterion)s” must be between 0 and %(max)d, in half points.",
                           criterion=label, max=maximum), field=f"marks-{index}-score")
    return value


def save_scores(user: User, application: Application, marks: list[Mark]) -> list[JuryScore]:
    """Record the member's score and comment for every criterion of the grid (all or nothing).

    :raises NotFound: unless ``user`` sits on this call's jury.
    :raises JuryError: for a conflicted member, a decided application, a missing or out-of-range score.
    """
    member = seat_for(user, application)
    if is_conflicted(member, application.id):
        raise JuryError(_l("You declared a conflict of interest with this application: you cannot score it."))
    _check_open(member, application)
    programme = application.slot.call.programme
    grid = programme.criteria
    if len(marks) != len(grid):
        raise JuryError(_l("Score every criterion of the grid."), field="scores")
    values = [_parse(mark, programme.score_max, criterion["label"], index)
              for index, (mark, criterion) in enumerate(zip(marks, grid))]
    existing = scores_of(member, application)
    rows = []
    for index, (value, mark) in enumerate(zip(values, marks)):
        row = existing.get(index) or JuryScore(member_id=member.id, application_id=application.id, criterion=index)
        row.score, row.comment = value, (mark.comment or "").strip()[:MAX_COMMENT]
        rows.append(row)
    db.session.add_all(rows)
    try:
        db.session.flush()
    except IntegrityError:  # the same member saving twice at once: keep the first, ask to retry
        raise ScoresChanged(_l("Your scores were saved meanwhile from another page: reload and check.")) from None
    return rows


def declare_conflict(user: User, application: Application, note: str) -> JuryConflict:
    """Declare a conflict of interest: the member's scores for this application are withdrawn.

    :raises NotFound: unless ``user`` sits on this call's jury.
    :raises ConflictAlreadyDeclared: when a simultaneous request declared it first
        (``unit_of_work.retry_after`` then returns that declaration).
    """
    member = seat_for(user, application)
    existing = db.session.scalar(db.select(JuryConflict).where(JuryConflict.member_id == member.id,
                                                               JuryConflict.application_id == application.id))
    if existing is not None:
        return existing
    _check_open(member, application)
    conflict = JuryConflict(member_id=member.id, application_id=application.id, note=(note or "").strip()[:500])
    db.session.add(conflict)
    db.session.execute(db.delete(JuryScore).where(JuryScore.member_id == member.id,
                                                  JuryScore.application_id == application.id))
    try:
        db.session.flush()
    except IntegrityError:  # declared twice at the same moment: run again, and find the first one
        raise ConflictAlreadyDeclared() from None
    return conflict


def refuse_grid_change_once_scored(sender: str, *, programme) -> None:
    """``grid_changing`` receiver: scores are stored per criterion, so the grid freezes at the first one.

    :raises ProgrammeError: once a member of any of the programme's juries has scored.
    """
    started = db.session.scalar(db.select(JuryScore.id).join(JuryMember, JuryMember.id == JuryScore.member_id)
                                .join(Call, Call.id == JuryMember.call_id)
                                .where(Call.programme_id == programme.id).limit(1))
    if started is not None:
        raise ProgrammeError(_l("The jury has started scoring: the grid can no longer change."), field="criteria")


grid_changing.connect(refuse_grid_change_once_scored)
