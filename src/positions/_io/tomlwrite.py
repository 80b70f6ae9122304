"""Writing case-file TOML: values, inline tables and `[[x]]` blocks with comments.

The values of a case are few (strings, whole and decimal numbers, booleans, dates, lists and
tables of them), so a small writer does: it keeps start-up free of a TOML library the core
does not otherwise need. Strings are written as basic strings with every control character,
bidirectional control and line separator escaped, so the file reads the same in any editor and
loads back to the same text.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

__all__ = ["block", "comment", "key", "string", "value"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_ESCAPE = re.compile('[\x00-\x1f\x7f-\x9f"\\\\\u2028\u2029\u202a-\u202e\u2066-\u2069]')
_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def string(text: str) -> str:
    """`text` as a TOML basic string."""
    return '"' + _ESCAPE.sub(lambda m: _SHORT.get(m[0], f"\\u{ord(m[0]):04X}"), text) + '"'


def key(name: str) -> str:
    return name if _BARE_KEY.match(name) else string(name)


def value(v: Any) -> str:
    """A TOML value: lists and tables inline."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return string(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise ValueError(f"a case holds finite numbers only, got {v}")
        return str(v)  # '12.5', '-0.001', '1E+3': all TOML floats, read back exactly
    if isinstance(v, dt.datetime):
        raise ValueError(f"a case holds dates, not date-times: {v}")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


WIDTH = 100


def _wrapped(v: Any) -> str:
    """A value that would make a line longer than WIDTH with its lists one item per line (as
    the case format's examples write a scale's levels); TOML allows line breaks in arrays, also
    inside an inline table."""
    text = value(v)
    if len(text) <= WIDTH - 20:
        return text

    def items(xs: Any) -> str:
        return "[\n" + "".join(f"  {value(x)},\n" for x in xs) + "]"

    if isinstance(v, list | tuple) and len(v) > 1:
        return items(v)
    if isinstance(v, Mapping) and any(
        isinstance(x, list | tuple) and len(x) > 1 for x in v.values()
    ):
        parts = [
            f"{key(k)} = {items(x) if isinstance(x, list | tuple) and len(x) > 1 else value(x)}"
            for k, x in v.items()
        ]
        return "{ " + ", ".join(parts) + " }"
    return text


def comment(text: str) -> str:
    """One comment line (control characters, which would end or garble it, as escapes)."""
    shown = _ESCAPE.sub(lambda m: m[0] if m[0] in '"\\' else f"\\u{ord(m[0]):04X}", text)
    return f"# {shown}" if shown else "#"


def block(
    header: str,
    items: Mapping[str, Any],
    notes: Mapping[str, str] | None = None,
    above: Iterable[str] = (),
) -> list[str]:
    """A `[header]` or `[[header]]` table: comment lines `above` it, then `key = value` lines,
    each with its note as an end-of-line comment."""
    lines = [comment(c) for c in above]
    lines.append(header)
    for k, v in items.items():
        line = f"{key(k)} = {_wrapped(v)}"
        note = (notes or {}).get(k)
        lines.append(f"{line}  {comment(note)}" if note else line)
    return lines
