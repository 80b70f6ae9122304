"""compare: statuses, zones, gaps and breaches, per semantics.md."""

from __future__ import annotations

import pytest

import positions
from casebuilder import HEADER, case, stance
from positions.report import compare_json, explain


def row(c: positions.Case, issue: str, **kw: object) -> positions.IssueComparison:
    result = positions.compare(c, **kw)  # type: ignore[arg-type]
    return next(r for r in result.issues if r.issue == issue)


def test_compare_silent_when_nobody_speaks() -> None:
    """An issue without stances is silent."""
    assert "silent" == row(case(stance("a", "w", demand='"full"')), "km").status


def test_compare_one_sided_never_agreed() -> None:
    """One party's stance alone is one-sided, not agreement."""
    r = row(case(stance("a", "w", demand='"full"')), "w")
    assert "one-sided" == r.status
    assert ("b", "c") == r.silent


def test_compare_agreed_when_demands_meet() -> None:
    """Demands with a common outcome are agreed (Gamma, not selected, does not count)."""
    c = case(
        stance("a", "w", demand='"full"') + stance("b", "w", demand='{ at_least = "partial" }')
    )
    assert "agreed" == row(c, "w", parties=["a", "b"]).status


def test_compare_overlap_zone_is_intersection_of_red_lines() -> None:
    """Different demands, every red line known and meeting: overlap, with the zone."""
    c = case(
        stance("a", "w", demand='"full"', red_line='{ at_least = "partial" }')
        + stance("b", "w", demand='"none"', red_line='{ at_most = "partial" }')
    )
    r = row(c, "w", parties=["a", "b"])
    assert "overlap" == r.status
    assert ("partial",) == r.zone.members()  # type: ignore[union-attr]


def test_compare_open_when_a_red_line_is_unknown() -> None:
    """Differing demands and a missing red line leave the issue open, zone so far given."""
    c = case(
        stance("a", "w", demand='"full"', red_line='{ at_least = "partial" }')
        + stance("b", "w", demand='"none"')
    )
    r = row(c, "w")
    assert "open" == r.status
    assert ("partial", "full") == r.zone.members()  # type: ignore[union-attr]
    assert ("b",) == r.unknown_red_lines
    assert [("b", "a")] == [(b.party, b.red_line_of) for b in r.breaches]


def test_compare_conflict_gap_on_ordinal_scale() -> None:
    """Disjoint red lines conflict; the gap names the bounding parties and counts steps."""
    c = case(
        stance("a", "w", red_line='"full"') + stance("b", "w", red_line='{ at_most = "none" }')
    )
    r = row(c, "w")
    assert "conflict" == r.status
    g = r.gap
    assert g is not None
    assert ("b", "none", "a", "full", 2) == (g.lower_party, g.lower, g.upper_party, g.upper,
                                             g.distance)  # fmt: skip


def test_compare_conflict_gap_numeric_has_unit() -> None:
    """On a numeric scale the gap is the difference, in the scale's unit."""
    c = case(
        stance("a", "km", red_line="{ at_least = 20 }")
        + stance("b", "km", red_line="{ at_most = 5 }")
    )
    g = row(c, "km").gap
    assert g is not None
    assert (5, 20, 15, "km") == (g.lower, g.upper, g.distance, g.unit)
    data = compare_json(c, positions.compare(c))["issues"][1]
    assert {"at_least": 20, "unit": "km"} == data["stances"]["a"]["red_line"]
    assert 15 == data["gap"]["distance"]


def test_compare_conflict_gap_categorical_lists_sets() -> None:
    """On a categorical scale the gap lists each party's red line."""
    c = case(stance("a", "mon", red_line='"un"') + stance("b", "mon", red_line='"joint"'))
    g = row(c, "mon").gap
    assert g is not None and g.distance is None
    assert ["a", "b"] == [p for p, _ in g.sets]


def test_compare_conflict_needs_two_known_red_lines() -> None:
    """A demand outside another's red line is a breach, not a conflict."""
    c = case(stance("a", "w", red_line='"full"') + stance("b", "w", demand='"none"'))
    assert "open" == row(c, "w").status


def test_compare_red_line_only_stance_demands_its_red_line() -> None:
    """A stance with only a red line demands the red line itself."""
    c = case(
        stance("a", "w", red_line='{ at_least = "partial" }') + stance("b", "w", demand='"full"')
    )
    assert "agreed" == row(c, "w", parties=["a", "b"]).status


def test_compare_parties_selection() -> None:
    """Only the selected parties count; silence of others is ignored."""
    c = case(
        stance("a", "w", red_line='"full"')
        + stance("b", "w", red_line='"none"')
        + stance("c", "w", demand='"full"')
    )
    assert "conflict" == row(c, "w").status
    assert "agreed" == row(c, "w", parties=["c", "a"]).status


def test_compare_unknown_party_is_a_usage_error() -> None:
    """Selecting a party the case lacks raises UsageError naming the parties."""
    with pytest.raises(positions.UsageError, match="unknown party 'z'"):
        positions.compare(case(""), parties=["z"])


def test_compare_pairwise_counts() -> None:
    """Pairwise counts, per pair, the issues both have a stance on by status."""
    c = case(
        stance("a", "w", red_line='"full"')
        + stance("b", "w", red_line='"none"')
        + stance("a", "km", demand="10")
        + stance("b", "km", demand="10")
        + stance("c", "km", demand="30")
    )
    pairs = {(p.a, p.b): p for p in positions.compare(c, pairwise=True).pairs or ()}
    assert (1, 1) == (pairs[("a", "b")].conflict, pairs[("a", "b")].agreed)
    assert 1 == pairs[("a", "c")].open
    assert 0 == pairs[("a", "c")].conflict


def test_compare_as_of_takes_latest_stance_before_date() -> None:
    """The snapshot at a date keeps each party's latest stance dated on or before it."""
    c = case(
        stance("a", "w", demand='"full"', as_of="2030-01-01")
        + stance("a", "w", demand='"partial"', as_of="2030-03-01")
        + stance("b", "w", demand='"partial"', as_of="2030-01-01")
    )
    import datetime as dt

    assert "open" == row(c, "w", as_of=dt.date(2030, 2, 1), parties=["a", "b"]).status
    assert "agreed" == row(c, "w", parties=["a", "b"]).status


def test_compare_retracted_stance_is_silence() -> None:
    """A retracted stance leaves the party without a stance from then on."""
    c = case(
        stance("a", "w", demand='"full"', as_of="2030-01-01")
        + stance("a", "w", as_of="2030-02-01", extra="retracted = true")
    )
    assert "silent" == row(c, "w").status


def test_explain_breach_sentence() -> None:
    """The explanation names who breaches whose red line, in words."""
    c = case(
        stance("a", "w", demand='"full"', red_line='{ at_least = "full" }')
        + stance("b", "w", demand='"partial"')
    )
    text = explain(c, row(c, "w"))
    assert "Beta's demand (partial) breaches Alpha's red line (at least full)" in text


def test_compare_a_silent_principal_makes_agreement_open() -> None:
    """Two principals agree, the third says nothing: open, never agreed, naming the silent."""
    c = case(stance("a", "w", demand='"full"') + stance("b", "w", demand='"full"'))
    r = row(c, "w")
    assert "open" == r.status
    assert ("c",) == r.silent
    assert "no stance from Gamma: silence is not agreement" in explain(c, r, ("a", "b", "c"))


def test_compare_a_mediator_does_not_decide() -> None:
    """A mediator's stance is shown and its breaches listed, but it does not decide."""
    mediated = positions.loads(
        HEADER.replace('name = "Gamma"', 'name = "Gamma"\nrole = "mediator"')
        + stance("a", "w", demand='"full"', red_line='"full"')
        + stance("b", "w", demand='"full"', red_line='{ at_least = "partial" }')
        + stance("c", "w", demand='"none"')
    )
    result = positions.compare(mediated)
    r = next(x for x in result.issues if x.issue == "w")
    assert ("a", "b") == result.deciding
    assert "agreed" == r.status
    assert ["a", "b", "c"] == [p for p, _ in r.stances]
    assert {("c", "a"), ("c", "b")} == {(b.party, b.red_line_of) for b in r.breaches}
    named = positions.compare(mediated, parties=["a", "b", "c"])
    assert "open" == next(x for x in named.issues if x.issue == "w").status


def test_compare_one_sided_counts_deciding_parties_only() -> None:
    """A principal and a mediator speaking: one-sided (one deciding party has spoken)."""
    mediated = positions.loads(
        HEADER.replace('name = "Gamma"', 'name = "Gamma"\nrole = "mediator"')
        + stance("a", "mon", demand='"un"')
        + stance("c", "mon", demand='"un"')
    )
    r = row(mediated, "mon")
    assert "one-sided" == r.status
    assert ("b",) == r.silent


def test_compare_numeric_gap_is_exact() -> None:
    """A gap of 20.3 - 19.4 is 0.9 exactly, in the table and the JSON."""
    c = case(
        stance("a", "km", red_line="{ at_least = 20.3 }")
        + stance("b", "km", red_line="{ at_most = 19.4 }")
    )
    r = row(c, "km", parties=["a", "b"])
    assert "conflict" == r.status
    assert r.gap is not None
    assert "0.9" == str(r.gap.distance)
    text = positions.report.render_json(compare_json(c, positions.compare(c)))
    assert '"distance": 0.9,' in text
    assert "gap 0.9 km (19.4 to 20.3 km)" == positions.report.gap_words(c, r.gap)
