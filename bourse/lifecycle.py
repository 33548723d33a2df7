"""Life cycles as tables: each move carries its guard and its effects, and one ``run`` applies them.

A domain declares its table once (``bourse/applications/machine.py``, ``bourse/premises/lifecycle.py``)::

    Move("sign_lease", {SELECTED}, LEASE_SIGNED, guard=lease_recorded, effects=(sign, let_unit),
         dedicated=True)

``Lifecycle.run`` is the only way to change the state: guard (and the ``moving`` signal, through
which a domain above may refuse) → move → event row → effects → ``moved`` signal (notifications
and other domains react to it). A ``dedicated`` move has a form
and a service of its own (signing a lease needs the lease); the generic routes cannot reach it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable

from blinker import Namespace
from flask_babel import lazy_gettext as _l

from bourse.domain import DomainError

signals = Namespace()
#: sent after every move, with ``lifecycle`` (its name), ``subject``, ``actor``, ``verb``,
#: ``from_state``, ``to_state`` and ``context`` (the move's keyword arguments).
moved = signals.signal("moved")
#: sent before a move is made, with the same arguments but ``to_state``'s move: a domain above
#: may refuse it by raising (applications refuse to re-list a unit while its lease runs).
moving = signals.signal("moving")

Guard = Callable[[Any, Any, dict], None]
Effect = Callable[[Any, Any, dict], None]


class MoveRefused(DomainError):
    """The state, the actor or a missing prerequisite does not allow this move now."""


@dataclass(frozen=True)
class Move:
    """One allowed move: from any of ``sources`` to ``target``."""

    verb: str
    sources: frozenset
    target: Enum
    guard: Guard | None = None
    effects: tuple[Effect, ...] = ()
    dedicated: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))  # tables are written with set literals


@dataclass
class Lifecycle:
    """A state machine over ``state_type``, stored as its value in ``subject.<attribute>``.

    ``record(subject, actor, verb, from_state, to_state, context)`` writes the event row.
    """

    name: str
    state_type: type[Enum]
    moves: list[Move]
    record: Callable[[Any, Any, str, Any, Enum, dict], None]
    attribute: str = "state"
    refusal: type[DomainError] = MoveRefused  # the domain's own refusal (a subclass of MoveRefused)
    by_verb: dict[str, Move] = field(init=False)

    def __post_init__(self) -> None:
        self.by_verb = {m.verb: m for m in self.moves}

    def state_of(self, subject) -> Enum:
        return self.state_type(getattr(subject, self.attribute))

    def allowed_from(self, verb: str, subject) -> bool:
        """The table has ``verb`` and allows it from the subject's current state."""
        move = self.by_verb.get(verb)
        return move is not None and self.state_of(subject) in move.sources

    def verbs_from(self, subject) -> list[str]:
        return [m.verb for m in self.moves if self.state_of(subject) in m.sources]

    def run(self, subject, actor, verb: str, *, dedicated: bool = False, **context: Any) -> Move:
        """Make the move ``verb`` with all its effects (flushes nothing, commits nothing).

        :raises MoveRefused: for an unknown verb, a dedicated verb reached through the generic
            path, or a state the move does not start from.
        :raises DomainError: whatever the move's guard raises.
        """
        move = self.by_verb.get(verb)
        if move is None:
            raise self.refusal(_l("Unknown action."), field="verb")
        if move.dedicated and not dedicated:
            raise self.refusal(_l("This step has its own form: use it."), field="verb")
        from_state = self.state_of(subject)
        if from_state not in move.sources:
            raise self.refusal(_l("This action is not possible now."))
        if move.guard is not None:
            move.guard(actor, subject, context)
        moving.send(self.name, subject=subject, actor=actor, verb=verb, from_state=from_state,
                    to_state=move.target, context=context)
        setattr(subject, self.attribute, move.target.value)
        self.record(subject, actor, verb, from_state, move.target, context)
        for effect in move.effects:
            effect(actor, subject, context)
        moved.send(self.name, subject=subject, actor=actor, verb=verb, from_state=from_state,
                   to_state=move.target, context=context)
        return move
