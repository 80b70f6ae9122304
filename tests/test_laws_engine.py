"""The laws every analysis obeys, checked on generated cases (`positions.testing.cases`)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import positions
from positions import Case, Package, Precondition, Stance
from positions.engine.branches import choose
from positions.outcomes import OutcomeSet, Value, parse_outcomes
from positions.testing import cases, outcome_sets, outcome_values

T = TypeVar("T")

few = settings(max_examples=40)
some = settings(max_examples=60)

# small cases, and more of them, for the laws of the sequencing graph (quicker to draw and to
# shrink, and denser graphs)
sequencing_cases = cases(max_parties=2, max_issues=3, max_milestones=3)
many = settings(max_examples=200)

BASES: tuple[Any, ...] = (None, "stated", "reported", "inferred")
SWAP = {"added": "retracted", "retracted": "added", "softened": "hardened", "hardened": "softened"}


def days(case: Case) -> list[dt.date]:
    """Every date the case carries, and a day before the first and after the last."""
    found = case.dates()
    return [found[0] - dt.timedelta(days=1), *found, found[-1] + dt.timedelta(days=1)]


def selections(ids: Sequence[str]) -> list[tuple[str, ...]]:
    """Every non-empty selection of the parties, in file order."""
    return [c for n in range(1, len(ids) + 1) for c in itertools.combinations(ids, n)]


def statuses(case: Case, **kw: Any) -> dict[str, str]:
    return {row.issue: row.status for row in positions.compare(case, **kw).issues}


def reorder(
    data: st.DataObject, records: Sequence[T], key: Callable[[T], Hashable]
) -> tuple[T, ...]:
    """The records in a drawn order; records with equal keys (ties) keep their file order."""
    perm = data.draw(st.permutations(range(len(records))))
    queues: dict[Hashable, deque[T]] = defaultdict(deque)
    for r in records:
        queues[key(r)].append(r)
    return tuple(queues[key(records[i])].popleft() for i in perm)


def stance_tie(s: Stance) -> Hashable:
    return (s.party, s.issue, s.as_of)


def precondition_tie(p: Precondition) -> Hashable:
    return (*p.key, p.as_of)


def graph(case: Case, day: dt.date) -> tuple[list[str], set[tuple[str, str]]]:
    """The sequencing graph at `day`, built from the snapshot and the milestones directly."""
    nodes = [i.id for i in case.issues] + [m.id for m in case.milestones]
    snap = positions.snapshot(case, day)
    edges = {(p.requires.node, p.before) for p in snap.preconditions.values()}
    edges |= {(first, m.id) for m in case.milestones for first in m.follows}
    return nodes, edges


def reachable(start: str, edges: set[tuple[str, str]]) -> set[str]:
    """The nodes reached from `start` by one edge or more."""
    seen: set[str] = set()
    todo = [b for a, b in edges if a == start]
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo.extend(b for a, b in edges if a == n)
    return seen


def shortest_cycle_length(component: set[str], edges: set[tuple[str, str]]) -> int:
    """The length of a shortest cycle inside `component` (a self-loop has length 1)."""
    inside = {(a, b) for a, b in edges if a in component and b in component}
    best = len(component) + 1
    for start in component:
        depth = {start: 0}
        queue = deque([start])
        while queue:
            n = queue.popleft()
            for a, b in inside:
                if a != n:
                    continue
                if b == start:
                    best = min(best, depth[n] + 1)
                elif b not in depth:
                    depth[b] = depth[n] + 1
                    queue.append(b)
    return best


def run_everything(case: Case) -> list[Any]:
    """Every analysis at every date and basis (the results, for comparing)."""
    out: list[Any] = []
    dates = days(case)
    for day in dates:
        for basis in BASES:
            out.append(positions.compare(case, as_of=day, min_basis=basis, pairwise=True))
            out.append(positions.preconditions(case, as_of=day, min_basis=basis))
            out.extend(
                positions.evaluate(case, p.id, as_of=day, min_basis=basis) for p in case.packages
            )
        out.extend(positions.history(case, day, other) for other in dates if other >= day)
    out.append(positions.history(case))
    out.append(positions.check(case))
    return out


# reading and writing -------------------------------------------------------------------------


@some
@given(cases())
def test_roundtrip_json_loses_nothing(case: Case) -> None:
    """A case written as JSON loads back into an equal case."""
    assert case == positions.loads(positions.dumps(case, format="json"), format="json")


@some
@given(cases())
def test_roundtrip_show_json_loses_nothing(case: Case) -> None:
    """What `positions show --format json` prints loads back into an equal case."""
    from positions import report

    text = report.render_json(report.show_json(case, "summary", case.stances, case.preconditions))
    assert case == positions.loads(text, format="json")


# compare -------------------------------------------------------------------------------------


@some
@given(cases(), st.data())
def test_adding_a_non_deciding_party_never_changes_a_status(
    case: Case, data: st.DataObject
) -> None:
    """A mediator who joins, with stances of its own on any issue, changes no status."""
    if not any(p.role == "principal" for p in case.parties):
        return
    mediator = positions.Party(id="zz-mediator", name="Mediator", role="mediator")
    copied = (
        data.draw(st.lists(st.sampled_from(case.stances), max_size=4), label="stances")
        if case.stances
        else []
    )
    joined = attrs.evolve(
        case,
        parties=(*case.parties, mediator),
        stances=(*case.stances, *(attrs.evolve(s, party=mediator.id) for s in copied)),
    )
    for day in days(case):
        assert statuses(case, as_of=day) == statuses(joined, as_of=day), day


@some
@given(cases(), st.data())
def test_a_silent_deciding_party_never_yields_agreed_or_overlap(
    case: Case, data: st.DataObject
) -> None:
    """Silence is never agreement: once a deciding party's stances are gone, no issue is
    agreed or overlap; and no row with a silent deciding party is ever agreed or overlap."""
    for day in days(case):
        result = positions.compare(case, as_of=day)
        for row in result.issues:
            if any(p in row.silent for p in result.deciding):
                assert row.status not in ("agreed", "overlap"), (row.issue, day)
    deciding = positions.compare(case).deciding
    if not deciding:
        return
    gone = data.draw(st.sampled_from(deciding), label="silenced")
    silenced = attrs.evolve(case, stances=tuple(s for s in case.stances if s.party != gone))
    for day in days(case):
        assert not {"agreed", "overlap"} & set(statuses(silenced, as_of=day).values()), day


@some
@given(cases(max_issues=4))
def test_printed_numbers_are_the_exact_values(case: Case) -> None:
    """Every gap distance is exactly upper - lower, and the JSON and the table print that
    exact value (never binary-float noise)."""
    import json
    from decimal import Decimal, localcontext

    from positions import report

    for day in days(case):
        result = positions.compare(case, as_of=day, parties=[p.id for p in case.parties])
        text = report.render_json(report.compare_json(case, result))
        written = json.loads(text, parse_float=Decimal)
        for row, data in zip(result.issues, written["issues"], strict=True):
            gap = row.gap
            if gap is None or gap.distance is None or isinstance(gap.lower, str):
                continue
            assert gap.upper is not None and gap.lower is not None
            with localcontext() as ctx:
                ctx.prec = 200
                assert Decimal(gap.upper) - Decimal(gap.lower) == gap.distance
            assert gap.distance == data["gap"]["distance"]
            words = report.gap_words(case, gap)
            assert f"gap {report.number(gap.distance)}" in words
            assert "e" not in report.number(gap.distance).lower()


@some
@given(cases(), st.data())
def test_compare_symmetric_in_party_order(case: Case, data: st.DataObject) -> None:
    """Whatever the order the parties are passed in, compare says the same."""
    ids = [p.id for p in case.parties]
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True), label="parties")
    in_file_order = [p for p in ids if p in chosen]
    day = data.draw(st.sampled_from(days(case)), label="as_of")
    expected = positions.compare(case, parties=in_file_order, as_of=day, pairwise=True)
    assert expected == positions.compare(case, parties=chosen, as_of=day, pairwise=True)


@some
@given(cases())
def test_adding_a_party_never_turns_conflict_into_agreement(case: Case) -> None:
    """A conflict among some parties is never agreed or overlap once another party joins."""
    ids = [p.id for p in case.parties]
    for day in days(case):
        for chosen in selections(ids):
            before = statuses(case, parties=chosen, as_of=day)
            for joining in ids:
                if joining in chosen:
                    continue
                after = statuses(case, parties=[*chosen, joining], as_of=day)
                for issue, status in before.items():
                    if status == "conflict":
                        assert after[issue] not in ("agreed", "overlap"), (issue, day, joining)
                        assert "conflict" == after[issue], (issue, day, joining)


@some
@given(cases(), st.data())
def test_widening_a_red_line_never_turns_overlap_into_conflict(
    case: Case, data: st.DataObject
) -> None:
    """A red line that grows never makes an overlap (or anything else) a conflict."""
    held = [i for i, s in enumerate(case.stances) if s.red_line is not None]
    if not held:
        return
    i = data.draw(st.sampled_from(held), label="stance")
    stance = case.stances[i]
    assert stance.red_line is not None
    extra = data.draw(outcome_sets(stance.red_line.scale), label="widened by")
    wider = attrs.evolve(stance, red_line=stance.red_line.union_hull(extra))
    widened = attrs.evolve(case, stances=(*case.stances[:i], wider, *case.stances[i + 1 :]))
    for day in days(case):
        before, after = statuses(case, as_of=day), statuses(widened, as_of=day)
        for issue, status in before.items():
            if status == "overlap":
                assert "conflict" != after[issue], (issue, day)
            if status != "conflict":
                assert "conflict" != after[issue], (issue, day, status)


@some
@given(cases())
def test_zone_lies_inside_every_known_red_line(case: Case) -> None:
    """The zone of an issue lies inside the red line of every selected party that gave one."""
    for day in days(case):
        for chosen in selections([p.id for p in case.parties]):
            for row in positions.compare(case, parties=chosen, as_of=day).issues:
                if row.status == "overlap":
                    assert row.zone is not None and not row.zone.is_empty(), row
                if row.zone is None:
                    continue
                for party, stance in row.stances:
                    if stance.red_line is not None:
                        assert row.zone.issubset(stance.red_line), (row.issue, party, day)


# evaluate ------------------------------------------------------------------------------------


def spoken(case: Case, package: Package, day: dt.date) -> tuple[str, ...]:
    """The parties, in file order, with a stance at `day` on an issue the package settles
    (where the package's outcomes, then the status quo, hold)."""
    snap = positions.snapshot(case, day)
    world = {**snap.status_quo, **dict(package.outcomes)}

    def speaks(party: str, issue: str) -> bool:
        choice = choose(snap.position(party, issue), world, snap.reached)
        return choice.stance is not None or choice.indeterminate

    return tuple(
        p.id for p in case.parties if any(speaks(p.id, issue) for issue, _ in package.outcomes)
    )


def point_in(zone: OutcomeSet, data: st.DataObject) -> Value:
    """An outcome inside the non-empty set `zone`."""
    if zone.scale.finite:
        return data.draw(st.sampled_from(zone.members()))
    x = data.draw(outcome_values(zone.scale))
    assert not isinstance(x, str)
    return min(max(x, zone.low), zone.high)


@some
@given(cases(), st.data())
def test_evaluation_lists_are_disjoint_and_acceptance_has_no_unknown(
    case: Case, data: st.DataObject
) -> None:
    """acceptable_to, breached_by and undetermined are disjoint and together hold exactly the
    parties with a stance on the package's issues; no party in acceptable_to has an unknown
    verdict, and every party in breached_by has a breach."""
    day = data.draw(st.sampled_from(days(case)), label="as_of")
    settled = data.draw(
        st.lists(st.sampled_from(case.issues), min_size=1, unique_by=lambda i: i.id), label="issues"
    )
    drawn = Package(
        id="drawn",
        kind="proposal",
        outcomes=tuple((i.id, data.draw(outcome_values(i.scale))) for i in settled),
    )
    for package in (drawn, *case.packages):
        result = positions.evaluate(case, package, as_of=day)
        lists = (result.acceptable_to, result.breached_by, result.undetermined)
        everyone = [p for group in lists for p in group]
        assert len(everyone) == len(set(everyone)), package.id
        assert set(spoken(case, package, day)) == set(everyone), package.id
        verdicts = {(v.party, v.verdict) for v in result.verdicts}
        for party in result.acceptable_to:
            assert (party, "unknown") not in verdicts
            assert (party, "breach") not in verdicts
        for party in result.breached_by:
            assert (party, "breach") in verdicts


@some
@given(cases(), st.data())
def test_package_inside_every_zone_breaches_nobody(case: Case, data: st.DataObject) -> None:
    """A package taking an outcome from each overlap zone breaches no deciding party's red
    line (stances without conditions, so the package cannot switch a party's branch)."""
    case = attrs.evolve(case, stances=tuple(s for s in case.stances if not s.when))
    day = data.draw(st.sampled_from(days(case)), label="as_of")
    result = positions.compare(case, as_of=day)
    outcomes = tuple(
        (row.issue, point_in(row.zone, data))
        for row in result.issues
        if row.status == "overlap" and row.zone is not None
    )
    if not outcomes:
        return
    package = Package(id="in-the-zone", kind="proposal", outcomes=outcomes)
    evaluation = positions.evaluate(case, package, as_of=day, parties=list(result.deciding))
    assert () == evaluation.breached_by


# every analysis ------------------------------------------------------------------------------


@few
@given(cases())
def test_analyses_deterministic_and_never_raise(case: Case) -> None:
    """Every analysis runs on any valid case without raising, and says the same every time."""
    first = run_everything(case)
    assert first == run_everything(case)
    assert first == run_everything(positions.loads(positions.dumps(case), format="json"))


def check_summary(case: Case) -> Counter[tuple[str, str, str]]:
    """The findings, leaving out where in the file they point."""
    return Counter(
        (f.severity, f.code, re.sub(r"\$\.\w+\[\d+\]", "$", f.message))
        for f in positions.check(case)
    )


@few
@given(cases(), st.data())
def test_analyses_independent_of_stance_order(case: Case, data: st.DataObject) -> None:
    """Stances listed in another order (ties of one party, issue and date kept in file order)
    give the same comparisons, evaluations, preconditions, history and findings."""
    other = attrs.evolve(case, stances=reorder(data, case.stances, stance_tie))
    for day in days(case):
        assert positions.compare(case, as_of=day, pairwise=True) == positions.compare(
            other, as_of=day, pairwise=True
        )
        assert positions.preconditions(case, as_of=day) == positions.preconditions(other, as_of=day)
        for p in case.packages:
            assert positions.evaluate(case, p.id, as_of=day) == positions.evaluate(
                other, p.id, as_of=day
            )
        for later in days(case):
            if later >= day:
                assert positions.history(case, day, later) == positions.history(other, day, later)
    assert check_summary(case) == check_summary(other)


@few
@given(cases(), st.data())
def test_analyses_independent_of_precondition_order(case: Case, data: st.DataObject) -> None:
    """Preconditions listed in another order (ties kept in file order) give the same statuses,
    deadlocks, comparisons, history changes and findings; only the listing order may differ."""
    other = attrs.evolve(case, preconditions=reorder(data, case.preconditions, precondition_tie))
    for day in days(case):
        a, b = positions.preconditions(case, as_of=day), positions.preconditions(other, as_of=day)
        assert Counter(a.preconditions) == Counter(b.preconditions)
        assert [(d.nodes, d.cycle) for d in a.deadlocks] == [
            (d.nodes, d.cycle) for d in b.deadlocks
        ]
        assert Counter((e.source, e.target, e.party) for e in a.edges) == Counter(
            (e.source, e.target, e.party) for e in b.edges
        )
        assert positions.compare(case, as_of=day) == positions.compare(other, as_of=day)
        for later in (d for d in days(case) if d >= day):
            h, k = positions.history(case, day, later), positions.history(other, day, later)
            assert Counter(h.changes) == Counter(k.changes)
            assert h.status_changes == k.status_changes
    assert check_summary(case) == check_summary(other)


# preconditions -------------------------------------------------------------------------------


@many
@given(sequencing_cases)
def test_deadlock_cycles_are_cycles_of_the_graph(case: Case) -> None:
    """Each reported deadlock cycle is a real cycle: every step, and the way back, is an edge."""
    for day in days(case):
        nodes, edges = graph(case, day)
        order = {n: i for i, n in enumerate(nodes)}
        for deadlock in positions.preconditions(case, as_of=day).deadlocks:
            cycle = deadlock.cycle
            assert cycle and len(set(cycle)) == len(cycle), deadlock
            assert set(cycle) <= set(deadlock.nodes)
            steps = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
            assert all(step in edges for step in steps), (steps, edges)
            assert [(e.source, e.target) for e in deadlock.edges] == steps
            assert cycle[0] == min(cycle, key=order.__getitem__), "starts at its earliest node"


@many
@given(sequencing_cases)
def test_every_cyclic_component_is_reported(case: Case) -> None:
    """Every strongly connected component with a cycle is reported as exactly one deadlock."""
    for day in days(case):
        nodes, edges = graph(case, day)
        reach = {n: reachable(n, edges) for n in nodes}
        expected = {
            frozenset({n} | {m for m in reach[n] if n in reach[m]}) for n in nodes if n in reach[n]
        }
        reported = [frozenset(d.nodes) for d in positions.preconditions(case, as_of=day).deadlocks]
        assert len(reported) == len(set(reported))
        assert expected == set(reported)


def _loop_and_self_loop() -> Case:
    """a before b, b before a, and b before b: the shortest cycle is the self-loop on b."""
    yes_no = positions.Scale(kind="binary", values=("no", "yes"), labels=(None, None))
    day = dt.date(2030, 3, 1)

    def requires(issue: str, before: str) -> Precondition:
        outcomes = parse_outcomes({"is": "yes"}, yes_no, issue)
        return Precondition(
            party="north",
            requires=positions.Requirement(issue=issue, outcomes=outcomes),
            before=before,
            as_of=day,
            basis="inferred",
        )

    return Case(
        id="loop",
        title="Loop",
        as_of=day,
        parties=(positions.Party(id="north", name="North"),),
        issues=(
            positions.Issue(id="a", title="A", scale=yes_no),
            positions.Issue(id="b", title="B", scale=yes_no),
        ),
        preconditions=(requires("a", "b"), requires("b", "a"), requires("b", "b")),
    )


@many
@example(_loop_and_self_loop()).via("a self-loop inside a two-node cycle")
@given(sequencing_cases)
def test_deadlock_cycle_is_a_shortest_cycle(case: Case) -> None:
    """The cycle given for a deadlock is a shortest cycle through its component."""
    for day in days(case):
        _, edges = graph(case, day)
        for deadlock in positions.preconditions(case, as_of=day).deadlocks:
            assert shortest_cycle_length(set(deadlock.nodes), edges) == len(deadlock.cycle)


# history and snapshots -----------------------------------------------------------------------


@some
@given(cases())
def test_history_from_a_date_to_itself_is_empty(case: Case) -> None:
    """Nothing moves between a date and itself."""
    for day in days(case):
        result = positions.history(case, day, day)
        assert () == result.changes
        assert () == result.status_changes


@some
@given(cases(), st.data())
def test_history_refuses_dates_the_wrong_way_round(case: Case, data: st.DataObject) -> None:
    """From a later date back to an earlier one is a usage error, never a reversed diff."""
    a = data.draw(st.sampled_from(days(case)), label="from")
    b = data.draw(st.sampled_from(days(case)), label="to")
    early, late = sorted([a, b])
    positions.history(case, early, late)
    if early < late:
        with pytest.raises(positions.UsageError, match="give the earlier date first"):
            positions.history(case, late, early)


@some
@given(cases(), st.data())
def test_snapshot_never_holds_a_stance_dated_after_it(case: Case, data: st.DataObject) -> None:
    """A snapshot holds no stance or precondition dated after it, and none retracted."""
    first, last = days(case)[0], days(case)[-1]
    drawn = data.draw(st.dates(first, last), label="day")
    for day in [*days(case), drawn]:
        snap = positions.snapshot(case, day)
        for s in snap.stances.values():
            assert s.as_of <= day and not s.retracted, (s, day)
        for p in snap.preconditions.values():
            assert p.as_of <= day and not p.retracted, (p, day)


@many
@given(cases(), st.data())
def test_history_status_changes_are_the_compare_statuses_that_differ(
    case: Case, data: st.DataObject
) -> None:
    """history's status changes between two dates are exactly the issues (in file order) whose
    compare status differs between them, with both statuses: its shortcut (only issues where a
    position moved or may resolve otherwise are looked at) misses none."""
    a = data.draw(st.sampled_from(days(case)), label="from")
    b = data.draw(st.sampled_from(days(case)), label="to")
    early, late = sorted([a, b])
    before = {r.issue: r.status for r in positions.compare(case, as_of=early).issues}
    after = {r.issue: r.status for r in positions.compare(case, as_of=late).issues}
    expected = [
        (i.id, before[i.id], after[i.id]) for i in case.issues if before[i.id] != after[i.id]
    ]
    found = positions.history(case, early, late).status_changes
    assert expected == [(s.issue, s.before, s.after) for s in found]


def _midpoint(s: OutcomeSet | None) -> Any:
    """A demand's position for history's direction: the midpoint of its hull, as a fraction
    (level indices on a finite scale); None for no demand, an empty or an unbounded set."""
    from fractions import Fraction

    from positions.outcomes import INFINITY

    if s is None or s.is_empty():
        return None
    low, high = s.hull()
    if not s.scale.finite and (low == -INFINITY or high == INFINITY):
        return None
    return (Fraction(low) + Fraction(high)) / 2


@few
@given(cases(), st.data())
def test_history_direction_is_by_midpoints(case: Case, data: st.DataObject) -> None:
    """A moved stance went toward the others when the sum of its midpoint's distances to the
    other parties' midpoints (their stances at the later date) fell, away when it rose, and
    neither when it held; none on a categorical scale, or when a position is not known (no
    demand, unbounded, or a stance that hangs on a link): computed here in fractions."""
    from positions.engine.snapshot import snapshot

    a = data.draw(st.sampled_from(days(case)), label="from")
    b = data.draw(st.sampled_from(days(case)), label="to")
    early, late = sorted([a, b])
    later = snapshot(case, late)
    for c in positions.history(case, early, late).changes:
        if c.kind != "stance" or c.change != "moved":
            continue
        assert isinstance(c.before, Stance) and isinstance(c.after, Stance)
        expected = None
        old, new = _midpoint(c.before.wants), _midpoint(c.after.wants)
        others = [
            _midpoint(s.wants) if s is not None else None
            for p in case.parties
            if p.id != c.party
            and (
                (s := later.stances.get((p.id, c.subject))) is not None
                or (p.id, c.subject) in later.depends_on
            )
        ]
        known = others and all(o is not None for o in others)
        if case.issue(c.subject).scale.ordered and None not in (old, new) and known:
            was = sum(abs(old - o) for o in others)
            now = sum(abs(new - o) for o in others)
            expected = "toward" if now < was else "away" if now > was else "neither"
        assert expected == c.direction
