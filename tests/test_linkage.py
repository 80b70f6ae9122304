"""Conditional stances and single undertakings in compare, evaluate, history and check."""

from __future__ import annotations

import datetime as dt

import pytest

import positions
from casebuilder import HEADER, case, stance
from positions import report
from positions.cli import main

D1, D2 = dt.date(2030, 1, 1), dt.date(2030, 2, 1)

# Alpha asks for UN monitors while the withdrawal is at most partial, and joint ones otherwise.
BRANCHES = stance(
    "a", "mon", demand='"un"', red_line='"un"', extra='when = { issue = "w", at_most = "partial" }'
) + stance("a", "mon", demand='"joint"', red_line='"joint"')


def row(c: positions.Case, issue: str, **kw: object) -> positions.IssueComparison:
    result = positions.compare(c, **kw)  # type: ignore[arg-type]
    return next(r for r in result.issues if r.issue == issue)


def status_quo(withdrawal: str, day: str = "2030-01-01") -> str:
    return (
        f'[[package]]\nid = "sq-{withdrawal}"\nkind = "status-quo"\ndate = {day}\n'
        f'outcomes = {{ w = "{withdrawal}" }}\n'
    )


def test_compare_status_quo_chooses_the_branch() -> None:
    """With no withdrawal on the ground, Alpha's conditional stance (UN monitors) applies."""
    c = case(BRANCHES + status_quo("none"))
    held = dict(row(c, "mon").stances)
    assert ("un",) == held["a"].demand.members()  # type: ignore[union-attr]


def test_compare_unconditional_branch_applies_where_no_condition_holds() -> None:
    """After a full withdrawal, the condition fails and Alpha's unconditional stance applies."""
    c = case(BRANCHES + status_quo("full"))
    held = dict(row(c, "mon").stances)
    assert ("joint",) == held["a"].demand.members()  # type: ignore[union-attr]


def test_compare_unsettled_condition_is_indeterminate_and_named() -> None:
    """With no status quo on withdrawal, Alpha's stance depends on it: not silent, no red line
    counted, and the explanation names the link."""
    c = case(BRANCHES + stance("b", "mon", demand='"un"', red_line='"un"'))
    r = row(c, "mon", parties=["a", "b"])
    assert (("a", ("w",)),) == r.depends_on
    assert "a" not in r.silent
    assert "open" == r.status
    assert "Alpha's stance depends on Withdrawal" in report.explain(c, r, ("a", "b"))


def test_compare_silent_where_only_a_condition_failed() -> None:
    """A party with only a conditional stance whose condition fails is silent there."""
    c = case(
        stance("a", "mon", demand='"un"', extra='when = { issue = "w", is = "none" }')
        + status_quo("full")
    )
    assert ("a", "b", "c") == row(c, "mon").silent


def test_compare_cell_shows_every_branch_with_its_condition(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    """The table cell spells out each branch and its condition (and, older than the snapshot,
    its date)."""
    c = case(BRANCHES + status_quo("none"))
    [table, *_] = report.compare_tables(c, positions.compare(c))
    cell = table.rows[2][1]
    assert (
        "un (red line), while Withdrawal is below full (2030-01-01); "
        "otherwise joint (red line) (2030-01-01)"
    ) == cell


def test_evaluate_package_chooses_the_branch() -> None:
    """A package with a full withdrawal makes Alpha's unconditional stance the one judged."""
    c = case(
        BRANCHES
        + '[[package]]\nid = "p"\nkind = "proposal"\noutcomes = { w = "full", mon = "un" }\n'
    )
    [verdict] = [
        v for v in positions.evaluate(c, "p").verdicts if (v.party, v.issue) == ("a", "mon")
    ]
    assert "breach" == verdict.verdict
    assert ("joint",) == verdict.stance.demand.members()  # type: ignore[union-attr]


def test_evaluate_unsettled_branch_is_unknown_with_depends_on() -> None:
    """A package that settles the monitors but not the withdrawal (and no status quo) leaves
    Alpha's verdict unknown, depending on the withdrawal."""
    c = case(BRANCHES + '[[package]]\nid = "p"\nkind = "proposal"\noutcomes = { mon = "un" }\n')
    result = positions.evaluate(c, "p")
    [verdict] = [v for v in result.verdicts if v.party == "a"]
    assert ("unknown", ("w",)) == (verdict.verdict, verdict.depends_on)
    assert ("a",) == result.undetermined


def test_history_compares_branch_by_branch() -> None:
    """A new branch shows as added, with its condition; the unconditional one, stated again
    on the later date, is restated."""
    c = case(
        stance("a", "mon", demand='"joint"', as_of="2030-01-01")
        + stance("a", "mon", demand='"joint"', as_of="2030-02-01")
        + stance(
            "a",
            "mon",
            demand='"un"',
            as_of="2030-02-01",
            extra='when = { issue = "w", at_most = "partial" }',
        )
    )
    changes = positions.history(c, D1, D2).changes
    assert [("restated", ()), ("added", ("w",))] == [
        (ch.change, tuple(w.node for w in ch.when)) for ch in changes
    ]


def test_single_undertaking_makes_agreement_provisional() -> None:
    """Until the single-undertaking milestone is reached, an agreement is provisional."""
    body = '[[milestone]]\nid = "signing"\nlabel = "Signing"\n' + "".join(
        stance(p, "w", demand='"full"') for p in "abc"
    )
    c = positions.loads(
        HEADER.replace("as_of = 2030-06-01", 'as_of = 2030-06-01\nsingle_undertaking = "signing"')
        + body
    )
    r = row(c, "w")
    assert ("agreed", True) == (r.status, r.provisional)
    assert "agreed (provisional)" == report.compare_tables(c, positions.compare(c))[0].rows[0][4]
    signed = positions.loads(
        HEADER.replace("as_of = 2030-06-01", 'as_of = 2030-06-01\nsingle_undertaking = "signing"')
        + body.replace('label = "Signing"', 'label = "Signing"\nreached = 2030-05-01')
    )
    assert ("agreed", False) == (row(signed, "w").status, row(signed, "w").provisional)


def test_check_overlapping_conditions_is_an_error() -> None:
    """Two branches whose conditions can hold together are an error of check."""
    c = case(
        stance("a", "mon", demand='"un"', extra='when = { issue = "w", at_most = "partial" }')
        + stance("a", "mon", demand='"joint"', extra='when = { issue = "w", at_least = "partial" }')
    )
    [finding] = [f for f in positions.check(c) if f.code == "overlapping-conditions"]
    assert ("error", "$.stance[1].when", "$.stance[0]") == (
        finding.severity,
        finding.path,
        finding.other,
    )


def test_check_exclusive_conditions_are_fine() -> None:
    """Branches on disjoint sets of one issue never hold together."""
    c = case(
        stance("a", "mon", demand='"un"', extra='when = { issue = "w", at_most = "partial" }')
        + stance("a", "mon", demand='"joint"', extra='when = { issue = "w", is = "full" }')
    )
    assert [] == [f for f in positions.check(c) if f.severity == "error"]


def test_check_red_line_dropped_warns() -> None:
    """A new stance without the red line the party's previous one had is flagged."""
    c = case(
        stance("a", "w", demand='"full"', red_line='"full"', as_of="2030-01-01")
        + stance("a", "w", demand='"full"', as_of="2030-02-01")
    )
    [finding] = [f for f in positions.check(c) if f.code == "red-line-dropped"]
    assert ("warning", "$.stance[1]") == (finding.severity, finding.path)


def test_check_ignore_leaves_out_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    """--ignore leaves out the named warnings; an unknown code exits 2 naming the codes."""
    assert 0 == main(["check", "northern-ireland-1994-1998", "--ignore", "stated-without-quote"])
    assert "stated-without-quote" not in capsys.readouterr().out
    assert 2 == main(["check", "--ignore", "no-such-code"])
    err = capsys.readouterr().err
    assert "unknown finding code 'no-such-code'" in err
    assert "red-line-dropped" in err


def test_party_without_stances_only_for_principals() -> None:
    """A silent observer is not flagged; a silent principal is."""
    c = positions.loads(
        HEADER.replace('name = "Gamma"', 'name = "Gamma"\nrole = "observer"')
        + stance("a", "w", demand='"full"')
    )
    flagged = [f.path for f in positions.check(c) if f.code == "party-without-stances"]
    assert ["$.party[1]"] == flagged
