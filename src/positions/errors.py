"""The exceptions positions raises: one root, and a few children."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = ["CaseError", "PositionsError", "Problem", "UsageError"]


class PositionsError(Exception):
    """The root of every error positions raises on purpose."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a case file, at one place in it.

    `path` is a JSONPath-like place (`$.stance[3].red_line`); `line` and `column` are set for
    syntax errors, where no path exists yet.
    """

    message: str
    path: str = "$"
    line: int | None = None
    column: int | None = None

    def where(self) -> str:
        if self.line is not None:
            return f"line {self.line}, column {self.column}"
        return self.path

    def __str__(self) -> str:
        return f"{self.message} @ {self.where()}"


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
        lines = [f"{self.file}: {p}" for p in self.problems]
        return "\n".join(lines)


class UsageError(PositionsError, ValueError):
    """An argument that names something the case does not have (a party, a package, a date)."""
