"""Loading cases strictly: what loads, what it becomes, and where each error is reported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

import positions
from positions import CaseError

BASE = """
[case]
id = "n-s"
title = "Northland-Southland"

[[source]]
id = "wire"
title = "Wire report"

[[party]]
id = "north"
name = "Northland"

[[party]]
id = "south"
name = "Southland"

[[issue]]
id = "withdrawal"
title = "Withdrawal"
scale = { kind = "ordinal", levels = ["none", "partial", "full"] }

[[issue]]
id = "depth"
title = "Zone depth"
scale = { kind = "numeric", unit = "km", min = 0, max = 60 }

[[milestone]]
id = "talks"
label = "Talks"
reached = 2030-03-01

[[stance]]
party = "north"
issue = "withdrawal"
as_of = 2030-02-01
demand = "full"
red_line = { at_least = "partial" }
basis = "reported"
source = "wire"
"""


def load_text(text: str, fmt: str = "toml") -> positions.Case:
    return positions.loads(text, format=fmt, file="case.toml")  # type: ignore[arg-type]


def problems(text: str, fmt: str = "toml") -> list[tuple[str, str]]:
    with pytest.raises(CaseError) as err:
        load_text(text, fmt)
    return [(p.where(), p.message) for p in err.value.problems]


def test_loads_base_case() -> None:
    """The base case loads with its parties, issues and stance."""
    case = load_text(BASE)
    assert ["north", "south"] == [p.id for p in case.parties]
    assert ("full",) == case.stances[0].demand.members()  # type: ignore[union-attr]


def test_case_as_of_defaults_to_latest_date() -> None:
    """Without case.as_of, the default is the latest date in the file (here the milestone)."""
    assert dt.date(2030, 3, 1) == load_text(BASE).as_of


def test_stance_without_as_of_takes_case_as_of() -> None:
    """A stance without as_of takes the case's as_of."""
    text = BASE.replace('title = "Northland-Southland"', 'title = "N"\nas_of = 2030-04-01')
    text = text.replace("as_of = 2030-02-01\n", "")
    assert dt.date(2030, 4, 1) == load_text(text).stances[0].as_of


def test_file_without_any_date_needs_case_as_of() -> None:
    """A stance with no date anywhere to default to is an error asking for as_of."""
    text = BASE.replace("as_of = 2030-02-01\n", "").replace("reached = 2030-03-01\n", "")
    [(where, message)] = problems(text)
    assert "$.stance[0]" == where
    assert "add as_of" in message


def test_json_round_trip_gives_an_equal_case() -> None:
    """dumps then loads (JSON) gives back an equal case."""
    case = load_text(BASE)
    assert case == positions.loads(positions.dumps(case), format="json")


def test_json_dates_are_iso_strings() -> None:
    """In JSON, dates are written as YYYY-MM-DD strings."""
    data = json.loads(positions.dumps(load_text(BASE)))
    assert "2030-02-01" == data["stance"][0]["as_of"]


def test_bom_is_ignored(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark at the start of a file is ignored."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert "n-s" == positions.load(path).id


def test_case_error_names_the_file(tmp_path: Path) -> None:
    """A CaseError names the file it came from."""
    path = tmp_path / "bad.toml"
    path.write_text(BASE.replace('name = "Northland"', "name = 1"))
    with pytest.raises(CaseError) as err:
        positions.load(path)
    assert str(path) == err.value.file
    expected = f"{path}:12:8: expected a string, got number 1 @ $.party[0].name"
    assert str(err.value).startswith(expected)


@pytest.mark.parametrize(
    ("old", "new", "where", "fragment"),
    [
        ('name = "Northland"', "name = 123", "$.party[0].name", "expected a string"),
        ('name = "Northland"', 'nme = "Northland"', "$.party[0].nme", "unknown key 'nme'"),
        ('basis = "reported"', 'basis = "true"', "$.stance[0].basis", "expected one of"),
        ('demand = "full"', 'demand = "ful"', "$.stance[0].demand", "unknown level 'ful'"),
        ('party = "north"', 'party = "nort"', "$.stance[0].party", "unknown party 'nort'"),
        ('source = "wire"\n', 'source = "wir"\n', "$.stance[0].source", "unknown source"),
        ('id = "south"', 'id = "north"', "$.party[1].id", "duplicate id 'north'"),
        ('id = "south"', 'id = "South Land"', "$.party[1].id", "is not a slug"),
        ("red_line = { at_least = \"partial\" }", "red_line = []", "$.stance[0].red_line",
         "empty outcome set"),
        ('red_line = { at_least = "partial" }', 'red_line = { at_least = "full", at_most = "none" }',
         "$.stance[0].red_line", "above at_most"),
        ("reached = 2030-03-01", 'reached = "2030-03-01"', "$.milestone[0].reached",
         "expected a date"),
        ("min = 0, max = 60", "min = 60, max = 0", "$.issue[1].scale.max", "must be above min"),
        ('levels = ["none", "partial", "full"]', 'levels = ["none", "none"]',
         "$.issue[0].scale.levels[1]", "duplicate level 'none'"),
        ('kind = "ordinal"', 'kind = "ordinl"', "$.issue[0].scale.kind", "expected a scale kind"),
        ('[case]\nid = "n-s"', 'format = 2\n[case]\nid = "n-s"', "$.format", "unsupported format"),
        ('id = "talks"', 'id = "withdrawal"', "$.milestone[0].id", "duplicate id 'withdrawal'"),
        ('basis = "reported"', 'basis = "reported"\nretracted = "false"', "$.stance[0].retracted",
         "expected true or false"),
        ("[[stance]]", "[[stances]]", "$.stances", "unknown key 'stances'"),
    ],
)  # fmt: skip
def test_bad_file_reports_the_place(old: str, new: str, where: str, fragment: str) -> None:
    """Each broken file gives one CaseError whose problem names the exact place."""
    assert old in BASE
    found = problems(BASE.replace(old, new, 1))
    assert any(w == where and fragment in m for w, m in found), found


def test_toml_syntax_error_has_line_and_column() -> None:
    """A TOML syntax error is reported with its line and column."""
    [(where, message)] = problems('[case]\nid = "x"\ntitle = \n')
    assert "line 3, column 9" == where
    assert message.startswith("TOML syntax error")


def test_json_syntax_error_has_line_and_column() -> None:
    """A JSON syntax error is reported with its line and column."""
    [(where, _)] = problems('{"case": {"id": "x",\n  "title": }}', "json")
    assert "line 2, column 12" == where


def test_json_date_must_be_real() -> None:
    """An impossible JSON date is rejected with its place."""
    data = json.loads(positions.dumps(load_text(BASE)))
    data["stance"][0]["as_of"] = "2030-02-30"
    assert ("$.stance[0].as_of", "'2030-02-30' is not a real date") in problems(
        json.dumps(data), "json"
    )


def test_problems_are_listed_in_file_order() -> None:
    """Every problem is listed, in the order it appears in the file."""
    text = BASE.replace('name = "Northland"', "name = 1").replace('demand = "full"', 'demand = "x"')
    text = text.replace('title = "Zone depth"', "title = 2")
    assert ["$.party[0].name", "$.issue[1].title", "$.stance[0].demand"] == [
        w for w, _ in problems(text)
    ]


def test_strings_are_never_coerced_to_booleans_or_numbers() -> None:
    """Strict types: a quoted number is not a number."""
    found = problems(BASE.replace("min = 0, max = 60", 'min = "0", max = 60'))
    assert ("$.issue[1].scale.min", "expected a finite number, got string '0'") in found


def test_top_level_array_is_rejected() -> None:
    """A JSON array at the top of the file is not a case."""
    [(_, message)] = problems("[1, 2]", "json")
    assert "expected an object at the top" in message


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is a CaseError, not an OSError."""
    with pytest.raises(CaseError, match="no such file"):
        positions.load(tmp_path / "nope.toml")


def test_json_schema_key_is_allowed_and_ignored() -> None:
    """A top-level "$schema" string (an editor hint) is allowed and does not change the case."""
    data = json.loads(positions.dumps(load_text(BASE)))
    with_schema = {"$schema": "./case.schema.json", **data}
    assert load_text(BASE) == positions.loads(json.dumps(with_schema), format="json")
    with_schema["$schema"] = 1
    assert ('$["$schema"]', "expected the schema's address as a string, got number 1") in problems(
        json.dumps(with_schema), "json"
    )


def test_requirement_written_as_a_one_item_list_round_trips() -> None:
    """A requirement whose set was written as a list of one level is written back loadable."""
    text = BASE + (
        '[[precondition]]\nparty = "north"\nrequires = { issue = "withdrawal", one_of = ["full"] }\n'
        'before = "talks"\nas_of = 2030-02-01\nbasis = "reported"\nsource = "wire"\n'
    )
    case = load_text(text)
    req = case.preconditions[0].requires
    built = attrs.evolve(
        case.preconditions[0],
        requires=attrs.evolve(req, outcomes=attrs.evolve(req.outcomes, form="list")),
    )
    changed = attrs.evolve(case, preconditions=(built,))
    assert changed == positions.loads(positions.dumps(changed), format="json")
