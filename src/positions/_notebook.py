"""What a result shows in a notebook: an HTML table, records for programs, a DataFrame.

The engine's results are data; a notebook wants to see them. `Notebook` gives each result
`_repr_html_` (the same escaping HTML tables as `--format html`), `to_records()` (one dict per row
of its main table) and `to_frame()` (a pandas DataFrame, when pandas is installed; it is never
imported otherwise). The words come from `positions.report`, imported only when asked for, so the
engine stays free of it until a notebook displays a result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from positions._report.render import Table
    from positions.model import Case

__all__ = ["Notebook"]


class Notebook:
    """A mixin for results that hold the case they were computed from (`case_obj`)."""

    __slots__ = ()

    def _tables(self) -> list[Table]:  # pragma: no cover - every result overrides it
        raise NotImplementedError

    def _case(self) -> Case:
        from positions.errors import UsageError

        case: Case | None = getattr(self, "case_obj", None)
        if case is None:
            raise UsageError("this result was built by hand, without its case: no tables")
        return case

    def _repr_html_(self) -> str:
        from positions._report.render import render

        return render(self._tables(), "html")

    def to_records(self) -> list[dict[str, Any]]:
        """The rows of the result's main table, each a dict keyed by the column headers."""
        [main, *_] = self._tables()
        return [dict(zip(main.headers, row, strict=True)) for row in main.rows]

    def to_frame(self) -> Any:
        """The main table as a pandas DataFrame (needs pandas: `pip install pandas`)."""
        import importlib

        try:
            pandas = importlib.import_module("pandas")
        except ModuleNotFoundError:
            from positions.errors import UsageError

            raise UsageError("to_frame needs pandas: pip install pandas") from None
        return pandas.DataFrame.from_records(self.to_records())
