"""`positions new`: a commented skeleton case that loads and passes `check` with only the
warnings it explains, never over an existing file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import positions
from positions.cli import main
from positions.engine.check import check


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_writes_a_skeleton_that_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new ID` writes ID.toml; check finds no error and only the two warnings it explains."""
    monkeypatch.chdir(tmp_path)
    assert (0, "wrote my-case.toml\n", "") == run(capsys, "new", "my-case")
    case = positions.load(tmp_path / "my-case.toml")
    assert "my-case" == case.id
    findings = check(case)
    assert [("warning", "party-without-stances"), ("warning", "stated-without-quote")] == [
        (f.severity, f.code) for f in findings
    ]
    text = (tmp_path / "my-case.toml").read_text(encoding="utf-8")
    assert "party-b has no stance" in text and "has\n# no quote" in text  # the warnings explained
    code, out, _ = run(capsys, "check", "my-case.toml")
    assert 0 == code
    assert "0 errors, 2 warnings" in out


def test_new_skeleton_names_every_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every key the format has appears in the skeleton with an example (`$schema` as the
    editor's comment line)."""
    from positions.schema import case_schema

    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(case_schema())
    target = tmp_path / "x.toml"
    assert 0 == run(capsys, "new", "x", "-o", str(target))[0]
    text = target.read_text(encoding="utf-8")
    used: set[str] = set()

    def keys_of(node: object) -> None:
        if isinstance(node, dict):
            used.update(node)
            for value in node.values():
                keys_of(value)
        elif isinstance(node, list):
            for value in node:
                keys_of(value)

    keys_of(tomllib.loads(text))
    assert "#:schema ./case.schema.json" in text
    assert [] == sorted(keys - used - {"$schema"})


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing file is never overwritten: exit 2 naming it, the file unchanged."""
    target = tmp_path / "mine.toml"
    target.write_text("keep me", encoding="utf-8")
    code, out, err = run(capsys, "new", "mine", "-o", str(target))
    assert (2, "") == (code, out)
    assert f"positions: error: {target} exists already: not overwritten\n" == err
    assert "keep me" == target.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["My Case", "case_1", "x--y", ""])
def test_new_needs_a_slug(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The id must be a slug; nothing is written otherwise."""
    code, out, err = run(capsys, "new", name, "-o", str(tmp_path / "x.toml"))
    assert (2, "") == (code, out)
    assert "is not a slug id" in err
    assert [] == list(tmp_path.iterdir())


def test_new_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o into a folder that does not exist exits 2 naming the path; nothing is left behind."""
    target = tmp_path / "no" / "x.toml"
    code, out, err = run(capsys, "new", "x", "-o", str(target))
    assert (2, "") == (code, out)
    assert err.startswith(f"positions: error: cannot write {target}: ")
    assert [] == list(tmp_path.iterdir())


def test_new_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    """-o - prints the skeleton instead of writing a file."""
    code, out, _ = run(capsys, "new", "x", "-o", "-")
    assert 0 == code
    assert positions.loads(out).id == "x"
