"""The additive keys of format 1.1 load, write back, and keep numbers exact."""

from __future__ import annotations

import json
from decimal import Decimal

import positions
from casebuilder import case, stance
from positions import report


def test_when_loads_one_condition_or_a_list() -> None:
    """`when` takes one condition table or a list of them, issue sets or milestones."""
    c = case(
        '[[milestone]]\nid = "deal"\nlabel = "Deal"\n'
        + stance("a", "mon", demand='"un"', extra='when = { issue = "w", at_most = "partial" }')
        + stance(
            "b",
            "mon",
            demand='"joint"',
            extra='when = [{ milestone = "deal" }, { issue = "km", at_least = 3 }]',
        )
    )
    one, two = c.stances
    assert [("w", ("none", "partial"))] == [(w.issue, w.outcomes.members()) for w in one.when]  # type: ignore[union-attr]
    assert ["deal", "km"] == [w.node for w in two.when]


def test_dumps_writes_when_and_part_bases_back() -> None:
    """A case with conditions and per-part bases goes through dumps and loads unchanged."""
    c = case(
        stance(
            "a",
            "w",
            demand='"full"',
            red_line='{ at_least = "full" }',
            extra='red_line_basis = "inferred"\nwhen = { issue = "mon", is = "un" }',
        )
    )
    text = positions.dumps(c)
    written = json.loads(text)["stance"][0]
    assert {"issue": "mon", "is": "un"} == written["when"]
    assert "inferred" == written["red_line_basis"]
    assert "demand_basis" not in written  # the default (the stance's basis) is not written
    assert c == positions.loads(text, "json")


def test_part_bases_default_to_the_basis() -> None:
    """Without its own basis, each part has the stance's basis."""
    [s] = case(stance("a", "w", demand='"full"')).stances
    assert ("reported", "reported") == (s.demand_basis, s.red_line_basis)


def test_numbers_are_exact_decimals() -> None:
    """A number in a file is the decimal written, not the nearest binary fraction."""
    [s] = case(stance("a", "km", demand="{ at_least = 0.1, at_most = 0.3 }")).stances
    assert s.demand is not None
    assert (Decimal("0.1"), Decimal("0.3")) == s.demand.hull()
    assert s.demand.contains(Decimal("0.3"))


def test_outcome_set_with_the_scales_unit_loads() -> None:
    """Compare's JSON writes numeric sets with their unit; such a set loads back."""
    c = case(stance("a", "km", demand='{ is = 12.5, unit = "km" }'))
    data = report.set_json(c.stances[0].demand)
    assert {"is": Decimal("12.5"), "unit": "km"} == data
    again = case(stance("a", "km", demand='{ is = 12.5, unit = "km" }'))
    assert c == again


def test_integer_beyond_float_range_is_a_finite_number() -> None:
    """10**400 is an integer, hence finite: a scale may reach that far."""
    c = positions.loads(
        '[case]\nid = "x"\ntitle = "X"\nas_of = 2030-01-01\n[[issue]]\nid = "n"\ntitle = "N"\n'
        f'scale = {{ kind = "numeric", max = {10**400} }}\n'
    )
    assert 10**400 == c.issues[0].scale.max


def test_exact_json_numbers() -> None:
    """JSON output writes decimals as the shortest exact decimal, even beyond a float's reach."""
    text = report.render_json(
        {"a": Decimal("0.9"), "b": Decimal("0.12345678901234567890123"), "c": Decimal("20.0")}
    )
    assert '"a": 0.9' in text
    assert '"b": 0.12345678901234567890123' in text
    assert '"c": 20' in text
    assert Decimal("0.12345678901234567890123") == json.loads(text, parse_float=Decimal)["b"]
