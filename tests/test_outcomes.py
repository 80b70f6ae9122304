"""The outcome-set algebra on each kind of scale, and parsing the written forms."""

from __future__ import annotations

import math

import pytest

from positions.outcomes import (
    OutcomeError,
    OutcomeSet,
    Scale,
    gap,
    intersect_all,
    parse_outcomes,
)

ORD = Scale(kind="ordinal", values=("none", "partial", "full"), labels=(None, None, None))
CAT = Scale(kind="categorical", values=("un", "joint", "none"), labels=(None, None, None))
BIN = Scale(kind="binary", values=("no", "yes"), labels=(None, None))
KM = Scale(kind="numeric", unit="km", min=0, max=60)
FREE = Scale(kind="numeric")


def p(raw: object, scale: Scale = ORD) -> OutcomeSet:
    return parse_outcomes(raw, scale, "x")


def test_parse_bare_value_is_one_outcome() -> None:
    """A bare level is the set of that one level."""
    assert ("full",) == p("full").members()
    assert "value" == p("full").form


def test_parse_at_least_on_ordinal_takes_the_upper_levels() -> None:
    """at_least on an ordinal scale holds that level and every higher one."""
    assert ("partial", "full") == p({"at_least": "partial"}).members()


def test_parse_at_most_on_ordinal_takes_the_lower_levels() -> None:
    """at_most holds that level and every lower one."""
    assert ("none", "partial") == p({"at_most": "partial"}).members()


def test_parse_none_of_is_the_complement() -> None:
    """none_of holds every option but those listed."""
    assert ("joint", "none") == p({"none_of": ["un"]}, CAT).members()


def test_parse_forms_with_the_same_outcomes_are_equal() -> None:
    """Two sets are equal when they hold the same outcomes, whatever their written form."""
    assert p("full") == p({"is": "full"}) == p(["full"]) == p({"at_least": "full"})


def test_parse_numeric_at_least_runs_to_the_scale_max() -> None:
    """at_least on a bounded numeric scale runs up to its max."""
    s = p({"at_least": 10}, KM)
    assert (10, 60) == (s.low, s.high)


def test_parse_numeric_at_least_unbounded_without_max() -> None:
    """Without a max, at_least runs to infinity."""
    assert math.inf == p({"at_least": 10}, FREE).high


@pytest.mark.parametrize(
    ("raw", "scale", "fragment"),
    [
        ("ful", ORD, "unknown level 'ful' for issue 'x' (levels: none, partial, full)"),
        ([], ORD, "empty outcome set"),
        ({"none_of": ["un", "joint", "none"]}, CAT, "excludes every outcome"),
        ({"at_least": "full", "at_most": "none"}, ORD, "above at_most"),
        ({"at_least": "un"}, CAT, "need an ordered scale"),
        (["un"], KM, "needs a finite scale"),
        (61, KM, "above the maximum 60"),
        (-1, KM, "below the minimum 0"),
        (float("nan"), KM, "finite number"),
        (True, KM, "expected a number"),
        (3, ORD, "expected a level id"),
        ({"at_leest": "full"}, ORD, "unknown key 'at_leest'"),
        ({"is": "full", "one_of": ["full"]}, ORD, "together"),
        (["full", "full"], ORD, "listed twice"),
        ({}, ORD, "empty outcome set"),
    ],
)
def test_parse_rejects_what_does_not_fit(raw: object, scale: Scale, fragment: str) -> None:
    """Each malformed set raises OutcomeError saying what was expected."""
    with pytest.raises(OutcomeError) as err:
        parse_outcomes(raw, scale, "x")
    assert fragment in str(err.value)


def test_intersect_finite() -> None:
    """Intersection keeps the common levels."""
    assert ("partial",) == p({"at_most": "partial"}).intersect(p({"at_least": "partial"})).members()


def test_intersect_numeric_disjoint_is_empty() -> None:
    """Disjoint intervals intersect to the empty set."""
    assert p({"at_most": 5}, KM).intersect(p({"at_least": 6}, KM)).is_empty()


def test_contains_respects_closed_bounds() -> None:
    """Numeric sets are closed intervals: both ends belong to them."""
    s = p({"at_least": 5, "at_most": 10}, KM)
    assert s.contains(5) and s.contains(10) and not s.contains(10.5)


def test_contains_rejects_values_of_another_type() -> None:
    """A string is never in a numeric set, a number never in a finite one."""
    assert not p({"at_least": 5}, KM).contains("5")
    assert not p("full").contains(2)


def test_issubset() -> None:
    """A narrower range is a subset of a wider one, not the other way round."""
    assert p("full").issubset(p({"at_least": "partial"}))
    assert not p({"at_least": "partial"}).issubset(p("full"))


def test_gap_counts_steps_between_levels() -> None:
    """Adjacent levels are one step apart; none and full two."""
    assert 1 == gap(p("partial"), p("full"))
    assert 2 == gap(p("none"), p("full"))
    assert 0 == gap(p({"at_least": "partial"}), p("full"))


def test_gap_numeric_is_the_distance_between_intervals() -> None:
    """The gap between [0, 5] and [8, 60] is 3 (km)."""
    assert 3 == gap(p({"at_most": 5}, KM), p({"at_least": 8}, KM))


def test_gap_on_categorical_disjoint_is_none() -> None:
    """Categorical options have no distance: disjoint sets have no numeric gap."""
    assert gap(p("un", CAT), p("joint", CAT)) is None


def test_gap_uses_nearest_members_of_non_convex_sets() -> None:
    """For sets with holes the gap is between their nearest members."""
    assert 1 == gap(p(["none", "full"]), p("partial"))


def test_intersect_all_of_one_set_is_itself() -> None:
    """The intersection of a single set is that set."""
    assert p("full") == intersect_all([p("full")])


def test_binary_levels_are_no_and_yes() -> None:
    """Binary is ordinal with no < yes."""
    assert ("yes",) == p({"at_least": "yes"}, BIN).members()


@pytest.mark.parametrize(
    ("raw", "scale"),
    [
        ("full", ORD),
        ({"is": "full"}, ORD),
        (["none", "full"], ORD),
        ({"one_of": ["partial"]}, ORD),
        ({"none_of": ["un"]}, CAT),
        ({"at_least": "partial"}, ORD),
        ({"at_most": "partial"}, ORD),
        ({"at_least": "none", "at_most": "partial"}, ORD),
        (12.5, KM),
        ({"at_least": 5}, KM),
        ({"at_least": 5, "at_most": 9}, FREE),
    ],
)
def test_to_data_writes_the_form_it_was_read_in(raw: object, scale: Scale) -> None:
    """A parsed set is written back exactly as it was written."""
    assert raw == p(raw, scale).to_data()


def test_to_data_of_a_computed_set_is_canonical() -> None:
    """A set computed by the algebra is written as a value, a range or a list."""
    assert "partial" == p({"at_least": "partial"}).intersect(p({"at_most": "partial"})).to_data()
    assert {"at_least": "partial"} == intersect_all([p({"at_least": "partial"})]).to_data()
    assert ["none", "full"] == intersect_all([p(["none", "full"])]).to_data()
