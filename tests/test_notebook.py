"""Results in a notebook: an escaping HTML table, records for programs, a DataFrame."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

import positions
from casebuilder import HEADER, stance


def results(case: positions.Case) -> list[Any]:
    return [
        positions.compare(case),
        positions.evaluate(case, "talks-aim") if case.has_package("talks-aim") else None,
        positions.preconditions(case),
        positions.history(case),
        positions.deals(case),
    ]


def test_records_are_the_main_tables_rows(syria: positions.Case) -> None:
    """to_records gives one dict per row of the result's main table, keyed by its headers."""
    records = positions.compare(syria).to_records()
    assert len(syria.issues) == len(records)
    first = records[0]
    assert "Israeli withdrawal from Syrian territory" == first["Issue"]
    assert "open" == first["Status"]
    assert "partial withdrawal [inferred]" == first["Israel"]


def test_every_result_has_html_and_records(syria: positions.Case) -> None:
    """Each result of the engine shows as HTML tables and gives records."""
    for result in results(syria):
        if result is None:
            continue
        html = result._repr_html_()
        assert html.count("<table>") >= 1
        assert isinstance(result.to_records(), list)


def test_html_escapes_the_cases_text() -> None:
    """A name holding markup is shown as text, never as live markup."""
    case = positions.loads(
        HEADER.replace('name = "Alpha"', 'name = "<script>alert(1)</script>"')
        + stance("a", "w", demand='"full"')
    )
    html = positions.compare(case)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_to_frame_without_pandas_says_what_to_install(
    syria: positions.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pandas, to_frame raises one clear UsageError naming the package."""
    monkeypatch.setitem(sys.modules, "pandas", None)  # an import of pandas fails
    with pytest.raises(positions.UsageError, match="to_frame needs pandas: pip install pandas"):
        positions.compare(syria).to_frame()


def test_to_frame_builds_a_frame_from_the_records(
    syria: positions.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With pandas, to_frame is DataFrame.from_records of the records (a stand-in module
    records the call; pandas itself is optional and not a test dependency)."""
    calls: list[list[dict[str, str]]] = []

    class DataFrame:
        @staticmethod
        def from_records(records: list[dict[str, str]]) -> str:
            calls.append(records)
            return "frame"

    fake = types.ModuleType("pandas")
    fake.DataFrame = DataFrame  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pandas", fake)
    result = positions.compare(syria)
    assert "frame" == result.to_frame()
    assert [result.to_records()] == calls


def test_positions_never_imports_pandas() -> None:
    """Importing positions and running an analysis does not import pandas."""
    import subprocess

    code = (
        "import sys, positions; positions.compare(positions.bundled()).to_records(); "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "False" == out.strip()
