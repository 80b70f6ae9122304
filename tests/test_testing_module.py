"""positions.testing: the strategies users test with, and assert_consistent."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions import Case, OutcomeSet, Stance
from positions.testing import (
    assert_consistent,
    cases,
    outcome_sets,
    outcome_values,
    scales,
    stances,
)

INCONSISTENT = """
[case]
id = "inconsistent"
title = "A demand outside its own red line"
as_of = 2030-03-01

[[party]]
id = "northland"
name = "Northland"

[[issue]]
id = "withdrawal"
title = "Withdrawal"
scale = { kind = "ordinal", levels = ["none", "partial", "full"] }

[[stance]]
party = "northland"
issue = "withdrawal"
demand = "none"
red_line = { at_least = "full" }
basis = "inferred"
note = "For the test."

[[stance]]
party = "northland"
issue = "withdrawal"
as_of = 2030-02-01
demand = "full"
basis = "reported"
"""


def test_testing_module_imports() -> None:
    """The strategies import from positions.testing."""
    from positions.testing import cases as imported

    assert imported is cases


def test_testing_imports_before_hypothesis() -> None:
    """Importing positions.testing first (so that it imports hypothesis, which runs the entry
    point) works, and st.from_type(Case) then draws cases."""
    code = (
        "from positions.testing import cases\n"
        "import hypothesis.strategies as st, positions\n"
        "from hypothesis import given, settings\n"
        "@settings(max_examples=3, database=None)\n"
        "@given(st.from_type(positions.Case))\n"
        "def draw(case): print(type(case).__name__)\n"
        "draw()\n"
    )
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True
    )
    assert {"Case"} == set(out.stdout.split())


def test_positions_never_imports_testing() -> None:
    """Importing positions and using its whole API does not import positions.testing."""
    code = (
        "import sys, positions\n"
        "for name in positions.__all__: getattr(positions, name)\n"
        "positions.compare(positions.bundled())\n"
        "print('positions.testing' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "False" == out.stdout.strip()


def test_cases_roundtrip_and_show_at_least_four_statuses() -> None:
    """Over 150 generated cases that round-trip through JSON, compare sees four statuses or more
    (and preconditions and check run on each)."""
    seen: Counter[str] = Counter()

    @settings(max_examples=150)
    @given(cases())
    def run(case: Case) -> None:
        back = positions.loads(positions.dumps(case, format="json"), format="json")
        assert case == back
        seen.update(row.status for row in positions.compare(back).issues)
        positions.preconditions(back)
        positions.check(back)

    run()
    assert len(seen) >= 4, seen


def test_cases_hold_what_the_docstring_promises() -> None:
    """Generated cases hold every scale kind, several dates, retractions, preconditions on
    issues and milestones, deadlocks, reached milestones that follow others, and every kind
    of package."""
    seen: set[str] = set()

    @settings(max_examples=100)
    @given(cases())
    def run(case: Case) -> None:
        seen.update(f"scale:{i.scale.kind}" for i in case.issues)
        seen.update(f"package:{p.kind}" for p in case.packages)
        if len(case.dates()) >= 3:
            seen.add("several dates")
        if any(s.retracted for s in case.stances):
            seen.add("retracted stance")
        if any(p.retracted for p in case.preconditions):
            seen.add("retracted precondition")
        for p in case.preconditions:
            seen.add("requires milestone" if p.requires.milestone else "requires issue")
        if any(m.reached for m in case.milestones):
            seen.add("reached")
        if any(m.follows for m in case.milestones):
            seen.add("follows")
        if positions.preconditions(case).deadlocks:
            seen.add("deadlock")

    run()
    expected = {
        *(f"scale:{k}" for k in ("ordinal", "categorical", "binary", "numeric")),
        *(f"package:{k}" for k in ("status-quo", "proposal", "reference")),
        "several dates",
        "retracted stance",
        "retracted precondition",
        "requires milestone",
        "requires issue",
        "reached",
        "follows",
        "deadlock",
    }
    assert set() == expected - seen


def test_outcome_sets_come_in_every_written_form() -> None:
    """outcome_sets() draws non-empty sets written in every form of the case format."""
    forms: set[str] = set()

    @settings(max_examples=200)
    @given(scales().flatmap(outcome_sets))
    def run(s: OutcomeSet) -> None:
        assert not s.is_empty()
        forms.add(s.form)

    run()
    assert {"value", "list", "is", "one_of", "none_of", "at_least", "at_most", "range"} == forms


@settings(max_examples=50)
@given(scales().flatmap(lambda s: st.tuples(st.just(s), outcome_values(s))))
def test_outcome_values_lie_on_the_scale(drawn: tuple[positions.Scale, object]) -> None:
    """outcome_values() draws single outcomes that the scale holds."""
    scale, value = drawn
    assert OutcomeSet.everything(scale).contains(value)  # type: ignore[arg-type]


@settings(max_examples=50)
@given(scales().flatmap(lambda s: stances(s, consistent=True, retracted=False)))
def test_consistent_stances_demand_within_their_red_line(stance: Stance) -> None:
    """A consistent stance holds a position, and its demand lies inside its red line."""
    assert not stance.retracted
    assert stance.demand is not None or stance.red_line is not None
    if stance.demand is not None and stance.red_line is not None:
        assert stance.demand.issubset(stance.red_line)
    assert stance.basis == "inferred" or stance.source is not None


@settings(max_examples=50)
@given(cases(consistent=True))
def test_consistent_cases_pass_assert_consistent(case: Case) -> None:
    """cases(consistent=True) draws cases in which check finds no error."""
    assert_consistent(case)


@settings(max_examples=10)
@given(st.from_type(positions.Case))
def test_from_type_case_draws_whole_cases(case: Case) -> None:
    """With the hypothesis entry point installed, st.from_type(Case) draws whole cases."""
    assert isinstance(case, positions.Case)
    assert case == positions.loads(positions.dumps(case), format="json")


def test_assert_consistent_passes_on_the_bundled_case() -> None:
    """The bundled case has no consistency error."""
    assert_consistent(positions.bundled())


def test_assert_consistent_lists_every_error() -> None:
    """A demand outside its own red line fails, naming each error's code, message and path
    on a line of its own."""
    case = positions.loads(INCONSISTENT)
    with pytest.raises(AssertionError) as raised:
        assert_consistent(case)
    lines = str(raised.value).splitlines()
    assert 3 == len(lines), lines
    assert "'inconsistent'" in lines[0]
    assert (
        "demand-outside-red-line: northland's demand on withdrawal is not inside its own red "
        "line @ $.stance[0].demand"
    ) == lines[1]
    assert "missing-source: a reported stance needs a source @ $.stance[1]" == lines[2]
