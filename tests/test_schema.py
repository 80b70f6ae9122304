"""The JSON Schema of the case format: valid, accepts every bundled case, rejects broken files."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import positions
from positions._bundled import bundled_path
from positions.cli import main
from positions.errors import CaseError
from positions.io import read_raw
from positions.schema import case_schema
from positions.testing import cases

BAD = Path(__file__).parent / "bad"


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(case_schema())


def _iso_dates(value: Any) -> Any:
    """A TOML document as JSON data: dates become "YYYY-MM-DD" strings."""
    if isinstance(value, dict):
        return {k: _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _errors(doc: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in _validator().iter_errors(doc)]


def _syria() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(positions.dumps(positions.bundled("syria-israel-2026")))
    return data


def test_schema_is_valid_draft_2020_12() -> None:
    """The schema is itself a valid draft 2020-12 schema."""
    schema = case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]
    assert schema["$id"] and schema["title"] and schema["description"]


def _objects(node: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}/{i}")


def test_schema_closes_every_table() -> None:
    """Every subschema that lists properties forbids the others, so typos are rejected."""
    tables = [
        (where, node) for where, node in _objects(case_schema()) if node.get("type") == "object"
    ]
    open_tables = [where for where, node in tables if "additionalProperties" not in node]
    assert len(tables) > 10
    assert [] == open_tables


def test_schema_describes_every_key() -> None:
    """Every key of the format carries a description, for editors' hover help."""
    undescribed = [
        f"{where}/{key}"
        for where, node in _objects(case_schema())
        if node.get("type") == "object"
        for key, sub in node.get("properties", {}).items()
        if "description" not in sub
    ]
    assert [] == undescribed


@pytest.mark.parametrize("ident", positions.bundled_ids())
def test_schema_accepts_bundled_toml(ident: str) -> None:
    """Every bundled case, read from its TOML file with dates as strings, fits the schema."""
    doc = tomllib.loads(bundled_path(ident).read_text(encoding="utf-8"))
    assert [] == _errors(_iso_dates(doc))


@pytest.mark.parametrize("ident", positions.bundled_ids())
def test_schema_accepts_bundled_json(ident: str) -> None:
    """Every bundled case, written as JSON by `dumps`, fits the schema."""
    assert [] == _errors(json.loads(positions.dumps(positions.bundled(ident))))


def test_schema_accepts_example_shapes() -> None:
    """Every form the format allows: labelled levels, numeric scales, all outcome-set forms."""
    doc = {
        "format": 1,
        "case": {"id": "x", "title": "X", "summary": "s"},
        "source": [{"id": "s", "title": "S", "publisher": "P", "date": "2030-03-01", "url": "u"}],
        "party": [
            {
                "id": "a",
                "name": "A",
                "role": "mediator",
                "kind": "armed-group",
                "aliases": ["Ⓐ"],
                "member": [
                    {"name": "M", "title": "T", "role": "envoy", "source": "s", "note": "n"}
                ],
            },
            {"id": "b", "name": "B"},
        ],
        "issue": [
            {
                "id": "w",
                "title": "W",
                "description": "d",
                "codes": ["pax:X"],
                "scale": {"kind": "ordinal", "levels": ["none", {"id": "full", "label": "Full"}]},
            },
            {"id": "z", "title": "Z", "scale": {"kind": "numeric", "unit": "km", "min": 0}},
            {"id": "m", "title": "M", "scale": {"kind": "categorical", "options": ["un", "joint"]}},
            {"id": "g", "title": "G", "scale": {"kind": "binary"}},
        ],
        "milestone": [
            {"id": "talks", "label": "Talks", "reached": "2030-03-01"},
            {"id": "deal", "label": "Deal", "follows": ["talks"]},
        ],
        "package": [
            {
                "id": "sq",
                "kind": "status-quo",
                "date": "2030-03-01",
                "outcomes": {"w": "none", "z": 2.5},
                "basis": "reported",
                "source": "s",
                "quote": "q",
                "note": "n",
                "label": "l",
            }
        ],
        "stance": [
            {"party": "a", "issue": "w", "demand": "full", "basis": "stated", "priority": "low"},
            {"party": "a", "issue": "z", "demand": 12.5, "red_line": {"at_most": 20}}
            | {"basis": "inferred"},
            {"party": "a", "issue": "m", "demand": ["un", "joint"], "basis": "reported"},
            {"party": "b", "issue": "m", "demand": {"one_of": ["un"]}, "basis": "reported"},
            {"party": "b", "issue": "w", "red_line": {"none_of": ["none"]}, "basis": "reported"},
            {
                "party": "b",
                "issue": "z",
                "red_line": {"at_least": 1, "at_most": 5},
                "basis": "stated",
            },
            {"party": "b", "issue": "g", "demand": {"is": "yes"}, "basis": "stated"},
            {
                "party": "a",
                "issue": "g",
                "as_of": "2030-03-02",
                "retracted": True,
                "basis": "stated",
            },
        ],
        "precondition": [
            {"party": "a", "requires": {"issue": "w", "at_least": "full"}, "before": "talks"}
            | {"basis": "reported", "as_of": "2030-03-01", "quote": "q", "retracted": False},
            {"party": "b", "requires": {"milestone": "talks"}, "before": "deal", "basis": "stated"},
        ],
    }
    assert [] == _errors(doc)
    positions.loads(json.dumps(doc), "json")  # and the loader agrees


Edit = Callable[[dict[str, Any]], object]

TYPOS: dict[str, Edit] = {
    "nme in a party": lambda d: d["party"][0].update(nme="Syria"),
    "stances at the top": lambda d: d.update(stances=[]),
    "red_lines in a stance": lambda d: d["stance"][0].update(red_lines="full"),
    "titel in the case": lambda d: d["case"].update(titel="x"),
    "lable on a level": lambda d: d["issue"][0]["scale"]["levels"][0].update(lable="x"),
    "at_leest in a red line": lambda d: d["stance"][0].update(red_line={"at_leest": "full"}),
    "milestone with extra key": lambda d: d["precondition"][3]["requires"].update(at_least="x"),
    "folows in a milestone": lambda d: d["milestone"][1].update(folows=["talks"]),
    "$schema not a string": lambda d: d.update({"$schema": 1}),
}


@pytest.mark.parametrize("name", TYPOS)
def test_schema_rejects_unknown_key(name: str) -> None:
    """A misspelt key fails the schema (and the loader), never passes silently."""
    doc = _syria()
    TYPOS[name](doc)
    assert _errors(doc)
    with pytest.raises(positions.CaseError):
        positions.loads(json.dumps(doc), "json")


def _drop(key: str) -> Callable[[dict[str, Any]], object]:
    return lambda d: d.pop(key)


BROKEN: dict[str, Edit] = {
    "no case": _drop("case"),
    "case without title": lambda d: d["case"].pop("title"),
    "format 2": lambda d: d.update(format=2),
    "format as a string": lambda d: d.update(format="1"),
    "name is a number": lambda d: d["party"][0].update(name=123),
    "basis as a string 'true'": lambda d: d["stance"][0].update(basis="true"),
    "role not in the enum": lambda d: d["party"][0].update(role="principle"),
    "retracted as a string": lambda d: d["stance"][0].update(retracted="false"),
    "party is a table": lambda d: d.update(party={"id": "x", "name": "X"}),
    "id not a slug": lambda d: d["party"][0].update(id="Syria"),
    "id with a double dash": lambda d: d["issue"][0].update(id="a--b"),
    "date not a date": lambda d: d["case"].update(as_of="5 January 2026"),
    "date in month 13": lambda d: d["case"].update(as_of="2026-13-05"),
    "date as a number": lambda d: d["case"].update(as_of=20260105),
    "scale kind unknown": lambda d: d["issue"][0]["scale"].update(kind="ordered"),
    "ordinal without levels": lambda d: d["issue"][0].update(scale={"kind": "ordinal"}),
    "binary with levels": lambda d: d["issue"][1]["scale"].update(levels=["no", "yes"]),
    "numeric with options": lambda d: d["issue"][0].update(
        scale={"kind": "numeric", "options": ["a", "b"]}
    ),
    "one level only": lambda d: d["issue"][0]["scale"].update(levels=["none"]),
    "issue without scale": lambda d: d["issue"][0].pop("scale"),
    "empty outcome set": lambda d: d["stance"][0].update(red_line={}),
    "empty list": lambda d: d["stance"][0].update(demand=[]),
    "is with at_least": lambda d: d["stance"][0].update(
        red_line={"is": "full", "at_least": "none"}
    ),
    "one_of with none_of": lambda d: d["stance"][0].update(
        red_line={"one_of": ["full"], "none_of": ["none"]}
    ),
    "a boolean outcome": lambda d: d["stance"][2].update(demand=True),
    "stance without demand or red line": lambda d: d["stance"][1].pop("demand"),
    "stance without basis": lambda d: d["stance"][0].pop("basis"),
    "requirement with issue and milestone": lambda d: d["precondition"][3]["requires"].update(
        issue="security-pact"
    ),
    "requirement without outcome set": lambda d: d["precondition"][0].update(
        requires={"issue": "israeli-withdrawal"}
    ),
    "precondition without before": lambda d: d["precondition"][0].pop("before"),
    "package outcome as a list": lambda d: d["package"][0]["outcomes"].update(normalisation=["no"]),
    "package without outcomes": lambda d: d["package"][1].pop("outcomes"),
    "status-quo package without date": lambda d: d["package"][0].pop("date"),
    "package kind unknown": lambda d: d["package"][1].update(kind="draft"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_schema_rejects_broken_document(name: str) -> None:
    """A structurally broken document fails the schema, as it fails the loader."""
    doc = _syria()
    BROKEN[name](doc)
    assert _errors(doc)
    with pytest.raises(positions.CaseError):
        positions.loads(json.dumps(doc), "json")


def test_schema_accepts_retracted_stance_without_sets() -> None:
    """A retracted stance needs neither demand nor red line."""
    doc = _syria()
    doc["stance"][1].pop("demand")
    doc["stance"][1]["retracted"] = True
    assert [] == _errors(doc)


def test_cli_schema_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`positions schema` prints the schema as JSON and exits 0."""
    assert 0 == main(["schema"])
    captured = capsys.readouterr()
    assert case_schema() == json.loads(captured.out)
    assert "" == captured.err


# The corpus of broken files in tests/bad/, with what loading them must say (expected.toml).
# A problem about structure (an unknown key, a wrong type, a bad enum value, a missing key) is
# one the schema can see; one that needs the whole file (an unknown level or reference, a
# duplicate id, an impossible date, a number outside its issue's bounds) is not.
STRUCTURAL = re.compile(
    r"unknown key|missing required key|expected one of|expected a scale kind|unsupported format"
    r"|expected true or false|expected an? (string|list|table|whole number|\[case\] table)\b"
    r"|expected a finite number, got (string|boolean|a list|a table)|is not a slug"
    r"|expected a slug|got date-time|expected a date string|needs at least two"
    r"|a stance needs demand or red_line|a status-quo package needs a date"
    r"|package outcomes take a single value|a package needs at least one outcome"
    r"|a milestone requirement takes only|empty outcome set: (list|give)|an outcome set takes one of"
    r"|a list of outcomes needs a finite scale|duplicate (level|option)"
    r"|^did you mean"  # a fragment that is only the suggestion ends an unknown-key message
)


def _corpus() -> dict[str, dict[str, Any]]:
    path = BAD / "expected.toml"
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _raw(name: str) -> Any:
    """The file's document as JSON data, or None when it does not even decode."""
    path = BAD / name
    fmt = path.suffix.lstrip(".")
    if fmt not in ("toml", "json"):
        return None
    try:
        return _iso_dates(read_raw(path.read_bytes(), fmt, name))  # type: ignore[arg-type]
    except CaseError:
        return None


def _structural() -> list[str]:
    return [
        name
        for name, want in _corpus().items()
        if want.get("exit") == 2
        and STRUCTURAL.search(want.get("message", ""))
        and _raw(name) is not None
    ]


def _loadable() -> list[str]:
    return [name for name, want in _corpus().items() if want.get("exit") in (0, 1)]


@pytest.mark.skipif(not _corpus(), reason="no tests/bad/expected.toml")
@pytest.mark.parametrize("name", _structural())
def test_schema_rejects_structurally_broken_file(name: str) -> None:
    """Every file in tests/bad/ that fails to load for a structural reason fails the schema."""
    assert _errors(_raw(name)), f"{name} passes the schema"


@pytest.mark.skipif(not _corpus(), reason="no tests/bad/expected.toml")
@pytest.mark.parametrize("name", _loadable())
def test_schema_accepts_loadable_file(name: str) -> None:
    """Every file in tests/bad/ that loads (check may still find errors) passes the schema."""
    assert [] == _errors(_raw(name))


@pytest.mark.skipif(not _corpus(), reason="no tests/bad/expected.toml")
def test_schema_corpus_is_used() -> None:
    """The corpus has structural cases for the schema to reject, so the tests above bite."""
    assert len(_structural()) >= 20


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_schema_accepts_every_case_dumps_writes(case: positions.Case) -> None:
    """Whatever valid case hypothesis draws, its JSON file fits the schema: the schema never
    rejects a file that loads."""
    assert [] == _errors(json.loads(positions.dumps(case)))


def test_schema_slug_pattern_agrees_with_loader() -> None:
    """The schema's slug pattern accepts exactly the ids the loader accepts."""
    from positions.io import SLUG
    from positions.schema import SLUG_PATTERN

    samples = ["a", "a-b", "a1-2b", "1", "A", "a--b", "-a", "a-", "a b", "é", "a_b", ""]
    assert [bool(SLUG.match(s)) for s in samples] == [
        re.search(SLUG_PATTERN, s) is not None for s in samples
    ]


def test_schema_outcome_set_keys_are_the_algebra_keys() -> None:
    """An outcome-set table in the schema takes exactly the keys the outcome parser knows: the
    set keys, and the unit that positions' own JSON writes beside numeric sets."""
    from positions.outcomes import SET_KEYS

    table = case_schema()["$defs"]["outcome_set"]["anyOf"][2]
    assert {*SET_KEYS, "unit"} == set(table["properties"])
