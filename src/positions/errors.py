"""The exceptions positions raises: one root, and a few children."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = ["CaseError", "PositionsError", "Problem", "SheetError", "SheetProblem", "UsageError"]


class PositionsError(Exception):
    """The root of every error positions raises on purpose."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a case file, at one place in it.

    `path` is a JSONPath-like place (`$.stance[3].red_line`); `line` and `column` (from 1) say
    where it is in the file's text: for a syntax error, where no path exists yet, and for any
    other problem whose path was found in the text (of its value, or of its table's header).
    """

    message: str
    path: str = "$"
    line: int | None = None
    column: int | None = None

    def where(self) -> str:
        """The path; for a syntax error, which has none, its line and column."""
        if self.path == "$" and self.line is not None:
            return f"line {self.line}, column {self.column}"
        return self.path

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.message} @ {self.path}"
        text = f"{self.line}:{self.column}: {self.message}"
        return text if self.path == "$" else f"{text} @ {self.path}"

    def in_file(self, file: str) -> str:
        """The problem as one line naming the file: `case.toml:132:10: unknown level 'ful' for
        issue 'withdrawal' (...) @ $.stance[26].demand`, or `case.toml: message @ $.path` when
        it has no line."""
        return f"{file}:{self}" if self.line is not None else f"{file}: {self}"


class CaseError(PositionsError, ValueError):
    """A file (or text) that is not a valid case; lists every problem found, in file order."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems = tuple(problems)
        first = self.problems[0] if self.problems else Problem(message="invalid case")
        self.path = first.path
        self.line = first.line
        self.column = first.column
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [p.in_file(self.file) for p in self.problems]
        return "\n".join(lines)


@attrs.frozen(kw_only=True)
class SheetProblem:
    """One thing wrong with a spreadsheet being imported, at its cell: the file, the sheet (in
    a workbook), the row (the header is row 1) and the column (by its header, or its letter)."""

    message: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        places = [f"sheet {self.sheet}"] if self.sheet is not None else []
        if self.row is not None:
            places.append(f"row {self.row}")
        if self.column is not None:
            places.append(f"column {self.column}")
        where = f"{self.file}: {', '.join(places)}" if places else self.file
        return f"{where}: {self.message}"


class SheetError(PositionsError, ValueError):
    """A spreadsheet that cannot be imported; lists every problem found, sheet by sheet, row by
    row. Nothing is written when it is raised."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UsageError(PositionsError, ValueError):
    """An argument that names something the case does not have (a party, a package, a date)."""
