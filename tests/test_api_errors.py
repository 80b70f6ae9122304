"""The Python API raises what the docs promise: `UsageError` for a bad argument, `CaseError`
for a bad case, from every public function and constructor; never a stray exception."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import positions
from positions import Case, CaseError, UsageError


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: positions.evaluate(c, "nope"), "unknown package 'nope' (packages:"),
        (lambda c: positions.evaluate(c, 123), "package: expected a package id or a Package"),
        (lambda c: positions.compare(c, as_of="2026-01-05"), "as_of: expected a datetime.date"),
        (lambda c: positions.compare(c, parties="syria"), "parties: expected a list of ids"),
        (lambda c: positions.compare(c, parties=[1]), "parties: expected ids (strings)"),
        (lambda c: positions.compare(c, min_basis="rumour"), "min_basis: expected one of"),
        (lambda c: positions.compare(c, pairwise="yes"), "pairwise: expected True or False"),
        (lambda c: positions.compare("case"), "expected a Case"),
        (lambda c: positions.preconditions(c, as_of=dt.datetime(2026, 1, 5)), "as_of: expected"),
        (lambda c: positions.history(c, dt.date(2026, 1, 5), dt.date(2025, 1, 1)), "is after"),
        (lambda c: positions.history(c, "2025-01-01"), "start: expected a datetime.date"),
        (lambda c: positions.snapshot(c, min_basis="strong"), "min_basis: expected one of"),
        (lambda c: positions.deals(c, top=0), "top: expected a whole number of at least 1"),
        (lambda c: positions.deals(c, issues="pact"), "issues: expected a list of ids"),
        (lambda c: positions.check(None), "expected a Case"),
        (lambda c: positions.loads(123), "expected the case's text (str or bytes)"),
        (lambda c: positions.loads("", format="yaml"), "unknown format 'yaml'"),
        (lambda c: positions.dumps(c, format="toml"), "unknown format 'toml'"),
        (lambda c: positions.bundled("atlantis"), "no bundled case 'atlantis'"),
    ],
)
def test_api_bad_argument_raises_usage_error(syria: Case, call: object, message: str) -> None:
    """Each bad argument raises UsageError (a PositionsError and a ValueError) saying what was
    expected."""
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call(syria)  # type: ignore[operator]


def test_usage_error_is_a_positions_error() -> None:
    """UsageError derives from PositionsError, as the docs say."""
    assert issubclass(UsageError, positions.PositionsError)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: positions.Party(id=1, name=2), "Party.id: expected a string, got number 1"),
        (
            lambda: positions.Stance(
                party="a", issue="b", as_of=dt.date(2026, 1, 5), basis="rumour"
            ),
            "Stance.basis: expected one of 'stated', 'reported', 'inferred'",
        ),
        (
            lambda: positions.Stance(party="a", issue="b", as_of="2026-01-05", basis="stated"),
            "Stance.as_of: expected a date",
        ),
        (
            lambda: positions.Party(id="a", name="A", aliases=["x"]),
            "Party.aliases: expected a tuple of a string",
        ),
        (
            lambda: positions.Source(id="s", title="S", url=3),
            "Source.url: expected a string or None",
        ),
    ],
)
def test_constructors_reject_wrong_types(build: object, message: str) -> None:
    """A model value built by hand with a wrong type is refused at once, naming the field."""
    with pytest.raises(UsageError, match=message):
        build()  # type: ignore[operator]


def test_hand_built_case_with_a_dangling_reference(syria: Case) -> None:
    """A hand-built case whose stance names no party of the case: check() reports it, and
    dumps() refuses to write a file that would not load."""
    stray = attrs.evolve(syria.stances[0], party="lebanon")
    broken = attrs.evolve(syria, stances=(stray, *syria.stances[1:]))
    [finding] = positions.check(broken)
    assert ("error", "unknown-reference", "$.stance[0].party") == (
        finding.severity,
        finding.code,
        finding.path,
    )
    with pytest.raises(CaseError, match="unknown party 'lebanon'"):
        positions.dumps(broken)


def test_hand_built_case_with_a_duplicate_id_and_a_foreign_scale(syria: Case) -> None:
    """Two issues with one id, and a red line on another issue's scale, are reported."""
    pact = syria.issue("security-pact")
    withdrawal = next(s for s in syria.stances if s.issue == "israeli-withdrawal")
    foreign = attrs.evolve(withdrawal, issue="security-pact")
    broken = attrs.evolve(
        syria, issues=(*syria.issues, pact), stances=(foreign, *syria.stances[1:])
    )
    codes = {(f.code, f.path) for f in positions.check(broken)}
    assert ("duplicate-id", "$.issue[7].id") in codes
    assert ("wrong-scale", "$.stance[0].demand") in codes


def test_loaded_cases_have_no_reference_findings(syria: Case) -> None:
    """A loaded case always resolves: the reference checks find nothing in the seeds."""
    from positions.engine.check import references

    assert [] == references(syria)
    assert [] == references(positions.bundled("northern-ireland-1994-1998"))
