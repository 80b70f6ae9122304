"""Every broken case file gets one clear error, at its exact place, and never a traceback.

The corpus lives in tests/bad/; tests/bad/expected.toml says, for each file, the exit code of
`positions check FILE`, a fragment of the first problem's message, its place (a path, and its
line and column in the text; a syntax error has only the line and column) and how many problems
loading reports (default 1).
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

import positions
from positions import CaseError
from positions.cli import main

BAD = Path(__file__).parent / "bad"
EXPECTED: dict[str, dict[str, Any]] = tomllib.loads(
    (BAD / "expected.toml").read_text(encoding="utf-8")
)
INVALID = sorted(name for name, e in EXPECTED.items() if e["exit"] == 2)
LOADABLE = sorted(name for name, e in EXPECTED.items() if e["exit"] != 2)
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def where(expected: dict[str, Any]) -> str:
    """The place as `check` prints a finding's path."""
    return str(expected["path"])


def prefix(path: Path, expected: dict[str, Any]) -> str:
    """How the CLI starts the line of a problem: the file, and its line and column if known."""
    if "line" in expected:
        return f"positions: error: {path}:{expected['line']}:{expected['column']}: "
    return f"positions: error: {path}: "


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_corpus_every_file_has_an_expectation() -> None:
    """Every file in tests/bad has an entry in expected.toml, and every entry has its file."""
    files = sorted(p.name for p in BAD.iterdir() if p.name != "expected.toml")
    assert sorted(EXPECTED) == files


def test_corpus_is_broad_and_small() -> None:
    """The corpus holds at least 40 broken files, in both formats, none of them large."""
    assert len(INVALID) >= 40
    assert {".toml", ".json"} <= {Path(name).suffix for name in INVALID}
    assert all((BAD / name).stat().st_size < 200_000 for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_reports_each_bad_file(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`positions check FILE` exits as expected, naming the file, the place and the problem."""
    expected = EXPECTED[name]
    path = BAD / name
    code, out, err = run(capsys, "check", str(path))
    assert "Traceback" not in out + err
    assert [] == CONTROLS.findall(err)  # the file's text cannot drive the terminal
    assert expected["exit"] == code
    if code == 2:
        assert "" == out  # nothing written for a file that is not a case
        lines = err.splitlines()
        assert expected.get("problems", 1) == len(lines), err
        assert all(line.startswith(f"positions: error: {path}:") for line in lines), err
        assert lines[0].startswith(prefix(path, expected)), err
        if "path" in expected:
            assert lines[0].endswith(f" @ {expected['path']}"), err
        else:  # a syntax error: no path
            assert " @ " not in lines[0], err
        assert expected["message"] in lines[0], err
    elif code == 1:
        assert "" == err
        assert str(path) in out
        row = next(line for line in out.splitlines() if expected["message"] in line)
        assert row.rstrip().endswith(f"  {where(expected)}"), out
    else:
        assert "" == err
        assert str(path) in out


@pytest.mark.parametrize("name", INVALID)
def test_load_raises_one_case_error_at_the_place(name: str) -> None:
    """`positions.load` raises one CaseError carrying the file and the first problem's place."""
    expected = EXPECTED[name]
    path = BAD / name
    with pytest.raises(CaseError) as info:
        positions.load(path)
    error = info.value
    assert str(path) == error.file
    assert expected.get("problems", 1) == len(error.problems), str(error)
    assert expected["message"] in error.problems[0].message
    place = (expected.get("path", "$"), expected.get("line"), expected.get("column"))
    assert place == (error.path, error.line, error.column)


@pytest.mark.parametrize("name", LOADABLE)
def test_load_accepts_files_that_are_cases(name: str) -> None:
    """A file with a byte-order mark, or with only consistency errors, loads into a Case."""
    assert "north-south" == positions.load(BAD / name).id


def test_check_reports_every_problem_in_file_order(capsys: pytest.CaptureFixture[str]) -> None:
    """A file with several problems gets every one of them, in the order they appear."""
    path = BAD / "several-problems.toml"
    order = [
        "$.party[0].name",
        "$.issue[1].titel",
        "$.milestone[1].follows[0]",
        "$.stance[0].demand",
        "$.stance[1].party",
        "$.precondition[0].before",
    ]
    code, out, err = run(capsys, "check", str(path))
    assert (2, "") == (code, out)
    assert order == [line.rsplit(" @ ", 1)[1] for line in err.splitlines()]
    with pytest.raises(CaseError) as info:
        positions.load(path)
    assert order == [p.path for p in info.value.problems]
    lines = [13, 30, 46, 57, 63, 72]  # each problem's line in the file
    assert lines == [p.line for p in info.value.problems]
    assert [f"positions: error: {path}:{n}:" for n in lines] == [
        line[: line.index(":", len(f"positions: error: {path}:"))] + ":"
        for line in err.splitlines()
    ]
    assert str(info.value).splitlines() == [p.in_file(str(path)) for p in info.value.problems]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("open.json", "[" * 100_000),
        ("closed.json", '{"case": ' + "[" * 50_000 + "]" * 50_000 + "}"),
        ("open.toml", "x = " + "[" * 100_000),
        ("inline.toml", "x = " + "{ a = " * 20_000 + "1" + " }" * 20_000),
    ],
)
def test_check_rejects_deep_nesting(
    name: str, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nesting deeper than the parser can follow ends in one CaseError, not a RecursionError."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", str(path))
    assert (2, "") == (code, out)
    assert f"positions: error: {path}: the file nests too deeply to be a case @ $\n" == err


def test_load_reads_moderate_nesting_as_a_wrong_type(tmp_path: Path) -> None:
    """Nesting the parser can follow, where a string belongs, is reported as a wrong type."""
    path = tmp_path / "nested.json"
    path.write_text(
        '{"case": {"id": "x", "title": "t", "as_of": "2030-01-01", "summary": '
        + "[" * 400
        + "]" * 400
        + "}}",
        encoding="utf-8",
    )
    with pytest.raises(CaseError) as info:
        positions.load(path)
    assert ["1:70: expected a string, got a list @ $.case.summary"] == [
        str(p) for p in info.value.problems
    ]


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is one error naming it, and exit 2."""
    path = tmp_path / "nope.toml"
    assert (2, "", f"positions: error: {path}: no such file @ $\n") == run(
        capsys, "check", str(path)
    )


def test_check_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory named like a case file is one error naming it, and exit 2."""
    path = tmp_path / "case.toml"
    path.mkdir()
    assert (2, "", f"positions: error: {path}: is a directory, not a case file @ $\n") == run(
        capsys, "check", str(path)
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="needs POSIX permissions, and root reads any file",
)
def test_check_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file without read permission is one error naming it, and exit 2."""
    path = tmp_path / "locked.toml"
    path.write_bytes((BAD / "bom.toml").read_bytes())
    path.chmod(0)
    try:
        code, out, err = run(capsys, "check", str(path))
    finally:
        path.chmod(0o644)
    assert (2, "", f"positions: error: {path}: cannot be read: permission denied @ $\n") == (
        code,
        out,
        err,
    )


def test_check_unreadable_file_simulated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read refused by the system (simulated, so that it holds as root) is one error, exit 2."""
    path = tmp_path / "locked.toml"
    path.write_bytes((BAD / "bom.toml").read_bytes())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert (2, "", f"positions: error: {path}: cannot be read: permission denied @ $\n") == run(
        capsys, "check", str(path)
    )
