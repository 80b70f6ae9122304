"""Conditional stances: which branch of a party's position applies in a given state of the world.

A party's position on an issue at a date is every stance it recorded on that issue at its latest
date (its branches): at most one unconditional, and any number with `when` conditions. In a state
of the world (the outcome of each settled issue, the milestones reached), a branch whose
conditions all hold applies; if none does, the unconditional branch applies, or the party is
silent. Where a condition cannot be decided (its issue has no known outcome) and no branch is
known to hold, the position is indeterminate: it depends on the issues it names. The one place
where branches are chosen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from positions.model import Condition, Stance
from positions.outcomes import Value

__all__ = ["Choice", "choose", "condition_holds", "links"]


@attrs.frozen(kw_only=True)
class Choice:
    """The branch that applies (None: the party is silent there), or, when it cannot be told,
    the ids of the issues the position `depends_on` (then `stance` is None)."""

    stance: Stance | None
    depends_on: tuple[str, ...] = ()

    @property
    def indeterminate(self) -> bool:
        return bool(self.depends_on)


def condition_holds(
    c: Condition, outcomes: Mapping[str, Value], reached: frozenset[str]
) -> bool | None:
    """Whether `c` holds: True, False, or None when its issue has no known outcome."""
    if c.milestone is not None:
        return c.milestone in reached
    assert c.issue is not None and c.outcomes is not None
    outcome = outcomes.get(c.issue)
    if outcome is None:
        return None
    return c.outcomes.contains(outcome)


def _all_hold(
    conditions: Sequence[Condition], outcomes: Mapping[str, Value], reached: frozenset[str]
) -> tuple[bool | None, tuple[str, ...]]:
    """(True, ()) when every condition holds, (False, ()) when one fails, else (None, the
    undecided issues)."""
    undecided: list[str] = []
    for c in conditions:
        holds = condition_holds(c, outcomes, reached)
        if holds is False:
            return False, ()
        if holds is None:
            undecided.append(c.node)
    return (None, tuple(undecided)) if undecided else (True, ())


def choose(
    branches: Sequence[Stance], outcomes: Mapping[str, Value], reached: frozenset[str]
) -> Choice:
    """The branch of a position that applies where the issues have `outcomes` and `reached`
    milestones are reached. A retracted branch that applies leaves the party silent."""
    default: Stance | None = None
    undecided: list[str] = []
    for s in branches:
        if not s.when:
            default = s
            continue
        holds, pending = _all_hold(s.when, outcomes, reached)
        if holds:
            return Choice(stance=None if s.retracted else s)
        for node in pending:
            if node not in undecided:
                undecided.append(node)
    if undecided:
        return Choice(stance=None, depends_on=tuple(undecided))
    if default is None or default.retracted:
        return Choice(stance=None)
    return Choice(stance=default)


def links(branches: Sequence[Stance]) -> tuple[str, ...]:
    """The issues and milestones a position's conditions name, in order, without repeats."""
    found: list[str] = []
    for s in branches:
        for c in s.when:
            if c.node not in found:
                found.append(c.node)
    return tuple(found)
