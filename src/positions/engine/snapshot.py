"""The state of a case at a date: what each party holds, what stands, what was reached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from positions.engine.args import need_basis, need_case, need_date
from positions.engine.branches import choose
from positions.model import Basis, Case, Precondition, Stance, basis_rank
from positions.outcomes import Value

__all__ = [
    "Snapshot",
    "advance",
    "positions_at",
    "resolve_date",
    "snapshot",
    "status_quo",
    "strong_parts",
]


@attrs.frozen(kw_only=True)
class Snapshot:
    """The case at `as_of`: per (party, issue) the party's position (every branch recorded at
    its latest date) and the stance in force (the branch that applies under the status quo and
    the milestones reached; left out where the party is silent or its stance is
    indeterminate, which `depends_on` records); per precondition key the precondition in force;
    per issue the status-quo outcome; the milestones reached."""

    as_of: dt.date
    stances: Mapping[tuple[str, str], Stance]
    preconditions: Mapping[tuple[str, str, str], Precondition]
    status_quo: Mapping[str, Value]
    reached: frozenset[str]
    branches: Mapping[tuple[str, str], tuple[Stance, ...]] = attrs.field(factory=dict)
    depends_on: Mapping[tuple[str, str], tuple[str, ...]] = attrs.field(factory=dict)

    def stance(self, party: str, issue: str) -> Stance | None:
        return self.stances.get((party, issue))

    def position(self, party: str, issue: str) -> tuple[Stance, ...]:
        """Every branch of the party's position on the issue (empty when it has none)."""
        return self.branches.get((party, issue), ())

    def speaks(self, party: str, issue: str) -> bool:
        """Whether the party has a stance in force, or one that depends on an open link."""
        key = (party, issue)
        return key in self.stances or key in self.depends_on


def resolve_date(case: Case, as_of: dt.date | None) -> dt.date:
    return case.as_of if as_of is None else as_of


def _strong_enough(basis: Basis, min_basis: Basis | None) -> bool:
    return min_basis is None or basis_rank(basis) >= basis_rank(min_basis)


def strong_parts(s: Stance, min_basis: Basis | None) -> Stance | None:
    """The stance with only its parts at least as strong as `min_basis` (None when no part is:
    as if it had never been recorded). A retracted stance is judged by its basis."""
    if min_basis is None:
        return s
    if s.retracted:
        return s if _strong_enough(s.basis, min_basis) else None
    demand = s.demand if _strong_enough(s.demand_basis, min_basis) else None
    red_line = s.red_line if _strong_enough(s.red_line_basis, min_basis) else None
    if demand is None and red_line is None:
        return None
    if demand is s.demand and red_line is s.red_line:
        return s
    return attrs.evolve(s, demand=demand, red_line=red_line)


def status_quo(case: Case, day: dt.date) -> dict[str, Value]:
    """Per issue, the outcome in the latest status-quo package dated on or before `day` that
    covers the issue (the later in the file on a tie)."""
    found: dict[str, Value] = {}
    dated: dict[str, dt.date] = {}
    for pkg in case.packages:
        if pkg.kind != "status-quo" or pkg.date is None or pkg.date > day:
            continue
        for issue, value in pkg.outcomes:
            if issue not in dated or pkg.date >= dated[issue]:
                found[issue] = value
                dated[issue] = pkg.date
    return found


def positions_at(
    case: Case, day: dt.date, min_basis: Basis | None = None
) -> dict[tuple[str, str], tuple[Stance, ...]]:
    """Per (party, issue), every stance of its latest date on or before `day` (a later stance
    with the same conditions replaces an earlier one of that date, as later in the file)."""
    groups: dict[tuple[str, str], tuple[Stance, ...]] = {}
    everything = min_basis is None
    for raw in case.stances:
        if raw.as_of > day:
            continue
        s = raw if everything else strong_parts(raw, min_basis)
        if s is None:
            continue
        key = (s.party, s.issue)
        held = groups.get(key)
        if held is None or s.as_of > held[0].as_of:
            groups[key] = (s,)
        elif s.as_of == held[0].as_of:
            same = next((i for i, h in enumerate(held) if h.when == s.when), None)
            groups[key] = (*held, s) if same is None else (*held[:same], s, *held[same + 1 :])
    return groups


def _settle(
    key: tuple[str, str],
    group: tuple[Stance, ...],
    current: Mapping[str, Value],
    reached: frozenset[str],
    stances: dict[tuple[str, str], Stance],
    depends_on: dict[tuple[str, str], tuple[str, ...]],
) -> None:
    """Record a conditional position: the stance its branch choice gives, or the links it
    hangs on (neither: the party is silent there). (An unconditional one is recorded inline by
    the callers: most positions are, and a call each would cost.)"""
    choice = choose(group, current, reached)
    if choice.stance is not None:
        stances[key] = choice.stance
    elif choice.depends_on:
        depends_on[key] = choice.depends_on


def snapshot(case: Case, as_of: dt.date | None = None, min_basis: Basis | None = None) -> Snapshot:
    """The case as it stood at `as_of` (default: `case.as_of`), counting only claims (and parts
    of stances) at least as strong as `min_basis` (stated > reported > inferred), as if weaker
    ones were never recorded."""
    need_case(case)
    need_basis(min_basis)
    day = resolve_date(case, need_date(as_of, "as_of"))
    everything = min_basis is None
    branches = positions_at(case, day, min_basis)
    preconditions: dict[tuple[str, str, str], Precondition] = {}
    for p in case.preconditions:
        if p.as_of <= day and (everything or _strong_enough(p.basis, min_basis)):
            pkey = p.key
            held_p = preconditions.get(pkey)
            if held_p is None or p.as_of >= held_p.as_of:
                preconditions[pkey] = p
    reached = frozenset(m.id for m in case.milestones if m.reached is not None and m.reached <= day)
    current = status_quo(case, day)
    stances: dict[tuple[str, str], Stance] = {}
    depends_on: dict[tuple[str, str], tuple[str, ...]] = {}
    for key, group in branches.items():
        if len(group) == 1 and not group[0].when:
            if not group[0].retracted:
                stances[key] = group[0]
            continue
        _settle(key, group, current, reached, stances, depends_on)
    return Snapshot(
        as_of=day,
        stances=stances,
        preconditions={k: v for k, v in preconditions.items() if not v.retracted},
        status_quo=current,
        reached=reached,
        branches=branches,
        depends_on=depends_on,
    )


def advance(case: Case, earlier: Snapshot, day: dt.date) -> tuple[Snapshot, list[tuple[str, str]]]:
    """The snapshot at `day` (on or after `earlier.as_of`) made from `earlier` (a snapshot of
    `case` counting every claim): only the records dated after it are folded in, and only the
    positions they change, or that carry conditions, choose their branch again. Equal to
    `snapshot(case, day)` (as mappings: their order may differ); and the (party, issue) whose
    positions changed, in the order of their first new stance."""
    start = earlier.as_of
    if day < start:
        raise ValueError(f"{day} is before the earlier snapshot's {start}")
    branches = dict(earlier.branches)
    moved: dict[tuple[str, str], None] = {}
    for s in case.stances:
        if not start < s.as_of <= day:
            continue
        key = (s.party, s.issue)
        held = branches.get(key) if key in moved else None  # (an earlier position: older)
        moved[key] = None
        if held is None or s.as_of > held[0].as_of:
            branches[key] = (s,)
        elif s.as_of == held[0].as_of:
            same = next((i for i, h in enumerate(held) if h.when == s.when), None)
            branches[key] = (*held, s) if same is None else (*held[:same], s, *held[same + 1 :])
    newest: dict[tuple[str, str, str], Precondition] = {}
    for p in case.preconditions:
        if start < p.as_of <= day:
            pkey = p.key
            held_p = newest.get(pkey)
            if held_p is None or p.as_of >= held_p.as_of:
                newest[pkey] = p
    preconditions = dict(earlier.preconditions)
    for pkey, p in newest.items():
        if p.retracted:
            preconditions.pop(pkey, None)
        else:
            preconditions[pkey] = p
    reached = frozenset(m.id for m in case.milestones if m.reached is not None and m.reached <= day)
    current = status_quo(case, day)
    stances = dict(earlier.stances)
    depends_on = dict(earlier.depends_on)
    conditional = (k for k, g in branches.items() if len(g) > 1 or g[0].when)
    redo = [*moved, *(k for k in conditional if k not in moved)]
    for key in redo:
        stances.pop(key, None)
        depends_on.pop(key, None)
        group = branches[key]
        if len(group) == 1 and not group[0].when:
            if not group[0].retracted:
                stances[key] = group[0]
            continue
        _settle(key, group, current, reached, stances, depends_on)
    later = Snapshot(
        as_of=day,
        stances=stances,
        preconditions=preconditions,
        status_quo=current,
        reached=reached,
        branches=branches,
        depends_on=depends_on,
    )
    return later, list(moved)
