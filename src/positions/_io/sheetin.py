"""Importing sheets: rows of stances, preconditions, parties, issues, sources and milestones read
into the tables of a case file, checked by the loader's own rules, every mistake reported at its
sheet, row and column.

Each cell is read by its column (an id, a date, free text, an outcome set in the notation of
`_io/notation.py`, ...) into the data a case file would hold; the rows then go through the
loader together with the case they join (its parties, issues, sources and milestones), and each
problem the loader finds at a path (`$.stance[3].demand`) is reported at the cell it came from.
Nothing is kept unless the whole import is valid.
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from positions._echo import short
from positions._io.common import suggest
from positions._io.notation import (
    NotationError,
    parse_condition,
    parse_conditions,
    parse_number,
    parse_set,
)
from positions._io.sheet import Cell, Formula, Grid, column_letter
from positions.errors import CaseError, SheetError, SheetProblem
from positions.model import Case
from positions.outcomes import Scale

__all__ = ["COLUMNS", "KINDS", "Imported", "Item", "import_grids"]

#: the columns of each kind of sheet, in the order `export` writes them
COLUMNS: dict[str, tuple[str, ...]] = {
    "stances": (
        "party",
        "issue",
        "as_of",
        "demand",
        "red_line",
        "basis",
        "source",
        "quote",
        "note",
        "priority",
        "when",
        "demand_basis",
        "red_line_basis",
        "retracted",
    ),
    "preconditions": (
        "party",
        "requires",
        "before",
        "as_of",
        "basis",
        "source",
        "quote",
        "note",
        "retracted",
    ),
    "issues": (
        "id",
        "title",
        "short",
        "scale",
        "level",
        "label",
        "unit",
        "min",
        "max",
        "description",
        "codes",
    ),
    "parties": ("id", "name", "role", "kind", "aliases"),
    "sources": ("id", "title", "publisher", "date", "url"),
    "milestones": ("id", "label", "reached", "follows", "source"),
}
KINDS = tuple(COLUMNS)
REQUIRED = {
    "stances": ("party", "issue", "basis"),
    "preconditions": ("party", "requires", "before", "basis"),
    "issues": ("id", "title", "scale"),
    "parties": ("id", "name"),
    "sources": ("id", "title"),
    "milestones": ("id", "label"),
}
LIST_KEY = {
    "stances": "stance",
    "preconditions": "precondition",
    "issues": "issue",
    "parties": "party",
    "sources": "source",
    "milestones": "milestone",
}
# the order in which a case file lists its tables (and in which sheets are read: issues first,
# so that the sets of the stances are read against the scales of the issues declared with them)
ORDER = ("sources", "parties", "issues", "milestones", "stances", "preconditions")

_TEXT = {"quote", "note", "name", "title", "label", "publisher", "url", "short", "description"}
_DATES = {"as_of", "date", "reached"}


class Item:
    """One table a sheet adds to the case (a stance, a party, ...), with where it came from."""

    def __init__(self, kind: str, grid: Grid, row: int) -> None:
        self.kind = kind
        self.grid = grid
        self.row = row
        self.raw: dict[str, Any] = {}
        # a path inside the table -> the (row, column) it was read from; () -> the row
        self.origin: dict[tuple[Any, ...], tuple[int, str | None]] = {(): (row, None)}

    @property
    def key(self) -> str:
        return LIST_KEY[self.kind]

    def where(self) -> str:
        sheet = f", sheet {self.grid.name}" if self.grid.name is not None else ""
        return f"{self.grid.file}{sheet}, row {self.row}"


class Imported:
    """What the sheets add, by list key (`stance`, `party`, ...), in sheet order."""

    def __init__(self, items: dict[str, list[Item]], grids: Sequence[Grid]) -> None:
        self.items = items
        self.grids = grids

    def count(self, key: str) -> int:
        return len(self.items.get(key, []))

    def dates(self) -> list[dt.date]:
        found = []
        for items in self.items.values():
            for item in items:
                for k in ("as_of", "date", "reached"):
                    if isinstance(item.raw.get(k), dt.date):
                        found.append(item.raw[k])
        return sorted(found)


def _header_name(cell: Cell) -> str:
    text = cell.isoformat() if isinstance(cell, dt.date) else str(cell)
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def _empty(cell: Cell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _kind(grid: Grid, names: list[str]) -> str | None:
    title = grid.title.strip().lower()
    for kind in KINDS:
        if title in (kind, LIST_KEY[kind]):
            return kind
    cols = set(names)
    if "requires" in cols:
        return "preconditions"
    if {"party", "issue"} <= cols:
        return "stances"
    if "scale" in cols or "level" in cols:
        return "issues"
    for kind, pair in (("parties", "name"), ("milestones", "label"), ("sources", "title")):
        if {"id", pair} <= cols:
            return kind
    return None


class _Reader:
    """Reads the grids into items, collecting every problem."""

    def __init__(self, case: Case | None) -> None:
        self.problems: list[tuple[int, int, int, SheetProblem]] = []  # sort keys, problem
        self.scales: dict[str, Scale | None] = {}
        if case is not None:
            self.scales.update((i.id, i.scale) for i in case.issues)
        self.grid_index: dict[int, int] = {}
        self.columns: dict[int, list[str]] = {}

    def add(
        self, grid: Grid, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        names = self.columns.get(id(grid), [])
        col = names.index(column) if column in names else -1
        key = (self.grid_index.get(id(grid), 0), row or 0, col)
        self.problems.append((*key, grid.problem(message, row, column)))

    # ---- the header -------------------------------------------------------------------------

    def header(self, grid: Grid) -> tuple[str, list[str | None]] | None:
        """The sheet's kind and each column's name (None for a column to leave out)."""
        for merged in grid.merged:
            first = merged.split(":")[0]
            row = int(re.sub(r"[A-Z]+", "", first))
            what = (
                "give each column its own header" if row == 1 else "write the value in every cell"
            )
            self.add(grid, f"merged cells {merged}: {what}", row, re.sub(r"\d+", "", first))
        header = grid.rows[0]
        names = [_header_name(c) if not isinstance(c, Formula) else "" for c in header]
        kind = _kind(grid, names)
        self.columns[id(grid)] = [n for n in names]
        if kind is None:
            self.add(
                grid,
                "cannot tell what this sheet holds: name it (or its file) stances, preconditions, "
                "parties, issues, sources or milestones, or give it party and issue columns "
                "(stances) or a requires column (preconditions)",
                1,
            )
            return None
        allowed = COLUMNS[kind]
        out: list[str | None] = []
        seen: set[str] = set()
        for j, (cell, name) in enumerate(zip(header, names, strict=True)):
            letter = column_letter(j)
            filled = any(j < len(r) and not _empty(r[j]) for r in grid.rows[1:])
            if isinstance(cell, Formula):
                self.add(grid, f"a formula in the header ({short(cell.text)})", 1, letter)
                out.append(None)
            elif not name:
                if filled:
                    self.add(
                        grid,
                        "a column without a header (a merged header cell?): give each column "
                        "its own header",
                        1,
                        letter,
                    )
                out.append(None)
            elif name not in allowed:
                self.add(
                    grid,
                    f"unknown column {short(name)} (columns of {kind}: {', '.join(allowed)})"
                    + suggest(name, allowed),
                    1,
                    letter,
                )
                out.append(None)
            elif name in seen:
                self.add(grid, f"column {name} appears twice", 1, letter)
                out.append(None)
            else:
                seen.add(name)
                out.append(name)
        missing = [c for c in REQUIRED[kind] if c not in seen]
        if missing:
            needs = ", ".join(REQUIRED[kind])
            self.add(
                grid,
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"(every row of {kind} needs {needs})",
                1,
            )
        return kind, out

    # ---- the rows ---------------------------------------------------------------------------

    def rows(self, grid: Grid, kind: str, names: list[str | None]) -> list[Item]:
        items: list[Item] = []
        for r, row in enumerate(grid.rows[1:], start=2):
            if all(_empty(c) for c in row):
                continue
            cells: dict[str, Cell] = {}
            for j, cell in enumerate(row):
                name = names[j] if j < len(names) else None
                if name is None:
                    if not _empty(cell) and j >= len(names):
                        self.add(grid, "a value in a column without a header", r, column_letter(j))
                    continue
                if isinstance(cell, Formula):
                    self.add(
                        grid,
                        f"a formula ({short(cell.text)}): positions never evaluates formulas; "
                        "write the value itself (start it with ' to keep the text)",
                        r,
                        name,
                    )
                    continue
                if not _empty(cell) or (name in _TEXT and cell != ""):
                    cells[name] = cell
            item = Item(kind, grid, r)
            for name in COLUMNS[kind]:
                if name in cells:
                    try:
                        self.cell(item, name, cells[name], cells)
                    except (NotationError, ValueError) as e:
                        self.add(grid, str(e), r, name)
            items.append(item)
        return items

    def put(self, item: Item, key: str, value: Any, column: str) -> None:
        item.raw[key] = value
        item.origin[(key,)] = (item.row, column)

    def cell(self, item: Item, name: str, cell: Cell, cells: dict[str, Cell]) -> None:
        """Read one cell into the item's table; raises NotationError or ValueError."""
        if item.kind == "issues" and name in ("scale", "level", "label", "unit", "min", "max"):
            self.issue_cell(item, name, cell)
        elif name in _TEXT:
            self.put(item, name, _text(cell), name)
        elif name in _DATES:
            self.put(item, name, _date(cell), name)
        elif name == "retracted":
            if _bool(cell):
                self.put(item, name, True, name)
        elif name in ("demand", "red_line"):
            issue = _id(cells.get("issue", ""))
            scale = self.scales.get(issue)
            text = _text(cell)
            self.put(item, name, text if scale is None else parse_set(text, scale, issue), name)
        elif name == "when":
            self.put(item, name, parse_conditions(_text(cell), self.scales), name)
        elif name == "requires":
            self.put(item, name, parse_condition(_text(cell), self.scales), name)
        elif name in ("aliases", "codes"):
            self.put(item, name, [p.strip() for p in _text(cell).split(";") if p.strip()], name)
        elif name == "follows":
            self.put(item, name, [p.strip() for p in _text(cell).split(",") if p.strip()], name)
        else:
            self.put(item, name, _id(cell), name)

    def issue_cell(self, item: Item, name: str, cell: Cell) -> None:
        scale = item.raw.setdefault("scale", {})
        item.origin.setdefault(("scale",), (item.row, "scale"))
        if name == "scale":
            scale["kind"] = _id(cell)
            item.origin[("scale", "kind")] = (item.row, "scale")
        elif name == "unit":
            scale["unit"] = _text(cell).strip()
            item.origin[("scale", "unit")] = (item.row, "unit")
        elif name in ("min", "max"):
            number = parse_number(_text(cell))
            if number is None:
                raise ValueError(f"expected a number, got {short(_text(cell))}")
            scale[name] = number
            item.origin[("scale", name)] = (item.row, name)
        elif name == "level":
            item.raw.setdefault("_levels", []).extend(
                (p.strip(), item.row) for p in _text(cell).split(",") if p.strip()
            )
        else:  # label
            item.raw["_label"] = _text(cell)


def _text(cell: Cell) -> str:
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.date):
        return cell.isoformat()
    assert isinstance(cell, str)
    return cell


def _id(cell: Cell) -> str:
    return _text(cell).strip()


def _date(cell: Cell) -> dt.date:
    if isinstance(cell, dt.datetime):
        if cell.time() != dt.time():
            raise ValueError(f"expected a date, got a date and time {cell.isoformat()}")
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = _text(cell).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"expected a date as YYYY-MM-DD (e.g. 2026-01-05), got {short(text)}"
        ) from None


def _bool(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    text = _text(cell).strip().lower()
    if text in ("true", "yes"):
        return True
    if text in ("false", "no", ""):
        return False
    raise ValueError(f"expected true or false, got {short(_text(cell))}")


def _merge_issues(items: list[Item], reader: _Reader) -> list[Item]:
    """Rows of one issue (one per level, in the long format `export` writes) as one item."""
    merged: dict[str, Item] = {}
    out: list[Item] = []
    for item in items:
        ident = item.raw.get("id")
        levels = item.raw.pop("_levels", [])
        label = item.raw.pop("_label", None)
        if label is not None and len(levels) != 1:
            reader.add(
                item.grid, "a label names one level: give one level in this row", item.row, "label"
            )
        first = merged.get(ident) if isinstance(ident, str) and ident else None
        if first is None:
            if isinstance(ident, str) and ident:
                merged[ident] = item
            first = item
            out.append(item)
        else:
            for key, value in item.raw.items():
                if key == "scale":
                    for k, v in value.items():
                        if first.raw.setdefault("scale", {}).get(k, v) != v:
                            reader.add(
                                item.grid,
                                f"issue {ident!r} has another {k} above (row {first.row})",
                                item.row,
                                item.origin[("scale", k)][1],
                            )
                elif first.raw.get(key, value) != value:
                    reader.add(
                        item.grid,
                        f"issue {ident!r} has another {key} above (row {first.row})",
                        item.row,
                        key,
                    )
                else:
                    first.raw.setdefault(key, value)
                    first.origin.setdefault((key,), item.origin[(key,)])
        kind = first.raw.get("scale", {}).get("kind")
        for name, row in levels:
            entry: Any = name if label is None else {"id": name, "label": label}
            key = "options" if kind == "categorical" else "levels"
            scale = first.raw.setdefault("scale", {})
            scale.setdefault(key, []).append(entry)
            first.origin[("scale", key, len(scale[key]) - 1)] = (row, "level")
            first.origin.setdefault(("scale", key), (row, "level"))
    return out


def import_grids(
    grids: Sequence[Grid], case: Case | None, check: Callable[[dict[str, Any]], Case]
) -> Imported:
    """Read the grids into the tables they add to `case` (None: a new case). `check(doc)`
    loads a raw case document, raising CaseError. Raises SheetError listing every problem:
    what loading refuses, and a row that repeats a record `case` already has (see `_clashes`;
    the sheet's other `check` findings are left to `positions check`, as in a file)."""
    reader = _Reader(case)
    kinds: list[tuple[Grid, str, list[str | None]]] = []
    for n, grid in enumerate(grids):
        reader.grid_index[id(grid)] = n
        if not grid.rows or all(all(_empty(c) for c in row) for row in grid.rows):
            if grid.name is None:
                reader.add(grid, "the sheet is empty: expected a header row and rows below it")
            continue
        found = reader.header(grid)
        if found is not None:
            kinds.append((grid, *found))
    items: dict[str, list[Item]] = {LIST_KEY[k]: [] for k in ORDER}
    for kind in ORDER:
        for grid, grid_kind, names in kinds:
            if grid_kind == kind:
                items[LIST_KEY[kind]].extend(reader.rows(grid, kind, names))
        if kind == "issues":
            items["issue"] = _merge_issues(items["issue"], reader)
            from positions._io.hooks import scale_hook

            for item in items["issue"]:
                ident = item.raw.get("id")
                if isinstance(ident, str) and ident not in reader.scales:
                    try:
                        reader.scales[ident] = scale_hook(item.raw.get("scale"), Scale)
                    except Exception:
                        reader.scales[ident] = None  # the loader reports it at its cell
    _validate(items, case, reader, check)
    if reader.problems and case is None:
        _missing_tables(items, reader)
    if reader.problems:
        raise SheetError([p for *_, p in sorted(reader.problems, key=lambda x: x[:3])])
    return Imported({k: v for k, v in items.items() if v}, grids)


def _missing_tables(items: dict[str, list[Item]], reader: _Reader) -> None:
    """One line ahead of the rest when a new case's rows name parties, issues or sources and
    no sheet defines any: every row then fails for that one reason, and this says what to do."""
    rows = items["stance"] + items["precondition"]
    if not rows:
        return
    named = {"party": "parties", "issue": "issues", "source": "sources"}
    missing = [
        word
        for key, word in named.items()
        if not items[key] and any(key in item.raw or key == "party" for item in rows)
    ]
    if missing:
        listed = " and ".join(missing) if len(missing) <= 2 else "parties, issues and sources"
        reader.add(
            rows[0].grid,
            f"no sheet defines {listed}: a new case takes them from sheets of their own "
            f"({', '.join(f'{w}.csv' for w in missing)}, or sheets of those names in a "
            "workbook), or import --into a case that has them",
        )


_PATH = re.compile(r"\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]")


def _parts(path: str) -> tuple[Any, ...]:
    return tuple(m[1] if m[1] is not None else int(m[2]) for m in _PATH.finditer(path))


def _validate(
    items: dict[str, list[Item]],
    case: Case | None,
    reader: _Reader,
    check: Callable[[dict[str, Any]], Case],
) -> None:
    """The loader's verdict on the new tables, joined to the case; each problem at its cell."""
    from positions._io.convert import converter

    conv = converter("toml")
    doc: dict[str, Any] = {"case": {"id": "sheet", "title": "sheet"}}
    offsets: dict[str, int] = {}
    if case is not None:
        doc["case"]["as_of"] = case.as_of
    for key, existing in (
        ("source", case.sources if case else ()),
        ("party", case.parties if case else ()),
        ("issue", case.issues if case else ()),
        ("milestone", case.milestones if case else ()),
        ("stance", case.stances if case else ()),
        ("precondition", case.preconditions if case else ()),
    ):
        offsets[key] = len(existing)
        doc[key] = [conv.unstructure(x) for x in existing] + [i.raw for i in items[key]]
    try:
        built = check(doc)
    except CaseError as e:
        problems = [(p.path, p.message) for p in e.problems]
    else:  # it loads: a new row that clashes with a record the case has stops it too
        problems = _clashes(built, offsets)
    if problems:
        marked = {(p.file, p.sheet, p.row, p.column) for *_, p in reader.problems}
        for path, text in problems:
            parts = _parts(path)
            if parts[:1] == ("case",) and case is None:
                first = next(iter(item for group in items.values() for item in group), None)
                if first is not None:
                    reader.add(
                        first.grid,
                        "a new case needs a date: give the rows an as_of (or import --into a case)",
                    )
                continue
            if len(parts) < 2 or parts[0] not in offsets or not isinstance(parts[1], int):
                continue  # not about a new table: the case itself (loaded already) has no problem
            index = parts[1] - offsets[parts[0]]
            if index < 0:
                continue
            item = items[parts[0]][index]
            rest = parts[2:]
            while rest not in item.origin:
                rest = rest[:-1]
            row, column = item.origin[rest]
            message = _sheet_message(text, item, items, offsets, case)
            m = re.match(r"missing required key '(\w+)'", text)
            if m and column is None:
                column = m[1]
                if column not in reader.columns.get(id(item.grid), []):
                    continue  # the missing column is reported once, at the header
                message = f"empty: every row of {item.kind} needs a {column}"
            if (item.grid.file, item.grid.name, row, column) in marked:
                continue
            if (
                column is None
                and text.startswith("a stance needs demand")
                and any(
                    (item.grid.file, item.grid.name, row, c) in marked
                    for c in ("demand", "red_line")
                )
            ):
                continue
            reader.add(item.grid, message, row, column)


def _clashes(built: Case, offsets: dict[str, int]) -> list[tuple[str, str]]:
    """The errors `positions check` finds in a new row against a record the case already had
    (a second stance of a party on an issue at one date, say: the same sheet imported twice),
    as (path, message). Other findings are the sheet's own, as they would be in a file:
    `positions check` reports them."""
    from positions.engine.check import check as findings

    clashes = []
    for f in findings(built):
        m = re.fullmatch(r"\$\.(\w+)\[(\d+)\]", f.other or "")
        if f.severity == "error" and m and int(m[2]) < offsets.get(m[1], 0):
            clashes.append((f.path, f.message))
    return clashes


def _sheet_message(
    message: str,
    item: Item,
    items: dict[str, list[Item]],
    offsets: dict[str, int],
    case: Case | None,
) -> str:
    """A loader's or check's message reworded for a sheet: the other of a duplicate by its row
    (or as the case's own), and no talk of which one in the file counts (neither is written)."""
    m = re.search(r"\((first defined at|also) \$\.(\w+)\[(\d+)\]\)", message)
    if m:
        key, index = m[2], int(m[3]) - offsets.get(m[2], 0)
        if index < 0:
            where = "the case already has it" if m[1] != "also" else "the case has one already"
        else:
            first = items[key][index]
            where = f"{'first given' if m[1] != 'also' else 'the other'} in {first.where()}"
        message = message[: m.start()] + f"({where})" + message[m.end() :]
    return re.sub(r"; the later one (in the file )?counts$", "", message)
