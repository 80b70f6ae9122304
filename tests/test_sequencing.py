"""preconditions: statuses (met, unmet, bypassed) and deadlocks, per semantics.md."""

from __future__ import annotations

import positions
from casebuilder import case
from positions.engine.graph import shortest_cycle, strongly_connected

MILESTONES = """
[[milestone]]
id = "talks"
label = "Talks"
reached = 2030-03-01

[[milestone]]
id = "deal"
label = "Deal"
follows = ["talks"]

[[package]]
id = "sq"
kind = "status-quo"
date = 2030-01-01
outcomes = { w = "none" }
"""


def pre(party: str, requires: str, before: str, basis: str = "reported") -> str:
    return (
        f'[[precondition]]\nparty = "{party}"\nrequires = {requires}\nbefore = "{before}"\n'
        f'as_of = 2030-01-01\nbasis = "{basis}"\nsource = "s"\n'
    )


def statuses(c: positions.Case) -> list[str]:
    return [p.status for p in positions.preconditions(c).preconditions]


def test_precondition_bypassed_when_milestone_reached_without_it() -> None:
    """Talks were reached while the required withdrawal did not hold: bypassed."""
    c = case(MILESTONES + pre("a", '{ issue = "w", is = "full" }', "talks"))
    assert ["bypassed"] == statuses(c)


def test_precondition_met_when_requirement_holds() -> None:
    """A required outcome that holds, before a milestone not yet reached: met."""
    c = case(MILESTONES + pre("a", '{ issue = "w", at_most = "partial" }', "deal"))
    assert ["met"] == statuses(c)


def test_precondition_unmet_before_an_issue() -> None:
    """Before an issue (not a milestone), a requirement that does not hold is unmet."""
    c = case(MILESTONES + pre("a", '{ issue = "w", is = "full" }', "km"))
    assert ["unmet"] == statuses(c)


def test_precondition_milestone_reached_after_its_target_is_bypassed() -> None:
    """A required milestone reached only after the one it preceded: bypassed."""
    body = MILESTONES.replace('follows = ["talks"]', "reached = 2030-02-01")
    c = case(body + pre("a", '{ milestone = "talks" }', "deal"))
    assert ["bypassed"] == statuses(c)


def test_precondition_milestone_reached_first_is_met() -> None:
    """A required milestone reached before the one it preceded: met."""
    body = MILESTONES.replace('follows = ["talks"]', "reached = 2030-04-01")
    c = case(body + pre("a", '{ milestone = "talks" }', "deal"))
    assert ["met"] == statuses(c)


def test_no_cycle_no_deadlock() -> None:
    """A chain of preconditions without a cycle has no deadlock."""
    c = case(MILESTONES + pre("a", '{ issue = "w", is = "full" }', "talks"))
    assert () == positions.preconditions(c).deadlocks


def test_two_party_two_step_cycle() -> None:
    """A requires w before km, B requires km before w: one deadlock, both edges spelled out."""
    c = case(
        MILESTONES
        + pre("a", '{ issue = "w", is = "full" }', "km")
        + pre("b", '{ issue = "km", at_most = 5 }', "w", basis="inferred")
    )
    [d] = positions.preconditions(c).deadlocks
    assert ("w", "km") == d.cycle
    assert [("w", "km", "a", "reported"), ("km", "w", "b", "inferred")] == [
        (e.source, e.target, e.party, e.basis) for e in d.edges
    ]


def test_several_components_each_reported() -> None:
    """Two separate cycles are two deadlocks, in file order of their first node."""
    c = case(
        MILESTONES
        + pre("a", '{ issue = "w", is = "full" }', "km")
        + pre("b", '{ issue = "km", at_most = 5 }', "w")
        + pre("a", '{ issue = "mon", is = "un" }', "deal")
        + pre("b", '{ milestone = "deal" }', "mon")
    )
    cycles = [d.cycle for d in positions.preconditions(c).deadlocks]
    assert [("w", "km"), ("mon", "deal")] == cycles


def test_cycle_through_milestone_follows() -> None:
    """A milestone's follows counts as an edge with no party."""
    c = case(MILESTONES + pre("a", '{ milestone = "deal" }', "talks"))
    [d] = positions.preconditions(c).deadlocks
    assert ("talks", "deal") == d.cycle
    assert [None, "a"] == [e.party for e in d.edges]


def test_self_precondition_is_a_check_error() -> None:
    """A precondition requiring what it precedes is rejected by check."""
    c = case(MILESTONES + pre("a", '{ milestone = "talks" }', "talks"))
    assert "self-precondition" in [f.code for f in positions.check(c) if f.severity == "error"]


def test_graph_shortest_cycle_prefers_the_shortest() -> None:
    """Of a 3-cycle and a 2-cycle in one component, the 2-cycle is reported."""
    adjacency = [[1], [2], [0, 3], [2]]
    [component] = strongly_connected(adjacency)
    assert [2, 3] == shortest_cycle(adjacency, component)


def test_graph_components_of_acyclic_graph_are_single_nodes() -> None:
    """Without cycles every component is one node and holds no cycle."""
    adjacency = [[1], [2], []]
    assert [[0], [1], [2]] == strongly_connected(adjacency)
    assert [] == shortest_cycle(adjacency, [0])


def test_graph_long_chain_does_not_recurse() -> None:
    """A 100,000-node cycle is found without hitting the recursion limit."""
    n = 100_000
    adjacency = [[(i + 1) % n] for i in range(n)]
    [component] = strongly_connected(adjacency)
    assert n == len(component)


def test_graph_self_loop_beats_an_earlier_two_cycle() -> None:
    """A self-loop on a later node is shorter than a 2-cycle through an earlier one."""
    adjacency = [[1], [0, 1]]
    [component] = strongly_connected(adjacency)
    assert [1] == shortest_cycle(adjacency, component)
