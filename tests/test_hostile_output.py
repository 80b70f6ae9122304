"""Hostile text in a case cannot break an output: every format keeps its structure and the text.

The case's names, titles and notes hold table separators, HTML, newlines, a terminal escape,
right-to-left Arabic and wide CJK characters.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from wcwidth import wcswidth, wcwidth

import positions
from positions import report
from positions.cli import main

CASE = r"""
[case]
id = "hostile"
title = "Hostile | <b>text</b> & more"
as_of = 2030-01-01

[[source]]
id = "s"
title = "Source"

[[party]]
id = "pipe"
name = "Pipe | Party \\| back\\slash"
aliases = ["a|b", "<i>"]
  [[party.member]]
  name = "<script>alert(1)</script>"
  note = "line one\nline two\ttabbed \u001b[31mred"

[[party]]
id = "arabic"
name = "الجمهورية العربية السورية"
  [[party.member]]
  name = "أسعد الشيباني"
  title = "وزير الخارجية"

[[party]]
id = "cjk"
name = "中华人民共和国"
  [[party.member]]
  name = "王毅"
  title = "外交部长"

[[party]]
id = "lines"
name = "Two\nLines & <more>"

[[issue]]
id = "withdrawal"
title = "Withdrawal | <script>alert(1)</script> & \"more\""
scale = { kind = "ordinal", levels = ["none", "partial", "full"] }

[[issue]]
id = "depth"
title = "区域深度\nzone depth"
scale = { kind = "numeric", unit = "公里", min = 0, max = 60 }

[[issue]]
id = "return"
title = "العودة إلى خط ١٩٧٤"
scale = { kind = "binary" }

[[stance]]
party = "pipe"
issue = "withdrawal"
demand = "full"
basis = "reported"
source = "s"
quote = "a | b <i>x</i> & y"
note = "a | b\n<i>x</i>"

[[stance]]
party = "arabic"
issue = "withdrawal"
demand = "partial"
red_line = { at_least = "partial" }
basis = "reported"
source = "s"
quote = "انسحاب | كامل"

[[stance]]
party = "cjk"
issue = "depth"
demand = { at_least = 5 }
basis = "reported"
source = "s"

[[stance]]
party = "lines"
issue = "return"
demand = "yes"
basis = "reported"
source = "s"
"""

NAMES = [
    "Pipe | Party \\| back\\slash",
    "الجمهورية العربية السورية",
    "中华人民共和国",
    "Two\nLines & <more>",
]
RTL = ["الجمهورية العربية السورية", "أسعد الشيباني", "وزير الخارجية", "العودة إلى خط ١٩٧٤"]
COMMANDS = [["compare"], ["show"], ["show", "--what", "issues"], ["show", "--what", "stances"]]
TAGS = re.compile(r"</?(?:table|thead|tbody|tr|th|td|h2)>")


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(CASE, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], case_file: Path, command: list[str], fmt: str) -> str:
    code = main([*command, str(case_file), "--format", fmt])
    out, err = capsys.readouterr()
    assert (0, "") == (code, err)
    return out


RULE = re.compile(r"^[-|: ]*-[-|: ]*$")


def blocks(out: str) -> list[list[str]]:
    """The output's tables, each a list of lines from its header row on (titles dropped)."""
    tables = []
    for paragraph in out.strip("\n").split("\n\n"):
        lines = paragraph.splitlines()
        rules = [i for i, line in enumerate(lines) if RULE.match(line)]
        if rules:
            tables.append(lines[rules[0] - 1 :])
    return tables


def gaps_at(line: str, starts: list[int]) -> bool:
    """Whether, at each column start the line reaches, the two display cells before it are the
    spaces between columns (so a wide character has not pushed the column out of line)."""
    at: dict[int, str] = {}
    position = 0
    for char in line:
        at[position] = char
        position += wcwidth(char)
    return all(at.get(s - 1) == " " == at.get(s - 2) for s in starts if s < position)


def separators(line: str) -> int:
    """How many '|' in a line are not escaped by a backslash."""
    count, escaped = 0, False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            count += 1
    return count


def tables_of(case: positions.Case, command: list[str]) -> list[report.Table]:
    """The report's tables for `command`: the cells every format must carry."""
    if command[0] == "compare":
        return report.compare_tables(case, positions.compare(case))
    what = command[2] if len(command) > 1 else "summary"
    return report.show_tables(case, what, case.stances, case.preconditions)


def test_case_names_load_exactly(case_file: Path) -> None:
    """The hostile names load as written, code point for code point."""
    assert NAMES == [p.name for p in positions.load(case_file).parties]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_html_escapes_every_cell_and_title(
    command: list[str], case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In html, '<', '>' and '&' of the case's text are escaped: no raw <script> gets through."""
    out = run(capsys, case_file, command, "html")
    assert "<script>" not in out
    assert "&lt;" in out and "&amp;" in out  # the case's text is there, escaped
    text = TAGS.sub("", out)
    assert "<" not in text and ">" not in text
    assert re.findall(r"&(?!(?:amp|lt|gt|quot|#x27);)", text) == []


@pytest.mark.parametrize("fmt", ["github", "pipe"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_pipe_tables_keep_their_columns(
    command: list[str], fmt: str, case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In github and pipe tables, a '|' in a cell is escaped: every row has the same columns."""
    out = run(capsys, case_file, command, fmt)
    columns = [len(t.headers) for t in tables_of(positions.load(case_file), command)]
    assert [[n + 1] * len(lines) for n, lines in zip(columns, blocks(out), strict=True)] == [
        [separators(line) for line in lines] for lines in blocks(out)
    ]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_csv_reads_back_to_the_same_cells(
    command: list[str], case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --csv-raw, CSV parses back (csv module) into exactly the cells of the report's
    tables."""
    out = run(capsys, case_file, [*command, "--csv-raw"], "csv")
    tables = tables_of(positions.load(case_file), command)
    expected: list[list[list[str]]] = [[list(t.headers), *map(list, t.rows)] for t in tables]
    parsed: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(out)):
        if row:
            parsed[-1].append(row)
        else:
            parsed.append([])
    assert expected == parsed


def test_json_round_trips_the_names(case_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON output parses, and carries every name, title and quote exactly as in the case."""
    shown = json.loads(run(capsys, case_file, ["show", "--what", "parties"], "json"))
    assert NAMES == [p["name"] for p in shown["parties"]]
    issues = json.loads(run(capsys, case_file, ["show", "--what", "issues"], "json"))
    assert [i.title for i in positions.load(case_file).issues] == [
        i["title"] for i in issues["issues"]
    ]
    members = json.loads(run(capsys, case_file, ["show", "--what", "members"], "json"))
    assert "line one\nline two\ttabbed \x1b[31mred" == members["members"][0]["member"][0]["note"]
    stances = json.loads(run(capsys, case_file, ["show", "--what", "stances"], "json"))
    assert [s.quote for s in positions.load(case_file).stances] == [
        s.get("quote") for s in stances["stances"]
    ]
    compared = json.loads(run(capsys, case_file, ["compare"], "json"))
    assert ["pipe", "arabic", "cjk", "lines"] == compared["parties"]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_simple_tables_align_wide_characters(
    command: list[str], case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In simple tables, columns line up by display width (wcwidth): every column starts at the
    same display cell on every line (tabulate trims trailing blanks, so lines may end early)."""
    out = run(capsys, case_file, command, "simple")
    tables = blocks(out)
    assert tables
    for lines in tables:
        rule = lines[1]
        starts = [m.start() for m in re.finditer(r"(?<=  )-", rule)]
        assert all(-1 != wcswidth(line) <= len(rule) for line in lines), lines
        assert all(gaps_at(line, starts) for line in lines), lines
        assert any(wcswidth(line) != len(line) for line in lines)  # wide characters are here


@pytest.mark.parametrize("fmt", ["simple", "github", "pipe", "html", "csv", "grid"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_rtl_text_comes_through_intact(
    command: list[str], fmt: str, case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Arabic names and titles reach every table format with the same code points, and no
    table carries a raw control character (a terminal escape, a tab)."""
    out = run(capsys, case_file, command, fmt)
    expected = {
        "compare": [RTL[0], RTL[3]],
        "show": RTL[:3],
        "show --what issues": [RTL[3]],
        "show --what stances": [RTL[0]],
    }[" ".join(command)]
    assert expected == [t for t in RTL if t in out]
    if fmt != "csv":
        assert re.findall(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", out) == []
