"""compare: one status per issue across the selected parties (see docs/concepts.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations, islice
from typing import TYPE_CHECKING, Literal, overload

import attrs

if TYPE_CHECKING:
    from positions._report.render import Table

from positions._notebook import Notebook
from positions.engine.args import need_case, need_flag, need_ids
from positions.engine.snapshot import Snapshot, snapshot
from positions.errors import UsageError
from positions.model import Basis, Case, Issue, Stance
from positions.outcomes import (
    Number,
    OutcomeSet,
    Value,
    disjoint_masks,
    exact_difference,
    intersect_all,
)

__all__ = [
    "STATUSES",
    "Breach",
    "Breaches",
    "Comparison",
    "Gap",
    "IssueComparison",
    "PairCount",
    "Status",
    "compare",
    "compare_issue",
    "deciding_parties",
    "issue_status",
    "select_parties",
]

Status = Literal["agreed", "overlap", "open", "conflict", "one-sided", "silent"]
STATUSES: tuple[Status, ...] = ("agreed", "overlap", "open", "conflict", "one-sided", "silent")


@attrs.frozen(kw_only=True)
class Breach:
    """`party`'s demand lies wholly outside `red_line_of`'s red line."""

    party: str
    red_line_of: str
    demand: OutcomeSet
    red_line: OutcomeSet


class Breaches(Sequence[Breach]):
    """Every breach on one issue, kept compact: per party that asks for something, a bit per
    red line its demand breaches (indices into the issue's demands and red lines), since
    breaches grow with the pairs of parties. `Breach` values are made when read; equal to the
    tuple of them, in order (by asking party, then by the party whose red line it is)."""

    __slots__ = ("_asking", "_len", "_limits", "_masks")

    def __init__(
        self,
        asking: Sequence[tuple[str, OutcomeSet]],
        limits: Sequence[tuple[str, OutcomeSet]],
        masks: Sequence[int],
    ) -> None:
        self._asking = tuple(asking)
        self._limits = tuple(limits)
        self._masks = tuple(masks)
        self._len = sum(m.bit_count() for m in self._masks)

    def indices(self) -> Iterator[tuple[int, int]]:
        """(i, j) per breach: the demand of asking party i breaches limit j's red line."""
        for i, bits in enumerate(self._masks):
            while bits:
                low = bits & -bits
                yield i, low.bit_length() - 1
                bits ^= low

    def pairs(self) -> Iterator[tuple[str, str]]:
        """(party, red_line_of) per breach, without making `Breach` values."""
        asking, limits = self._asking, self._limits
        return ((asking[i][0], limits[j][0]) for i, j in self.indices())

    def by_party(self) -> Iterator[tuple[str, list[str]]]:
        """Per party whose demand breaches a red line, the parties whose red lines it
        breaches, in order."""
        limits = [p for p, _ in self._limits]
        known: dict[int, list[str]] = {}  # parties that ask alike breach alike: one list each
        for (party, _), bits in zip(self._asking, self._masks, strict=True):
            if bits:
                of = known.get(bits)
                if of is None:
                    of = known[bits] = []
                    rest = bits
                    while rest:
                        low = rest & -rest
                        of.append(limits[low.bit_length() - 1])
                        rest ^= low
                yield party, of

    def __iter__(self) -> Iterator[Breach]:
        asking, limits = self._asking, self._limits
        for i, j in self.indices():
            yield Breach(
                party=asking[i][0],
                red_line_of=limits[j][0],
                demand=asking[i][1],
                red_line=limits[j][1],
            )

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> Breach: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Breach, ...]: ...

    def __getitem__(self, index: int | slice) -> Breach | tuple[Breach, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._len)
            if step == 1:
                return tuple(islice(self, start, max(start, stop)))
            return tuple(self)[index]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError("breach index out of range")
        return next(islice(self, index, None))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Breaches):
            return (self._asking, self._limits, self._masks) == (
                other._asking,
                other._limits,
                other._masks,
            ) or tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


@attrs.frozen(kw_only=True)
class Gap:
    """How far apart conflicting red lines are.

    On an ordered scale: from `lower` (the lowest top of a red line, held by `lower_party`) up
    to `upper` (the highest bottom of one, held by `upper_party`), `distance` apart (steps
    between levels, or the difference in `unit`). When the red lines' hulls overlap but no
    outcome lies in all of them, or on a categorical scale, only `sets` is given: each party's
    red line.
    """

    sets: tuple[tuple[str, OutcomeSet], ...]
    lower_party: str | None = None
    lower: Value | None = None
    upper_party: str | None = None
    upper: Value | None = None
    distance: Number | None = None
    unit: str | None = None


@attrs.frozen(kw_only=True)
class IssueComparison:
    """Where the selected parties stand on one issue.

    `stances` holds every selected party's stance in force (deciding or not); `silent` the
    selected parties with none; `depends_on` the parties whose stance hangs on an unsettled
    link (a condition on another issue), with the issues it names; `branches` the positions of
    parties whose stances carry conditions, every branch. The status, zone and gap are decided
    by the `deciding` parties of the comparison; breaches are listed among all of them.
    """

    issue: str
    status: Status
    stances: tuple[tuple[str, Stance], ...]
    silent: tuple[str, ...]
    zone: OutcomeSet | None = None
    unknown_red_lines: tuple[str, ...] = ()
    gap: Gap | None = None
    breaches: Sequence[Breach] = ()
    zone_of: tuple[str, ...] = ()
    depends_on: tuple[tuple[str, tuple[str, ...]], ...] = ()
    branches: tuple[tuple[str, tuple[Stance, ...]], ...] = ()
    provisional: bool = False


@attrs.frozen(kw_only=True)
class PairCount:
    a: str
    b: str
    agreed: int = 0
    overlap: int = 0
    open: int = 0
    conflict: int = 0


@attrs.frozen(kw_only=True)
class Comparison(Notebook):
    """`parties` are the selected parties (columns); `deciding` those whose stances decide the
    statuses: the principals among them, or every party named in the selection."""

    case: str
    as_of: dt.date
    parties: tuple[str, ...]
    issues: tuple[IssueComparison, ...]
    pairs: tuple[PairCount, ...] | None = None
    deciding: tuple[str, ...] = ()
    case_obj: Case | None = attrs.field(default=None, eq=False, repr=False)  # for notebooks

    def _tables(self) -> list[Table]:
        from positions._report.compare import compare_tables

        return compare_tables(self._case(), self)


def select_parties(case: Case, parties: Sequence[str] | None) -> tuple[str, ...]:
    """The selected party ids in file order; every name must be a party of the case."""
    if parties is None:
        return tuple(p.id for p in case.parties)
    unknown = [p for p in parties if not case.has_party(p)]
    if unknown:
        known = ", ".join(p.id for p in case.parties)
        raise UsageError(f"unknown party {unknown[0]!r} (parties: {known})")
    wanted = set(parties)
    return tuple(p.id for p in case.parties if p.id in wanted)


def deciding_parties(case: Case, selected: Sequence[str], named: bool) -> tuple[str, ...]:
    """The parties whose stances decide a status: every party named in a selection (naming a
    party makes it count); otherwise the principals (all the parties, if none is one)."""
    if named:
        return tuple(selected)
    principals = tuple(p for p in selected if case.party(p).role == "principal")
    return principals or tuple(selected)


def _spoken(
    issue: str, parties: Sequence[str], snap: Snapshot
) -> tuple[list[tuple[str, Stance | None]], int]:
    """The deciding parties that speak on the issue (None for a stance that hangs on an
    unsettled link), and how many are silent."""
    spoken: list[tuple[str, Stance | None]] = []
    stances, pending = snap.stances, snap.depends_on
    for p in parties:
        key = (p, issue)
        s = stances.get(key)
        if s is not None:
            spoken.append((p, s))
        elif pending and key in pending:
            spoken.append((p, None))
    return spoken, len(parties) - len(spoken)


def _status(
    spoken: Sequence[tuple[str, Stance | None]], silent: int
) -> tuple[Status, OutcomeSet | None]:
    """The status of one issue from the deciding parties' stances (None: indeterminate) and
    the number of deciding parties that are silent, and the zone (the intersection of the known
    red lines; None when none is known). The one place the status rules live: `agreed` and
    `overlap` need every deciding party's stance; silence is never agreement."""
    if not spoken:
        return "silent", None
    if len(spoken) == 1:
        return "one-sided", None
    known = [s.red_line for _, s in spoken if s is not None and s.red_line is not None]
    zone = intersect_all(known) if known else None
    if len(known) >= 2 and zone is not None and zone.is_empty():
        return "conflict", zone
    if silent or any(s is None for _, s in spoken):
        return "open", zone
    wants = [s.wants for _, s in spoken if s is not None and s.wants is not None]
    if not intersect_all(wants).is_empty():
        return "agreed", zone
    if len(known) == len(spoken) and zone is not None:
        return "overlap", zone
    return "open", zone


def issue_status(issue: Issue, deciding: Sequence[str], snap: Snapshot) -> Status:
    """Only the status of one issue as `deciding` decide it (no zone, gap or breaches)."""
    return _status(*_spoken(issue.id, deciding, snap))[0]


#: one issue at a snapshot, by party: the stances in force, the positions that hang on a link
#: (with the issues they name), and the positions that carry conditions (every branch)
IssueView = tuple[
    Mapping[str, Stance], Mapping[str, tuple[str, ...]], Mapping[str, tuple[Stance, ...]]
]


def by_issue(snap: Snapshot) -> dict[str, IssueView]:
    """Every issue's view at the snapshot (see `IssueView`), in one pass over it."""
    views: dict[str, IssueView] = {}

    def view(issue: str) -> IssueView:
        found = views.get(issue)
        if found is None:
            found = views[issue] = ({}, {}, {})
        return found

    for (p, i), s in snap.stances.items():
        view(i)[0][p] = s  # type: ignore[index]
    for (p, i), nodes in snap.depends_on.items():
        view(i)[1][p] = nodes  # type: ignore[index]
    for (p, i), group in snap.branches.items():
        if any(b.when for b in group):
            view(i)[2][p] = group  # type: ignore[index]
    return views


_NO_VIEW: IssueView = ({}, {}, {})


def _view(snap: Snapshot, issue: str, parties: Sequence[str]) -> IssueView:
    """One issue's view at the snapshot, for `parties` only."""
    at = {p: s for p in parties if (s := snap.stances.get((p, issue))) is not None}
    pending = {p: snap.depends_on[(p, issue)] for p in parties if (p, issue) in snap.depends_on}
    conditions = {}
    for p in parties:
        group = snap.branches.get((p, issue), ())
        if any(b.when for b in group):
            conditions[p] = group
    return at, pending, conditions


def compare_issue(
    case: Case,
    issue: Issue,
    parties: Sequence[str],
    deciding: Sequence[str],
    snap: Snapshot,
    view: IssueView | None = None,
) -> IssueComparison:
    """The status of one issue at the snapshot, decided by `deciding`, with every selected
    party's stance (in the order of `parties`). `view`: the issue's view at the snapshot (see
    `by_issue`), when it was made for many issues at once."""
    if view is None:
        view = _view(snap, issue.id, (*parties, *deciding))
    at, pending, conditions = view
    spoken: list[tuple[str, Stance | None]] = []
    for p in deciding:
        found = at.get(p)
        if found is not None:
            spoken.append((p, found))
        elif p in pending:
            spoken.append((p, None))
    status, zone = _status(spoken, len(deciding) - len(spoken))
    held = [(p, at[p]) for p in parties if p in at]
    known = [(p, s.red_line) for p, s in spoken if s is not None and s.red_line is not None]
    provisional = (
        status == "agreed"
        and case.single_undertaking is not None
        and case.single_undertaking not in snap.reached
    )
    conditional = tuple((p, conditions[p]) for p in parties if p in conditions)
    return IssueComparison(
        issue=issue.id,
        status=status,
        stances=tuple(held),
        silent=tuple(p for p in parties if p not in at and p not in pending),
        zone=zone if status in ("overlap", "open") else None,
        zone_of=tuple(p for p, _ in known) if status in ("overlap", "open") and known else (),
        unknown_red_lines=(
            tuple(p for p, s in spoken if s is None or s.red_line is None)
            if status == "open"
            else ()
        ),
        gap=_gap(known) if status == "conflict" else None,
        breaches=_breaches(held),
        depends_on=tuple((p, pending[p]) for p in parties if p in pending),
        branches=conditional,
        provisional=provisional,
    )


def _breaches(held: Sequence[tuple[str, Stance]]) -> Breaches:
    """Every (A, B), A != B, where A's demand has no outcome inside B's known red line."""
    asking = [(p, s.wants) for p, s in held if s.wants is not None]
    limits = [(p, s.red_line) for p, s in held if s.red_line is not None]
    masks = disjoint_masks([w for _, w in asking], [r for _, r in limits])
    own = {p: 1 << j for j, (p, _) in enumerate(limits)}  # a party's own red line is no breach
    mine = [m & ~own.get(p, 0) for (p, _), m in zip(asking, masks, strict=True)]
    return Breaches(asking, limits, mine)


def _gap(known: Sequence[tuple[str, OutcomeSet]]) -> Gap:
    scale = known[0][1].scale
    sets = tuple(known)
    if not scale.ordered:
        return Gap(sets=sets)
    hulls = [(p, r.hull()) for p, r in known]
    lower_party, (_, low) = min(hulls, key=lambda ph: ph[1][1])  # the lowest top
    upper_party, (high, _) = max(hulls, key=lambda ph: ph[1][0])  # the highest bottom
    if low >= high:
        return Gap(sets=sets)
    unit = scale.unit if not scale.finite else None
    if scale.finite:
        return Gap(
            sets=sets,
            lower_party=lower_party,
            lower=scale.values[int(low)],
            upper_party=upper_party,
            upper=scale.values[int(high)],
            distance=int(high - low),
        )
    return Gap(
        sets=sets,
        lower_party=lower_party,
        lower=low,
        upper_party=upper_party,
        upper=high,
        distance=exact_difference(high, low),
        unit=unit,
    )


def compare(
    case: Case,
    *,
    parties: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    min_basis: Basis | None = None,
    pairwise: bool = False,
) -> Comparison:
    """For every issue, where the selected parties stand at `as_of`: agreed, overlap, open,
    conflict, one-sided or silent, decided by the principals among them (or by every party
    named in `parties`), with the zone, the gap and every breach."""
    need_case(case)
    need_flag(pairwise, "pairwise")
    selected = select_parties(case, need_ids(parties, "parties"))
    deciding = deciding_parties(case, selected, named=parties is not None)
    snap = snapshot(case, as_of, min_basis)
    views = by_issue(snap)
    rows = tuple(
        compare_issue(case, issue, selected, deciding, snap, views.get(issue.id, _NO_VIEW))
        for issue in case.issues
    )
    pairs = None
    if pairwise:
        pairs = tuple(_pair(case, a, b, snap) for a, b in combinations(selected, 2))
    return Comparison(
        case=case.id,
        as_of=snap.as_of,
        parties=selected,
        issues=rows,
        pairs=pairs,
        deciding=deciding,
        case_obj=case,
    )


def _pair(case: Case, a: str, b: str, snap: Snapshot) -> PairCount:
    """Per status, the issues both parties have a stance on: the pair decides for itself."""
    counts = {"agreed": 0, "overlap": 0, "open": 0, "conflict": 0}
    for issue in case.issues:
        if not snap.speaks(a, issue.id) or not snap.speaks(b, issue.id):
            continue
        counts[issue_status(issue, (a, b), snap)] += 1
    return PairCount(a=a, b=b, **counts)
