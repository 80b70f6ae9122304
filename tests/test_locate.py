"""Load errors name the line and column of the offending value (or of its table's header), in
TOML and JSON, beside the path; and a place is never guessed."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import positions
from positions import CaseError
from positions._io.locate import locate
from positions.cli import main
from positions.testing import cases

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

TOML = """\
# a case with a comment [not a table]
[case]
id = "n-s"
title = "North [and] South # not a comment"
as_of = 2030-03-01

[[source]]
id = "wire"
title = '''A "multi-line"
title'''

[[party]]
id = "north"
name = "North"
  [[party.member]]
  name = "A. Example"

[[party]]
id = "south"
name = "South"
  [[party.member]]
  name = "B. Example"
  [[party.member]]
  name = "C. Example"

[[issue]]
id = "withdrawal"
title = "Withdrawal"
scale = { kind = "ordinal", levels = [
  "none",  # the least
  { id = "partial", label = "Partial, [bracketed]" },
  "full",
] }

[[issue]]
id = "depth"
title = "Depth"
scale.kind = "numeric"
scale.unit = "km"

[[stance]]
party = "north"
issue = "withdrawal"
"demand" = "full"
red_line = { at_least = "partial" }
basis = "stated"
source = "wire"
"""


def where(text: str, *paths: tuple[Any, ...], fmt: str = "toml") -> list[tuple[int, int] | None]:
    found = locate(text, fmt, paths)  # type: ignore[arg-type]
    return [found.get(p) for p in paths]


def test_locate_toml_values_tables_and_arrays() -> None:
    """Values, array items, inline tables, dotted keys and tables opened by [[x]] are found."""
    assert [
        (3, 6),  # case.id: the value
        (2, 1),  # the [case] header
        (12, 1),  # [[party]], the first
        (24, 10),  # the second party's second member's name
        (23, 3),  # its header
        (30, 3),  # a level on its own line
        (31, 29),  # a level's label inside an inline table in a multi-line array
        (38, 1),  # scale of a dotted key: where the key is first named
        (39, 14),
        (44, 12),  # a quoted key's value
        (45, 25),  # deep in an inline table
    ] == where(
        TOML,
        ("case", "id"),
        ("case",),
        ("party", 0),
        ("party", 1, "member", 1, "name"),
        ("party", 1, "member", 1),
        ("issue", 0, "scale", "levels", 0),
        ("issue", 0, "scale", "levels", 1, "label"),
        ("issue", 1, "scale"),
        ("issue", 1, "scale", "unit"),
        ("stance", 0, "demand"),
        ("stance", 0, "red_line", "at_least"),
    )


def test_locate_toml_line_text_matches() -> None:
    """The place found holds what is there: strings and comments with brackets do not mislead."""
    lines = TOML.split("\n")
    line, column = where(TOML, ("source", 0, "title"))[0] or (0, 0)
    assert lines[line - 1][column - 1 :].startswith("'''A")
    line, column = where(TOML, ("issue", 0, "scale", "levels", 2))[0] or (0, 0)
    assert '"full",' == lines[line - 1][column - 1 :]


def test_locate_never_guesses() -> None:
    """A path that is not in the text has no place: no line, never a neighbour's."""
    assert [None, None, None] == where(
        TOML, ("party", 5), ("case", "summary"), ("stance", 0, "when")
    )
    assert [None] == where('{"case": {}}', ("case", "id"), fmt="json")


def test_locate_json_values_and_duplicate_keys() -> None:
    """In JSON: values at their first character, escaped keys, and a key given twice where it is
    given the second time."""
    text = '{\n  "case": {"id": "x", "title": "a",\n    "title": "b"},\n  "p\\u0061rty": [{}, {"id": 1}]\n}'
    assert [(3, 14), (4, 17), (4, 22), (4, 29)] == where(
        text,
        ("case", "title"),
        ("party",),
        ("party", 1),
        ("party", 1, "id"),
        fmt="json",
    )


def test_locate_json_finds_every_value_of_a_dumped_case() -> None:
    """Every value of a case written as JSON is found where it starts (decoded back from there)."""
    case = positions.bundled("northern-ireland-1994-1998")
    text = positions.dumps(case)
    doc = json.loads(text)
    leaves: list[tuple[tuple[Any, ...], Any]] = []

    def walk(path: tuple[Any, ...], node: Any) -> None:
        leaves.append((path, node))
        if isinstance(node, dict):
            for k, v in node.items():
                walk((*path, k), v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk((*path, i), v)

    walk((), doc)
    leaves = leaves[1:]
    found = locate(text, "json", [p for p, _ in leaves])
    assert len(leaves) == len(found)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    decoder = json.JSONDecoder()
    for path, value in leaves:
        line, column = found[path]
        assert value == decoder.raw_decode(text, starts[line - 1] + column - 1)[0], path


def test_locate_toml_finds_every_string_of_the_seeds() -> None:
    """Every string of the bundled TOML cases is found where its quoted text starts."""
    for seed in sorted(SEEDS.glob("*.toml")):
        text = seed.read_text(encoding="utf-8")
        doc = tomllib.loads(text)
        strings: list[tuple[tuple[Any, ...], str]] = []

        def walk(path: tuple[Any, ...], node: Any, out: list[tuple[tuple[Any, ...], str]]) -> None:
            if isinstance(node, str):
                out.append((path, node))
            elif isinstance(node, dict):
                for k, v in node.items():
                    walk((*path, k), v, out)
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    walk((*path, i), v, out)

        walk((), doc, strings)
        found = locate(text, "toml", [p for p, _ in strings])
        lines = text.split("\n")
        assert len(strings) == len(found) > 100, seed.name
        for path, value in strings:
            line, column = found[path]
            rest = lines[line - 1][column - 1 :]
            quoted = json.dumps(value, ensure_ascii=False)
            assert rest.startswith((quoted, "'", '"""')), (seed.name, path, rest)


@settings(max_examples=40)
@given(cases())
def test_locate_json_errors_anywhere_in_generated_cases(case: positions.Case) -> None:
    """A wrong type put at any stance's party, in any generated case, is reported at the line
    of that value."""
    doc = json.loads(positions.dumps(case))
    if not doc.get("stance"):
        return
    last = len(doc["stance"]) - 1
    doc["stance"][last]["party"] = 12345
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    with pytest.raises(CaseError) as info:
        positions.loads(text, "json")
    [problem] = [p for p in info.value.problems if p.path == f"$.stance[{last}].party"]
    assert problem.line is not None and problem.column is not None
    assert text.split("\n")[problem.line - 1][problem.column - 1 :].startswith("12345")


# ---------------------------------------------------------------------------------------------
# the errors, as the command line prints them

BASE = {
    "case": {"id": "n-s", "title": "N", "as_of": "2030-03-01"},
    "party": [{"id": "north", "name": "North"}, {"id": "south", "name": "South"}],
    "issue": [
        {
            "id": "withdrawal",
            "title": "Withdrawal",
            "scale": {"kind": "ordinal", "levels": ["none", "partial", "full"]},
        }
    ],
    "stance": [
        {"party": "north", "issue": "withdrawal", "demand": "full", "basis": "stated"},
        {
            "party": "south",
            "issue": "withdrawal",
            "red_line": {"at_least": "none", "at_most": "partial"},
            "basis": "stated",
        },
    ],
}

BASE_TOML = """\
[case]
id = "n-s"
title = "N"
as_of = 2030-03-01

[[party]]
id = "north"
name = "North"

[[party]]
id = "south"
name = "South"

[[issue]]
id = "withdrawal"
title = "Withdrawal"
scale = { kind = "ordinal", levels = ["none", "partial", "full"] }

[[stance]]
party = "north"
issue = "withdrawal"
demand = "full"
basis = "stated"

[[stance]]
party = "south"
issue = "withdrawal"
red_line = { at_least = "none", at_most = "partial" }
basis = "stated"
"""


def run(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    assert 2 == main(["check", str(path)])
    out, err = capsys.readouterr()
    assert "" == out
    return err.splitlines()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


TOML_MISTAKES = [
    # (what, old, new, the lines printed)
    (
        "syntax error",
        'title = "N"',
        'title = "N',
        ["case.toml:3:11: TOML syntax error: Illegal character '\\n'"],
    ),
    (
        "unknown key",
        'name = "South"',
        'nmae = "South"',
        [
            "case.toml:10:1: missing required key 'name' @ $.party[1]",
            "case.toml:12:8: unknown key 'nmae' (expected: id, name, role, kind, aliases, member); "
            "did you mean 'name'? @ $.party[1].nmae",
        ],
    ),
    (
        "bad value deep in an inline table",
        'at_most = "partial"',
        'at_most = "partal"',
        [
            "case.toml:28:12: unknown level 'partal' for issue 'withdrawal' (levels: none, "
            "partial, full) @ $.stance[1].red_line"
        ],
    ),
    (
        "missing required key",
        'name = "North"\n',
        "",
        ["case.toml:6:1: missing required key 'name' @ $.party[0]"],
    ),
    (
        "duplicate id",
        'id = "south"',
        'id = "north"',
        [
            "case.toml:11:6: duplicate id 'north' (first defined at $.party[0], line 7, column 6) "
            "@ $.party[1].id",
            "case.toml:26:9: unknown party 'south' (parties: north); did you mean 'north'? "
            "@ $.stance[1].party",
        ],
    ),
]


@pytest.mark.parametrize(("what", "old", "new", "printed"), TOML_MISTAKES, ids=lambda x: str(x))
def test_check_toml_error_names_line_and_column(
    what: str,
    old: str,
    new: str,
    printed: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each kind of mistake in a TOML file is printed as file:line:column: message @ path."""
    assert old in BASE_TOML
    path = write(tmp_path, "case.toml", BASE_TOML.replace(old, new, 1))
    assert [f"positions: error: {tmp_path}/{line}" for line in printed] == run(capsys, path)


def _json_text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2)


def _json_mistakes() -> list[tuple[str, str, list[str]]]:
    bad_key = json.loads(json.dumps(BASE))
    bad_key["party"][1]["nmae"] = bad_key["party"][1].pop("name")
    deep = json.loads(json.dumps(BASE))
    deep["stance"][1]["red_line"]["at_most"] = "partal"
    missing = json.loads(json.dumps(BASE))
    del missing["party"][0]["name"]
    duplicate = json.loads(json.dumps(BASE))
    duplicate["party"][1]["id"] = "north"
    syntax = _json_text(BASE).replace('"title": "N",', '"title": "N"', 1)
    return [
        ("syntax error", syntax, ["case.json:5:5: JSON syntax error: Expecting ',' delimiter"]),
        (
            "unknown key",
            _json_text(bad_key),
            [
                "case.json:12:5: missing required key 'name' @ $.party[1]",
                "case.json:14:15: unknown key 'nmae' (expected: id, name, role, kind, aliases, "
                "member); did you mean 'name'? @ $.party[1].nmae",
            ],
        ),
        (
            "bad value deep in an inline table",
            _json_text(deep),
            [
                "case.json:41:19: unknown level 'partal' for issue 'withdrawal' (levels: none, "
                "partial, full) @ $.stance[1].red_line"
            ],
        ),
        (
            "missing required key",
            _json_text(missing),
            ["case.json:8:5: missing required key 'name' @ $.party[0]"],
        ),
        (
            "duplicate id",
            _json_text(duplicate),
            [
                "case.json:13:13: duplicate id 'north' (first defined at $.party[0], line 9, "
                "column 13) @ $.party[1].id",
                "case.json:39:16: unknown party 'south' (parties: north); did you mean 'north'? "
                "@ $.stance[1].party",
            ],
        ),
    ]


@pytest.mark.parametrize(("what", "text", "printed"), _json_mistakes(), ids=lambda x: str(x)[:30])
def test_check_json_error_names_line_and_column(
    what: str, text: str, printed: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each kind of mistake in a JSON file is printed as file:line:column: message @ path."""
    path = write(tmp_path, "case.json", text)
    assert [f"positions: error: {tmp_path}/{line}" for line in printed] == run(capsys, path)


def test_problem_keeps_path_and_line() -> None:
    """A located problem keeps both: its path, and its line and column."""
    with pytest.raises(CaseError) as info:
        positions.loads(BASE_TOML.replace('demand = "full"', 'demand = "ful"'), file="x.toml")
    [problem] = info.value.problems
    assert ("$.stance[0].demand", 22, 10) == (problem.path, problem.line, problem.column)
    assert "$.stance[0].demand" == problem.where()
    assert problem.in_file("x.toml").startswith("x.toml:22:10: unknown level 'ful'")


def test_proposal_file_errors_name_the_line(tmp_path: Path) -> None:
    """A proposal file's problems are located in the proposal file."""
    case = positions.loads(BASE_TOML)
    path = write(
        tmp_path,
        "p.toml",
        '[[package]]\nid = "p"\nkind = "proposal"\noutcomes = { withdrawal = "most" }\n',
    )
    with pytest.raises(CaseError) as info:
        positions.load_package(path, case)
    [problem] = info.value.problems
    assert (4, 27) == (problem.line, problem.column)


def test_unlocatable_problem_keeps_the_old_form(tmp_path: Path) -> None:
    """A problem with no place in the text (a missing [case]) prints as before: file: message."""
    path = write(tmp_path, "c.json", '{"party": []}')
    with pytest.raises(CaseError) as info:
        positions.load(path)
    [problem] = info.value.problems
    assert (None, None) == (problem.line, problem.column)
    assert str(info.value).startswith(f"{path}: expected a [case] table")
