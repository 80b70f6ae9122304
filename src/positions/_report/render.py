"""Rendering tables (tabulate, CSV) and JSON: the only place output formats are known."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from positions._report.safe import csv_cell, json_text, visible

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    pass


JSON = dict[str, Any]


@attrs.frozen(kw_only=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def table_formats() -> list[str]:
    """Every output format: tabulate's, then json and csv."""
    import tabulate

    return [*sorted(set(tabulate.tabulate_formats) - _RAW_FORMATS), "csv", "json"]


# formats that pass markup through unescaped: hostile text in a name would become live markup
_RAW_FORMATS = {"unsafehtml", "latex_raw"}


# --------------------------------------------------------------------------------------------
# rendering

_PIPE_FORMATS = {
    "pipe",
    "github",
    "jira",
    "orgtbl",
    "presto",
    "psql",
    "textile",
    "moinmoin",
    "youtrack",
    "pretty",
    "outline",
    "simple_outline",
    "rounded_outline",
    "heavy_outline",
    "mixed_outline",
    "double_outline",
    "fancy_outline",
}


def _cell(text: str, fmt: str) -> str:
    text = visible(text)  # one line; controls and bidi overrides shown, not working
    if fmt in _PIPE_FORMATS:
        text = text.replace("\\", "\\\\").replace("|", "\\|")
    elif fmt == "mediawiki":
        text = text.replace("|", "&#124;")
    return text


def render(tables: Sequence[Table], fmt: str, *, raw_csv: bool = False) -> str:
    """Tables in a tabulate format, or CSV; several tables are separated by a blank line.
    CSV cells are made safe to open in a spreadsheet (`safe.csv_cell`) unless `raw_csv`."""
    if fmt == "csv":
        parts = []
        for t in tables:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            if raw_csv:
                writer.writerow(t.headers)
                writer.writerows(t.rows)
            else:
                writer.writerow([csv_cell(h) for h in t.headers])
                writer.writerows([csv_cell(c) for c in row] for row in t.rows)
            parts.append(buf.getvalue())
        return "\n".join(parts)
    from tabulate import tabulate

    out = []
    for t in tables:
        rows = [[_cell(c, fmt) for c in row] for row in t.rows]
        headers = [_cell(h, fmt) for h in t.headers]
        body = tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)
        title = _cell(t.title, "plain") if fmt not in ("html", "unsafehtml") else ""
        if fmt == "html" and t.title:
            import html

            title = f"<h2>{html.escape(visible(t.title))}</h2>"
        out.append(f"{title}\n\n{body}\n" if title else f"{body}\n")
    return "\n".join(out)


def render_json(data: JSON, *, indent: bool = False) -> str:
    """One JSON object, a key per line and a record per line: lists of objects (issue rows,
    verdicts, changes, findings) put each object, compact, on a line of its own. Readable and
    diffable, and fast on large cases (the compact encoder is C; the indenting one is not).
    With `indent`, fully indented instead (for small nested documents such as the schema)."""
    import json  # only for JSON output

    numbers = ExactNumbers()
    if indent:
        text = json.dumps(
            data, ensure_ascii=False, allow_nan=False, indent=2, default=numbers.default
        )
        return json_text(numbers.finish(text)) + "\n"

    def compact(value: Any) -> str:
        return json.dumps(
            value,
            ensure_ascii=False,
            allow_nan=False,
            separators=(", ", ": "),
            default=numbers.default,
        )

    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            rows = ",\n    ".join(compact(v) for v in value)
            lines.append(f"  {compact(key)}: [\n    {rows}\n  ]")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}")
    return json_text(numbers.finish("{\n" + ",\n".join(lines) + "\n}\n"))


class ExactNumbers:
    """`json.dumps`' `default` for exact numbers: a `Decimal` is written as the shortest exact
    decimal (`0.9`, never `0.9000000000000057`). Most decimals are a float's shortest form and
    are written through the float; the rare others travel as a placeholder that no case text
    can imitate (it holds a random nonce) and are put in place by `finish`."""

    def __init__(self) -> None:
        self.nonce = ""
        self.exact: dict[str, str] = {}

    def default(self, value: Any) -> Any:
        if not isinstance(value, Decimal):
            raise TypeError(f"{type(value).__name__} is not JSON serialisable")
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        if Decimal(repr(as_float)) == value:
            return as_float
        if not self.nonce:
            import secrets

            self.nonce = secrets.token_hex(16)
        key = f"\ue000{self.nonce}:{len(self.exact)}\ue000"
        self.exact[key] = format(value.normalize(), "f")
        return key

    def finish(self, text: str) -> str:
        for key, digits in self.exact.items():
            text = text.replace(f'"{key}"', digits)
        return text
