"""The tables a sheet adds, written out: as a new, commented TOML case, or added to an existing
case file. A TOML case keeps every byte its author wrote (comments included): the new tables
are appended at its end, which TOML allows for arrays of tables. A JSON case, which holds no
comments, is read, extended and written again."""

import datetime as dt
from decimal import Decimal
from typing import Any

from positions._io import tomlwrite
from positions._io.sheetin import Imported, Item
from positions.model import Case

__all__ = ["describe", "into_json", "into_toml", "new_case"]

_NAMES = {
    "stance": ("stance", "stances"),
    "precondition": ("precondition", "preconditions"),
    "party": ("party", "parties"),
    "issue": ("issue", "issues"),
    "source": ("source", "sources"),
    "milestone": ("milestone", "milestones"),
}
_ORDER = ("source", "party", "issue", "milestone", "stance", "precondition")


def describe(imported: Imported) -> str:
    """What the import adds, in words: '12 stances, 3 preconditions and 1 party'."""
    words = []
    for key in ("stance", "precondition", "party", "issue", "source", "milestone"):
        n = imported.count(key)
        if n:
            words.append(f"{n} {_NAMES[key][0] if n == 1 else _NAMES[key][1]}")
    if not words:
        return "nothing"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _files(imported: Imported) -> str:
    names = list(dict.fromkeys(g.file for g in imported.grids))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _blocks(imported: Imported) -> list[str]:
    lines: list[str] = []
    for key in _ORDER:
        for item in imported.items.get(key, []):
            lines.append("")
            lines.extend(tomlwrite.block(f"[[{key}]]", _table(item), above=[item.where()]))
    return lines


def _table(item: Item) -> dict[str, Any]:
    """The item's keys in the order the case format lists them."""
    order = {
        "stance": (
            "party",
            "issue",
            "as_of",
            "demand",
            "red_line",
            "basis",
            "demand_basis",
            "red_line_basis",
            "when",
            "priority",
            "source",
            "quote",
            "note",
            "retracted",
        ),
        "precondition": (
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
    }.get(item.key, ())
    first = {k: item.raw[k] for k in order if k in item.raw}
    return {**first, **{k: v for k, v in item.raw.items() if k not in first}}


def new_case(imported: Imported, case_id: str, title: str) -> str:
    """A new TOML case holding what the sheets hold, with comments saying what to fill in."""
    dates = imported.dates()
    example = dates[-1].isoformat() if dates else "2030-03-01"
    lines = [
        tomlwrite.comment(f"A case imported by `positions import` from {_files(imported)}."),
        tomlwrite.comment(
            "Every key is described in docs/case-format.md; check the file with `positions check`."
        ),
        "format = 1",
        "",
        "[case]",
        f"id = {tomlwrite.string(case_id)}  # a slug: lowercase letters, digits and '-'",
        f"title = {tomlwrite.string(title)}  # say which negotiation this is",
        f"# as_of = {example}  # the default snapshot date; left out: the latest date below",
        *_blocks(imported),
    ]
    return "\n".join(lines) + "\n"


def into_toml(text: str, imported: Imported) -> str:
    """The case file's text with the new tables appended, its own text untouched."""
    head = text if not text or text.endswith("\n") else text + "\n"
    note = tomlwrite.comment(f"Imported by `positions import` from {_files(imported)}.")
    return head + "\n" + note + "\n" + "\n".join(_blocks(imported)) + "\n"


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def into_json(text: str, imported: Imported) -> str:
    """The JSON case with the new tables added at the end of their lists."""
    import json

    from positions._report.render import render_json

    doc = json.loads(text.removeprefix("\ufeff"), parse_float=Decimal)
    for key in _ORDER:
        new = [_json_value(_table(item)) for item in imported.items.get(key, [])]
        if new:
            doc[key] = [*doc.get(key, []), *new]
    return render_json(doc, indent=True)


def _default_id(output: str | None, paths: list[str]) -> str:
    import re
    from pathlib import Path

    from positions._io.common import SLUG

    for name in ([output] if output else []) + paths:
        stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")
        if stem and SLUG.match(stem):
            return stem
    return "imported"


def run_import(
    paths: list[str],
    *,
    into: str | None = None,
    output: str | None = None,
    case_id: str | None = None,
    title: str | None = None,
) -> tuple[str, Imported]:
    """Import the sheets at `paths`: the text of the case file to write (a new case, or `into`
    with the rows added) and what it adds. Raises SheetError (every problem of the sheets, at
    their cells) or CaseError (`into` is not a valid case); the text returned loads."""
    from pathlib import Path

    from positions._io.common import SLUG
    from positions._io.sheet import read_sheets
    from positions._io.sheetin import import_grids
    from positions.errors import UsageError
    from positions.io import _structure, format_of, load, loads

    if case_id is not None and not SLUG.match(case_id):
        raise UsageError(f"{case_id!r} is not a slug id: use lowercase letters, digits and '-'")
    grids = read_sheets(paths)
    case = None
    text = ""
    fmt: Any = "toml"
    if into is not None:
        fmt = format_of(into)
        case = load(into)
        text = Path(into).read_bytes().decode("utf-8")

    def check(doc: dict[str, Any]) -> Case:
        return _structure(doc, "toml", "<sheets>")

    imported = import_grids(grids, case, check)
    if case is None:
        files = _files(imported)
        result = new_case(
            imported, case_id or _default_id(output, paths), title or f"Imported from {files}"
        )
    elif fmt == "toml":
        result = into_toml(text, imported)
    else:
        result = into_json(text, imported)
    loads(result, fmt, file=output or into or "<imported case>")  # what is written loads
    return result, imported
