"""The state of a case at a date: what each party holds, what stands, what was reached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from positions.errors import UsageError
from positions.model import Basis, Case, Precondition, Stance, basis_rank
from positions.outcomes import Value

__all__ = ["Snapshot", "resolve_date", "snapshot", "status_quo"]


@attrs.frozen(kw_only=True)
class Snapshot:
    """The case at `as_of`: per (party, issue) the stance in force; per precondition key the
    precondition in force; per issue the status-quo outcome; the milestones reached."""

    as_of: dt.date
    stances: Mapping[tuple[str, str], Stance]
    preconditions: Mapping[tuple[str, str, str], Precondition]
    status_quo: Mapping[str, Value]
    reached: frozenset[str]

    def stance(self, party: str, issue: str) -> Stance | None:
        return self.stances.get((party, issue))


def resolve_date(case: Case, as_of: dt.date | None) -> dt.date:
    return case.as_of if as_of is None else as_of


def _strong_enough(basis: Basis, min_basis: Basis | None) -> bool:
    return min_basis is None or basis_rank(basis) >= basis_rank(min_basis)


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


def snapshot(case: Case, as_of: dt.date | None = None, min_basis: Basis | None = None) -> Snapshot:
    """The case as it stood at `as_of` (default: `case.as_of`), counting only claims at least as
    strong as `min_basis` (stated > reported > inferred), as if weaker ones were never recorded."""
    if min_basis is not None and min_basis not in ("stated", "reported", "inferred"):
        raise UsageError(f"unknown basis {min_basis!r} (stated, reported, inferred)")
    day = resolve_date(case, as_of)
    stances: dict[tuple[str, str], Stance] = {}
    everything = min_basis is None
    for s in case.stances:
        if s.as_of <= day and (everything or _strong_enough(s.basis, min_basis)):
            key = (s.party, s.issue)
            held = stances.get(key)
            if held is None or s.as_of >= held.as_of:
                stances[key] = s
    preconditions: dict[tuple[str, str, str], Precondition] = {}
    for p in case.preconditions:
        if p.as_of <= day and (everything or _strong_enough(p.basis, min_basis)):
            held_p = preconditions.get(p.key)
            if held_p is None or p.as_of >= held_p.as_of:
                preconditions[p.key] = p
    reached = frozenset(m.id for m in case.milestones if m.reached is not None and m.reached <= day)
    return Snapshot(
        as_of=day,
        stances={k: v for k, v in stances.items() if not v.retracted},
        preconditions={k: v for k, v in preconditions.items() if not v.retracted},
        status_quo=status_quo(case, day),
        reached=reached,
    )
