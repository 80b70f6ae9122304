"""Spreadsheets in and out: CSV files and XLSX workbooks as grids of cells, and grids written
back as CSV or XLSX. What the cells mean is `_io/sheetin.py`'s and `_io/sheetout.py`'s business.

Cells are text, dates or booleans; a formula is never evaluated: it is kept as a `Formula`, which
the importer reports as an error. XLSX needs the optional `openpyxl` (`pip install
'positions[xlsx]'`), imported only here and only for a workbook.

CSV files made by `positions export` open safely in a spreadsheet: a cell that a spreadsheet
would run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return, unless
it is a plain number such as `-3`) is written with a leading `'`, and so is a cell that starts
with `'` followed by one of those (or by another `'`). Reading a CSV file takes that one `'`
off again, so that every cell reads back exactly as it was; any other cell is read as it is.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from positions.errors import SheetError, SheetProblem

__all__ = [
    "XLSX_EXTRA",
    "Formula",
    "Grid",
    "column_letter",
    "csv_text",
    "read_sheets",
    "xlsx_bytes",
]

XLSX_EXTRA = "pip install 'positions[xlsx]'"

# what a spreadsheet runs as a formula (with the full-width forms some spreadsheets accept)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")


class Formula:
    """A formula cell (`=1+1`): never evaluated, reported as an error."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


Cell = str | dt.date | dt.datetime | bool | Formula


class Grid:
    """One sheet: a CSV file, or one worksheet of a workbook. `rows[0]` is the header (row 1)."""

    def __init__(self, file: str, name: str | None, title: str, rows: list[list[Cell]]) -> None:
        self.file = file  # the file as given, for messages
        self.name = name  # the worksheet's name; None for a CSV file
        self.title = title  # what names its kind: the file's stem, or the worksheet's name
        self.rows = rows
        self.merged: list[str] = []  # ranges of merged cells ("A1:C1"), in a workbook

    def problem(
        self, message: str, row: int | None = None, column: str | None = None
    ) -> SheetProblem:
        return SheetProblem(
            message=message, file=self.file, sheet=self.name, row=row, column=column
        )


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------------------------------------
# reading


def read_sheets(paths: Sequence[str]) -> list[Grid]:
    """Every sheet of the given files (.csv: one; .xlsx: each worksheet); raises SheetError
    listing every file that cannot be read."""
    grids: list[Grid] = []
    problems: list[SheetProblem] = []
    for path in paths:
        suffix = Path(path).suffix.lower()
        try:
            if suffix == ".csv":
                grids.append(_read_csv(path))
            elif suffix == ".xlsx":
                grids.extend(_read_xlsx(path))
            else:
                problems.append(
                    SheetProblem(
                        message=f"unknown sheet type {suffix or '(none)'!r}: a sheet is a .csv "
                        "file or an .xlsx workbook",
                        file=path,
                    )
                )
        except SheetError as e:
            problems.extend(e.problems)
    if problems:
        raise SheetError(problems)
    return grids


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        reason = "no such file"
    except IsADirectoryError:
        reason = "is a directory, not a sheet"
    except PermissionError:
        reason = "cannot be read: permission denied"
    except OSError as e:
        reason = f"cannot be read: {e.strerror or e}"
    raise SheetError([SheetProblem(message=reason, file=path)])


def _read_csv(path: str) -> Grid:
    data = _read_bytes(path)
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as e:
        row = data.count(b"\n", 0, e.start) + 1
        raise SheetError(
            [
                SheetProblem(
                    message=f"the file is not UTF-8 text (byte 0x{data[e.start]:02x} near line "
                    f"{row}); save it as CSV UTF-8",
                    file=path,
                )
            ]
        ) from None
    first = text.split("\n", 1)[0]
    # spreadsheets set to a locale with decimal commas save CSV with semicolons
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    try:
        rows: list[list[Cell]] = [
            [_csv_cell(c) for c in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as e:
        raise SheetError([SheetProblem(message=f"not a CSV file: {e}", file=path)]) from None
    return Grid(path, None, Path(path).stem, rows)


def _csv_cell(text: str) -> Cell:
    if text.startswith(("=", "\uff1d")):
        return Formula(text)
    if text.startswith("'") and text[1:2] and text[1:2] in (*_FORMULA_STARTS, "'"):
        return text[1:]  # the mark `export` (or a careful analyst) put before a formula-like cell
    return text


def _read_xlsx(path: str) -> list[Grid]:
    try:
        import openpyxl
    except ImportError:
        raise SheetError(
            [SheetProblem(message=f"reading .xlsx needs openpyxl: {XLSX_EXTRA}", file=path)]
        ) from None
    data = _read_bytes(path)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as e:  # not a zip, not a workbook, a part missing: one clear line
        raise SheetError(
            [SheetProblem(message=f"not an .xlsx workbook ({type(e).__name__}: {e})", file=path)]
        ) from None
    grids = []
    for sheet in book.worksheets:
        rows: list[list[Cell]] = []
        for row in sheet.iter_rows():
            rows.append([_xlsx_cell(c) for c in row])
        grid = Grid(path, sheet.title, sheet.title, rows)
        grid.merged = [str(r) for r in sheet.merged_cells.ranges]
        grids.append(grid)
    return grids


def _xlsx_cell(cell: Any) -> Cell:
    value = cell.value
    if cell.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        text = getattr(value, "text", value)
        return Formula(str(text))
    if value is None:
        return ""
    if isinstance(value, str):
        return _xlsx_unescape(value)
    if isinstance(value, bool | dt.date):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(Decimal(repr(value)))  # the number as the workbook wrote it, not a float
    return str(value)


# ---------------------------------------------------------------------------------------------
# writing


def _safe(text: str) -> str:
    """A CSV cell that opens safely in a spreadsheet and reads back as `text` (see above)."""
    if (text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.match(text)) or (
        text.startswith("'") and text[1:2] and text[1:2] in (*_FORMULA_STARTS, "'")
    ):
        return "'" + text
    return text


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A sheet as CSV text: a header, then one line per row (cells quoted where needed)."""
    lines = [",".join(_quoted(h) for h in header)]
    lines.extend(",".join(_quoted(_safe(_text(c))) for c in row) for row in rows)
    return "\n".join(lines) + "\n"


_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def _quoted(text: str) -> str:
    """A CSV field, quoted when it holds a comma, a quote or a line break (a lone carriage
    return too, which the csv module's writer leaves bare when lines end in a line feed)."""
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


FIXED_TIME = dt.datetime(2000, 1, 1)  # a workbook's timestamps: the same bytes on every run


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]]) -> bytes:
    """Sheets (name, header, rows) as an .xlsx workbook. Text is written as text, never as a
    formula; dates as dates. The bytes are the same on every run (fixed timestamps)."""
    try:
        import openpyxl
    except ImportError:
        from positions.errors import UsageError

        raise UsageError(f"writing .xlsx needs openpyxl: {XLSX_EXTRA}") from None
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, header, rows in sheets:
        sheet = book.create_sheet(title=name)
        sheet.append(list(header))
        for row in rows:
            sheet.append([None if c is None or c == "" else _xlsx_escape(c) for c in row])
        for cells in sheet.iter_rows(min_row=1):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a string, even one starting with '='
                    if cell.value.startswith(_FORMULA_STARTS):
                        cell.quotePrefix = True  # shown as text, kept as text when edited
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    book.properties.creator = "positions"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


# Control characters cannot stand in a workbook's XML (and a carriage return would be read back
# as a line feed): they are written as OOXML escapes, `_x0001_`, as spreadsheets write them; an
# escape-like text of the cell's own (`_x0041_`) has its underscore escaped (`_x005F_x0041_`).
_XLSX_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
_XLSX_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _xlsx_escape(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return _XLSX_ESCAPE.sub(lambda m: f"_x{ord(m[0]):04X}_", value)


def _xlsx_unescape(text: str) -> str:
    if "_x" not in text:
        return text
    return _XLSX_ESCAPED.sub(lambda m: chr(int(m[1], 16)), text)


def _fixed_zip(data: bytes) -> bytes:
    """The zip with every entry's time set to one fixed date, and core.xml's dates fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()
