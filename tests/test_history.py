"""history: what moved between two dates, per semantics.md; and the Northern Ireland story."""

from __future__ import annotations

import datetime as dt

import pytest

import positions
from casebuilder import case, stance
from positions import report

D1, D2 = dt.date(2030, 1, 1), dt.date(2030, 3, 1)


def changes(c: positions.Case, start: dt.date = D1, end: dt.date = D2) -> list[tuple[str, ...]]:
    return [
        (ch.party, ch.subject, ch.change, ch.direction or "")
        for ch in positions.history(c, start, end).changes
    ]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({"red_line": '"full"'}, {"red_line": '{ at_least = "partial" }'}, "softened"),
        ({"red_line": '{ at_least = "partial" }'}, {"red_line": '"full"'}, "hardened"),
        ({"red_line": '"full"'}, {"red_line": '"partial"'}, "moved"),
        ({"demand": '"full"'}, {"demand": '"partial"'}, "moved"),
        ({"demand": '"full"'}, {"demand": '"full"', "red_line": '"full"'}, "moved"),
    ],
)
def test_history_classifies_a_change(before: dict[str, str], after: dict[str, str],
                                     expected: str) -> None:  # fmt: skip
    """Each kind of change is classified by the first rule that applies."""
    c = case(
        stance("a", "w", as_of="2030-01-01", **before)
        + stance("a", "w", as_of="2030-02-01", **after)
    )
    assert [("a", "w", expected)] == [ch[:3] for ch in changes(c)]


def test_history_restated_when_only_the_source_differs() -> None:
    """Same demand and red line with a new date is restated."""
    c = case(
        stance("a", "w", demand='"full"') + stance("a", "w", demand='"full"', as_of="2030-02-01")
    )
    assert [("a", "w", "restated", "")] == changes(c)


def test_history_added_and_retracted() -> None:
    """A stance that appears is added; one withdrawn is retracted."""
    c = case(
        stance("a", "w", demand='"full"')
        + stance("a", "w", as_of="2030-02-01", extra="retracted = true")
        + stance("b", "w", demand='"none"', as_of="2030-02-01")
    )
    assert [("a", "w", "retracted", ""), ("b", "w", "added", "")] == changes(c)


def test_history_moved_toward_the_other_side() -> None:
    """A demand moving closer to the other party's demand moves toward it."""
    c = case(
        stance("a", "w", demand='"none"')
        + stance("b", "w", demand='"full"')
        + stance("a", "w", demand='"partial"', as_of="2030-02-01")
    )
    assert [("a", "w", "moved", "toward")] == changes(c)


def test_history_moved_away_from_the_other_side() -> None:
    """A demand moving further from the other party's demand moves away."""
    c = case(
        stance("a", "w", demand='"partial"')
        + stance("b", "w", demand='"full"')
        + stance("a", "w", demand='"none"', as_of="2030-02-01")
    )
    assert [("a", "w", "moved", "away")] == changes(c)


@pytest.mark.parametrize(
    ("other", "direction"),
    [("12", "away"), ("12.5", "neither"), ("13", "toward"), ("12.25", "away"), ("12.75", "toward")],
)
def test_history_direction_on_a_numeric_scale_is_by_midpoints(other: str, direction: str) -> None:
    """On a numeric scale a demand's position is the midpoint of its range: Alpha's moves from
    0-10 km (5) to 10-30 km (20), as far from 12.5 km both times; so it moves away from a demand
    below 12.5 km, toward one above it, and neither from 12.5 km itself (exact decimals)."""
    c = case(
        stance("a", "km", demand="{ at_least = 0, at_most = 10 }")
        + stance("b", "km", demand=f"{{ is = {other} }}")
        + stance("a", "km", demand="{ at_least = 10, at_most = 30 }", as_of="2030-02-01")
    )
    assert [("a", "km", "moved", direction)] == changes(c)


def test_history_from_a_date_to_itself_is_empty() -> None:
    """Nothing changes between a date and itself."""
    c = case(
        stance("a", "w", demand='"none"') + stance("a", "w", demand='"full"', as_of="2030-02-01")
    )
    assert [] == changes(c, D2, D2)


def test_history_status_changes() -> None:
    """Issues whose compare status differs between the dates are listed."""
    c = case(
        stance("a", "w", demand='"none"')
        + stance("b", "w", demand='"full"')
        + stance("c", "w", demand='"full"')
        + stance("a", "w", demand='"full"', as_of="2030-02-01")
    )
    [sc] = positions.history(c, D1, D2).status_changes
    assert ("w", "open", "agreed") == (sc.issue, sc.before, sc.after)
    assert [("a", "w", "moved")] == [(x.party, x.subject, x.change) for x in sc.because]


def test_history_status_change_names_a_red_line_that_became_known() -> None:
    """open -> conflict because a red line became known: the cause is named, in words."""
    c = case(
        stance("a", "w", demand='"full"', red_line='"full"')
        + stance("b", "w", demand='"partial"')
        + stance("c", "w", demand='"full"', red_line='"full"')
        + stance(
            "b", "w", demand='"partial"', red_line='{ at_most = "partial" }', as_of="2030-02-01"
        )
    )
    result = positions.history(c, D1, D2)
    [sc] = result.status_changes
    assert ("open", "conflict") == (sc.before, sc.after)
    table = report.history_tables(c, result)[1]
    assert "Beta's red line became known (moved)" == table.rows[0][3]


def test_history_moved_equally_far_is_neither() -> None:
    """A demand that moves past the others, ending as far from them as before: neither."""
    c = case(
        stance("a", "w", demand='"none"')
        + stance("b", "w", demand='"partial"')
        + stance("a", "w", demand='"full"', as_of="2030-02-01")
    )
    [change] = positions.history(c, D1, D2).changes
    assert ("moved", "neither") == (change.change, change.direction)


NI = "northern-ireland-1994-1998"


@pytest.fixture(scope="module")
def ni() -> positions.Case:
    return positions.bundled(NI)


def test_ni_washington_3_dropped_after_mitchell(ni: positions.Case) -> None:
    """Between Washington 3 (7 Mar 1995) and the Mitchell report (24 Jan 1996) the UK softened
    its red line on decommissioning and dropped its prior-decommissioning precondition."""
    found = changes(ni, dt.date(1995, 3, 7), dt.date(1996, 1, 24))
    assert ("uk-government", "decommissioning-timing", "softened", "") in found
    assert ("uk-government", "decommissioning-starts->sf-in-talks", "retracted", "") in found
    # Sinn Féin asked for decommissioning after a settlement already in February 1995
    # (The Independent, 27 Feb 1995) and again in its submission (published 10 Jan 1996)
    assert ("sinn-fein", "decommissioning-timing", "restated", "") in found


def test_ni_agreement_settles_decommissioning(ni: positions.Case) -> None:
    """From Sinn Féin's entry to talks to the Agreement, the UK moved to decommissioning
    after the settlement, and the issue went from open to agreed."""
    history = positions.history(ni, dt.date(1997, 9, 15), dt.date(1998, 4, 10))
    found = [(c.party, c.subject, c.change) for c in history.changes]
    assert ("uk-government", "decommissioning-timing", "moved") in found
    # agreed only if every principal has a stance then: silence is never agreement
    snap = positions.snapshot(ni, dt.date(1998, 4, 10))
    everyone = all(
        snap.stance(p.id, "decommissioning-timing") is not None
        for p in ni.parties
        if p.role == "principal"
    )
    row = next(r for r in positions.compare(ni).issues if r.issue == "decommissioning-timing")
    assert everyone == (row.status == "agreed")


def test_ni_washington_3_in_force_in_1995(ni: positions.Case) -> None:
    """In 1995 the UK required decommissioning to start before Sinn Féin entered talks."""
    keys = {
        p.precondition.key
        for p in positions.preconditions(ni, as_of=dt.date(1995, 6, 1)).preconditions
    }
    assert ("uk-government", "decommissioning-starts", "sf-in-talks") in keys
    later = {p.precondition.key for p in positions.preconditions(ni).preconditions}
    assert ("uk-government", "decommissioning-starts", "sf-in-talks") not in later


def test_ni_check_has_no_errors(ni: positions.Case) -> None:
    """The second bundled case passes check without errors."""
    assert [] == [f for f in positions.check(ni) if f.severity == "error"]


def test_history_status_change_from_a_condition_that_came_to_hold() -> None:
    """A stance that did not move can still change an issue's status: its condition (a
    milestone) came to hold between the dates (before, Alpha's one stance did not apply: Alpha
    was silent). The status change names the condition as its cause."""
    c = case(
        '[[milestone]]\nid = "m"\nlabel = "Talks open"\nreached = 2030-02-01\n'
        + stance("a", "w", demand='"partial"', red_line='"partial"', extra='when = { milestone = "m" }')
        + stance("b", "w", demand='"full"', red_line='"full"')
    )  # fmt: skip
    result = positions.history(c, D1, D2)
    assert () == result.changes
    [sc] = result.status_changes
    assert ("w", "one-sided", "conflict") == (sc.issue, sc.before, sc.after)  # (a: silent)
    assert [("a", "w", "condition")] == [(x.party, x.subject, x.change) for x in sc.because]
