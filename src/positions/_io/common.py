"""What the loader's steps share: the file formats, ids, paths into a document, and the
problems its hooks raise."""

import re
from collections.abc import Iterable
from typing import Any, Literal

from positions._echo import LIMIT, cut

# the loader's modules import these from here
from positions._echo import choices as choices
from positions._echo import short as short

Format = Literal["toml", "json"]
FORMATS: tuple[Format, ...] = ("toml", "json")
SUPPORTED_VERSIONS = (1,)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
Part = str | int
Parts = tuple[Part, ...]

TOP_KEYS = (
    "format",
    "case",
    "source",
    "party",
    "issue",
    "milestone",
    "package",
    "stance",
    "precondition",
    "$schema",
)
LISTS = ("source", "party", "issue", "milestone", "package", "stance", "precondition")


# ---------------------------------------------------------------------------------------------
# errors raised inside hooks


class Invalid(ValueError):
    """A value that does not fit; the message says what was expected."""


class Located(Exception):
    """Problems below the value being structured, each at a sub-path."""

    def __init__(self, items: list[tuple[Parts, str]]) -> None:
        super().__init__("; ".join(m for _, m in items))
        self.items = items


def suggest(word: str, names: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the known name closest to `word`, or ''."""
    if len(word) > LIMIT:
        return ""  # no name is a typo of a value this long
    import difflib  # only on the error path

    close = difflib.get_close_matches(word, [n for n in names if len(n) <= 2 * LIMIT], n=1)
    return f"; did you mean {short(close[0])}?" if close else ""


def format_path(parts: Parts) -> str:
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif len(part) <= LIMIT and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", part):
            out += f".{part}"
        else:
            import json

            part = cut(part)
            out += f"[{json.dumps(part, ensure_ascii=not part.isprintable())}]"
    return out


def file_order(raw: Any, parts: Parts) -> tuple[int, ...]:
    """Where a path points in the document, as a sortable key (dict keys keep file order)."""
    key: list[int] = []
    node = raw
    for part in parts:
        if isinstance(node, dict) and isinstance(part, str):
            names = list(node)
            key.append(names.index(part) if part in names else len(names))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            key.append(part)
            node = node[part] if 0 <= part < len(node) else None
        else:
            key.append(0)
            node = None
    return tuple(key)
