"""Outcome sets and conditions as a spreadsheet cell writes them, and back.

A cell holds the words the reports print (`full`, `at least partial`, `un or joint`, `5 to 20
km`) or the shorter forms an analyst types (`one of un, joint`, `12.5..20 km`). Each form of the
case format has one written form here, which `write_set` writes and `parse_set` reads back to the
same data:

| cell | data (as the case file writes it) |
|---|---|
| `full`, `12.5 km` | a bare value |
| `un, joint` (also `un or joint`); `full,` (a list of one) | a bare list |
| `exactly full` (also `is full`) | `{ is = "full" }` |
| `one of un, joint` | `{ one_of = [...] }` |
| `none of un, joint` (also `anything but un and joint`) | `{ none_of = [...] }` |
| `at least partial`, `at most 15 km` | `{ at_least = ... }`, `{ at_most = ... }` |
| `12.5..20 km`, `partial..full` (also `12.5 to 20 km`) | `{ at_least = ..., at_most = ... }` |

Numbers are exact (`int` or `decimal.Decimal`, never a float); a numeric issue's unit may follow
the number and must be the issue's. What the cell means is then read by the loader's own rules
(`positions.outcomes.parse_outcomes`), so a cell and a case file accept the same sets.

A condition (a stance's `when`, a precondition's `requires`) is `ISSUE SET` (`withdrawal at most
partial`, or with a colon: `withdrawal: at most partial`) or `milestone ID` (`milestone talks`);
a `when` cell holds several, separated by `;`, all of which must hold.
"""

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from positions._echo import short
from positions.outcomes import Number, Scale

__all__ = [
    "NotationError",
    "parse_condition",
    "parse_conditions",
    "parse_number",
    "parse_set",
    "write_condition",
    "write_conditions",
    "write_set",
]


class NotationError(ValueError):
    """A cell that is not in the notation; the message says what was expected."""


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
_INTEGER = re.compile(r"[+-]?\d+\Z")
_PREFIXES = (
    ("at least ", "at_least"),
    ("at most ", "at_most"),
    ("exactly ", "is"),
    ("is ", "is"),
    ("one of ", "one_of"),
    ("none of ", "none_of"),
    ("anything but ", "none_of"),
)
_LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+or\s+|\s+and\s+")


def parse_number(text: str) -> Number | None:
    """`text` as an exact number (an int, or a Decimal as written), or None if it is not one."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    if _INTEGER.match(text):
        return int(text)
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


def _unit_off(text: str, scale: Scale, issue: str) -> str:
    """A numeric cell without its unit (which must be the issue's)."""
    unit = scale.unit
    if unit and text.endswith(unit):
        rest = text[: -len(unit)]
        if rest.endswith((" ", "\t")) or not unit[0].isalnum() or (rest and rest[-1].isdigit()):
            return rest.rstrip()
    m = re.search(r"(?<=[\d\s.])([^\d\s.+-][^\d]*)\Z", text)
    if m and parse_number(text[: m.start()]) is not None:
        expected = (
            f"the unit of issue {issue!r} is {unit!r}" if unit else f"issue {issue!r} has no unit"
        )
        raise NotationError(f"unit {short(m[1].strip())} does not fit: {expected}")
    return text


def _value(text: str, scale: Scale, issue: str) -> Any:
    text = text.strip()
    if scale.finite:
        return text
    text = _unit_off(text, scale, issue)
    number = parse_number(text)
    return text if number is None else number  # a word: the loader says a number is expected


def _items(text: str, scale: Scale, issue: str) -> list[Any]:
    parts = _LIST_SEPARATOR.split(text.strip())
    if parts and parts[-1] == "":
        parts.pop()  # `full,`: a list of one
    return [_value(p, scale, issue) for p in parts]


def parse_set(text: str, scale: Scale, issue: str) -> Any:
    """A cell's outcome set as the data a case file would hold (for `parse_outcomes`)."""
    cell = text.strip()
    lowered = cell.lower()
    if lowered in ("nothing", "anything") and not scale.has(cell):
        raise NotationError(
            f"{cell!r} is not a set a party can hold: write the outcomes (e.g. 'at least partial')"
        )
    for prefix, key in _PREFIXES:
        if lowered.startswith(prefix):
            rest = cell[len(prefix) :]
            if key in ("one_of", "none_of"):
                return {key: _items(rest, scale, issue)}
            return {key: _value(rest, scale, issue)}
    bare = cell if scale.finite else _unit_off(cell, scale, issue)
    for separator in ("..", " to "):
        if separator in bare:
            low, high = bare.split(separator, 1)
            return {"at_least": _value(low, scale, issue), "at_most": _value(high, scale, issue)}
    if "," in cell or re.search(r"\s+or\s+", cell):
        return _items(cell, scale, issue)
    return _value(cell, scale, issue)


def _with_unit(text: str, scale: Scale) -> str:
    return f"{text} {scale.unit}" if not scale.finite and scale.unit else text


def write_set(data: Any, scale: Scale, bare_is: bool = False) -> str:
    """Outcome-set data (as `OutcomeSet.to_data` writes it) as a cell; `parse_set` reads it back
    to the same data. With `bare_is`, `{ is = x }` is written as a bare value (as a condition's
    table, which has no bare form, reads it back)."""
    if isinstance(data, list):
        words = [str(v) for v in data]
        return _with_unit(", ".join(words) + ("," if len(words) == 1 else ""), scale)
    if not isinstance(data, dict):
        return _with_unit(str(data), scale)
    keys = set(data) - {"unit"}
    if keys == {"is"}:
        word = _with_unit(str(data["is"]), scale)
        return word if bare_is else f"exactly {word}"
    if keys in ({"one_of"}, {"none_of"}):
        key = "one_of" if "one_of" in keys else "none_of"
        return f"{key.replace('_', ' ')} " + ", ".join(str(v) for v in data[key])
    if keys == {"at_least", "at_most"}:
        low, high = str(data["at_least"]), str(data["at_most"])
        return _with_unit(f"{low}..{high}", scale)
    if keys == {"at_least"}:
        return "at least " + _with_unit(str(data["at_least"]), scale)
    if keys == {"at_most"}:
        return "at most " + _with_unit(str(data["at_most"]), scale)
    raise ValueError(f"not outcome-set data: {data!r}")


# ---------------------------------------------------------------------------------------------
# conditions


def _as_table(data: Any) -> dict[str, Any]:
    if isinstance(data, dict):
        return data
    if isinstance(data, list):
        return {"one_of": data}
    return {"is": data}


def parse_condition(text: str, scales: Mapping[str, Scale | None]) -> dict[str, Any]:
    """One condition as the table a case file holds: `{ issue = ..., <set> }` or
    `{ milestone = ... }`. An issue that is not in `scales` is left for the loader to report."""
    cell = text.strip()
    m = re.fullmatch(r"milestone\s*:?\s*(\S+)", cell, re.IGNORECASE)
    if m and "milestone" not in scales:
        return {"milestone": m[1]}
    m = re.fullmatch(r"([^\s:]+)\s*(?::\s*|\s+)(.+)", cell, re.DOTALL)
    if m is None:
        if cell in scales:
            raise NotationError(
                f"a condition on issue {cell!r} needs its outcomes, e.g. '{cell} at least ...' "
                "(a milestone is written 'milestone ID')"
            )
        return {"milestone": cell}  # the loader says whether the milestone exists
    issue, rest = m[1], m[2]
    scale = scales.get(issue)
    if scale is None:
        return {"issue": issue, "is": rest.strip()}  # the unknown issue is reported on its own
    return {"issue": issue, **_as_table(parse_set(rest, scale, issue))}


def parse_conditions(text: str, scales: Mapping[str, Scale | None]) -> Any:
    """A `when` cell: one condition (a table) or several (a list), separated by `;`."""
    parts = text.split(";")
    if any(not p.strip() for p in parts):
        raise NotationError("an empty condition between ';': write one condition on each side")
    found = [parse_condition(p, scales) for p in parts]
    return found[0] if len(found) == 1 else found


def write_condition(data: Mapping[str, Any], scales: Mapping[str, Scale]) -> str:
    """A condition's table (`{ issue, <set> }` or `{ milestone }`) as a cell."""
    if "milestone" in data:
        return f"milestone {data['milestone']}"
    issue = data["issue"]
    rest = {k: v for k, v in data.items() if k != "issue"}
    return f"{issue} {write_set(rest, scales[issue], bare_is=True)}"


def write_conditions(items: list[Mapping[str, Any]], scales: Mapping[str, Scale]) -> str:
    return "; ".join(write_condition(c, scales) for c in items)
