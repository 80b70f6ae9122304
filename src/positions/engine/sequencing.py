"""preconditions: who requires what before what, whether it held, and where sequencing locks.

The sequencing graph has a node per issue and per milestone (issues first, then milestones, each
in file order) and an edge X -> Y for each precondition "requires X before Y" in force, and for
each milestone that `follows` another. A deadlock is a strongly connected component with a cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    from positions._report.render import Table

from positions._notebook import Notebook
from positions.engine.graph import shortest_cycle, strongly_connected
from positions.engine.snapshot import Snapshot, snapshot, status_quo
from positions.model import Basis, Case, Precondition
from positions.outcomes import Value

__all__ = [
    "PRECONDITION_STATUSES",
    "Deadlock",
    "Edge",
    "PreconditionStatus",
    "Sequencing",
    "preconditions",
    "sequencing_graph",
]

Status = Literal["met", "unmet", "bypassed"]
PRECONDITION_STATUSES: tuple[Status, ...] = ("met", "unmet", "bypassed")


@attrs.frozen(kw_only=True)
class Edge:
    """X must come before Y: by `party`'s precondition, or (party None) a milestone's `follows`."""

    source: str
    target: str
    party: str | None = None
    basis: Basis | None = None
    cited: str | None = None  # the source id the precondition cites
    precondition: Precondition | None = None
    status: Status | None = None  # the precondition's status (None for a milestone order)
    settled: dt.date | None = None  # when it was bypassed or met, where that is known


@attrs.frozen(kw_only=True)
class PreconditionStatus:
    precondition: Precondition
    status: Status


@attrs.frozen(kw_only=True)
class Deadlock:
    """A cyclic component: `nodes` (file order), and one shortest `cycle` in it, edge by edge.

    As stated, no step of the cycle can go first; events may have broken it in practice: an
    edge whose precondition was `bypassed` (set aside) or `met` is one that did not hold the
    others back. `broken` lists those edges."""

    nodes: tuple[str, ...]
    cycle: tuple[str, ...]
    edges: tuple[Edge, ...]

    @property
    def broken(self) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.status in ("bypassed", "met"))


@attrs.frozen(kw_only=True)
class Sequencing(Notebook):
    case: str
    as_of: dt.date
    preconditions: tuple[PreconditionStatus, ...]
    deadlocks: tuple[Deadlock, ...]
    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]
    reached: frozenset[str] = frozenset()  # the milestones reached at `as_of`
    case_obj: Case | None = attrs.field(default=None, eq=False, repr=False)  # for notebooks

    def _tables(self) -> list[Table]:
        from positions._report.sequencing import preconditions_tables

        return preconditions_tables(self._case(), self)


class _Judge:
    """Decides precondition statuses at a snapshot (caching the status quo at earlier dates)."""

    def __init__(self, case: Case, snap: Snapshot) -> None:
        self.case = case
        self.snap = snap
        self._outcomes: dict[dt.date, Mapping[str, Value]] = {snap.as_of: snap.status_quo}

    def outcomes_at(self, day: dt.date) -> Mapping[str, Value]:
        if day not in self._outcomes:
            self._outcomes[day] = status_quo(self.case, day)
        return self._outcomes[day]

    def holds(self, p: Precondition, day: dt.date) -> bool:
        """Whether what `p` requires holds at `day`."""
        req = p.requires
        if req.milestone is not None:
            reached = self.case.milestone(req.milestone).reached
            return reached is not None and reached <= day
        assert req.issue is not None and req.outcomes is not None
        current = self.outcomes_at(day).get(req.issue)
        return current is not None and req.outcomes.contains(current)

    def status(self, p: Precondition) -> Status:
        """bypassed: the milestone it preceded was reached while the requirement did not hold
        then; met: the requirement holds now; unmet: otherwise."""
        return self.judge(p)[0]

    def mark(self, e: Edge) -> Edge:
        """The edge with its precondition's status (a milestone order is left as it is)."""
        if e.precondition is None:
            return e
        status, settled = self.judge(e.precondition)
        return attrs.evolve(e, status=status, settled=settled)

    def judge(self, p: Precondition) -> tuple[Status, dt.date | None]:
        """The status, and when it was settled where known: the day the milestone it preceded
        was reached (bypassed), or the day the milestone it required was reached (met)."""
        case, snap = self.case, self.snap
        if case.has_milestone(p.before) and p.before in snap.reached:
            target_reached = case.milestone(p.before).reached
            assert target_reached is not None
            if not self.holds(p, target_reached):
                return "bypassed", target_reached
        if self.holds(p, snap.as_of):
            req = p.requires.milestone
            return "met", case.milestone(req).reached if req is not None else None
        return "unmet", None


def sequencing_graph(case: Case, snap: Snapshot) -> tuple[tuple[str, ...], tuple[Edge, ...]]:
    """The nodes (issues, then milestones) and edges (preconditions, then follows)."""
    nodes = tuple(i.id for i in case.issues) + tuple(m.id for m in case.milestones)
    edges = [
        Edge(
            source=p.requires.node,
            target=p.before,
            party=p.party,
            basis=p.basis,
            cited=p.source,
            precondition=p,
        )
        for p in snap.preconditions.values()
    ]
    order = {id(p): i for i, p in enumerate(case.preconditions)}
    edges.sort(key=lambda e: order[id(e.precondition)])
    for m in case.milestones:
        for first in m.follows:
            edges.append(Edge(source=first, target=m.id))
    return nodes, tuple(edges)


def preconditions(
    case: Case, *, as_of: dt.date | None = None, min_basis: Basis | None = None
) -> Sequencing:
    """Every precondition in force at `as_of` with its status, and every deadlock."""
    snap = snapshot(case, as_of, min_basis)  # (checks the arguments)
    nodes, plain = sequencing_graph(case, snap)
    judge = _Judge(case, snap)
    edges = tuple(judge.mark(e) for e in plain)
    statuses = tuple(
        PreconditionStatus(precondition=e.precondition, status=e.status)
        for e in edges
        if e.precondition is not None and e.status is not None
    )
    position = {n: i for i, n in enumerate(nodes)}
    adjacency: list[list[int]] = [[] for _ in nodes]
    first_edge: dict[tuple[int, int], Edge] = {}
    for e in edges:
        u, v = position[e.source], position[e.target]
        if (u, v) not in first_edge:
            first_edge[(u, v)] = e
            adjacency[u].append(v)
    for succ in adjacency:
        succ.sort()
    deadlocks = []
    for component in strongly_connected(adjacency):
        cycle = shortest_cycle(adjacency, component)
        if not cycle:
            continue
        steps = tuple(first_edge[(a, cycle[(i + 1) % len(cycle)])] for i, a in enumerate(cycle))
        deadlocks.append(
            Deadlock(
                nodes=tuple(nodes[i] for i in component),
                cycle=tuple(nodes[i] for i in cycle),
                edges=steps,
            )
        )
    return Sequencing(
        case=case.id,
        as_of=snap.as_of,
        preconditions=statuses,
        deadlocks=tuple(deadlocks),
        nodes=nodes,
        edges=edges,
        reached=snap.reached,
        case_obj=case,
    )
