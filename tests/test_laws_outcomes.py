"""The laws of the outcome-set algebra, checked on sets in every written form and scale kind."""

from __future__ import annotations

import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from positions.outcomes import OutcomeSet, Scale, Value, gap, intersect_all, parse_outcomes
from positions.testing import outcome_sets, outcome_values, scales

Pair = tuple[OutcomeSet, OutcomeSet]
Triple = tuple[OutcomeSet, OutcomeSet, OutcomeSet]

# Crossing intervals, pinned as explicit examples: generated pairs seldom cross just so.
KM = Scale(kind="numeric", unit="km", min=0, max=60)
LOW = parse_outcomes({"at_most": 30}, KM, "depth")  # [0, 30]
HIGH = parse_outcomes({"at_least": 10.5}, KM, "depth")  # [10.5, 60]
MID = parse_outcomes({"at_least": 20, "at_most": 40}, KM, "depth")

many = settings(max_examples=300)

sets = scales().flatmap(outcome_sets)
pairs: st.SearchStrategy[Pair] = scales().flatmap(
    lambda s: st.tuples(outcome_sets(s), outcome_sets(s))
)
triples: st.SearchStrategy[Triple] = scales().flatmap(
    lambda s: st.tuples(outcome_sets(s), outcome_sets(s), outcome_sets(s))
)


def _outcomes_near(data: st.DataObject, sets: tuple[OutcomeSet, ...]) -> Value:
    """An outcome on the sets' scale, often one at a set's edge (where intervals go wrong)."""
    scale = sets[0].scale
    edges: list[Value] = []
    if not scale.finite:
        edges = [b for s in sets for b in (s.low, s.high) if math.isfinite(b)]
    choices = [outcome_values(scale)]
    if edges:
        choices.append(st.sampled_from(edges))
    return data.draw(st.one_of(choices))


@many
@example((LOW, HIGH)).via("crossing intervals")
@given(pairs)
def test_intersect_commutative(ab: Pair) -> None:
    """A∩B and B∩A hold the same outcomes."""
    a, b = ab
    assert a.intersect(b) == b.intersect(a)


@many
@example((LOW, HIGH, MID)).via("crossing intervals")
@given(triples)
def test_intersect_associative(abc: Triple) -> None:
    """(A∩B)∩C and A∩(B∩C) hold the same outcomes."""
    a, b, c = abc
    assert a.intersect(b).intersect(c) == a.intersect(b.intersect(c))


@given(sets)
def test_intersect_idempotent(a: OutcomeSet) -> None:
    """A∩A is A."""
    assert a == a.intersect(a)


@many
@given(pairs, st.data())
def test_intersect_holds_exactly_the_common_outcomes(ab: Pair, data: st.DataObject) -> None:
    """An outcome is in A∩B exactly when it is in A and in B."""
    a, b = ab
    x = _outcomes_near(data, ab)
    assert a.intersect(b).contains(x) == (a.contains(x) and b.contains(x))


@many
@example((LOW, HIGH)).via("crossing intervals")
@given(pairs)
def test_gap_zero_iff_overlap(ab: Pair) -> None:
    """The gap between two sets is 0 exactly when they overlap."""
    a, b = ab
    assert (gap(a, b) == 0) == a.overlaps(b)


@many
@example((LOW, HIGH)).via("crossing intervals")
@given(pairs)
def test_gap_symmetric(ab: Pair) -> None:
    """The gap from A to B is the gap from B to A."""
    a, b = ab
    assert gap(a, b) == gap(b, a)


@many
@example((LOW, HIGH)).via("crossing intervals")
@given(pairs)
def test_union_hull_contains_both(ab: Pair) -> None:
    """A and B both lie inside A∪B (the union, or on numeric scales the hull)."""
    a, b = ab
    assert a.issubset(a.union_hull(b))
    assert b.issubset(a.union_hull(b))


@many
@given(pairs, st.data())
def test_union_hull_keeps_every_outcome(ab: Pair, data: st.DataObject) -> None:
    """Every outcome of A or of B is in A∪B."""
    a, b = ab
    x = _outcomes_near(data, ab)
    if a.contains(x) or b.contains(x):
        assert a.union_hull(b).contains(x)


@many
@example((LOW, HIGH, MID)).via("crossing intervals")
@given(triples)
def test_subset_never_has_wider_intersection(abc: Triple) -> None:
    """A subset of B meets a third set C in no more than B does (a subset never widens a zone)."""
    a, b, c = abc
    sub = a.intersect(b)  # a subset of b, possibly empty
    assert sub.issubset(b)
    assert sub.intersect(c).issubset(b.intersect(c))
    assert intersect_all([sub, c]).issubset(intersect_all([b, c]))
    if a.issubset(b):  # the drawn set itself, when it happens to be a subset
        assert a.intersect(c).issubset(b.intersect(c))


@given(sets)
def test_parse_to_data_parse_gives_an_equal_set(a: OutcomeSet) -> None:
    """Writing a parsed set and parsing it again gives an equal set."""
    assert a == parse_outcomes(a.to_data(), a.scale, "issue")


@given(sets)
def test_to_data_keeps_the_written_form(a: OutcomeSet) -> None:
    """A parsed set is written back in the form it was read in."""
    assert a.form == parse_outcomes(a.to_data(), a.scale, "issue").form


@many
@example((LOW, HIGH)).via("crossing intervals")
@given(pairs)
def test_computed_intersection_writes_back_equal(ab: Pair) -> None:
    """A non-empty intersection (a zone) is written in a form that parses back to an equal set."""
    a, b = ab
    zone = intersect_all([a, b])
    if not zone.is_empty():
        assert zone == parse_outcomes(zone.to_data(), zone.scale, "issue")


@given(sets)
def test_every_set_lies_inside_everything(a: OutcomeSet) -> None:
    """Every set on a scale lies inside the set of all its outcomes."""
    assert a.issubset(OutcomeSet.everything(a.scale))
