"""Spreadsheets in and out: the cell notation, `positions import` and `positions export`, every
mistake of a sheet reported at its row and column, and import(export(case)) == case."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions import Case
from positions._io.notation import (
    NotationError,
    parse_condition,
    parse_set,
    write_set,
)
from positions._io.sheet import csv_text, read_sheets, xlsx_bytes
from positions._io.sheetout import sheet_rows
from positions.cli import main
from positions.outcomes import OutcomeSet, Scale, parse_outcomes
from positions.testing import cases, outcome_sets, scales

SHEETS = Path(__file__).parent / "sheets"
BASE = SHEETS / "base.toml"

ORDINAL = Scale(kind="ordinal", values=("none", "partial", "full"), labels=(None, None, None))
CATEGORICAL = Scale(kind="categorical", values=("un", "joint", "none"), labels=(None,) * 3)
NUMERIC = Scale(kind="numeric", unit="km", min=0, max=60)
BINARY = Scale(kind="binary", values=("no", "yes"), labels=(None, None))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cell(text: str, scale: Scale) -> OutcomeSet:
    return parse_outcomes(parse_set(text, scale, "issue"), scale, "issue")


# ---------------------------------------------------------------------------------------------
# the notation


@pytest.mark.parametrize(
    ("text", "scale", "data"),
    [
        ("full", ORDINAL, "full"),
        ("at least partial", ORDINAL, {"at_least": "partial"}),
        ("At most partial", ORDINAL, {"at_most": "partial"}),
        ("one of un, joint", CATEGORICAL, {"one_of": ["un", "joint"]}),
        ("none of un", CATEGORICAL, {"none_of": ["un"]}),
        ("anything but un and none", CATEGORICAL, {"none_of": ["un", "none"]}),
        ("un, joint", CATEGORICAL, ["un", "joint"]),
        ("un or joint", CATEGORICAL, ["un", "joint"]),
        ("joint,", CATEGORICAL, ["joint"]),
        ("exactly full", ORDINAL, {"is": "full"}),
        ("partial..full", ORDINAL, {"at_least": "partial", "at_most": "full"}),
        ("12.5..20 km", NUMERIC, {"at_least": positions.outcomes.Decimal("12.5"), "at_most": 20}),
        ("5 to 20 km", NUMERIC, {"at_least": 5, "at_most": 20}),
        ("12.5 km", NUMERIC, positions.outcomes.Decimal("12.5")),
        ("12.5", NUMERIC, positions.outcomes.Decimal("12.5")),
        ("at most 15 km", NUMERIC, {"at_most": 15}),
        ("at least -0.5", Scale(kind="numeric"), {"at_least": positions.outcomes.Decimal("-0.5")}),
        ("50%", Scale(kind="numeric", unit="%"), 50),
        ("yes", BINARY, "yes"),
    ],
)
def test_parse_set_reads_the_written_forms(text: str, scale: Scale, data: Any) -> None:
    """The forms the issue names and the words the reports print read as the case file's data."""
    assert data == parse_set(text, scale, "issue")


def test_parse_set_numbers_are_exact_decimals() -> None:
    """Numbers are ints or Decimals as written, never floats."""
    data = parse_set("0.1..0.30 km", NUMERIC, "depth")
    assert [type(v).__name__ for v in data.values()] == ["Decimal", "Decimal"]
    assert ["0.1", "0.30"] == [str(v) for v in data.values()]


@pytest.mark.parametrize(
    ("text", "scale", "fragment"),
    [
        ("15 mi", NUMERIC, "unit 'mi' does not fit: the unit of issue 'depth' is 'km'"),
        ("15 km", Scale(kind="numeric"), "issue 'depth' has no unit"),
        ("nothing", ORDINAL, "not a set a party can hold"),
    ],
)
def test_parse_set_refuses_what_is_not_a_set(text: str, scale: Scale, fragment: str) -> None:
    """A foreign unit, or 'nothing', is refused with the reason."""
    with pytest.raises(NotationError, match=fragment):
        parse_set(text, scale, "depth")


def test_parse_condition_forms() -> None:
    """A condition is `ISSUE SET` (with or without a colon) or `milestone ID`."""
    scales: dict[str, Scale | None] = {"withdrawal": ORDINAL}
    assert {"issue": "withdrawal", "at_most": "partial"} == parse_condition(
        "withdrawal at most partial", scales
    )
    assert {"issue": "withdrawal", "is": "full"} == parse_condition("withdrawal: full", scales)
    assert {"milestone": "talks"} == parse_condition("milestone talks", scales)
    assert {"milestone": "talks"} == parse_condition("talks", scales)
    with pytest.raises(NotationError, match="needs its outcomes"):
        parse_condition("withdrawal", scales)


@settings(max_examples=300)
@given(st.data())
def test_write_set_then_parse_set_is_identity(data: st.DataObject) -> None:
    """Every outcome set, in every form it can be written in, reads back from its cell as the
    same set written the same way."""
    scale = data.draw(scales())
    original = data.draw(outcome_sets(scale))
    text = write_set(original.to_data(), scale)
    back = cell(text, scale)
    assert original == back
    assert original.to_data() == back.to_data()


@settings(max_examples=200)
@given(st.data())
def test_report_words_read_back(data: st.DataObject) -> None:
    """What the reports print for a set (`describe`) reads back as the same set."""
    from positions._report.words import describe

    scale = data.draw(scales())
    original = data.draw(outcome_sets(scale))
    assert original == cell(describe(original), scale)


# ---------------------------------------------------------------------------------------------
# import and export


def without_records(case: Case) -> Case:
    return attrs.evolve(case, stances=(), preconditions=())


def case_file(tmp_path: Path, case: Case, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(positions.dumps(case), encoding="utf-8")
    return path


def test_import_of_bundled_stances_reproduces_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sheet written from the bundled case's stances and preconditions, imported into the case
    without them, gives back the same stances and preconditions, written the same way."""
    case = positions.bundled()
    into = case_file(tmp_path, without_records(case))
    for what in ("stances", "preconditions"):
        assert (0, "") == run(
            capsys, "export", "--what", what, "-o", str(tmp_path / f"{what}.csv")
        )[::2]
    code, out, err = run(
        capsys, "import", str(tmp_path / "stances.csv"), str(tmp_path / "preconditions.csv"),
        "--into", str(into),
    )  # fmt: skip
    assert (0, "") == (code, err)
    assert f"imported 10 stances and 4 preconditions into {into}\n" == out
    back = positions.load(into)
    assert case.stances == back.stances
    assert case.preconditions == back.preconditions
    assert [s.demand.to_data() for s in case.stances if s.demand] == [
        s.demand.to_data() for s in back.stances if s.demand
    ]


def test_import_of_the_same_stances_twice_is_refused_at_each_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Importing a case's own stances back into it would give each party two stances on an
    issue at one date (check's duplicate-stance): refused at each row, nothing written."""
    into = case_file(tmp_path, positions.bundled())
    before = into.read_bytes()
    sheet = tmp_path / "stances.csv"
    assert 0 == run(capsys, "export", str(into), "-o", str(sheet))[0]
    code, out, err = run(capsys, "import", str(sheet), "--into", str(into))
    assert (2, "") == (code, out)
    lines = err.splitlines()
    assert 10 == len(lines)  # one per stance of the case
    assert lines[0] == (
        f"positions: error: {sheet}: row 2: syria has two stances on israeli-withdrawal dated "
        "2026-01-05 (the case has one already)"
    )
    assert before == into.read_bytes()


def test_import_into_toml_keeps_its_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows added to a TOML case are appended: the author's text and comments stay as they were,
    and each new table says which row it came from."""
    into = tmp_path / "base.toml"
    shutil.copy(BASE, into)
    sheet = tmp_path / "stances.csv"
    sheet.write_text(
        "party,issue,as_of,demand,red_line,basis,source,quote\n"
        "north,withdrawal,2030-03-01,full,at least partial,stated,wire,'=we want it all\n",
        encoding="utf-8",
    )
    assert 0 == run(capsys, "import", str(sheet), "--into", str(into))[0]
    text = into.read_text(encoding="utf-8")
    assert text.startswith(BASE.read_text(encoding="utf-8"))
    assert f"# {sheet}, row 2\n[[stance]]\n" in text
    [stance] = positions.load(into).stances
    assert "=we want it all" == stance.quote


def test_import_new_case_from_all_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --into, the sheets of every kind make a new, commented case that loads and equals
    the case they were exported from (its records and declarations)."""
    case = positions.bundled("northern-ireland-1994-1998")
    names = ("stances", "preconditions", "issues", "parties", "sources", "milestones")
    for what in names:
        run(
            capsys,
            "export",
            "northern-ireland-1994-1998",
            "--what",
            what,
            "-o",
            str(tmp_path / f"{what}.csv"),
        )
    out = tmp_path / "ni.toml"
    code, _, err = run(
        capsys, "import", *(str(tmp_path / f"{n}.csv") for n in names), "-o", str(out)
    )
    assert (0, "") == (code, err)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# A case imported by `positions import` from ")
    assert 'id = "ni"' in text
    back = positions.load(out)
    for field in ("stances", "preconditions", "issues", "sources", "milestones"):
        assert getattr(case, field) == getattr(back, field), field
    assert [attrs.evolve(p, members=()) for p in case.parties] == list(back.parties)


def test_import_reports_every_mistake_at_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sheet with many kinds of mistakes gets each reported at its row and column in one run,
    exit 2, and nothing is written."""
    sheet = SHEETS / "mistakes.csv"
    out = tmp_path / "out.toml"
    code, stdout, err = run(capsys, "import", str(sheet), "--into", str(BASE), "-o", str(out))
    assert (2, "") == (code, stdout)
    assert not out.exists()
    lines = err.splitlines()
    prefix = f"positions: error: {sheet}: "
    assert all(line.startswith(prefix) for line in lines), err
    places = [line[len(prefix) :].split(": ", 1) for line in lines]
    expected = [
        ("row 1, column I", "a column without a header (a merged header cell?)"),  # merged header
        ("row 1, column J", "unknown column 'comments'"),  # a stray column
        ("row 2, column party", "unknown party 'sout' (parties: north, south); did you mean 'south'?"),
        ("row 3, column demand", "unknown level 'ful' for issue 'withdrawal' (levels: none, partial, full)"),
        ("row 4, column as_of", "expected a date as YYYY-MM-DD (e.g. 2026-01-05), got '5 March 2030'"),
        ("row 5, column basis", "empty: every row of stances needs a basis"),  # an empty required cell
        ("row 6, column demand", "a formula ('=1+1'): positions never evaluates formulas"),
        ("row 7, column issue", "unknown issue 'zone'"),
        ("row 8, column basis", "expected one of 'stated', 'reported', 'inferred', got string 'true'"),
        ("row 9, column source", "unknown source 'wires' (sources: wire)"),
        ("row 10, column demand", "unit 'mi' does not fit: the unit of issue 'depth' is 'km'"),
        ("row 11, column when", "unknown level 'ful' for issue 'withdrawal'"),
        ("row 12, column retracted", "expected true or false, got 'maybe'"),
        ("row 13, column red_line", "at_least 40 is above at_most 10: the range is empty"),
    ]  # fmt: skip
    assert [p for p, _ in expected] == [p for p, _ in places]
    for (_, fragment), (_, message) in zip(expected, places, strict=True):
        assert fragment in message


def test_import_failure_leaves_into_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sheet with a mistake changes nothing: the case it was to join stays byte for byte."""
    into = tmp_path / "base.toml"
    shutil.copy(BASE, into)
    before = into.read_bytes()
    assert 2 == run(capsys, "import", str(SHEETS / "mistakes.csv"), "--into", str(into))[0]
    assert before == into.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["base.toml"]  # no temporary file left


def test_import_duplicate_party_names_both_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A party declared twice, or one the case already has, is named with the other place."""
    sheet = tmp_path / "parties.csv"
    sheet.write_text("id,name\neast,East\neast,East again\nnorth,North\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(sheet), "--into", str(BASE))
    assert 2 == code
    assert [
        f"positions: error: {sheet}: row 3, column id: duplicate id 'east' (first given in "
        f"{sheet}, row 2)",
        f"positions: error: {sheet}: row 4, column id: duplicate id 'north' (the case already "
        "has it)",
    ] == err.splitlines()


def test_import_of_stances_alone_says_what_is_missing_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stances with no sheet of parties, issues or sources (and no --into): one line first says
    so and what to do, then each row's unknown references at their cells; nothing written."""
    sheet = tmp_path / "stances.csv"
    sheet.write_text(
        "party,issue,as_of,demand,basis,source\nnorth,w,2030-01-01,full,reported,wire\n",
        encoding="utf-8",
    )
    target = tmp_path / "new.toml"
    code, out, err = run(capsys, "import", str(sheet), "-o", str(target))
    lines = err.splitlines()
    assert 2 == code and "" == out and not target.exists()
    assert lines[0] == (
        f"positions: error: {sheet}: no sheet defines parties, issues and sources: a new case "
        "takes them from sheets of their own (parties.csv, issues.csv, sources.csv, or sheets of "
        "those names in a workbook), or import --into a case that has them"
    )
    assert f"positions: error: {sheet}: row 2, column party: unknown party 'north'" in lines[1]
    assert len(lines) == 4  # and the row's issue and source


def test_import_with_parties_sheet_names_only_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a parties sheet given and no issues sheet, the first line names only issues (the
    stance names no source, so sources are not asked for)."""
    parties = tmp_path / "parties.csv"
    parties.write_text("id,name\nnorth,North\n", encoding="utf-8")
    sheet = tmp_path / "stances.csv"
    sheet.write_text("party,issue,as_of,demand,basis\nnorth,w,2030-01-01,full,reported\n", "utf-8")
    code, _, err = run(capsys, "import", str(parties), str(sheet), "-o", str(tmp_path / "n.toml"))
    assert 2 == code
    assert (
        "no sheet defines issues: a new case takes them from sheets of their own (issues.csv"
        in (err.splitlines()[0])
    )
    assert "unknown party" not in err


def test_import_unknown_sheet_and_missing_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sheet whose kind cannot be told, or that lacks a required column, says so at row 1."""
    odd = tmp_path / "odd.csv"
    odd.write_text("who,what\nnorth,full\n", encoding="utf-8")
    stances = tmp_path / "stances.csv"
    stances.write_text("party,issue,demand\nnorth,withdrawal,full\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(odd), str(stances), "--into", str(BASE))
    assert 2 == code
    [first, second] = err.splitlines()
    assert first.startswith(f"positions: error: {odd}: row 1: cannot tell what this sheet holds")
    assert second == (
        f"positions: error: {stances}: row 1: missing column basis (every row of stances needs "
        "party, issue, basis)"
    )


@pytest.mark.parametrize(
    "text", ["-5 percent", "=SUM(A1)", "'=not a formula", "+1", "@home", "\tx"]
)
def test_csv_cells_like_formulas_round_trip(text: str, tmp_path: Path) -> None:
    """A quote or note that a spreadsheet would run as a formula is written with a leading ' and
    read back as it was."""
    written = csv_text(["party", "quote"], [["north", text]])
    assert "'" + text in written
    path = tmp_path / "s.csv"
    path.write_text(written, encoding="utf-8")
    [grid] = read_sheets([str(path)])
    assert ["north", text] == grid.rows[1]


def test_csv_plain_numbers_are_left_alone() -> None:
    """A plain negative number is not a formula: it is written as it is."""
    assert "party,demand\nnorth,-3\n" == csv_text(["party", "demand"], [["north", "-3"]])


def test_export_csv_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    """export writes the stances of the bundled case as CSV, a header and a row per stance."""
    code, out, err = run(capsys, "export")
    assert (0, "") == (code, err)
    lines = out.splitlines()
    assert lines[0] == (
        "party,issue,as_of,demand,red_line,basis,source,quote,note,priority,when,demand_basis,"
        "red_line_basis,retracted"
    )
    assert 11 == len(lines)
    assert any(",israeli-withdrawal at most partial," in line for line in lines)


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["export", "--what", "all"], "--what all writes a workbook"),
        (["export", "--format", "xlsx"], "--format xlsx writes a workbook: give its file with -o"),
        (["import", "x.csv", "--into", "c.toml", "--id", "x"], "--id and --title name a new case"),
    ],
)
def test_sheet_commands_usage_errors(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Options that do not go together are one usage error, exit 2."""
    code, out, err = run(capsys, *argv)
    assert (2, "") == (code, out)
    assert fragment in err


@pytest.mark.parametrize("command", ["export", "import"])
def test_output_into_missing_folder_or_directory(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o into a folder that does not exist, or onto a directory, exits 2 naming the path and
    leaves no file behind."""
    sheet = tmp_path / "stances.csv"
    sheet.write_text("party,issue,demand,basis\nnorth,withdrawal,full,stated\n", encoding="utf-8")
    (tmp_path / "dir").mkdir()
    for target in (tmp_path / "missing" / "out.csv", tmp_path / "dir"):
        argv = ["export", "-o", str(target)] if command == "export" else [
            "import", str(sheet), "--into", str(BASE), "-o", str(target)
        ]  # fmt: skip
        code, out, err = run(capsys, *argv)
        assert (2, "") == (code, out)
        assert f"positions: error: cannot write {target}: " in err
    assert ["dir", "stances.csv"] == sorted(p.name for p in tmp_path.iterdir())
    assert [] == list((tmp_path / "dir").iterdir())


def test_import_unreadable_and_unknown_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing sheet, a sheet of an unknown type and a non-UTF-8 CSV are each one error."""
    latin = tmp_path / "latin.csv"
    latin.write_bytes("party,issue\nnorth,d\xe9p\n".encode("latin-1"))
    missing, odd = tmp_path / "nope.csv", tmp_path / "sheet.ods"
    odd.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "import", str(missing), str(odd), str(latin))
    assert 2 == code
    assert [
        f"positions: error: {missing}: no such file",
        f"positions: error: {odd}: unknown sheet type '.ods': a sheet is a .csv file or an .xlsx "
        "workbook",
        f"positions: error: {latin}: the file is not UTF-8 text (byte 0xe9 near line 2); save it "
        "as CSV UTF-8",
    ] == err.splitlines()


# ---------------------------------------------------------------------------------------------
# XLSX


openpyxl = pytest.importorskip("openpyxl")


def test_xlsx_export_is_deterministic_and_imports_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook of every sheet has the same bytes on every run, and imports back into a case
    equal to the one exported."""
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (first, second):
        assert 0 == run(capsys, "export", "northern-ireland-1994-1998", "-o", str(path))[0]
    assert first.read_bytes() == second.read_bytes()
    book = openpyxl.load_workbook(first)
    assert [
        "stances",
        "preconditions",
        "issues",
        "parties",
        "sources",
        "milestones",
    ] == book.sheetnames
    out = tmp_path / "ni.toml"
    assert (0, "") == run(capsys, "import", str(first), "-o", str(out))[::2]
    case, back = positions.bundled("northern-ireland-1994-1998"), positions.load(out)
    assert (case.stances, case.preconditions) == (back.stances, back.preconditions)


def test_xlsx_formulas_merged_cells_and_text_that_looks_like_a_formula(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a workbook, a formula cell is an error (never evaluated), merged cells are errors,
    and a text cell starting with '=' is text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "stances"
    sheet.append(["party", "issue", "as_of", "demand", "basis", "quote", "note"])
    sheet.append(["north", "withdrawal", "2030-03-01", "full", "stated", "=1+1", None])
    sheet.append(["north", "depth", "2030-03-01", 20, "reported", "said so", "x"])
    sheet.merge_cells("F3:G3")
    plain = sheet.cell(row=4, column=1)
    for column, value in enumerate(["south", "withdrawal", "2030-03-01", "none", "stated"], 1):
        sheet.cell(row=4, column=column, value=value)
    text = sheet.cell(row=4, column=6)
    text.value, text.data_type = "=a text", "s"
    del plain
    path = tmp_path / "case.xlsx"
    book.save(path)
    code, _, err = run(capsys, "import", str(path), "--into", str(BASE))
    assert 2 == code
    assert [
        f"positions: error: {path}: sheet stances, row 2, column quote: a formula ('=1+1'): "
        "positions never evaluates formulas; write the value itself (start it with ' to keep "
        "the text)",
        f"positions: error: {path}: sheet stances, row 3, column F: merged cells F3:G3: write the "
        "value in every cell",
    ] == err.splitlines()


def test_xlsx_without_openpyxl_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without openpyxl, reading or writing a workbook is one error naming the extra."""
    import builtins

    real = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    path = tmp_path / "a.xlsx"
    code, _, err = run(capsys, "export", "-o", str(path))
    assert (2, False) == (code, path.exists())
    assert "writing .xlsx needs openpyxl: pip install 'positions[xlsx]'" in err
    path.write_bytes(b"PK")
    code, _, err = run(capsys, "import", str(path))
    assert (
        f"positions: error: {path}: reading .xlsx needs openpyxl: pip install 'positions[xlsx]'\n"
        == err
    )


# ---------------------------------------------------------------------------------------------
# the law


def _reimport(case: Case, tmp_path: Path, fmt: str) -> Case:
    from positions._io.merge import run_import

    folder = Path(tmp_path)
    into = folder / f"case.{fmt}"
    if fmt == "json":
        into.write_text(positions.dumps(without_records(case)), encoding="utf-8")
    else:
        text, _ = run_import([], into=None, case_id=case.id, title="t")
        into.write_text(text, encoding="utf-8")
    paths = []
    for what in ("stances", "preconditions"):
        header, rows = sheet_rows(case, what)
        path = folder / f"{what}.csv"
        path.write_text(csv_text(header, rows), encoding="utf-8")
        paths.append(str(path))
    text, _ = run_import(paths, into=str(into))
    return positions.loads(text, fmt)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(cases())
def test_import_of_export_gives_the_same_records(case: Case) -> None:
    """For any case, importing its exported stances and preconditions into the case without
    them gives back the same stances and preconditions, in the same order."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        back = _reimport(case, Path(folder), "json")
    assert case.stances == back.stances
    assert case.preconditions == back.preconditions


@settings(max_examples=30, deadline=None)
@given(cases())
def test_xlsx_import_of_export_gives_the_same_records(case: Case) -> None:
    """The same law through a workbook."""
    import tempfile

    from positions._io.merge import run_import

    with tempfile.TemporaryDirectory() as folder:
        into = Path(folder) / "case.json"
        into.write_text(positions.dumps(without_records(case)), encoding="utf-8")
        book = Path(folder) / "records.xlsx"
        names = ("stances", "preconditions")
        book.write_bytes(xlsx_bytes([(n, *sheet_rows(case, n)) for n in names]))
        text, _ = run_import([str(book)], into=str(into))
    back = positions.loads(text, "json")
    assert (case.stances, case.preconditions) == (back.stances, back.preconditions)


def test_sheet_kind_from_header(tmp_path: Path) -> None:
    """A CSV named otherwise is told by its columns: party and issue make stances."""
    path = tmp_path / "who-wants-what.csv"
    path.write_text("Party,Issue,Demand,Basis\nnorth,withdrawal,full,stated\n", encoding="utf-8")
    from positions._io.merge import run_import

    text, imported = run_import([str(path)], into=str(BASE))
    assert 1 == imported.count("stance")
    assert "full" == json.loads(positions.dumps(positions.loads(text)))["stance"][0]["demand"]
    assert io  # (imported for the type of StringIO in other tests)


def test_csv_with_semicolons_or_tabs(tmp_path: Path) -> None:
    """A CSV saved with semicolons (spreadsheets in decimal-comma locales) or tabs reads alike."""
    for delimiter in (";", "\t"):
        path = tmp_path / "stances.csv"
        path.write_text(
            delimiter.join(["party", "issue", "demand", "basis"])
            + "\n"
            + delimiter.join(["north", "monitors", "un, joint", "stated"])
            + "\n",
            encoding="utf-8",
        )
        [grid] = read_sheets([str(path)])
        assert ["north", "monitors", "un, joint", "stated"] == grid.rows[1]
