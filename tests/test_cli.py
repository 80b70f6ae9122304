"""The command line through main(argv): output, exit codes, and error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casebuilder import HEADER, stance
from positions.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_lists_parties_and_members(capsys: pytest.CaptureFixture[str]) -> None:
    """`positions show` lists the parties and the delegation members of the bundled case."""
    code, out, _ = run(capsys, "show")
    assert 0 == code
    for name in ("Syria", "Israel", "United States", "mediator", "Asaad Al-Shaibani",
                 "Yechiel Leiter", "Roman Gofman", "Gill Reich", "Tom Barrack"):  # fmt: skip
        assert name in out


def test_check_bundled_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """`positions check` on the bundled case exits 0."""
    assert 0 == run(capsys, "check")[0]


def test_check_error_exits_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A case that loads but has a check error exits 1 and lists the finding."""
    path = tmp_path / "c.toml"
    path.write_text(HEADER + stance("a", "w", demand='"none"', red_line='"full"'))
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    assert 1 == code
    codes = [f["code"] for f in json.loads(out)["findings"]]
    assert "demand-outside-red-line" in codes


def test_check_json_names_the_other_record(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:  # fmt: skip
    """A finding about two records (a party's second stance on an issue at one date) gives the
    path of the other in `other`; a finding about one record has no `other`."""
    path = tmp_path / "c.toml"
    path.write_text(
        HEADER
        + stance("a", "w", demand='"full"')
        + stance("b", "w", demand='"none"', red_line='"full"')
        + stance("a", "w", demand='"partial"')
        + 2
        * (
            '[[precondition]]\nparty = "a"\nrequires = { issue = "w", is = "full" }\n'
            'before = "km"\nas_of = 2030-01-01\nbasis = "reported"\nsource = "s"\n'
        )
    )
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    assert 1 == code
    found = {f["code"]: f for f in json.loads(out)["findings"]}
    assert ("$.stance[2]", "$.stance[0]") == (
        found["duplicate-stance"]["path"],
        found["duplicate-stance"]["other"],
    )
    assert "$.precondition[0]" == found["duplicate-precondition"]["other"]
    assert "other" not in found["demand-outside-red-line"]


def test_invalid_case_exits_two_without_output(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:  # fmt: skip
    """A file that is not a valid case: exit 2, the error on stderr, nothing on stdout."""
    path = tmp_path / "bad.toml"
    path.write_text(HEADER.replace('name = "Alpha"', "name = 1"))
    code, out, err = run(capsys, "compare", str(path))
    assert (2, "") == (code, out)
    expected = f"positions: error: {path}:13:8: expected a string, got number 1 @ $.party[0].name"
    assert expected + "\n" == err


def test_unknown_format_lists_choices(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown --format is a usage error listing the formats."""
    code, _, err = run(capsys, "compare", "--format", "xml")
    assert 2 == code
    assert "unknown --format 'xml'" in err and "github" in err and "json" in err


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--as-of takes YYYY-MM-DD."""
    code, _, err = run(capsys, "compare", "--as-of", "5 Jan 2026")
    assert 2 == code and "expected a date as YYYY-MM-DD" in err


def test_unknown_case_names_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    """A CASE that is neither a file nor a bundled id lists the bundled ids."""
    code, _, err = run(capsys, "show", "atlantis")
    assert 2 == code and "syria-israel-2026" in err


def test_compare_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """compare --format json has the contract's keys."""
    _, out, _ = run(capsys, "compare", "--format", "json", "--pairwise")
    data = json.loads(out)
    assert {"case", "as_of", "parties", "issues", "pairs"} <= set(data)
    row = data["issues"][0]
    assert {"issue", "status", "explanation", "stances", "zone", "gap", "breaches"} <= set(row)
    assert {"party": "israel", "red_line_of": "syria"} == {
        k: row["breaches"][0][k] for k in ("party", "red_line_of")
    }
    assert {"demand", "red_line", "basis"} <= set(row["stances"]["syria"])
    assert {"a", "b", "agreed", "overlap", "open", "conflict"} == set(data["pairs"][0])


def test_compare_fail_on(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--fail-on conflict exits 1 on a conflict, 0 otherwise; --fail-on open also on open."""
    path = tmp_path / "c.toml"
    path.write_text(
        HEADER + stance("a", "w", red_line='"full"') + stance("b", "w", red_line='"none"')
    )
    assert 1 == run(capsys, "compare", str(path), "--fail-on", "conflict")[0]
    assert 0 == run(capsys, "compare", "--fail-on", "conflict")[0]
    assert 1 == run(capsys, "compare", "--fail-on", "open")[0]


def test_evaluate_package_json(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate --package talks-aim names Syria as breached."""
    code, out, _ = run(capsys, "evaluate", "--package", "talks-aim", "--format", "json")
    data = json.loads(out)
    assert (0, ["syria"]) == (code, data["breached_by"])
    assert {"party", "issue", "verdict"} <= set(data["verdicts"][0])


def test_evaluate_unknown_package(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown package id is a usage error naming the packages."""
    code, _, err = run(capsys, "evaluate", "--package", "nope")
    assert 2 == code and "talks-aim" in err


def test_evaluate_proposal_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A proposal file with one package is resolved against the case and evaluated."""
    path = tmp_path / "p.toml"
    path.write_text('[[package]]\nid = "full-exit"\nkind = "proposal"\n'
                    'outcomes = { israeli-withdrawal = "full" }\n')  # fmt: skip
    code, out, _ = run(capsys, "evaluate", "--proposal", str(path), "--format", "json")
    data = json.loads(out)
    assert (0, "full-exit", []) == (code, data["package"], data["breached_by"])


def test_evaluate_bad_proposal_names_place(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:  # fmt: skip
    """A proposal with an unknown level is exit 2 with its place."""
    path = tmp_path / "p.toml"
    path.write_text(
        '[[package]]\nid = "x"\nkind = "proposal"\noutcomes = { israeli-withdrawal = "total" }\n'
    )
    code, _, err = run(capsys, "evaluate", "--proposal", str(path))
    assert 2 == code
    assert "unknown level 'total'" in err and "$.package[0].outcomes.israeli-withdrawal" in err


def test_preconditions_graph_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    """--graph mermaid draws inferred edges dashed and highlights the deadlock."""
    code, out, _ = run(capsys, "preconditions", "--graph", "mermaid")
    assert 0 == code and out.startswith("flowchart LR")
    assert "-.->" in out and "linkStyle" in out


def test_preconditions_graph_dot(capsys: pytest.CaptureFixture[str]) -> None:
    """--graph dot is a Graphviz digraph with the inferred edge dashed."""
    code, out, _ = run(capsys, "preconditions", "--graph", "dot")
    assert 0 == code and out.startswith('digraph "syria-israel-2026"')
    assert "style=dashed" in out


def test_preconditions_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """preconditions --format json lists statuses and the deadlock's edges."""
    data = json.loads(run(capsys, "preconditions", "--format", "json")[1])
    assert {"party", "requires", "before", "status", "basis"} <= set(data["preconditions"][0])
    [dead] = data["deadlocks"]
    assert ["israeli-withdrawal", "talks", "security-pact-signed"] == dead["cycle"]
    assert {"from", "to", "party", "basis"} <= set(dead["edges"][0])


def test_history_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """history --format json has from, to and changes with the contract's keys."""
    _, out, _ = run(capsys, "history", "northern-ireland-1994-1998", "--format", "json")
    data = json.loads(out)
    assert {"case", "from", "to", "changes"} <= set(data)
    assert {"kind", "party", "subject", "change", "before", "after"} <= set(data["changes"][0])


def test_csv_output_parses(capsys: pytest.CaptureFixture[str]) -> None:
    """--format csv writes a header row and one row per issue."""
    import csv
    import io

    out = run(capsys, "compare", "--format", "csv")[1]
    rows = list(csv.reader(io.StringIO(out)))
    assert "Issue" == rows[0][0] and 8 == len(rows)


def test_cases_lists_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    """`positions cases` lists both bundled cases."""
    out = run(capsys, "cases")[1]
    assert "syria-israel-2026" in out and "northern-ireland-1994-1998" in out


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """--help prints usage and exits 0."""
    code, out, _ = run(capsys, "--help")
    assert 0 == code and "compare" in out


def test_non_utf8_terminal_gets_escapes_not_a_crash() -> None:
    """On an ASCII-only stdout, non-ASCII names are escaped instead of crashing the command."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run(
        [sys.executable, "-m", "positions", "show"], capture_output=True, env=env, check=False
    )
    assert 0 == proc.returncode, proc.stderr
    assert b"\\u2014" in proc.stdout and b"Traceback" not in proc.stderr
