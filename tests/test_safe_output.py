"""Author-controlled text is made safe for every output: tables, titles, CSV, JSON, Mermaid, DOT.

One hostile case puts the same payload in every text field (names, aliases, titles, short
titles, descriptions, labels of levels and options, units, quotes, notes, member names, package
and milestone labels, source titles): terminal escapes (ESC [2J, an OSC 8 hyperlink, the C1
CSI), CR, NUL (written `\\u0000`, which JSON and TOML both accept), bidi overrides and isolates,
spreadsheet formulas, and text that would break a Mermaid or DOT graph. Each field also starts
with a different formula trigger, so that CSV cells begin with one. Every command runs on it in
every format; a clean case of the same shape gives the graphs to compare with.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import positions
from positions import _bundled, report
from positions._report.safe import csv_cell, dot_quote, json_text, mermaid_label, visible
from positions.cli import main

PAYLOAD = (
    " \x1b[2J \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x9b31m red \r\n line\t tab \x00 nul"
    " abc\u202etxt.exe \u2066iso\u2069 \u202a\u202b\u202c\u202d"
    " =cmd|' /C calc'!A0 +1 @SUM(A1) -2+3"
    ' "]; x-->y; %%{init: {"theme": "dark"}}%% } { " [x] (y) <b>&amp;</b> # | ` ;'
    " \u2028 \u2029 \x7f \x85 \\N \\l \\"
)
TRIGGERS = ["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1", "=", "-"]

# what no output may hold raw: C0 controls but line feed (and tab, checked per format), DEL,
# C1, the line and paragraph separators, and the bidi embeddings, overrides and isolates
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORMULA = re.compile(r"[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def hostile_text() -> Callable[[str], str]:
    """Text for each field: a formula trigger (a different one each time), the field's name,
    then the payload."""
    count = iter(range(10_000))

    def text(field: str) -> str:
        return f"{TRIGGERS[next(count) % len(TRIGGERS)]} {field}{PAYLOAD}"

    return text


def clean_text(field: str) -> str:
    return field


def build(t: Callable[[str], str]) -> dict[str, Any]:
    """A case of every kind of record, whose every text field is `t(field)`: a deadlock in its
    preconditions, a stance that changes (for history) and a package to evaluate."""

    def stance(party: str, issue: str, day: str, **sets: Any) -> dict[str, Any]:
        return {
            "party": party,
            "issue": issue,
            "as_of": day,
            "basis": "reported",
            "source": "s",
            "quote": t(f"quote {party} {issue} {day}"),
            "note": t(f"note {party} {issue} {day}"),
            **sets,
        }

    return {
        "format": 1,
        "case": {
            "id": "hostile",
            "title": t("case title"),
            "summary": t("summary"),
            "as_of": "2030-06-01",
        },
        "source": [{"id": "s", "title": t("source title"), "publisher": t("publisher")}],
        "party": [
            {
                "id": "north",
                "name": t("north name"),
                "kind": "state",
                "aliases": [t("north alias")],
                "member": [
                    {"name": t("member name"), "title": t("member title"), "note": t("m note")}
                ],
            },
            {"id": "south", "name": t("south name"), "member": [{"name": t("south member")}]},
            {"id": "mediator", "name": t("mediator name"), "role": "mediator"},
        ],
        "issue": [
            {
                "id": "withdrawal",
                "title": t("withdrawal title"),
                "short": t("withdrawal short"),
                "description": t("withdrawal description"),
                "scale": {
                    "kind": "ordinal",
                    "levels": [
                        "none",
                        {"id": "partial", "label": t("partial label")},
                        {"id": "full", "label": t("full label")},
                    ],
                },
            },
            {
                "id": "depth",
                "title": t("depth title"),
                "scale": {"kind": "numeric", "unit": t("unit"), "min": 0, "max": 60},
            },
            {
                "id": "monitors",
                "title": t("monitors title"),
                "scale": {
                    "kind": "categorical",
                    "options": [{"id": "un", "label": t("un label")}, "joint", "none"],
                },
            },
            {"id": "pact", "title": t("pact title"), "scale": {"kind": "binary"}},
        ],
        "milestone": [
            {"id": "talks", "label": t("talks label"), "reached": "2030-03-01", "source": "s"},
            {"id": "agreement", "label": t("agreement label"), "follows": ["talks"]},
        ],
        "package": [
            {
                "id": "status-quo",
                "kind": "status-quo",
                "label": t("status quo label"),
                "date": "2030-01-01",
                "outcomes": {"withdrawal": "none", "depth": 0},
                "basis": "reported",
                "source": "s",
                "quote": t("package quote"),
                "note": t("package note"),
            },
            {
                "id": "draft",
                "kind": "proposal",
                "label": t("draft label"),
                "outcomes": {"withdrawal": "partial", "depth": 15, "monitors": "un", "pact": "yes"},
            },
        ],
        "stance": [
            stance(
                "north", "withdrawal", "2030-01-01", demand="full", red_line={"at_least": "full"}
            ),
            stance("north", "withdrawal", "2030-06-01", demand="full", red_line="full"),
            stance("south", "withdrawal", "2030-01-01", demand={"at_most": "partial"}),
            stance("north", "depth", "2030-01-01", demand=20, red_line={"at_least": 10}),
            stance("south", "depth", "2030-01-01", red_line={"at_most": 15}),
            stance("north", "monitors", "2030-01-01", demand=["un", "joint"]),
            stance("south", "monitors", "2030-06-01", demand={"one_of": ["joint"]}),
            stance("mediator", "pact", "2030-01-01", demand="yes"),
        ],
        "precondition": [
            {
                "party": "north",
                "requires": {"issue": "withdrawal", "at_least": "partial"},
                "before": "talks",
                "as_of": "2030-01-01",
                "basis": "reported",
                "source": "s",
                "quote": t("precondition quote"),
                "note": t("precondition note"),
            },
            {
                "party": "south",
                "requires": {"milestone": "agreement"},
                "before": "withdrawal",
                "as_of": "2030-01-01",
                "basis": "inferred",
                "note": t("precondition note 2"),
            },
        ],
    }


def write_case(folder: Path, t: Callable[[str], str], name: str = "hostile.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(build(t), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The hostile case as a file, also the only bundled case (for `positions cases`)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    path = write_case(seeds, hostile_text())
    monkeypatch.setattr(_bundled, "seeds_dir", lambda: seeds)
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write_case(tmp_path, clean_text, "clean.json")


SHOW = ["summary", "parties", "members", "issues", "stances"]
SHOW += ["preconditions", "milestones", "packages", "sources"]
COMMANDS: list[list[str]] = [
    ["cases"],
    *(["show", "--what", what] for what in SHOW),
    ["check"],
    ["compare", "--notes"],
    ["compare", "--pairwise", "--as-of", "2030-01-01"],
    ["evaluate", "--package", "draft", "--notes"],
    ["evaluate", "--proposal", "PROPOSAL"],
    ["preconditions", "--notes"],
    ["history"],
]
FORMATS = report.table_formats()


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert (0, "") == (code, err), argv
    return out


def argv_for(command: list[str], case: Path, fmt: str) -> list[str]:
    """The command line for `command` on `case`; a proposal file beside the case if asked."""
    argv = list(command)
    if "PROPOSAL" in argv:
        proposal = case.with_name("proposal.json")
        package = {**build(hostile_text())["package"][1], "id": "p"}
        proposal.write_text(json.dumps({"package": [package]}), encoding="utf-8")
        argv[argv.index("PROPOSAL")] = str(proposal)
    if command[0] != "cases":
        argv.append(str(case))
    return [*argv, "--format", fmt]


def test_hostile_case_loads_code_point_for_code_point(hostile: Path) -> None:
    """The payload reaches the model unchanged: what the outputs escape is really there."""
    case = positions.load(hostile)
    assert case.title.endswith(PAYLOAD)
    assert "\x00" in case.parties[0].name and "\u202e" in case.issues[0].title


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("csv", "json")])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_tables_show_no_raw_control(
    command: list[str], fmt: str, hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In every table format, titles and cells hold no raw control or bidi control character
    (tabs only as tsv's own separators), and the payload's text is still there, escaped."""
    out = run(capsys, argv_for(command, hostile, fmt))
    assert [] == RAW.findall(out)
    assert fmt == "tsv" or "\t" not in out
    if command != ["check"]:  # check's tables hold findings, not the case's text
        assert "x1b" in out


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_csv_has_no_live_formula_and_no_raw_control(
    command: list[str], hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CSV parses (csv module) into cells none of which a spreadsheet would run as a formula
    (a leading =, +, -, @, tab or CR, unless a plain number), and none of which holds a raw
    ESC, CR, NUL, C1 or bidi control."""
    out = run(capsys, argv_for(command, hostile, "csv"))
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert cells
    live = [c for c in cells if FORMULA.match(c) and not PLAIN_NUMBER.fullmatch(c)]
    assert [] == live
    assert [] == [c for c in cells if RAW.search(c)]
    assert "\r" not in out
    if command != ["check"]:  # the triggers were there, and were neutralised
        assert any(c.startswith("'") for c in cells)


def test_csv_raw_is_lossless(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--csv-raw writes the cells as they are: the party names come back exactly."""
    out = run(capsys, ["show", "--what", "parties", str(hostile), "--format", "csv", "--csv-raw"])
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert [p.name for p in positions.load(hostile).parties] == [row[1] for row in rows[1:]]


def test_csv_raw_needs_csv(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--csv-raw with another format is a usage error, exit 2."""
    code = main(["show", str(hostile), "--format", "json", "--csv-raw"])
    assert (2, "positions: error: --csv-raw goes with --format csv\n") == (
        code,
        capsys.readouterr().err,
    )


def strings(value: Any) -> list[str]:
    """Every string in a parsed JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_json_escapes_and_round_trips(
    command: list[str], hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON holds no raw control, C1, DEL, U+2028/2029 or bidi control (only its own line
    breaks), and parses back to the case's exact text."""
    out = run(capsys, argv_for(command, hostile, "json"))
    assert [] == RAW.findall(out.replace("\n", ""))
    found = [s for s in strings(json.loads(out)) if s.endswith(PAYLOAD)]
    if command[0] in ("cases", "show"):
        assert found  # the names, titles and labels themselves, code point for code point


def test_json_show_parties_gives_back_the_names(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The party names in `show --what parties` JSON equal the loaded names exactly."""
    out = run(capsys, ["show", "--what", "parties", str(hostile), "--format", "json"])
    expected = [p.name for p in positions.load(hostile).parties]
    assert expected == [p["name"] for p in json.loads(out)["parties"]]


def test_dumps_escapes_and_loads_back_equal(hostile: Path) -> None:
    """positions.dumps writes no raw unsafe character, and its output loads back equal."""
    case = positions.load(hostile)
    text = positions.dumps(case)
    assert [] == RAW.findall(text.replace("\n", ""))
    assert case == positions.loads(text, format="json")


def test_html_title_is_escaped(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """In html, the title's markup is escaped and its controls shown: one <h2>, no <b>."""
    out = run(capsys, ["compare", str(hostile), "--format", "html"])
    title = out.split("\n", 1)[0]
    assert title.startswith("<h2>") and title.endswith("</h2>")
    assert "<b>" not in out and "&lt;b&gt;" in title and "\\x1b" in title


# --------------------------------------------------------------------------------------------
# graphs

MERMAID_LINE = re.compile(
    r"flowchart LR|  %% legend: [^%\"]*"
    r'|  (?P<node>n\d+)(?:\["[^"%`]*"\]|\(\["[^"%`]*"\]\))'
    r'|  (?P<src>n\d+) (?P<arrow>-->|-\.->)\|"[^"%`]*"\| (?P<dst>n\d+)'
    r"|  linkStyle [\d,]+ [-\w:#,. ]+|  classDef reached [-\w:#,]+|  class [n\d,]+ reached"
)


def mermaid_shape(text: str) -> list[tuple[str, ...]]:
    """The graph's nodes and edges, after checking every line is a line Mermaid reads as one
    statement (labels quoted, with no quote, '%' or backtick inside)."""
    shape: list[tuple[str, ...]] = []
    for line in text.splitlines():
        m = MERMAID_LINE.fullmatch(line)
        assert m is not None, line
        if m["node"]:
            shape.append(("node", m["node"]))
        elif m["src"]:
            shape.append(("edge", m["src"], m["arrow"], m["dst"]))
        else:
            shape.append((line,))
    return shape


def test_mermaid_keeps_nodes_and_edges(
    hostile: Path, clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hostile case's Mermaid graph has the clean case's nodes, edges and styles, line for
    line; no label carries a quote, a directive or a raw control."""
    graph = ["preconditions", "--graph", "mermaid"]
    hostile_out = run(capsys, [*graph, str(hostile)])
    clean_out = run(capsys, [*graph, str(clean)])
    assert [] == RAW.findall(hostile_out.replace("\n", ""))
    assert "%%{" not in hostile_out
    assert mermaid_shape(clean_out) == mermaid_shape(hostile_out)
    assert 4 <= sum(1 for s in mermaid_shape(clean_out) if s[0] == "node")


DOT_STRING = r'"(?:[^"\\\n]|\\.)*"'
DOT_ATTRS = rf"\[(?:\w+=(?:{DOT_STRING}|\w+)(?:, )?)+\];"
DOT_LINE = re.compile(
    rf"digraph {DOT_STRING} \{{|  // legend: [^\n]*|  rankdir=LR;|\}}"
    rf"|  (?P<node>{DOT_STRING}) {DOT_ATTRS}"
    rf"|  (?P<src>{DOT_STRING}) -> (?P<dst>{DOT_STRING}) {DOT_ATTRS}"
)


def dot_shape(text: str) -> list[tuple[str, ...]]:
    """The DOT graph's nodes and edges, after checking every line is one whole statement."""
    shape: list[tuple[str, ...]] = []
    for line in text.splitlines():
        m = DOT_LINE.fullmatch(line)
        assert m is not None, line
        if m["node"]:
            shape.append(("node", m["node"]))
        elif m["src"]:
            shape.append(("edge", m["src"], m["dst"]))
    return shape


def test_dot_keeps_nodes_and_edges(
    hostile: Path, clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hostile case's DOT graph has the clean case's nodes and edges, every line one whole
    statement (quoted strings closed where they should be), and no raw control."""
    graph = ["preconditions", "--graph", "dot"]
    hostile_out = run(capsys, [*graph, str(hostile)])
    clean_out = run(capsys, [*graph, str(clean)])
    assert [] == RAW.findall(hostile_out.replace("\n", ""))
    assert dot_shape(clean_out) == dot_shape(hostile_out)
    assert 4 <= sum(1 for s in dot_shape(clean_out) if s[0] == "node")


def graphviz(text: str) -> dict[str, Any]:
    """The graph as Graphviz reads it (dot -Tjson); fails if dot cannot parse it."""
    done = subprocess.run(
        ["dot", "-Tjson"], input=text, capture_output=True, text=True, timeout=60, check=False
    )
    assert (0, "") == (done.returncode, done.stderr)
    parsed: dict[str, Any] = json.loads(done.stdout)
    return parsed


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")
def test_dot_parses_in_graphviz_to_the_same_graph(
    hostile: Path, clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Graphviz reads the hostile case's graph without complaint, with the clean case's nodes
    and edges, and labels that carry the payload's text."""
    graph = ["preconditions", "--graph", "dot"]
    hostile_graph = graphviz(run(capsys, [*graph, str(hostile)]))
    clean_graph = graphviz(run(capsys, [*graph, str(clean)]))

    def shape(g: dict[str, Any]) -> tuple[list[str], list[tuple[int, int]]]:
        nodes = [o["name"] for o in g.get("objects", [])]
        return nodes, [(e["tail"], e["head"]) for e in g.get("edges", [])]

    assert shape(clean_graph) == shape(hostile_graph)
    assert [] == [o["label"] for o in hostile_graph["objects"] if "%%{init" not in o["label"]]


# --------------------------------------------------------------------------------------------
# the functions themselves


def test_visible_shows_controls_and_keeps_rtl() -> None:
    """visible() shows ESC, C1, DEL and bidi controls as escapes, folds line breaks, and leaves
    Arabic and Hebrew as they are."""
    assert "a\\x1b[2J \\x9b \\u202eb \\u2066c\\u2069 \\x7f" == visible(
        "a\x1b[2J\n\x9b\t\u202eb\r\n\u2066c\u2069 \x7f"
    )
    assert "الجمهورية العربية السورية עברית" == visible("الجمهورية العربية السورية עברית")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "\\x0d=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("-3", "-3"),
        ("12.5", "12.5"),
        ("-0.25", "-0.25"),
        ("a=b", "a=b"),
        ("two\nlines", "two\nlines"),
        ("esc\x1b[2J nul\x00 c1\x9b", "esc\\x1b[2J nul\\x00 c1\\x9b"),
        ("abc\u202etxt.exe", "abc\\u202etxt.exe"),
    ],
)
def test_csv_cell_neutralises_formulas(cell: str, expected: str) -> None:
    """csv_cell() prefixes a formula with ', keeps plain numbers and shows raw controls."""
    assert expected == csv_cell(cell)


def test_json_text_escapes_and_parses_back() -> None:
    """json_text() leaves no raw C1, DEL, separator or bidi control, and json.loads gives back
    the original string."""
    original = "a\x7f\x85\x9b\u2028\u2029\u202e\u2066b\x1b\x00 ع"
    text = json_text(json.dumps(original, ensure_ascii=False))
    assert [] == RAW.findall(text)
    assert original == json.loads(text)
    assert '"ascii \\u007f"' == json_text(json.dumps("ascii \x7f", ensure_ascii=False))


def test_mermaid_label_has_no_directive_or_quote() -> None:
    """mermaid_label() turns quotes, brackets, '%' and markup into entity codes, on one line."""
    label = mermaid_label('"]; x-->y; %%{init: {}}%%\n`md` <b>')
    expected = "#quot;#93;; x--#gt;y; #37;#37;#123;init: #123;#125;#125;#37;#37; #96;md#96; "
    assert expected + "#lt;b#gt;" == label


def test_dot_quote_closes_where_it_should() -> None:
    """dot_quote() escapes quotes and backslashes (so '\\N' stays literal) and folds lines."""
    assert '"a \\"b\\" \\\\N \\\\ c\\\\x1b"' == dot_quote('a "b" \\N \\\nc\x1b')
