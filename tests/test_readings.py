"""Readings safe to print: labels, dates, basis marks, notes, zone owners, categorical gaps,
deadlocks broken in practice and the graphs' marks, per semantics.md (version 1.1)."""

from __future__ import annotations

import csv
import io

import pytest

import positions
from casebuilder import HEADER, case, stance
from positions import report
from positions.cli import main

LABELLED = HEADER.replace(
    'scale = { kind = "ordinal", levels = ["none", "partial", "full"] }',
    'scale = { kind = "ordinal", levels = ["none", { id = "partial", label = "partial pullback" },'
    ' { id = "full", label = "full pullback" }] }',
)


def table(c: positions.Case, **kw: object) -> report.Table:
    return report.compare_tables(c, positions.compare(c, **kw))[0]  # type: ignore[arg-type]


def test_tables_use_labels_and_csv_keeps_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    """A level's label reads in tables; CSV (for programs) keeps the id."""
    body = stance("a", "w", demand='"full"', red_line='"full"', as_of="2030-06-01")
    c = positions.loads(LABELLED + body)
    assert "full pullback (red line)" == table(c).rows[0][1]
    path = tmp_path / "labelled.toml"  # type: ignore[operator]
    path.write_text(LABELLED + body, "utf-8")
    assert 0 == main(["compare", str(path), "--format", "csv"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert "full (red line)" == rows[1][1]


def test_older_stance_shows_its_date() -> None:
    """A stance older than the snapshot shows its date; one of the day does not."""
    c = case(
        stance("a", "w", demand='"full"', as_of="2030-01-01")
        + stance("b", "w", demand='"none"', as_of="2030-06-01")
    )
    row = table(c).rows[0]
    assert ("full (2030-01-01)", "none") == (row[1], row[2])


def test_inferred_part_is_marked_on_its_own() -> None:
    """A reported demand beside an inferred red line marks only the red line."""
    c = case(
        stance(
            "a",
            "w",
            demand='"full"',
            red_line='{ at_least = "partial" }',
            extra='red_line_basis = "inferred"',
            as_of="2030-06-01",
        )
    )
    assert "full; red line: at least partial [red line inferred]" == table(c).rows[0][1]


def test_min_basis_filters_each_part() -> None:
    """With --min-basis reported, an inferred red line goes and the reported demand stays."""
    c = case(
        stance("a", "w", demand='"full"', red_line='"full"', extra='red_line_basis = "inferred"')
    )
    s = positions.snapshot(c, min_basis="reported").stance("a", "w")
    assert s is not None and s.red_line is None and s.demand is not None


def test_open_zone_names_whose_red_lines_bound_it() -> None:
    """An open issue's zone so far is one party's red line, and the cell says whose."""
    c = case(
        stance("a", "w", demand='"full"', red_line='{ at_least = "partial" }', as_of="2030-06-01")
        + stance("b", "w", demand='"none"', as_of="2030-06-01")
    )
    assert "within Alpha's red line: at least partial" == table(c, parties=["a", "b"]).rows[0][4]


def test_open_zone_names_every_owner_in_a_list() -> None:
    """Bounded by several red lines, the cell names their owners as a list: 'within the red
    lines of Alpha and Beta: partial' (the intersection of 'at least partial' and 'at most
    partial'), Gamma silent so the issue stays open."""
    c = case(
        stance("a", "w", demand='"full"', red_line='{ at_least = "partial" }', as_of="2030-06-01")
        + stance("b", "w", demand='"none"', red_line='{ at_most = "partial" }', as_of="2030-06-01")
        + stance("c", "w", demand='"partial"', as_of="2030-06-01")
    )
    row = table(c, parties=["a", "b", "c"]).rows[0]
    assert "open" in row
    assert "within the red lines of Alpha and Beta: partial" in row


def test_categorical_gap_lists_each_partys_red_line() -> None:
    """A categorical conflict's gap cell lists each party's disjoint set."""
    c = case(
        stance("a", "mon", red_line='["un", "joint"]', as_of="2030-06-01")
        + stance("b", "mon", red_line='"none"', as_of="2030-06-01")
    )
    row = table(c, parties=["a", "b"]).rows[2]
    assert ("conflict", "Alpha: un or joint; Beta: none") == (row[3], row[4])


def test_notes_number_each_claim_with_its_source_quote_and_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--notes numbers the claims in the cells and lists basis, source, quote and note."""
    assert 0 == main(["compare", "--notes", "--format", "csv"])
    out = capsys.readouterr().out
    notes = out.split("\n\n")[-1]
    rows = list(csv.reader(io.StringIO(notes)))
    assert ["#", "Claim", "Basis", "Source", "Quote", "Note"] == rows[0]
    israel = next(r for r in rows[1:] if r[1].startswith("Israel on Israeli withdrawal"))
    assert "inferred" == israel[2]
    assert israel[5].startswith("Not stated by Israel.")
    assert "Syria and Israel to resume US-mediated security talks in Paris" in israel[3]
    assert f"[{israel[0]}]" in out.split("\n\n")[0]


def test_show_stances_has_a_note_column(capsys: pytest.CaptureFixture[str]) -> None:
    """show --what stances gives each claim's note, the reason for an inferred one."""
    assert 0 == main(["show", "--what", "stances", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    israel = next(r for r in rows if r["Party"] == "Israel" and r["Issue"] == "israeli-withdrawal")
    assert israel["Note"].startswith("Not stated by Israel.")


def test_deadlock_broken_in_practice_is_headed_as_such(syria: positions.Case) -> None:
    """The bundled deadlock's first step was bypassed when the talks resumed: it says so."""
    tables = report.preconditions_tables(syria, positions.preconditions(syria))
    rows = tables[1].rows
    assert "Broken in practice on 2026-01-05: Syria's precondition bypassed" == rows[0][1]
    assert rows[1][1].endswith("— bypassed on 2026-01-05")


def test_graphs_mark_reached_milestones_and_bypassed_edges(syria: positions.Case) -> None:
    """Mermaid and DOT style the reached milestone and the bypassed edges, with a legend."""
    result = positions.preconditions(syria)
    mermaid = report.mermaid(syria, result)
    assert "%% legend:" in mermaid
    talks = f"n{result.nodes.index('talks')}"
    assert f"class {talks} reached" in mermaid
    assert '|"Syria (bypassed)"|' in mermaid
    dot = report.dot(syria, result)
    assert "// legend:" in dot
    assert (
        '"talks" [label="US-mediated security talks resume in Paris", shape=ellipse, color=' in dot
    )
    assert dot.count("style=dotted") == 2  # Syria's two preconditions before the talks


def test_evaluate_limited_to_parties(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate --parties gives verdicts for those parties only."""
    assert 0 == main(
        ["evaluate", "--package", "talks-aim", "--parties", "syria", "--format", "csv"]
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.split("\n\n")[0])))
    assert {"Syria"} == {r[2] for r in rows[1:]}
