"""history: what moved between two dates, stance by stance and precondition by precondition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    from positions._report.render import Table

from positions._notebook import Notebook
from positions.engine.args import need_case, need_date
from positions.engine.compare import Status, deciding_parties, issue_status
from positions.engine.snapshot import Snapshot, advance, snapshot
from positions.errors import UsageError
from positions.model import Case, Condition, Precondition, Stance
from positions.outcomes import (
    INFINITY,
    Number,
    OutcomeSet,
    exact_difference,
    exact_sum,
)

__all__ = ["CHANGES", "Cause", "Change", "ChangeKind", "History", "StatusChange", "history"]

ChangeKind = Literal["added", "retracted", "softened", "hardened", "moved", "restated"]
CHANGES: tuple[ChangeKind, ...] = (
    "added",
    "retracted",
    "softened",
    "hardened",
    "moved",
    "restated",
)
Direction = Literal["toward", "away", "neither"]


@attrs.frozen(kw_only=True)
class Change:
    """One stance or precondition that differs between the two dates. A conditional stance's
    branches are compared branch by branch, each matched by its conditions (`when`).

    `direction` (for a `moved` stance on an ordered scale): `toward` or `away` from the other
    parties' demands at the later date, or `neither` when it is as far from them as before."""

    kind: Literal["stance", "precondition"]
    party: str
    subject: str  # the issue id, or "X->Y" for a precondition
    change: ChangeKind
    before: Stance | Precondition | None
    after: Stance | Precondition | None
    direction: Direction | None = None
    when: tuple[Condition, ...] = ()


@attrs.frozen(kw_only=True)
class Cause:
    """What made a status change: a change of a party's stance on the issue, or (`party`
    None) a change elsewhere that its conditions or the status quo depend on."""

    party: str | None
    subject: str
    change: str


@attrs.frozen(kw_only=True)
class StatusChange:
    issue: str
    before: Status
    after: Status
    because: tuple[Cause, ...] = ()


@attrs.frozen(kw_only=True)
class History(Notebook):
    case: str
    start: dt.date
    end: dt.date
    changes: tuple[Change, ...]
    status_changes: tuple[StatusChange, ...]
    case_obj: Case | None = attrs.field(default=None, eq=False, repr=False)  # for notebooks

    def _tables(self) -> list[Table]:
        from positions._report.history import history_tables

        return history_tables(self._case(), self)


def _classify(
    before_set: OutcomeSet | None,
    after_set: OutcomeSet | None,
    wants_changed: bool,
    meta_changed: bool,
) -> ChangeKind | None:
    if before_set is not None and after_set is not None and before_set != after_set:
        if before_set.issubset(after_set):
            return "softened"
        if after_set.issubset(before_set):
            return "hardened"
        return "moved"
    if before_set != after_set or wants_changed:
        return "moved"
    return "restated" if meta_changed else None


def _distance(a: Number, b: Number) -> Number:
    d = exact_difference(a, b)
    return -d if d < 0 else d


def _doubled(s: OutcomeSet | None) -> Number | None:
    """Twice a set's position, the midpoint of its hull: the sum of the hull's ends (level
    indices on a finite scale), so that distances between positions order alike with nothing
    halved, in whole numbers wherever the ends are; None for an empty or unbounded set."""
    if s is None or s.is_empty():
        return None
    low, high = s.hull()
    if s.scale.finite:
        return int(low) + int(high)
    if low == -INFINITY or high == INFINITY:
        return None
    return exact_sum(low, high)


def _direction(
    case: Case,
    before: Stance,
    after: Stance,
    of_others: Callable[[], Sequence[Number | None]],
    measure: Callable[[OutcomeSet | None], Number | None] = _doubled,
) -> Direction | None:
    """Toward, away from or as far from the other parties' demands (their positions at the
    later date, as `measure` gives them: `_doubled`, twice the midpoint of a demand, orders
    distances as the midpoints do), on an ordered scale; None when it cannot be told. The
    others' positions are asked for (`of_others`) only when they are needed."""
    if not case.issue(after.issue).scale.ordered:
        return None
    old, new = measure(before.wants), measure(after.wants)
    if old is None or new is None:
        return None
    others = of_others()
    if not others or any(o is None for o in others):
        return None
    whole = [o for o in others if type(o) is int]
    if type(old) is int and type(new) is int and len(whole) == len(others):
        was: Number = sum([abs(old - o) for o in whole])  # (whole numbers: exact as they are)
        now: Number = sum([abs(new - o) for o in whole])
    else:
        was = sum(_distance(old, o) for o in others if o is not None)
        now = sum(_distance(new, o) for o in others if o is not None)
    if now < was:
        return "toward"
    if now > was:
        return "away"
    return "neither"


def _provenance(r: Stance | Precondition) -> tuple[object, ...]:
    """What a restatement may change: where the claim comes from, how sure, when, in what words."""
    parts = (r.demand_basis, r.red_line_basis) if isinstance(r, Stance) else ()
    return (r.source, r.basis, r.as_of, r.quote, *parts)


def _stance_change(before: Stance, after: Stance) -> ChangeKind | None:
    meta = _provenance(before) != _provenance(after)
    return _classify(before.red_line, after.red_line, before.wants != after.wants, meta)


def _precondition_change(before: Precondition, after: Precondition) -> ChangeKind | None:
    meta = _provenance(before) != _provenance(after)
    return _classify(before.requires.outcomes, after.requires.outcomes, False, meta)


def _kind(before: object, after: object, change: ChangeKind | None) -> ChangeKind | None:
    if before is None:
        return "added"
    if after is None:
        return "retracted"
    return change


def _paired(
    before: tuple[Stance, ...], after: tuple[Stance, ...]
) -> list[tuple[tuple[Condition, ...], Stance | None, Stance | None]]:
    """The branches of a position at two dates, matched by their conditions (the
    unconditional branch first); a retracted branch counts as none."""
    if len(before) == len(after) == 1 and not before[0].when and not after[0].when:
        s0, s1 = before[0], after[0]  # (the common case: one unconditional stance each)
        return [((), None if s0.retracted else s0, None if s1.retracted else s1)]
    conditions: list[tuple[Condition, ...]] = []
    for s in sorted((*before, *after), key=lambda s: bool(s.when)):
        if s.when not in conditions:
            conditions.append(s.when)

    def find(branches: tuple[Stance, ...], when: tuple[Condition, ...]) -> Stance | None:
        found = next((s for s in branches if s.when == when), None)
        return None if found is None or found.retracted else found

    return [(w, find(before, w), find(after, w)) for w in conditions]


class _Others:
    """The other parties' positions (midpoints of their demands) on an issue at a snapshot,
    computed once per issue: every moved stance on the issue measures against them."""

    def __init__(self, case: Case, snap: Snapshot) -> None:
        self.case = case
        self.snap = snap
        self._cache: dict[str, list[tuple[str, Number | None]]] = {}
        self._positions: dict[int, tuple[OutcomeSet | None, Number | None]] = {}

    def position(self, s: OutcomeSet | None) -> Number | None:
        """`_doubled(s)`, once per set (stances share sets)."""
        found = self._positions.get(id(s))
        if found is None:
            at = _doubled(s)
            found = self._positions[id(s)] = (s, at)  # (holding s keeps its id its own)
        return found[1]

    def of(self, party: str, issue: str) -> list[Number | None]:
        found = self._cache.get(issue)
        if found is None:
            found = self._cache[issue] = []
            stances, pending, known = self.snap.stances, self.snap.depends_on, self._positions
            for p in self.case.parties:
                key = (p.id, issue)
                s = stances.get(key)
                if s is not None:
                    wants = s.wants
                    at = known.get(id(wants))  # (one look-up: most sets are measured already)
                    found.append((p.id, at[1] if at is not None else self.position(wants)))
                elif pending and key in pending:
                    found.append((p.id, None))
        return [pos for p, pos in found if p != party]


def _stance_changes(
    case: Case, a: Snapshot, b: Snapshot, moved: list[tuple[str, str]]
) -> list[Change]:
    party_order = {p.id: i for i, p in enumerate(case.parties)}
    issue_order = {i.id: n for n, i in enumerate(case.issues)}
    keys = sorted(moved, key=lambda k: (issue_order[k[1]], party_order[k[0]]))
    others = _Others(case, b)
    changes: list[Change] = []
    for key in keys:
        before, after = a.branches.get(key, ()), b.branches.get(key, ())
        for when, s0, s1 in _paired(before, after):
            if s0 is None and s1 is None:
                continue
            kind = _kind(s0, s1, _stance_change(s0, s1) if s0 and s1 else None)
            if kind is None:
                continue
            direction = None
            if kind == "moved" and s0 is not None and s1 is not None:
                direction = _direction(
                    case, s0, s1, partial(others.of, key[0], key[1]), others.position
                )
            changes.append(
                Change(
                    kind="stance",
                    party=key[0],
                    subject=key[1],
                    change=kind,
                    before=s0,
                    after=s1,
                    direction=direction,
                    when=when,
                )
            )
    return changes


def _precondition_changes(case: Case, a: Snapshot, b: Snapshot) -> list[Change]:
    first_seen: dict[tuple[str, str, str], int] = {}
    for i, p in enumerate(case.preconditions):
        first_seen.setdefault(p.key, i)
    changes: list[Change] = []
    differ = [k for k, p in b.preconditions.items() if a.preconditions.get(k) is not p]
    differ.extend(k for k in a.preconditions if k not in b.preconditions)
    for pkey in sorted(differ, key=first_seen.__getitem__):  # (the same record: no change)
        p0, p1 = a.preconditions.get(pkey), b.preconditions.get(pkey)
        kind = _kind(p0, p1, _precondition_change(p0, p1) if p0 and p1 else None)
        if kind is not None:
            changes.append(
                Change(
                    kind="precondition",
                    party=pkey[0],
                    subject=f"{pkey[1]}->{pkey[2]}",
                    change=kind,
                    before=p0,
                    after=p1,
                )
            )
    return changes


def _causes(
    issue: str, changes: list[Change], parties: Sequence[str], a: Snapshot, b: Snapshot
) -> tuple[Cause, ...]:
    """Why an issue's status changed: the changes of stances on it (`changes`: at least
    those); failing those, the parties whose conditional stance switched branch (its link
    changed)."""
    direct = tuple(
        Cause(party=c.party, subject=c.subject, change=c.change)
        for c in changes
        if c.kind == "stance" and c.subject == issue and c.party in parties
    )
    if direct:
        return direct
    found = []
    for party in parties:
        key = (party, issue)
        if a.stances.get(key) is not b.stances.get(key) or (
            a.depends_on.get(key) != b.depends_on.get(key)
        ):
            found.append(Cause(party=party, subject=issue, change="condition"))
    return tuple(found)


def history(case: Case, start: dt.date | None = None, end: dt.date | None = None) -> History:
    """The changes from the snapshot at `start` (default: the case's earliest date) to the one
    at `end` (default: its latest), and the issues whose compare status changed, with why."""
    dates = need_case(case).dates()
    day0 = dates[0] if start is None else need_date(start, "start")
    day1 = dates[-1] if end is None else need_date(end, "end")
    assert day0 is not None and day1 is not None
    if day0 > day1:
        raise UsageError(f"start {day0} is after end {day1}: give the earlier date first")
    a = snapshot(case, day0)
    b, moved = advance(case, a, day1)  # (the later one from the earlier: only what is new)
    changes = _stance_changes(case, a, b, moved) + _precondition_changes(case, a, b)
    on_issue: dict[str, list[Change]] = {}  # the stance changes per issue, in order
    for c in changes:
        if c.kind == "stance":
            on_issue.setdefault(c.subject, []).append(c)
    deciding = deciding_parties(case, [p.id for p in case.parties], named=False)
    # a status can change where a position moved, or where a conditional one (or one that
    # hangs on a link) may resolve otherwise; an unconditional position that did not move
    # holds the same stance at both dates. (Only a position with conditions can hang on a link;
    # one that has them at the later date and not the earlier moved, so is in `moved`.)
    conditional = [k for k, group in a.branches.items() if len(group) > 1 or group[0].when]
    touched = {
        k[1]
        for k in (*moved, *conditional)
        if a.stances.get(k) is not b.stances.get(k) or a.depends_on.get(k) != b.depends_on.get(k)
    }
    status_changes = []
    for issue in case.issues:
        if issue.id not in touched:
            continue  # no stance on it changed: its status cannot have changed
        s_a = issue_status(issue, deciding, a)
        s_b = issue_status(issue, deciding, b)
        if s_a != s_b:
            status_changes.append(
                StatusChange(
                    issue=issue.id,
                    before=s_a,
                    after=s_b,
                    because=_causes(issue.id, on_issue.get(issue.id, []), deciding, a, b),
                )
            )
    return History(
        case=case.id,
        start=day0,
        end=day1,
        changes=tuple(changes),
        status_changes=tuple(status_changes),
        case_obj=case,
    )
