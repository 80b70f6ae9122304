"""timeline: the compare status of every issue at every date on which the record changes.

The record changes on the date of a stance, a precondition, a status-quo package or a milestone
reached. The states are built in one pass over the records sorted by date: at each change date
only the (party, issue) keys that changed are updated, and only the statuses of the issues they
touch are recomputed. A status depends on the stances in force on the issue, and, through
conditional stances (`when`), on the status quo of the issues and on the milestones their
conditions name; a change of those re-chooses the branches of the positions that name them
(`engine/branches.py`). The cost grows with the number of changes (and the size of the output),
never with dates x issues x stances; at every date the statuses are those `compare` gives.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import attrs

from positions.engine.args import need_basis, need_case, need_date, need_flag, need_ids
from positions.engine.branches import choose, links
from positions.engine.compare import Status, deciding_parties, issue_status, select_parties
from positions.engine.snapshot import Snapshot, strong_parts
from positions.errors import UsageError
from positions.model import Basis, Case, Stance, basis_rank
from positions.outcomes import Value

__all__ = ["IssueTimeline", "Timeline", "change_dates", "timeline"]


@attrs.frozen(kw_only=True)
class IssueTimeline:
    """One issue across the timeline's dates: its status at each (as compare decides it), and
    whether an `agreed` there is provisional. With `by_party`, `positions` holds, per selected
    party, its position at each date: every branch of it (empty where it has none) and the
    stance in force (None where it is silent or its stance hangs on an unsettled link)."""

    issue: str
    statuses: tuple[Status, ...]
    provisional: tuple[bool, ...]
    positions: tuple[tuple[str, tuple[tuple[tuple[Stance, ...], Stance | None], ...]], ...] = ()


@attrs.frozen(kw_only=True)
class Timeline:
    """`dates`: the state at `start`, then every date up to `end` on which the record changes;
    `issues`: one row per issue, in file order."""

    case: str
    dates: tuple[dt.date, ...]
    parties: tuple[str, ...]
    deciding: tuple[str, ...]
    issues: tuple[IssueTimeline, ...]


def _strong(basis: Basis, min_basis: Basis | None) -> bool:
    return min_basis is None or basis_rank(basis) >= basis_rank(min_basis)


class _Events:
    """The case's records that change a snapshot, grouped by date (file order within a date)."""

    def __init__(self, case: Case, min_basis: Basis | None) -> None:
        self.stances: dict[dt.date, list[Stance]] = defaultdict(list)
        self.status_quo: dict[dt.date, list[tuple[str, Value]]] = defaultdict(list)
        self.reached: dict[dt.date, list[str]] = defaultdict(list)
        days: set[dt.date] = set()
        for raw in case.stances:
            s = strong_parts(raw, min_basis)
            if s is not None:
                self.stances[s.as_of].append(s)
        for p in case.preconditions:
            if _strong(p.basis, min_basis):
                days.add(p.as_of)
        for pkg in case.packages:
            if pkg.kind == "status-quo" and pkg.date is not None:
                self.status_quo[pkg.date].extend(pkg.outcomes)
        for m in case.milestones:
            if m.reached is not None:
                self.reached[m.reached].append(m.id)
        days.update(self.stances, self.status_quo, self.reached)
        self.days = sorted(days)


def change_dates(case: Case, min_basis: Basis | None = None) -> list[dt.date]:
    """Every date on which the record changes: the date of a stance or precondition (counting
    only claims at least as strong as `min_basis`), of a status-quo package, of a milestone
    reached. Sorted, without repeats."""
    need_case(case)
    return _Events(case, need_basis(min_basis)).days


class _State:
    """The running snapshot: positions (branches) per (party, issue), the stance in force or
    the issues an indeterminate one depends on, the status quo and the milestones reached."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.branches: dict[tuple[str, str], list[Stance]] = {}
        self.stances: dict[tuple[str, str], Stance] = {}
        self.depends_on: dict[tuple[str, str], tuple[str, ...]] = {}
        self.status_quo: dict[str, Value] = {}
        self.reached: set[str] = set()
        # per issue or milestone id, the keys whose position has a condition naming it
        self.linked: dict[str, set[tuple[str, str]]] = defaultdict(set)

    def apply(self, events: _Events, day: dt.date) -> set[str]:
        """Apply the records of `day`; the ids of the issues whose stances in force changed."""
        changed: set[tuple[str, str]] = set()
        for s in events.stances.get(day, ()):
            key = (s.party, s.issue)
            held = self.branches.get(key)
            if held is None or s.as_of > held[0].as_of:
                if held is not None:
                    for node in links(held):
                        self.linked[node].discard(key)
                self.branches[key] = [s]
            else:  # another branch of the same date; one with the same conditions replaces it
                same = next((i for i, h in enumerate(held) if h.when == s.when), None)
                if same is None:
                    held.append(s)
                else:
                    held[same] = s
            for node in links((s,)):
                self.linked[node].add(key)
            changed.add(key)
        for issue, value in events.status_quo.get(day, ()):
            self.status_quo[issue] = value
            changed.update(self.linked.get(issue, ()))
        for milestone in events.reached.get(day, ()):
            self.reached.add(milestone)
            changed.update(self.linked.get(milestone, ()))
        return {key[1] for key in changed if self._choose(key)}

    def _choose(self, key: tuple[str, str]) -> bool:
        """Re-choose the stance in force for `key`; whether it (or what it depends on) changed."""
        before = (self.stances.get(key), self.depends_on.get(key))
        group = self.branches[key]
        self.stances.pop(key, None)
        self.depends_on.pop(key, None)
        if len(group) == 1 and not group[0].when:
            if not group[0].retracted:
                self.stances[key] = group[0]
        else:
            choice = choose(group, self.status_quo, frozenset(self.reached))
            if choice.stance is not None:
                self.stances[key] = choice.stance
            elif choice.depends_on:
                self.depends_on[key] = choice.depends_on
        after = (self.stances.get(key), self.depends_on.get(key))
        return before[0] is not after[0] or before[1] != after[1]

    def view(self, day: dt.date) -> Snapshot:
        """The state as a snapshot for the status rule (it reads only stances and
        depends_on; the mappings are the live ones, valid until the next `apply`)."""
        return Snapshot(
            as_of=day,
            stances=self.stances,
            preconditions={},
            status_quo=self.status_quo,
            reached=frozenset(self.reached),
            depends_on=self.depends_on,
        )


def _span(
    days: Sequence[dt.date], case: Case, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date]:
    first = start if start is not None else (days[0] if days else case.as_of)
    last = end if end is not None else (days[-1] if days else first)
    if start is None and end is not None and end < first:
        first = end  # only --to, before every change: the state at that date
    if end is None and last < first:
        last = first
    if first > last:
        raise UsageError(f"start {first} is after end {last}: give the earlier date first")
    return first, last


def timeline(
    case: Case,
    *,
    parties: Sequence[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    min_basis: Basis | None = None,
    by_party: bool = False,
) -> Timeline:
    """The compare status of every issue at `start` (default: the first date on which the
    record changes) and at every later date up to `end` (default: the last) on which it
    changes, decided as `compare` decides it (by the principals among `parties`, or by every
    party named). With `by_party`, each selected party's position at each date too."""
    need_case(case)
    need_basis(min_basis)
    need_date(start, "start")
    need_date(end, "end")
    need_flag(by_party, "by_party")
    selected = select_parties(case, need_ids(parties, "parties"))
    deciding = deciding_parties(case, selected, named=parties is not None)
    events = _Events(case, min_basis)
    first, last = _span(events.days, case, start, end)
    columns = [first, *(d for d in events.days if first < d <= last)]
    state = _State(case)
    issue_index = {issue.id: n for n, issue in enumerate(case.issues)}
    current: list[Status] = ["silent"] * len(case.issues)
    statuses: list[list[Status]] = [[] for _ in case.issues]
    held: dict[tuple[str, str], list[tuple[tuple[Stance, ...], Stance | None]]] = {}
    pending = iter(events.days)
    upcoming = next(pending, None)
    for column in columns:
        touched: set[str] = set()
        while upcoming is not None and upcoming <= column:
            touched |= state.apply(events, upcoming)
            upcoming = next(pending, None)
        view = state.view(column)
        for issue_id in touched:
            n = issue_index[issue_id]
            current[n] = issue_status(case.issues[n], deciding, view)
        for n, status in enumerate(current):
            statuses[n].append(status)
        if by_party:
            for issue in case.issues:
                for p in selected:
                    key = (p, issue.id)
                    group = state.branches.get(key)
                    branches = tuple(group) if group is not None else ()
                    held.setdefault(key, []).append((branches, state.stances.get(key)))
    undertaking = case.single_undertaking
    reached_at = (
        case.milestone(undertaking).reached
        if undertaking is not None and case.has_milestone(undertaking)
        else None
    )

    def provisional(status: Status, day: dt.date) -> bool:
        return (
            status == "agreed"
            and undertaking is not None
            and (reached_at is None or reached_at > day)
        )

    rows = []
    for n, issue in enumerate(case.issues):
        rows.append(
            IssueTimeline(
                issue=issue.id,
                statuses=tuple(statuses[n]),
                provisional=tuple(
                    provisional(s, d) for s, d in zip(statuses[n], columns, strict=True)
                ),
                positions=tuple((p, tuple(held[(p, issue.id)])) for p in selected)
                if by_party
                else (),
            )
        )
    return Timeline(
        case=case.id,
        dates=tuple(columns),
        parties=selected,
        deciding=deciding,
        issues=tuple(rows),
    )
