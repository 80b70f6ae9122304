"""The outputs stay byte-identical while the code is made faster.

A regression guard for speed work, and nothing more: the expected files under
tests/golden/byte-identical/ were pasted from the code's own output (JSON of every analysis, and
tables in a few formats) on the bundled cases and on generated ones, before the speed work
began. Their correctness is pinned elsewhere, by the golden tests checked against the sources
(test_seed_*.py, test_readings.py, test_deals.py, ...) and by the laws; these files only say
that the output did not move. When a change of semantics moves them on purpose, regenerate
them (`POSITIONS_WRITE_GOLDEN=1 pytest tests/test_byte_identical.py`) and say why in the commit.

The generated cases are stored beside them: `generated-8x60.json` from bench/generate.py
(8 parties, 60 issues, 150 preconditions, seed 1), and the linked cases of bench/linked.py
(`linked-10`, `linked-20`: 10 and 20 issues, 8 parties, 5 conditional stances per issue;
`blocked-5`, `blocked-20`: the same with conflicts that rule every package out).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from positions.cli import main

GOLDEN = Path(__file__).parent / "golden" / "byte-identical"
WRITE = os.environ.get("POSITIONS_WRITE_GOLDEN") == "1"

SYRIA = "syria-israel-2026"
NI = "northern-ireland-1994-1998"
GEN = str(GOLDEN / "generated-8x60.json")
J = ("--format", "json")

#: (expected file, argv)
RUNS: list[tuple[str, tuple[str, ...]]] = [
    # the bundled cases: JSON of every analysis
    *(
        (f"{name}--{label}.json", (cmd, case, *extra, *J))
        for name, case in (("syria", SYRIA), ("ni", NI))
        for label, cmd, extra in (
            ("compare", "compare", ()),
            ("compare-pairwise", "compare", ("--pairwise",)),
            ("compare-reported", "compare", ("--min-basis", "reported")),
            ("preconditions", "preconditions", ()),
            ("history", "history", ()),
            ("deals", "deals", ()),
        )
    ),
    ("syria--compare-named.json", ("compare", SYRIA, "--parties", "syria,israel", *J)),
    ("syria--evaluate-talks-aim.json", ("evaluate", SYRIA, "--package", "talks-aim", *J)),
    ("ni--evaluate-mitchell.json", ("evaluate", NI, "--package", "mitchell-compromise", *J)),
    ("ni--evaluate-belfast.json", ("evaluate", NI, "--package", "belfast-agreement", *J)),
    ("ni--compare-1996.json", ("compare", NI, "--as-of", "1996-01-24", *J)),
    (
        "ni--history-1995-1996.json",
        ("history", NI, "--from", "1995-03-07", "--to", "1996-01-24", *J),
    ),
    # the bundled cases: tables
    ("syria--compare.simple", ("compare", SYRIA)),
    ("syria--compare-notes.github", ("compare", SYRIA, "--notes", "--format", "github")),
    ("syria--evaluate.grid", ("evaluate", SYRIA, "--package", "talks-aim", "--format", "grid")),
    ("syria--preconditions.github", ("preconditions", SYRIA, "--format", "github")),
    ("syria--deals.simple", ("deals", SYRIA)),
    ("ni--compare.github", ("compare", NI, "--format", "github")),
    ("ni--compare.csv", ("compare", NI, "--format", "csv")),
    ("ni--compare.html", ("compare", NI, "--format", "html")),
    ("ni--history.simple", ("history", NI)),
    ("ni--preconditions.latex", ("preconditions", NI, "--format", "latex")),
    ("ni--deals.github", ("deals", NI, "--format", "github")),
    # a generated case
    ("gen--compare.json", ("compare", GEN, *J)),
    ("gen--compare-pairwise.json", ("compare", GEN, "--pairwise", *J)),
    ("gen--evaluate.json", ("evaluate", GEN, "--package", "proposal", *J)),
    ("gen--preconditions.json", ("preconditions", GEN, *J)),
    ("gen--history.json", ("history", GEN, *J)),
    ("gen--history-first-two.json", ("history", GEN, "--to", "2030-01-31", *J)),
    ("gen--compare.github", ("compare", GEN, "--format", "github")),
    ("gen--evaluate.simple", ("evaluate", GEN, "--package", "proposal")),
    ("gen--evaluate.csv", ("evaluate", GEN, "--package", "proposal", "--format", "csv")),
    ("gen--history.psql", ("history", GEN, "--format", "psql")),
    # linked cases: deals
    *(
        (f"{name}--deals.json", ("deals", str(GOLDEN / f"{name}.json"), *J))
        for name in ("linked-10", "linked-20", "blocked-5", "blocked-20")
    ),
    ("linked-10--deals.simple", ("deals", str(GOLDEN / "linked-10.json"))),
    ("blocked-5--deals.simple", ("deals", str(GOLDEN / "blocked-5.json"))),
]


@pytest.mark.parametrize(("expected", "argv"), RUNS, ids=[name for name, _ in RUNS])
def test_output_byte_identical(
    capsys: pytest.CaptureFixture[str], expected: str, argv: tuple[str, ...]
) -> None:
    """The command's output is byte for byte what it was before the speed work."""
    main(list(argv))
    out = capsys.readouterr().out
    path = GOLDEN / expected
    if WRITE:
        path.write_bytes(out.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == out
