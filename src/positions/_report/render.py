"""Rendering tables (tabulate, CSV) and JSON: the only place output formats are known."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from positions._report.safe import csv_cell, json_text, visible

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    pass


JSON = dict[str, Any]


@attrs.frozen(kw_only=True)
class Table:
    """`short`: shorter forms of some cells' text (an issue's title -> its `short` label),
    used when the table must be narrowed to fit a width."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    short: tuple[tuple[str, str], ...] = ()


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


def _prepared(text: str, fmt: str, done: dict[str, str]) -> str:
    found = done.get(text)
    if found is None:
        found = done[text] = _cell(text, fmt)
    return found


#: formats tabulate lays out with a special rule of its own (no padding, centred text, an
#: escaped first column, colons for alignment): always through tabulate's own analysis
_OWN_RULES = {"pretty", "rst", "colon_grid"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # line breaks, tabs, escapes: tabulate's to judge


def _tabulate(rows: list[list[str]], headers: list[str], fmt: str) -> str:
    """`tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)`. tabulate reads
    every cell to find its column's type and width (about 20 µs a row). Cells of one line with
    no control character are text aligned left, each column as wide as its widest cell (or its
    header and tabulate's padding), widths as tabulate measures them (wcwidth's, for wide
    characters): so the columns are aligned here, each distinct text measured once, and
    tabulate lays out the table from them (`_format_table`, where its `tabulate` ends).
    Anything else goes through tabulate whole."""
    import tabulate

    layout = getattr(tabulate, "_format_table", None)
    formats = getattr(tabulate, "_table_formats", {})
    plain = (
        layout is not None
        and fmt in formats
        and fmt not in _OWN_RULES
        and bool(rows)
        and bool(headers)
        and not getattr(tabulate, "PRESERVE_WHITESPACE", False)
        and all(len(row) == len(headers) for row in rows)
    )
    texts = {*headers, *(c for row in rows for c in row)} if plain else set()
    if any(_CONTROL.search(t) for t in texts):
        plain = False  # (a line break, a tab, an escape: tabulate judges those itself)
    columns = [[c.strip() for c in column] for column in zip(*rows, strict=True)] if plain else []
    wide = getattr(tabulate, "wcwidth", None) if getattr(tabulate, "WIDE_CHARS_MODE", 0) else None
    measure: Callable[[str], int] = len if wide is None else wide.wcswidth
    width = {  # each distinct text, measured once (-1: one wcwidth cannot measure)
        t: measure(t) for t in {*headers, *(c for column in columns for c in column)}
    }
    if not plain or layout is None or min(width.values()) < 0:
        return tabulate.tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)
    aligned = []
    heads = []
    widths = []
    for h, column in zip(headers, columns, strict=True):
        texts = set(column)
        room = max(width[h] + tabulate.MIN_PADDING, max(width[t] for t in texts))
        padded = {t: t.ljust(room + len(t) - width[t]) for t in texts}  # as wide as `room`
        aligned.append([padded[c] for c in column])
        heads.append(h.ljust(room + len(h) - width[h]))
        widths.append(room)
    left = ["left"] * len(headers)
    return str(
        layout(
            formats[fmt],
            heads,
            left,
            list(zip(*aligned, strict=True)),
            widths,
            left,
            False,
            [None] * len(rows),
        )
    )


def render(
    tables: Sequence[Table], fmt: str, *, raw_csv: bool = False, width: int | None = None
) -> str:
    """Tables in a tabulate format, or CSV; several tables are separated by a blank line.
    CSV cells are made safe to open in a spreadsheet (`safe.csv_cell`) unless `raw_csv`.
    With `width`, a plain-text table wider than that is narrowed to fit (see `_fit`); csv,
    markdown-like, html and latex formats are never wrapped."""
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
    out = []
    for t in tables:
        prepared: dict[str, str] = {}  # each distinct text made safe once (cells repeat)
        rows = [[_prepared(c, fmt, prepared) for c in row] for row in t.rows]
        headers = [_cell(h, fmt) for h in t.headers]
        if width is not None and fmt in _WRAPPING_FORMATS:
            body, title = _fit(t, rows, headers, fmt, width)
            out.append(f"{title}\n\n{body}\n" if title else f"{body}\n")
            continue
        body = _tabulate(rows, headers, fmt)
        title = _cell(t.title, "plain") if fmt not in ("html", "unsafehtml") else ""
        if fmt == "html" and t.title:
            import html

            title = f"<h2>{html.escape(visible(t.title))}</h2>"
        out.append(f"{title}\n\n{body}\n" if title else f"{body}\n")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# fitting a table to a width (a terminal's): plain-text formats only

#: the formats whose cells may wrap onto several lines: plain text, not markup
_WRAPPING_FORMATS = {
    "plain",
    "simple",
    "grid",
    "simple_grid",
    "rounded_grid",
    "heavy_grid",
    "mixed_grid",
    "double_grid",
    "fancy_grid",
}

#: a wrapped column keeps at least this width, or its longest word up to `MAX_WORD`, so that
#: words are broken only when they are longer than that
MIN_COLUMN = 8
MAX_WORD = 16
#: the cell of a spacer row: a character no cell holds (`visible` escapes controls), which
#: neither tabulate nor textwrap drops; the spacer rows' lines are blanked once drawn
SPACER = "\x00"
#: tabulate pads a header by two columns (it sets the column's width when it is the widest)
HEADER_PADDING = 2


def _text_width(text: str) -> int:
    """The columns `text` takes in a terminal (wide and combining characters counted)."""
    try:
        from wcwidth import wcswidth
    except ImportError:  # tabulate's widechars extra brings it; without it, one per character
        return len(text)
    n = wcswidth(text)
    return n if n >= 0 else len(text)


def _columns(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> tuple[list[int], list[int]]:
    """Each column's natural width (a header counts with its padding) and the least width
    it may be wrapped to (its longest word, between `MIN_COLUMN` and `MAX_WORD`)."""
    widths = [_text_width(h) + HEADER_PADDING for h in headers]
    words = [max((_text_width(w) for w in h.split()), default=0) + HEADER_PADDING for h in headers]
    for row in rows:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], _text_width(c))
            words[i] = max(words[i], max((_text_width(w) for w in c.split()), default=0))
    floors = [
        min(w, max(MIN_COLUMN, min(word, MAX_WORD))) for w, word in zip(widths, words, strict=True)
    ]
    return widths, floors


def _overhead(fmt: str, columns: int) -> int:
    """The columns a format's borders and separators add to the cells' widths."""
    from tabulate import tabulate

    cells = ["x" * (1 + HEADER_PADDING)] * columns
    drawn = tabulate([cells], headers=["x"] * columns, tablefmt=fmt, disable_numparse=True)
    return max(_text_width(line) for line in drawn.splitlines()) - len(cells[0]) * columns


def column_caps(natural: Sequence[int], room: int, floors: Sequence[int]) -> list[int]:
    """The widths to cap columns at so that they add up to at most `room`, narrowing the
    widest first: columns narrower than the share left keep their width, the others share
    what remains equally, none below its floor (so a table may stay wider than `room`)."""
    caps = list(natural)
    order = sorted(range(len(natural)), key=lambda i: natural[i])
    left = room
    for k, i in enumerate(order):
        share = left // (len(order) - k)
        if natural[i] <= share:
            left -= natural[i]
            continue
        rest = order[k:]
        for j, col in enumerate(rest):
            cap = left // len(rest) + (1 if j < left % len(rest) else 0)
            caps[col] = min(natural[col], max(cap, floors[col]))
        break
    return caps


def _fit(
    t: Table, rows: list[list[str]], headers: list[str], fmt: str, width: int
) -> tuple[str, str]:
    """The table's body and title in `fmt`, fitted to `width` columns where it can be: the
    short forms of cells first (issues' short labels), then the widest columns wrapped.
    In `simple` and `plain`, the rows of a wrapped table are set apart by a blank line."""
    import textwrap

    from tabulate import tabulate

    room = width - _overhead(fmt, len(headers))
    natural, floors = _columns(rows, headers)
    if sum(natural) > room and t.short:
        shorter = {visible(full): visible(short) for full, short in t.short}
        rows = [[shorter.get(c, c) for c in row] for row in rows]
        natural, floors = _columns(rows, headers)
    title = _cell(t.title, "plain")
    if _text_width(title) > width:
        title = "\n".join(textwrap.wrap(title, width))
    if sum(natural) <= room:
        return tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True), title
    caps = column_caps(natural, room, floors)
    spaced = fmt in ("simple", "plain")  # wrapped rows would run together: a blank line between
    if spaced:
        rows = [r for row in rows for r in ([SPACER] * len(row), row)][1:]
    narrowed = [c < n for c, n in zip(caps, natural, strict=True)]
    body = tabulate(
        rows,
        headers=headers,
        tablefmt=fmt,
        disable_numparse=True,
        maxcolwidths=[c if n else None for c, n in zip(caps, narrowed, strict=True)],
        maxheadercolwidths=[max(1, c - HEADER_PADDING) for c in caps],
    )
    if spaced:
        lines = body.split("\n")
        body = "\n".join("" if not line.strip(" " + SPACER) else line for line in lines)
    return body, title


def render_json(data: JSON, *, indent: bool = False) -> str:
    """One JSON object, a key per line and a record per line: lists of objects (issue rows,
    verdicts, changes, findings) put each object, compact, on a line of its own. Readable and
    diffable, and fast on large cases (the compact encoder is C; the indenting one is not).
    With `indent`, fully indented instead (for small nested documents such as the schema)."""
    if indent:
        import json  # only for JSON output

        numbers = ExactNumbers()
        text = json.dumps(
            data, ensure_ascii=False, allow_nan=False, indent=2, default=numbers.default
        )
        return json_text(numbers.finish(text)) + "\n"
    return "".join(json_chunks(data))


class Records:
    """A list of objects written one per line as they are made (see `json_chunks`): a large
    report's rows are built, written and dropped one at a time, never held all at once. A row
    may come written already (`Encoded`: one object's compact text)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[JSON | Encoded]) -> None:
        self.items = items


class Encoded:
    """A value already written as JSON text (by `compact`), put in place as it is: a long
    list of small objects that repeat (breaches) is written once per kind, then joined."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def compact(value: Any, numbers: ExactNumbers | None = None) -> str:
    """`value` as compact JSON on one line (", " and ": " as separators), decimals exact."""
    return (numbers or ExactNumbers()).encode(value)


#: the JSON encoder's own writer of a string (C), imported on first use (see `plain_compact`)
_TEXT: list[Callable[[str], str]] = []


def plain_compact(value: Any) -> str | None:
    """`compact(value)` for plain values (a string, a whole number, a list of strings, a table
    of those), without making an encoder (a few microseconds each: a report writing thousands
    of outcome sets makes none); None for any other value, which `compact` writes."""
    if not _TEXT:
        from json.encoder import encode_basestring  # only for JSON output

        _TEXT.append(encode_basestring)
    text = _TEXT[0]
    kind = type(value)
    if kind is str:
        return text(value)
    if kind is int:
        return int.__repr__(value)
    if kind is list:
        if not all(type(v) is str for v in value):
            return None
        return "[" + ", ".join([text(v) for v in value]) + "]"
    if kind is dict:
        parts = []
        for key, v in value.items():
            written = plain_compact(v) if type(key) is str and type(v) is not dict else None
            if written is None:
                return None
            parts.append(f"{text(key)}: {written}")
        return "{" + ", ".join(parts) + "}"
    return None


def json_chunks(data: JSON) -> Iterator[str]:
    """`render_json(data)` in pieces, a record at a time, for writing as it is made. A list of
    objects, or `Records`, puts each object on a line of its own; values may hold `Encoded`
    text. Each piece is finished on its own (exact numbers, unsafe characters escaped)."""
    numbers = ExactNumbers()

    def done(text: str) -> str:
        return json_text(numbers.finish(text))

    head = "{\n"
    for key, value in data.items():
        rows: Iterator[JSON | Encoded] | None = None
        if isinstance(value, Records):
            rows = iter(value.items)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            rows = iter(value)
        first = next(rows, None) if rows is not None else None
        if rows is None or first is None:  # (an empty list of records is written as [])
            shown = [] if isinstance(value, Records) else value
            yield done(f"{head}  {compact(key)}: {compact(shown, numbers)}")
        else:
            yield done(f"{head}  {compact(key)}: [\n    {compact(first, numbers)}")
            batch: list[str] = []  # (a few hundred records a piece: fewer, larger writes)
            for row in rows:
                batch.append(row.text if type(row) is Encoded else numbers.encode(row))
                if len(batch) == 256:
                    yield done(",\n    " + ",\n    ".join(batch))
                    batch.clear()
            if batch:
                yield done(",\n    " + ",\n    ".join(batch))
            yield "\n  ]"
        head = ",\n"
    yield "{\n\n}\n" if head == "{\n" else "\n}\n"  # (as "{\n" + ",\n".join(lines) + "\n}\n")


def write_json(out: TextIO, data: JSON) -> None:
    """Write `render_json(data)` to `out` a record at a time."""
    for chunk in json_chunks(data):
        out.write(chunk)


class ExactNumbers:
    """`json.dumps`' `default` for exact numbers: a `Decimal` is written as the shortest exact
    decimal (`0.9`, never `0.9000000000000057`). Most decimals are a float's shortest form and
    are written through the float; the rare others travel as a placeholder that no case text
    can imitate (it holds a random nonce) and are put in place by `finish`."""

    def __init__(self) -> None:
        self.nonce = ""
        self.exact: dict[str, str] = {}
        self._encoder: Any = None

    def encode(self, value: Any) -> str:
        """`value` as compact JSON (`compact`), through one encoder made once (json.dumps
        would make one per call)."""
        if self._encoder is None:
            import json  # only for JSON output

            self._encoder = json.JSONEncoder(
                ensure_ascii=False, allow_nan=False, separators=(", ", ": "), default=self.default
            )
        text: str = self._encoder.encode(value)
        return text

    def default(self, value: Any) -> Any:
        if isinstance(value, Encoded):
            return self._placeholder(value.text)
        if not isinstance(value, Decimal):
            raise TypeError(f"{type(value).__name__} is not JSON serialisable")
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        if Decimal(repr(as_float)) == value:
            return as_float
        return self._placeholder(format(value.normalize(), "f"))

    def _placeholder(self, text: str) -> str:
        if not self.nonce:
            import secrets

            self.nonce = secrets.token_hex(16)
        key = f"\ue000{self.nonce}:{len(self.exact)}\ue000"
        self.exact[key] = text
        return key

    def finish(self, text: str) -> str:
        """`text` with each placeholder made so far put in place (then forgotten: pieces of
        a document are finished one at a time), in one pass over the text."""
        if not self.exact:
            return text
        if len(self.exact) == 1:
            ((key, digits),) = self.exact.items()
            text = text.replace(f'"{key}"', digits)
        else:
            placeholder = re.compile(f'"(\ue000{self.nonce}:[0-9]+\ue000)"')
            text = placeholder.sub(lambda m: self.exact[m[1]], text)
        self.exact.clear()
        return text
