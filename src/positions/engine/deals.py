"""deals: is there a package, across the issues jointly, that breaches no known red line of the
deciding parties; which outcomes occur in one; the best such packages; and, when none exists,
which red lines block every deal and the least concession that unblocks them.

The search itself (`engine/search.py`) knows only variables, values and rules. This module
turns a case into that problem and its answers back into parties, issues and outcome sets:

- a variable per chosen issue; its values are the scale's levels or options, or, on a numeric
  scale, the pieces the bounds mentioned by stances and conditions cut it into (each bound, and
  the open stretches between): every red line, demand and condition holds on a whole piece or
  on none of it (the pieces are cut in `engine/deals_pieces.py`);
- a rule per deciding party and issue, with a branch per stance of its position (conditions
  become guards on the issues they name; a condition on an issue outside the search is settled
  by the status quo, or left undecided); each known red line is an element;
- a gain per deciding party and issue: its demand, weighted by its priority (low 1, medium 2,
  high 3; none given counts as medium).

When no package exists, the minimal blocking sets come from `engine/deals_blocking.py`; this
module names their red lines and finds each one's least concession.

Nothing here reads a file or prints. A package with no known breach is never "accepted": each
lists the parties whose acceptance rests on a red line that is not known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from positions._report.render import Table

from positions._notebook import Notebook
from positions.engine.args import need_case, need_count, need_ids
from positions.engine.branches import choose
from positions.engine.compare import deciding_parties, select_parties
from positions.engine.deals_blocking import _blocking
from positions.engine.deals_pieces import _as_set, _distance, _inside, _pieces, _sets_on, _widened
from positions.engine.search import (
    Branch,
    Gain,
    Problem,
    Rule,
    SearchTooLarge,
    Solution,
)
from positions.engine.snapshot import Snapshot, snapshot
from positions.errors import UsageError
from positions.model import Basis, Case, Issue, Stance
from positions.outcomes import INFINITY, Number, OutcomeSet, Value, intersect_all

__all__ = [
    "WEIGHTS",
    "Block",
    "Concession",
    "DealPackage",
    "Deals",
    "RedLine",
    "deals",
]

#: what meeting a demand is worth, by the stance's priority (None: medium)
WEIGHTS = {"low": 1, "medium": 2, "high": 3, None: 2}
#: how many steps a search may take before it gives up and says so
BUDGET = 2_000_000


@attrs.frozen(kw_only=True)
class RedLine:
    """One party's red line on one issue: the branch of its position that holds it."""

    party: str
    issue: str
    stance: Stance


@attrs.frozen(kw_only=True)
class Concession:
    """`party` widens its red line on `issue` from `before` to `after`, `distance` away (steps
    between levels, the difference in the scale's unit, or options added)."""

    party: str
    issue: str
    before: OutcomeSet
    after: OutcomeSet
    distance: Number
    unit: str


@attrs.frozen(kw_only=True)
class Block:
    """A minimal set of red lines that together rule out every package (without any one of
    them, they allow one), and for each red line the least widening that unblocks the set."""

    red_lines: tuple[RedLine, ...]
    concessions: tuple[Concession, ...]


@attrs.frozen(kw_only=True)
class DealPackage:
    """One outcome per issue (None: any outcome will do), what it is worth to each deciding
    party (`scores`: weighted demands met, and the issues `met`), and the parties whose
    acceptance rests on red lines that are not known (`unknown`, with the issues)."""

    outcomes: tuple[tuple[str, Value | None], ...]
    scores: tuple[tuple[str, int], ...]
    met: tuple[tuple[str, tuple[str, ...]], ...]
    unknown: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.scores)


@attrs.frozen(kw_only=True)
class Deals(Notebook):
    """The answer of `deals` over `issues` (ids, file order) for the `deciding` parties.

    `feasible`: some package breaches no known red line. `zones`: per issue, the outcomes that
    occur in at least one such package (a union of sets; empty when none exists). `per_issue`:
    each issue's zone on its own (the intersection of the red lines in force, None when none is
    known), which linkage can make wider than the joint zone. `packages`: the best packages.
    `blocking`: when none exists, the minimal sets of red lines that rule every package out,
    smallest first; `complete` is False when the enumeration stopped at its limit.
    """

    case: str
    as_of: dt.date
    parties: tuple[str, ...]
    deciding: tuple[str, ...]
    issues: tuple[str, ...]
    feasible: bool
    zones: tuple[tuple[str, tuple[OutcomeSet, ...]], ...]
    per_issue: tuple[tuple[str, OutcomeSet | None], ...]
    packages: tuple[DealPackage, ...]
    blocking: tuple[Block, ...] = ()
    complete: bool = True
    case_obj: Case | None = attrs.field(default=None, eq=False, repr=False)  # for notebooks

    def _tables(self) -> list[Table]:
        from positions._report.deals import deals_tables

        return deals_tables(self._case(), self)


# ---------------------------------------------------------------------------------------------
# the problem


class _Builder:
    """Turns the case at a snapshot into the search's problem, and back."""

    def __init__(
        self, case: Case, snap: Snapshot, deciding: Sequence[str], issues: Sequence[Issue]
    ) -> None:
        self.case = case
        self.snap = snap
        self.deciding = list(deciding)
        self.issues = list(issues)
        self.index = {i.id: n for n, i in enumerate(self.issues)}
        self.pieces = [_pieces(i, _sets_on(i.id, deciding, snap)) for i in self.issues]
        self.elements: list[RedLine] = []
        self.rules: list[Rule] = []
        self.gains: list[Gain] = []
        for owner, party in enumerate(self.deciding):
            for n, issue in enumerate(self.issues):
                branches = snap.position(party, issue.id)
                if branches:
                    self._add(owner, party, n, issue, branches)

    def _guards(self, s: Stance) -> tuple[bool, tuple[tuple[int, frozenset[int]], ...], bool]:
        """(can it apply, its guards on searched issues, whether it hangs on an unsettled one)."""
        guards = []
        undecided = False
        for c in s.when:
            if c.milestone is not None:
                if c.milestone not in self.snap.reached:
                    return False, (), False
                continue
            assert c.issue is not None and c.outcomes is not None
            if c.issue in self.index:
                n = self.index[c.issue]
                guards.append((n, _inside(self.pieces[n], c.outcomes)))
                continue
            current = self.snap.status_quo.get(c.issue)
            if current is None:
                undecided = True
            elif not c.outcomes.contains(current):
                return False, (), False
        return True, tuple(guards), undecided

    def _add(
        self, owner: int, party: str, n: int, issue: Issue, branches: Sequence[Stance]
    ) -> None:
        pieces = self.pieces[n]
        limits: list[Branch] = []
        wants: list[Branch] = []
        default_limit: Branch | None = None
        default_want: Branch | None = None
        for s in branches:
            possible, guards, undecided = self._guards(s)
            if not possible:
                continue
            element = -1
            allowed = None
            if not s.retracted and s.red_line is not None:
                element = len(self.elements)
                self.elements.append(RedLine(party=party, issue=issue.id, stance=s))
                allowed = _inside(pieces, s.red_line)
            limit = Branch(guards=guards, allowed=allowed, undecided=undecided, element=element)
            want = Branch(
                guards=guards,
                undecided=undecided,
                weight=WEIGHTS[s.priority],
                wants=None if s.retracted or s.wants is None else _inside(pieces, s.wants),
            )
            if s.when:
                limits.append(limit)
                wants.append(want)
            else:
                default_limit, default_want = limit, want
        self.rules.append(Rule(var=n, conditional=tuple(limits), default=default_limit))
        self.gains.append(
            Gain(owner=owner, rule=Rule(var=n, conditional=tuple(wants), default=default_want))
        )

    def problem(self, points_only: bool = False) -> Problem:
        domains = [
            [k for k, p in enumerate(pieces) if not (points_only and p.open and len(pieces) > 1)]
            for pieces in self.pieces
        ]
        return Problem(domains, self.rules, self.gains, owners=len(self.deciding), budget=BUDGET)

    def free(self) -> set[int]:
        """The issues nothing in the search limits or scores: any outcome will do."""
        used = {r.var for r in self.rules if r.conditional or r.default}
        used |= {v for r in self.rules for v in r.scope}
        return set(range(len(self.issues))) - used

    # answers ----------------------------------------------------------------------------------

    def zone(self, n: int, supported: set[int]) -> tuple[OutcomeSet, ...]:
        """The outcomes of the supported pieces, as sets: one on a finite scale, closed
        intervals on a numeric one (adjacent pieces merged)."""
        scale = self.issues[n].scale
        pieces = self.pieces[n]
        if not supported:
            return ()
        if scale.finite:
            return (OutcomeSet.of(scale, [pieces[k].value for k in sorted(supported)]),)  # type: ignore[misc]
        found: list[OutcomeSet] = []
        run: list[int] = []
        for k in [*range(len(pieces)), -1]:
            if k in supported:
                run.append(k)
                continue
            if run:
                low, high = pieces[run[0]].low, pieces[run[-1]].high
                found.append(
                    OutcomeSet.between(
                        scale,
                        None if low == -INFINITY else low,
                        None if high == INFINITY else high,
                        form="set",
                    )
                )
                run = []
        return tuple(found)

    def package(self, values: Sequence[int], free: set[int]) -> DealPackage:
        outcomes: list[tuple[str, Value | None]] = []
        world = dict(self.snap.status_quo)
        for n, issue in enumerate(self.issues):
            point = None if n in free or values[n] < 0 else self.pieces[n][values[n]].point
            outcomes.append((issue.id, point))
            if point is not None:
                world[issue.id] = point
            else:
                world.pop(issue.id, None)
        scores, met, unknown = [], [], []
        for party in self.deciding:
            score, hits, blind = 0, [], []
            for issue_id, point in outcomes:
                choice = choose(self.snap.position(party, issue_id), world, self.snap.reached)
                s = choice.stance
                if s is None or s.red_line is None:
                    blind.append(issue_id)
                if (
                    s is not None
                    and point is not None
                    and s.wants is not None
                    and s.wants.contains(point)
                ):
                    score += WEIGHTS[s.priority]
                    hits.append(issue_id)
            scores.append((party, score))
            met.append((party, tuple(hits)))
            if blind:
                unknown.append((party, tuple(blind)))
        return DealPackage(
            outcomes=tuple(outcomes), scores=tuple(scores), met=tuple(met), unknown=tuple(unknown)
        )


# ---------------------------------------------------------------------------------------------
# concessions


def _concessions(b: _Builder, problem: Problem, block: Sequence[int]) -> list[Concession]:
    """For each red line of the block, its least widening that lets the rest hold with it."""
    found: list[Concession] = []
    active = frozenset(block)
    for e in block:
        red = b.elements[e]
        n = b.index[red.issue]
        issue = b.issues[n]
        pieces = b.pieces[n]
        assert red.stance.red_line is not None
        allowed = _inside(pieces, red.stance.red_line)
        scope: set[int] = set()
        for r in problem.rules:
            for br in (*r.conditional, *([r.default] if r.default else [])):
                if br.element in active:
                    scope |= {r.var, *r.scope}
        candidates = [
            k
            for k, p in enumerate(pieces)
            if k not in allowed and not (p.open and not issue.scale.finite)
        ]
        if not allowed:
            continue
        candidates.sort(key=lambda k: (_distance(issue, pieces, allowed, k), k))
        for k in candidates:
            wider = _widened(issue, allowed, k)
            if problem.solve(sorted(scope), active=active, overrides={e: wider}) is None:
                continue
            after = _as_set(issue, pieces, wider)
            unit = (
                "options"
                if not issue.scale.ordered
                else ("steps" if issue.scale.finite else issue.scale.unit or "")
            )
            found.append(
                Concession(
                    party=red.party,
                    issue=red.issue,
                    before=red.stance.red_line,
                    after=after,
                    distance=_distance(issue, pieces, allowed, k),
                    unit=unit,
                )
            )
            break
    found.sort(key=lambda c: (c.unit, c.distance))
    return found


# ---------------------------------------------------------------------------------------------


def deals(
    case: Case,
    *,
    parties: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    min_basis: Basis | None = None,
    issues: Sequence[str] | None = None,
    top: int = 5,
    limit: int = 10,
) -> Deals:
    """Packages over `issues` (default: all) that breach no known red line of the deciding
    parties (the principals among `parties`, or every party named), the joint zones, the `top`
    best packages (Pareto-optimal across the parties, by weighted demands met), and, when no
    package exists, up to `limit` minimal blocking sets with their least concessions."""
    need_case(case)
    need_count(top, "top")
    need_count(limit, "limit")
    selected = select_parties(case, need_ids(parties, "parties"))
    deciding = deciding_parties(case, selected, named=parties is not None)
    chosen = _chosen_issues(case, need_ids(issues, "issues"))
    snap = snapshot(case, as_of, min_basis)
    b = _Builder(case, snap, deciding, chosen)
    problem = b.problem()
    free = b.free()
    variables = [n for n in range(len(chosen)) if n not in free]
    try:
        supported: list[set[int]] = [set() for _ in chosen]
        feasible = True
        for group in problem.components(variables):
            first = problem.solve(group)
            if first is None:
                feasible = False
                continue
            for u in group:
                supported[u].add(first[u])
            for v in group:
                for k in problem.domains[v]:
                    if k in supported[v]:
                        continue
                    solution = problem.solve(group, fixed={v: k})
                    if solution is not None:
                        for u in group:
                            supported[u].add(solution[u])
        for n in free:
            supported[n] = set(range(len(b.pieces[n])))
        packages: list[DealPackage] = []
        blocking: list[Block] = []
        complete = True
        if feasible:
            points = b.problem(points_only=True)
            best = points.best(variables, top)
            packages = [b.package(s.values, free | _indifferent(points, s)) for s in best]
        else:
            supported = [set() for _ in chosen]
            found, complete = _blocking(problem, variables, limit)
            blocking = [
                Block(
                    red_lines=tuple(b.elements[e] for e in m),
                    concessions=tuple(_concessions(b, problem, m)),
                )
                for m in found
            ]
    except SearchTooLarge:
        raise UsageError(
            f"the search for deals needs more than {BUDGET:,} steps: narrow it with --issues "
            "or --parties"
        ) from None
    return Deals(
        case=case.id,
        as_of=snap.as_of,
        parties=selected,
        deciding=deciding,
        issues=tuple(i.id for i in chosen),
        feasible=feasible,
        zones=tuple((i.id, b.zone(n, supported[n])) for n, i in enumerate(chosen)),
        per_issue=tuple((i.id, _own_zone(i.id, deciding, snap)) for i in chosen),
        packages=tuple(packages),
        blocking=tuple(blocking),
        complete=complete,
        case_obj=case,
    )


def _indifferent(problem: Problem, solution: Solution) -> set[int]:
    """The variables whose value does not matter in `solution`: any other value keeps every
    rule and every score. Only variables no condition names are judged, so that several of
    them can change together."""
    found = set()
    values = list(solution.values)
    named = {v for r in problem.rules for v in r.scope}
    named |= {v for g in problem.gains for v in g.rule.scope}
    for v, x in enumerate(values):
        if x < 0 or len(problem.domains[v]) < 2 or v in named:
            continue
        same = True
        for k in problem.domains[v]:
            values[v] = k
            if not problem.holds(values) or problem.scores(values) != solution.scores:
                same = False
                break
        values[v] = x
        if same:
            found.add(v)
    return found


def _chosen_issues(case: Case, issues: Sequence[str] | None) -> list[Issue]:
    if issues is None:
        return list(case.issues)
    unknown = [i for i in issues if not case.has_issue(i)]
    if unknown:
        known = ", ".join(i.id for i in case.issues)
        raise UsageError(f"unknown issue {unknown[0]!r} (issues: {known})")
    wanted = set(issues)
    return [i for i in case.issues if i.id in wanted]


def _own_zone(issue: str, deciding: Sequence[str], snap: Snapshot) -> OutcomeSet | None:
    """The issue's zone on its own: the intersection of the deciding parties' red lines in
    force (None when none is known), as compare computes it."""
    known = [
        s.red_line
        for p in deciding
        if (s := snap.stances.get((p, issue))) is not None and s.red_line is not None
    ]
    return intersect_all(known) if known else None
