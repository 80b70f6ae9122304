"""Inputs at the edges: huge values echo short, a proposal keeps a case's package rules, a
retracted stance takes no sets, large integers are numbers, and file names are taken as typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import positions
from positions import CaseError
from positions._echo import choices, short
from positions.cli import main

BIG = 2_000_000


def base() -> dict[str, Any]:
    """A small valid case, as data."""
    return {
        "case": {"id": "x", "title": "X", "as_of": "2030-01-01"},
        "source": [{"id": "s", "title": "S"}],
        "party": [{"id": "p", "name": "P"}, {"id": "q", "name": "Q"}],
        "issue": [
            {"id": "i", "title": "I", "scale": {"kind": "ordinal", "levels": ["lo", "hi"]}},
            {"id": "n", "title": "N", "scale": {"kind": "numeric", "min": 0, "max": 100}},
        ],
        "package": [
            {"id": "sq", "kind": "status-quo", "date": "2030-01-01", "outcomes": {"i": "lo"}}
        ],
        "stance": [{"party": "p", "issue": "i", "demand": "hi", "basis": "stated", "source": "s"}],
    }


def problems(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, message) of each problem loading `doc` as JSON reports."""
    with pytest.raises(CaseError) as err:
        positions.loads(json.dumps(doc), format="json")
    return [(p.path, p.message) for p in err.value.problems]


def huge(kind: str) -> dict[str, Any]:
    """The base case with one 2 MB value of `kind` in it."""
    a, upper = "a" * BIG, "A" * BIG
    doc = base()
    if kind == "invalid id":
        doc["party"][0]["id"] = upper
    elif kind == "duplicate id":
        doc["party"] += [{"id": a, "name": "A"}, {"id": a, "name": "B"}]
    elif kind == "unknown reference":
        doc["stance"][0]["party"] = a
    elif kind == "unknown top-level key":
        doc[a] = 1
    elif kind == "unknown stance key":
        doc["stance"][0][a] = 1
    elif kind == "unknown scale key":
        doc["issue"][0]["scale"][a] = 1
    elif kind == "unknown level key":
        doc["issue"][0]["scale"]["levels"][0] = {"id": "lo", a: 1}
    elif kind == "invalid level name":
        doc["issue"][0]["scale"]["levels"].append(upper)
    elif kind == "duplicate level name":
        doc["issue"][0]["scale"]["levels"] += [a, a]
    elif kind == "unknown level":
        doc["stance"][0]["demand"] = a
    elif kind == "unknown outcome-set key":
        doc["stance"][0]["demand"] = {a: "hi"}
    elif kind == "unknown literal":
        doc["stance"][0]["basis"] = a
    elif kind == "unknown package issue":
        doc["package"][0]["outcomes"][a] = "lo"
    return doc


HUGE = [
    "invalid id",
    "duplicate id",
    "unknown reference",
    "unknown top-level key",
    "unknown stance key",
    "unknown scale key",
    "unknown level key",
    "invalid level name",
    "duplicate level name",
    "unknown level",
    "unknown outcome-set key",
    "unknown literal",
    "unknown package issue",
]


@pytest.mark.parametrize("kind", HUGE)
def test_huge_value_is_echoed_short(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 2 MB id, key or level name gives errors of under 1 KB each on stderr, naming the value
    by its first characters and its length."""
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(huge(kind)), encoding="utf-8")
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert (2, "") == (code, out)
    assert lines and all(len(line) < 1000 for line in lines), [len(line) for line in lines]
    assert "(2,000,000 characters)" in err


def test_short_cuts_to_80_characters_with_the_length() -> None:
    """short() quotes a value whole up to 80 characters, else its first 80 and its length."""
    assert "'abc'" == short("abc")
    assert f"'{'x' * 80}…' (2,000,000 characters)" == short("x" * BIG)


def test_choices_cuts_each_name_and_the_list() -> None:
    """choices() lists twelve names, each cut to 80 characters, and says how many in all."""
    names = ["y" * 100] + [f"n{i}" for i in range(20)]
    assert f"{'y' * 80}…, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, … (21 in all)" == choices(
        names
    )


def test_unknown_level_lists_a_few_of_many_levels() -> None:
    """An unknown level on a 20,000-level scale lists the first levels and the count, not all."""
    doc = base()
    doc["issue"][0]["scale"]["levels"] = [f"l{i}" for i in range(20_000)]
    doc["stance"][0]["demand"] = "nope"
    del doc["package"]
    [(where, message)] = problems(doc)
    assert "$.stance[0].demand" == where
    assert message.endswith("(levels: l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, … "
                            "(20,000 in all))")  # fmt: skip


# --------------------------------------------------------------------------------------------
# a proposal file keeps the rules of a case's packages


def proposal(tmp_path: Path, package: dict[str, Any]) -> Path:
    path = tmp_path / "proposal.json"
    path.write_text(json.dumps({"package": [package]}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("package", "where", "message"),
    [
        (
            {"id": "p", "kind": "status-quo", "outcomes": {"i": "hi"}},
            "$.package[0]",
            "a status-quo package needs a date",
        ),
        (
            {"id": "P Q", "kind": "proposal", "outcomes": {"i": "hi"}},
            "$.package[0].id",
            "'P Q' is not a slug id: use lowercase letters, digits and '-' (e.g. "
            "'full-withdrawal')",
        ),
        (
            {"id": "p", "kind": "proposal", "source": "t", "outcomes": {"i": "hi"}},
            "$.package[0].source",
            "unknown source 't' (sources: s)",
        ),
    ],
)
def test_proposal_follows_the_case_package_rules(
    package: dict[str, Any], where: str, message: str, tmp_path: Path
) -> None:
    """A --proposal package is checked as a package in a case is, with the same message."""
    case = positions.loads(json.dumps(base()), format="json")
    with pytest.raises(CaseError) as err:
        positions.io.load_package(proposal(tmp_path, package), case)
    assert [(where, message)] == [(p.path, p.message) for p in err.value.problems]
    in_case = base()
    in_case["package"] = [package]
    assert (where, message) in problems(in_case)


def test_cli_proposal_status_quo_without_date_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`evaluate --proposal` with an undated status quo is one error naming the file, exit 2."""
    path = proposal(tmp_path, {"id": "p", "kind": "status-quo", "outcomes": {"a": "b"}})
    code = main(["evaluate", "--proposal", str(path)])
    err = capsys.readouterr().err
    assert 2 == code
    expected = f"positions: error: {path}:1:14: a status-quo package needs a date @ $.package[0]"
    assert expected + "\n" in err


# --------------------------------------------------------------------------------------------
# retracted stances, large integers, file names


@pytest.mark.parametrize("field", ["demand", "red_line"])
def test_retracted_stance_takes_no_sets(field: str) -> None:
    """A retracted stance that carries a demand or red line is an error at that key."""
    doc = base()
    doc["stance"][0] = {"party": "p", "issue": "i", "basis": "stated", "retracted": True}
    doc["stance"][0][field] = "hi"
    assert [(f"$.stance[0].{field}", "a retracted stance takes no demand or red_line")] == (
        problems(doc)
    )


def test_retracted_stance_alone_loads() -> None:
    """A retracted stance with neither demand nor red line loads, retracted."""
    doc = base()
    doc["stance"].append({"party": "q", "issue": "i", "basis": "stated", "retracted": True})
    assert positions.loads(json.dumps(doc), format="json").stances[1].retracted


BIG_NUMBERS = f"""
[case]
id = "x"
title = "X"
as_of = 2030-01-01

[[party]]
id = "p"
name = "P"

[[issue]]
id = "n"
title = "N"
scale = {{ kind = "numeric", min = -{10**309}, max = {10**309} }}

[[stance]]
party = "p"
issue = "n"
demand = {10**309}
basis = "stated"
"""


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_integer_beyond_a_float_is_a_number(fmt: str) -> None:
    """10**309 (finite, though no float holds it) is accepted as an outcome and as min/max."""
    text = BIG_NUMBERS
    if fmt == "json":
        text = positions.dumps(positions.loads(BIG_NUMBERS))
        assert str(10**309) in text
    case = positions.loads(text, format="json" if fmt == "json" else "toml")
    assert (-(10**309), 10**309) == (case.issues[0].scale.min, case.issues[0].scale.max)
    demand = case.stances[0].demand
    assert demand is not None and (10**309, 10**309) == (demand.low, demand.high)


def test_missing_file_name_with_escape_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file whose name holds ESC is named with the escape shown, never raw."""
    path = tmp_path / "\x1b[2Jx.toml"
    assert 2 == main(["show", str(path)])
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert f"positions: error: {tmp_path!s}/\\x1b[2Jx.toml: no such file @ $\n" == err


@pytest.mark.parametrize("suffix", ["/", "/x.toml"])
def test_path_through_a_file_is_an_error(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`case.toml/` (or `case.toml/x.toml`) names no file: an error, not case.toml loaded."""
    path = tmp_path / "case.json"
    path.write_text(json.dumps(base()), encoding="utf-8")
    assert 0 == main(["show", str(path)])
    capsys.readouterr()
    name = f"{path}{suffix}"
    assert 2 == main(["show", name])
    message = "not a directory: the path goes on past a file (as 'case.toml/' does)"
    assert f"positions: error: {name}: {message} @ $\n" == capsys.readouterr().err
    with pytest.raises(CaseError):
        positions.load(name)
