"""Case files <-> `Case`: the only module that knows file formats.

Loading runs in three steps. The text is decoded (TOML or JSON; syntax errors carry line and
column). A tolerant first pass reads what later steps need from the raw document (each issue's
scale, the default date) and checks every id and reference. Then one cattrs converter, with strict
hooks, structures the document into the model; its errors are collected with their paths. Every
problem found, from any step, is reported at once, in file order, in one `CaseError`.
"""

import contextlib
import datetime as dt
import gc
import math
import re
import sys
import tomllib
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from positions.errors import CaseError, Problem
from positions.model import (
    Case,
    Issue,
    Milestone,
    Package,
    Party,
    Precondition,
    Requirement,
    Source,
    Stance,
)
from positions.outcomes import (
    BINARY_VALUES,
    SET_KEYS,
    OutcomeError,
    OutcomeSet,
    Scale,
    as_table,
    describe_value,
    parse_outcomes,
    parse_value,
)

__all__ = [
    "FORMATS",
    "converter",
    "dumps",
    "format_of",
    "load",
    "load_package",
    "loads",
    "read_raw",
]

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


class _Invalid(ValueError):
    """A value that does not fit; the message says what was expected."""


class _Located(Exception):
    """Problems below the value being structured, each at a sub-path."""

    def __init__(self, items: list[tuple[Parts, str]]) -> None:
        super().__init__("; ".join(m for _, m in items))
        self.items = items


def _short(s: str, limit: int = 60) -> str:
    return repr(s if len(s) <= limit else s[:limit] + "…")


def _choices(names: Iterable[str], limit: int = 12) -> str:
    names = list(names)
    if len(names) > limit:
        return ", ".join(names[:limit]) + f", … ({len(names)} in all)"
    return ", ".join(names) if names else "none defined"


def _suggest(word: str, names: Iterable[str]) -> str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(word, list(names), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


# ---------------------------------------------------------------------------------------------
# bound raw values: an outcome set travels to its hook with the scales it is read against


class _Bound:
    """A raw outcome set on its way to its hook, with the scales to read it against. (The
    carriers of this module are plain classes: each attrs class costs start-up time.)"""

    __slots__ = ("issue", "raw", "scales")

    def __init__(
        self, raw: Any, scales: Mapping[str, Scale | None], issue: str | None = None
    ) -> None:
        self.raw = raw
        self.scales = scales  # None for an issue whose scale is invalid (reported on its own)
        self.issue = issue


_UNKNOWN_SCALE = Scale(kind="categorical")


def _outcome_set_hook(value: Any, _: type) -> OutcomeSet:
    assert isinstance(value, _Bound)
    scale = value.scales.get(value.issue) if isinstance(value.issue, str) else None
    if scale is None:
        return OutcomeSet(scale=_UNKNOWN_SCALE)  # the unknown issue is reported on its own
    try:
        return parse_outcomes(value.raw, scale, value.issue or "")
    except OutcomeError as e:
        raise _Invalid(str(e)) from None


def _requirement_hook(value: Any, _: type) -> Requirement:
    assert isinstance(value, _Bound)
    raw = value.raw
    if not isinstance(raw, dict):
        raise _Invalid(
            'expected a table: { issue = "id", at_least = ... } or { milestone = "id" }, '
            f"got {describe_value(raw)}"
        )
    if "milestone" in raw:
        extra = sorted(set(raw) - {"milestone"})
        if extra:
            raise _Invalid(
                f"a milestone requirement takes only 'milestone'; remove {', '.join(extra)}"
            )
        if not isinstance(raw["milestone"], str):
            raise _Located(
                [
                    (
                        ("milestone",),
                        f"expected a milestone id, got {describe_value(raw['milestone'])}",
                    )
                ]
            )
        return Requirement(milestone=raw["milestone"])
    if "issue" not in raw:
        raise _Invalid("expected 'issue' (with an outcome set) or 'milestone'")
    issue = raw["issue"]
    if not isinstance(issue, str):
        raise _Located([(("issue",), f"expected an issue id, got {describe_value(issue)}")])
    rest = {k: v for k, v in raw.items() if k != "issue"}
    unknown = sorted(set(rest) - set(SET_KEYS))
    if unknown:
        raise _Located(
            [
                (
                    (unknown[0],),
                    f"unknown key {unknown[0]!r} in a requirement "
                    f"(expected: issue, milestone, {', '.join(SET_KEYS)})",
                )
            ]
        )
    scale = value.scales.get(issue)
    if scale is None:
        return Requirement(issue=issue, outcomes=OutcomeSet(scale=_UNKNOWN_SCALE))
    if not rest:
        raise _Invalid(
            f"the requirement on issue {issue!r} needs an outcome set ({', '.join(SET_KEYS)})"
        )
    try:
        outcomes = parse_outcomes(rest, scale, issue)
    except OutcomeError as e:
        raise _Invalid(str(e)) from None
    return Requirement(issue=issue, outcomes=outcomes)


def _package_outcomes_hook(value: Any, _: type) -> tuple[tuple[str, Any], ...]:
    assert isinstance(value, _Bound)
    raw = value.raw
    if not isinstance(raw, dict):
        raise _Invalid(f"expected a table of issue = outcome, got {describe_value(raw)}")
    if not raw:
        raise _Invalid("a package needs at least one outcome")
    out: list[tuple[str, Any]] = []
    problems: list[tuple[Parts, str]] = []
    for issue, outcome in raw.items():
        if issue not in value.scales:
            problems.append(
                (
                    (issue,),
                    f"unknown issue {issue!r} (issues: "
                    f"{_choices(value.scales)}){_suggest(issue, value.scales)}",
                )
            )
            continue
        scale = value.scales[issue]
        if scale is None:
            continue  # the issue's scale is reported on its own
        try:
            out.append((issue, parse_value(outcome, scale, issue)))
        except OutcomeError as e:
            hint = ""
            if isinstance(outcome, list | dict):
                hint = " (package outcomes take a single value)"
            problems.append(((issue,), f"{e}{hint}"))
    if problems:
        raise _Located(problems)
    return tuple(out)


def _finite(v: int | float) -> bool:
    try:
        return math.isfinite(v)
    except OverflowError:  # an integer too large for a float
        return False


def _scale_hook(raw: Any, _: type) -> Scale:
    if not isinstance(raw, dict):
        raise _Invalid(
            'expected a table such as { kind = "ordinal", levels = [...] }, got '
            + describe_value(raw)
        )
    kind = raw.get("kind")
    kinds = ("ordinal", "categorical", "binary", "numeric")
    if kind not in kinds or not isinstance(kind, str):
        raise _Located(
            [
                (
                    ("kind",),
                    f"expected a scale kind ({', '.join(kinds)}), got "
                    f"{'nothing' if 'kind' not in raw else describe_value(kind)}",
                )
            ]
        )
    allowed = {
        "ordinal": ("kind", "levels"),
        "categorical": ("kind", "options"),
        "binary": ("kind",),
        "numeric": ("kind", "unit", "min", "max"),
    }[kind]
    a_kind = f"{'an' if kind == 'ordinal' else 'a'} {kind}"
    problems: list[tuple[Parts, str]] = []
    for key in raw:
        if key not in allowed:
            problems.append(
                ((key,), f"unknown key {key!r} for {a_kind} scale (expected: {', '.join(allowed)})")
            )
    if kind == "binary":
        if problems:
            raise _Located(problems)
        return Scale(kind="binary", values=BINARY_VALUES, labels=(None, None))
    if kind == "numeric":
        unit = raw.get("unit")
        if "unit" in raw and not isinstance(unit, str):
            problems.append((("unit",), f"expected a string, got {describe_value(unit)}"))
        bounds: dict[str, int | float | None] = {}
        for key in ("min", "max"):
            v = raw.get(key)
            if key in raw and (
                isinstance(v, bool) or not isinstance(v, int | float) or not _finite(v)
            ):
                problems.append(((key,), f"expected a finite number, got {describe_value(v)}"))
                v = None
            bounds[key] = v
        lo, hi = bounds["min"], bounds["max"]
        if lo is not None and hi is not None and lo >= hi:
            problems.append((("max",), f"max {hi!r} must be above min {lo!r}"))
        if problems:
            raise _Located(problems)
        return Scale(kind="numeric", unit=unit, min=lo, max=hi)
    key = "levels" if kind == "ordinal" else "options"
    items = raw.get(key)
    if not isinstance(items, list):
        got = "nothing" if key not in raw else describe_value(items)
        problems.append(((key,), f"expected a list of {key} ({kind} scale), got {got}"))
        raise _Located(problems)
    if len(items) < 2:
        problems.append(((key,), f"{a_kind} scale needs at least two {key}, got {len(items)}"))
    ids: list[str] = []
    labels: list[str | None] = []
    for i, item in enumerate(items):
        label: object = None
        if isinstance(item, dict):
            for k in item:
                if k not in ("id", "label"):
                    problems.append(((key, i, k), f"unknown key {k!r} (expected: id, label)"))
            ident, label = item.get("id"), item.get("label")
            if "label" in item and not isinstance(label, str):
                problems.append(
                    ((key, i, "label"), f"expected a string, got {describe_value(label)}")
                )
                label = None
        else:
            ident = item
        if not isinstance(ident, str) or not SLUG.match(ident):
            problems.append(
                (
                    (key, i),
                    f"expected a slug id (lowercase letters, digits, '-') "
                    f"or {{ id, label }}, got {describe_value(ident)}",
                )
            )
            continue
        if ident in ids:
            problems.append(((key, i), f"duplicate {key[:-1]} {ident!r}"))
            continue
        ids.append(ident)
        labels.append(label if isinstance(label, str) else None)
    if problems:
        raise _Located(problems)
    return Scale(kind=kind, values=tuple(ids), labels=tuple(labels))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# the converter


@attrs.frozen(kw_only=True)
class _Header:
    id: str
    title: str
    summary: str | None = None
    as_of: dt.date  # the first pass fills in the default


@attrs.frozen(kw_only=True)
class _Document:
    format: int = 1
    case: _Header
    source: tuple[Source, ...] = ()
    party: tuple[Party, ...] = ()
    issue: tuple[Issue, ...] = ()
    milestone: tuple[Milestone, ...] = ()
    package: tuple[Package, ...] = ()
    stance: tuple[Stance, ...] = ()
    precondition: tuple[Precondition, ...] = ()


# attribute name -> key in the file, where they differ
_RENAMES: dict[type, dict[str, str]] = {Party: {"members": "member"}}
_FILE_KEY = {"members": "member"}


def _strict_str(v: Any, _: type) -> str:
    if not isinstance(v, str):
        raise _Invalid(f"expected a string, got {describe_value(v)}")
    return v


def _strict_bool(v: Any, _: type) -> bool:
    if not isinstance(v, bool):
        raise _Invalid(f"expected true or false, got {describe_value(v)}")
    return v


def _strict_int(v: Any, _: type) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise _Invalid(f"expected a whole number, got {describe_value(v)}")
    return v


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_hook(fmt: Format) -> Callable[[Any, type], dt.date]:
    def toml_date(v: Any, _: type) -> dt.date:
        if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
            raise _Invalid(
                f"expected a date such as 2026-01-05 (unquoted), got {describe_value(v)}"
            )
        return v

    def json_date(v: Any, _: type) -> dt.date:
        if isinstance(v, str) and v in seen:
            return seen[v]
        if not isinstance(v, str) or not _ISO_DATE.fullmatch(v):
            raise _Invalid(f'expected a date string "YYYY-MM-DD", got {describe_value(v)}')
        try:
            day = seen[v] = dt.date.fromisoformat(v)
        except ValueError:
            raise _Invalid(f"{v!r} is not a real date") from None
        return day

    seen: dict[str, dt.date] = {}

    return toml_date if fmt == "toml" else json_date


def _is_literal(t: Any) -> bool:
    return typing.get_origin(t) is Literal


def _literal_hook(t: Any) -> Callable[[Any, type], Any]:
    allowed = typing.get_args(t)

    def hook(v: Any, _: type) -> Any:
        if not isinstance(v, str) or v not in allowed:
            raise _Invalid(
                f"expected one of {', '.join(repr(a) for a in allowed)}, got {describe_value(v)}"
                + (_suggest(v, allowed) if isinstance(v, str) else "")
            )
        return v

    return hook


def _is_optional(t: Any) -> bool:
    return typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in (
        typing.get_args(t)
    )


def _is_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


@cache
def converter(fmt: Format, detailed: bool = True) -> cattrs.Converter:
    """The one converter, set up for `fmt` (the set-ups differ only in how dates are written).

    `detailed` (the default) collects every error with its path. Loading first tries the plain
    set-up, whose generated code is half the size (half the start-up cost) and faster, and
    turns to the detailed one only when something is wrong, to say everything that is."""
    conv = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(dt.date, _date_hook(fmt))
    conv.register_structure_hook(Scale, _scale_hook)
    conv.register_structure_hook(OutcomeSet, _outcome_set_hook)
    conv.register_structure_hook(Requirement, _requirement_hook)
    conv.register_structure_hook_factory(_is_literal, _literal_hook)

    def optional_factory(t: Any) -> Callable[[Any, type], Any]:
        (inner,) = [a for a in typing.get_args(t) if a is not type(None)]

        def hook(v: Any, _: type) -> Any:
            try:
                return conv.structure(v, inner)  # so JSON null is an error (TOML has none)
            except _Invalid as e:
                if v is None:
                    raise _Invalid(f"{e}; to leave it unset, leave the key out") from None
                raise

        return hook

    conv.register_structure_hook_factory(_is_optional, optional_factory)

    def tuple_factory(t: Any) -> Callable[[Any, type], Any]:
        elem = typing.get_args(t)[0]

        def hook(v: Any, _: type) -> tuple[Any, ...]:
            if not isinstance(v, list):
                raise _Invalid(f"expected a list, got {describe_value(v)}")
            out, errors = [], []
            for i, item in enumerate(v):
                try:
                    out.append(conv.structure(item, elem))
                except Exception as e:
                    e.add_note(IterableValidationNote(f"@ index {i}", i, elem))
                    errors.append(e)
            if errors:
                raise IterableValidationError("invalid items", errors, t)
            return tuple(out)

        return hook

    conv.register_structure_hook_factory(_is_tuple, tuple_factory)

    def class_factory(cl: Any) -> Callable[[Any, type], Any]:
        overrides: dict[str, Any] = {
            name: override(rename=key) for name, key in _RENAMES.get(cl, {}).items()
        }
        if cl is Package:
            overrides["outcomes"] = override(struct_hook=_package_outcomes_hook)
        inner = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True, **overrides)

        def hook(v: Any, t: type) -> Any:
            if not isinstance(v, dict):
                raise _Invalid(f"expected a table, got {describe_value(v)}")
            return inner(v, t)

        return hook

    conv.register_structure_hook_factory(attrs.has, class_factory)

    # writing
    conv.register_unstructure_hook(
        dt.date, (lambda d: d.isoformat()) if fmt == "json" else (lambda d: d)
    )
    conv.register_unstructure_hook(OutcomeSet, lambda s: s.to_data())
    conv.register_unstructure_hook(Scale, _unstructure_scale)
    conv.register_unstructure_hook(Requirement, _unstructure_requirement)

    def unstructure_factory(cl: Any) -> Callable[[Any], Any]:
        overrides: dict[str, Any] = {
            name: override(rename=key) for name, key in _RENAMES.get(cl, {}).items()
        }
        if cl is Package:
            overrides["outcomes"] = override(unstruct_hook=lambda o: dict(o))
        return make_dict_unstructure_fn(cl, conv, _cattrs_omit_if_default=True, **overrides)

    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return conv


def _unstructure_scale(s: Scale) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": s.kind}
    if s.kind in ("ordinal", "categorical"):
        out["levels" if s.kind == "ordinal" else "options"] = [
            v if label is None else {"id": v, "label": label}
            for v, label in zip(s.values, s.labels, strict=True)
        ]
    if s.kind == "numeric":
        for key in ("unit", "min", "max"):
            if getattr(s, key) is not None:
                out[key] = getattr(s, key)
    return out


def _unstructure_requirement(r: Requirement) -> dict[str, Any]:
    if r.milestone is not None:
        return {"milestone": r.milestone}
    assert r.outcomes is not None
    return {"issue": r.issue, **as_table(r.outcomes.to_data())}


# ---------------------------------------------------------------------------------------------
# decoding text


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _decode(data: bytes | str, fmt: Format, file: str) -> Any:
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
            raise CaseError(
                file,
                [
                    Problem(
                        message=f"the file is not UTF-8 text (byte 0x{data[e.start]:02x} cannot be "
                        "decoded); save it as UTF-8",
                        line=line,
                        column=col,
                    )
                ],
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        raise CaseError(
            file,
            [
                Problem(
                    message=f"the file holds a NUL byte: it is binary, not a {fmt.upper()} case",
                    line=line,
                    column=col,
                )
            ],
        )
    if not text.strip():
        raise CaseError(
            file,
            [
                Problem(
                    message=f"the file is empty; expected a {fmt.upper()} case "
                    "with at least a [case] table"
                )
            ],
        )
    try:
        if fmt == "toml":
            toml = tomllib.loads(text)
            return _Suspect(toml) if _SURROGATE.search(text) else toml
        import json  # only for JSON files: TOML cases do not pay for it

        hooks = _JsonHooks()
        try:
            raw = json.loads(text, object_pairs_hook=hooks.pairs, parse_constant=hooks.constant)
        except json.JSONDecodeError as e:
            raise CaseError(
                file,
                [Problem(message=f"JSON syntax error: {e.msg}", line=e.lineno, column=e.colno)],
            ) from None
        if isinstance(data, str) and _SURROGATE.search(text):
            hooks.refused = True  # text given as str may hold lone surrogates as they are
        if hooks.refused or ("\\u" in text and _SURROGATE_ESCAPE.search(text)):
            return _Suspect(raw)
        return raw
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            msg = msg[: m.start()].strip()
            raise CaseError(
                file,
                [Problem(message=f"TOML syntax error: {msg}", line=int(m[1]), column=int(m[2]))],
            ) from None
        m = re.search(r"\(at end of document\)", msg)
        line, col = _line_col(text, len(text))
        raise CaseError(
            file,
            [Problem(message=f"TOML syntax error: {msg.split(' (at')[0]}", line=line, column=col)],
        ) from None
    except CaseError:
        raise
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        limit = sys.get_int_max_str_digits()
        m = re.search(rf"\d{{{limit + 1},}}", text)
        line, col = _line_col(text, m.start()) if m else (1, 1)
        raise CaseError(
            file,
            [
                Problem(
                    message=f"a number has more than {limit} digits: write a shorter one",
                    line=line,
                    column=col,
                )
            ],
        ) from None
    except RecursionError:
        raise CaseError(file, [Problem(message="the file nests too deeply to be a case")]) from None


class _Refused:
    """A JSON value no case may hold, left in place so that it is reported at its path."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


class _JsonHooks:
    """json.loads hooks that leave a `_Refused` where a duplicate key or NaN/Infinity stood,
    and remember whether they did (so that only then is the document walked for them)."""

    def __init__(self) -> None:
        self.refused = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) == len(pairs):
            return out
        self.refused = True
        out = {}
        for key, value in pairs:
            if key in out:
                value = _Refused(f"duplicate key {key!r} in one object: keep one")
            out[key] = value
        return out

    def constant(self, name: str) -> Any:
        self.refused = True
        return _Refused(f"{name} is not a number in a case file; write a finite number")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refused(raw: Any) -> list[tuple[Parts, str]]:
    """What decoding let through but no case may hold: refused JSON values, lone surrogates."""
    found: list[tuple[Parts, str]] = []
    stack: list[tuple[Parts, Any]] = [((), raw)]
    while stack:  # not recursive: the document may nest as deep as the decoder allows
        parts, node = stack.pop()
        if isinstance(node, _Refused):
            found.append((parts, node.message))
        elif isinstance(node, str) and _SURROGATE.search(node):
            found.append((parts, _surrogate_message(node)))
        elif isinstance(node, dict):
            for key in node:
                if _SURROGATE.search(key):
                    found.append(((*parts, key), "the key " + _surrogate_message(key)))
            stack.extend(((*parts, k), v) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(((*parts, i), v) for i, v in reversed(list(enumerate(node))))
    return found


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class _Suspect:
    """A decoded document that may hold refused values or lone surrogates: walk it."""

    __slots__ = ("raw",)

    def __init__(self, raw: Any) -> None:
        self.raw = raw


def _surrogate_message(text: str) -> str:
    return (
        f"{_short(text)} holds a lone surrogate (a \\u escape from \\ud800 to \\udfff "
        "without its pair), which is not a character: write the character itself"
    )


# ---------------------------------------------------------------------------------------------
# the first pass: scales, dates, ids and references, read from the raw document


class _Pass:
    def __init__(self, raw: dict[str, Any], fmt: Format) -> None:
        self.raw = raw
        self.fmt = fmt
        self.problems: list[tuple[Parts, str]] = []
        self.broken: set[str] = set()  # lists that are not lists: no reference into them is checked
        self._sets: dict[int, tuple[list[str], set[str]]] = {}  # id of a list of names -> its set

    def add(self, parts: Parts, message: str) -> None:
        self.problems.append((parts, message))

    def items(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            return []
        return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]

    def date(self, v: Any) -> dt.date | None:
        try:
            return _date_hook(self.fmt)(v, dt.date)
        except _Invalid:
            return None

    def ids(self, key: str, shared: dict[str, Parts] | None = None) -> list[str]:
        seen: dict[str, Parts] = {} if shared is None else shared
        found: list[str] = []
        for i, item in self.items(key):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue  # reported by the converter
            if not SLUG.match(ident):
                self.add(
                    (key, i, "id"),
                    f"{_short(ident)} is not a slug id: use lowercase "
                    "letters, digits and '-' (e.g. 'full-withdrawal')",
                )
            elif ident in seen:
                first = _format_path(seen[ident])
                self.add((key, i, "id"), f"duplicate id {ident!r} (first defined at {first})")
            else:
                seen[ident] = (key, i)
            found.append(ident)
        return found

    def ref(self, parts: Parts, value: Any, kind: str, names: list[str]) -> None:
        if not isinstance(value, str):
            return  # a wrong type is reported by the converter
        known = self._sets.get(id(names))
        if known is None:
            known = self._sets[id(names)] = (names, set(names))
        if value in known[1]:
            return
        if self.broken and any(k in self.broken for k in kind.split(" or ")):
            return
        plural = _PLURALS.get(kind, kind + "s")
        unique = list(dict.fromkeys(names))
        self.add(
            parts,
            f"unknown {kind} {value!r} ({plural}: {_choices(unique)}){_suggest(value, unique)}",
        )


_PLURALS = {"party": "parties", "issue or milestone": "issues and milestones"}


def _first_pass(raw: dict[str, Any], fmt: Format) -> tuple[dict[str, Any], _Pass]:
    """Checks ids and references; returns a copy of the document ready for the converter."""
    p = _Pass(raw, fmt)
    fmt_version = raw.get("format", 1)
    if type(fmt_version) is not int or fmt_version not in SUPPORTED_VERSIONS:
        p.add(
            ("format",),
            f"unsupported format {describe_value(fmt_version)} (supported: "
            f"{', '.join(map(str, SUPPORTED_VERSIONS))})",
        )
    schema = raw.get("$schema")
    if "$schema" in raw and not isinstance(schema, str):
        p.add(
            ("$schema",), f"expected the schema's address as a string, got {describe_value(schema)}"
        )
    for key in LISTS:
        if key in raw and not isinstance(raw[key], list):
            p.add((key,), f"expected a list of [[{key}]] tables, got {describe_value(raw[key])}")
            p.broken.add(key)
    header = raw.get("case")
    if not isinstance(header, dict):
        p.add(
            ("case",),
            "expected a [case] table with id and title, got "
            f"{'nothing' if header is None else describe_value(header)}",
        )
        header = {}
    case_id = header.get("id")
    if isinstance(case_id, str) and not SLUG.match(case_id):
        p.add(
            ("case", "id"),
            f"{_short(case_id)} is not a slug id: use lowercase letters, digits and '-'",
        )
    sources = p.ids("source")
    parties = p.ids("party")
    nodes: dict[str, Parts] = {}
    issues = p.ids("issue", nodes)
    milestones = p.ids("milestone", nodes)
    p.ids("package")

    scales: dict[str, Scale | None] = {}
    for _, item in p.items("issue"):
        ident = item.get("id")
        if isinstance(ident, str) and ident not in scales:  # a duplicate is reported above
            try:
                scales[ident] = _scale_hook(item.get("scale"), Scale)
            except (_Invalid, _Located):
                scales[ident] = None  # reported by the converter

    for i, party in p.items("party"):
        members = party.get("member", [])
        if isinstance(members, list):
            for j, m in enumerate(members):
                if isinstance(m, dict):
                    p.ref(("party", i, "member", j, "source"), m.get("source"), "source", sources)
    for i, m in p.items("milestone"):
        follows = m.get("follows", [])
        if isinstance(follows, list):
            for j, f in enumerate(follows):
                p.ref(("milestone", i, "follows", j), f, "milestone", milestones)

    # dates: the default snapshot date
    dates: list[dt.date] = []
    for key, field in (
        ("stance", "as_of"),
        ("precondition", "as_of"),
        ("package", "date"),
        ("milestone", "reached"),
    ):
        for _, item in p.items(key):
            d = p.date(item.get(field))
            if d is not None:
                dates.append(d)
    default = p.date(header.get("as_of")) if "as_of" in header else None
    if default is None and "as_of" not in header and dates:
        default = max(dates)

    # What this pass reports is not left for the converter to report again: it gets stand-ins.
    doc = {k: v for k, v in raw.items() if k not in ("format", "$schema") and k not in p.broken}
    filled = _native_date(dt.date.min if default is None else default, fmt)
    needs_date = default is None and "as_of" not in header  # (a bad case.as_of: the converter)
    if not isinstance(raw.get("case"), dict):
        doc["case"] = {"id": "case", "title": "", "as_of": filled}
        needs_date = False
    elif "as_of" not in header:
        doc["case"] = {**header, "as_of": filled}
    undated = 0
    nodes_list = issues + milestones
    for key in ("stance", "precondition"):
        items = raw.get(key)
        if not isinstance(items, list):
            continue
        new_items: list[Any] = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                new_items.append(item)
                continue
            item = dict(item)
            if "as_of" not in item:
                item["as_of"] = filled
                if needs_date:
                    undated += 1
                    p.add(
                        (key, i),
                        "no as_of, and the case has no date to default to: add as_of "
                        "here or in [case]",
                    )
            p.ref((key, i, "party"), item.get("party"), "party", parties)
            p.ref((key, i, "source"), item.get("source"), "source", sources)
            if key == "stance":
                issue = item.get("issue")
                p.ref((key, i, "issue"), issue, "issue", issues)
                for field in ("demand", "red_line"):
                    if field in item:
                        item[field] = _Bound(item[field], scales, issue)
                if (
                    "demand" not in item
                    and "red_line" not in item
                    and item.get("retracted") is not True
                ):
                    p.add(
                        (key, i),
                        "a stance needs demand or red_line (or both), unless retracted = true",
                    )
            else:
                req = item.get("requires")
                if isinstance(req, dict):
                    if isinstance(req.get("issue"), str):
                        p.ref((key, i, "requires", "issue"), req["issue"], "issue", issues)
                    if isinstance(req.get("milestone"), str):
                        p.ref(
                            (key, i, "requires", "milestone"),
                            req["milestone"],
                            "milestone",
                            milestones,
                        )
                if "requires" in item:
                    item["requires"] = _Bound(req, scales)
                p.ref(
                    (key, i, "before"),
                    item.get("before"),
                    "issue or milestone",
                    nodes_list,
                )
            new_items.append(item)
        doc[key] = new_items
    packages = raw.get("package")
    if isinstance(packages, list):
        new_packages: list[Any] = []
        for i, item in enumerate(packages):
            if isinstance(item, dict):
                item = dict(item)
                p.ref(("package", i, "source"), item.get("source"), "source", sources)
                if "outcomes" in item:
                    item["outcomes"] = _Bound(item["outcomes"], scales)
                if item.get("kind") == "status-quo" and "date" not in item:
                    p.add(("package", i), "a status-quo package needs a date")
            new_packages.append(item)
        doc["package"] = new_packages
    if needs_date and not undated:  # nothing to default, but the case itself needs a date
        p.add(("case",), "the case has no date to default to: add as_of to [case]")
    return doc, p


def _native_date(d: dt.date, fmt: Format) -> Any:
    return d if fmt == "toml" else d.isoformat()


# ---------------------------------------------------------------------------------------------
# collecting the converter's errors


def _collect(exc: BaseException, parts: Parts, out: list[tuple[Parts, str]]) -> None:
    if isinstance(exc, IterableValidationError):
        items, rest = exc.group_exceptions()
        for e, item in items:
            _collect(e, (*parts, item.index), out)
        for e in rest:
            _collect(e, parts, out)
    elif isinstance(exc, ClassValidationError):
        fields, others = exc.group_exceptions()
        for e, note in fields:
            key = _FILE_KEY.get(note.name, note.name)
            if isinstance(e, KeyError):
                out.append((parts, f"missing required key {key!r}"))
            else:
                _collect(e, (*parts, key), out)
        for e in others:
            _collect(e, parts, out)
    elif isinstance(exc, ForbiddenExtraKeysError):
        allowed = [_FILE_KEY.get(a.name, a.name) for a in attrs.fields(exc.cl)]
        if exc.cl is _Document:
            allowed = list(TOP_KEYS)
        for key in sorted(exc.extra_fields):
            out.append(
                (
                    (*parts, key),
                    f"unknown key {key!r} (expected: {', '.join(allowed)}){_suggest(key, allowed)}",
                )
            )
    elif isinstance(exc, _Located):
        for sub, message in exc.items:
            out.append(((*parts, *sub), message))
    elif isinstance(exc, _Invalid):
        out.append((parts, str(exc)))
    else:  # a converter failure we did not foresee: still one clear line, never a traceback
        out.append((parts, f"invalid value ({type(exc).__name__}: {exc})"))


def _format_path(parts: Parts) -> str:
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", part):
            out += f".{part}"
        else:
            import json

            out += f"[{json.dumps(part, ensure_ascii=not part.isprintable())}]"
    return out


def _file_order(raw: Any, parts: Parts) -> tuple[int, ...]:
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


# ---------------------------------------------------------------------------------------------
# the public functions


def read_raw(data: bytes | str, fmt: Format, file: str) -> dict[str, Any]:
    """Decode a case file's text into its raw document (a dict); raises CaseError."""
    raw = _decode(data, fmt, file)
    suspect = isinstance(raw, _Suspect)
    if suspect:
        raw = raw.raw
    if not isinstance(raw, dict):
        raise CaseError(
            file,
            [
                Problem(
                    message="expected an object at the top of the file "
                    f"(the case), got {describe_value(raw)}"
                )
            ],
        )
    refused = _refused(raw) if suspect else []
    if refused:
        refused.sort(key=lambda pm: _file_order(raw, pm[0]))
        raise CaseError(file, [Problem(message=m, path=_format_path(pp)) for pp, m in refused])
    return raw


def _structure(raw: dict[str, Any], fmt: Format, file: str) -> Case:
    try:
        doc, first = _first_pass(raw, fmt)
    except RecursionError:
        raise CaseError(file, [Problem(message="the file nests too deeply to be a case")]) from None
    problems = list(first.problems)
    document: _Document | None = None
    if not problems:
        with contextlib.suppress(Exception):  # whatever it is, the detailed pass says it below
            document = converter(fmt, detailed=False).structure(doc, _Document)
    if document is None:
        try:
            document = converter(fmt).structure(doc, _Document)
        except RecursionError:
            problems.append(((), "the file nests too deeply to be a case"))
        except Exception as e:
            _collect(e, (), problems)
    if problems:
        seen: set[tuple[Parts, str]] = set()
        unique = []
        for item in sorted(problems, key=lambda pm: _file_order(raw, pm[0])):
            if item not in seen:
                seen.add(item)
                unique.append(item)
        raise CaseError(file, [Problem(message=m, path=_format_path(pp)) for pp, m in unique])
    assert document is not None
    header = document.case
    return Case(
        id=header.id,
        title=header.title,
        summary=header.summary,
        as_of=header.as_of,
        sources=document.source,
        parties=document.party,
        issues=document.issue,
        milestones=document.milestone,
        packages=document.package,
        stances=document.stance,
        preconditions=document.precondition,
    )


def format_of(path: str | Path) -> Format:
    suffix = Path(path).suffix.lower()
    if suffix == ".toml":
        return "toml"
    if suffix == ".json":
        return "json"
    raise CaseError(
        str(path),
        [
            Problem(
                message=f"unknown file type {suffix or '(none)'!r}: a case "
                "file ends in .toml or .json"
            )
        ],
    )


def _read(path: str | Path) -> bytes:
    name = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CaseError(name, [Problem(message="no such file")]) from None
    except IsADirectoryError:
        raise CaseError(name, [Problem(message="is a directory, not a case file")]) from None
    except PermissionError:
        raise CaseError(name, [Problem(message="cannot be read: permission denied")]) from None
    except OSError as e:
        raise CaseError(name, [Problem(message=f"cannot be read: {e.strerror}")]) from None


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading builds many objects and frees none, so the
    collector's passes over them are pure cost (a third of the time on large cases)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(path: str | Path) -> Case:
    """Load a case file (.toml or .json); raises CaseError naming the file and every problem."""
    fmt = format_of(path)
    with _no_collection():
        return _structure(read_raw(_read(path), fmt, str(path)), fmt, str(path))


def load_package(path: str | Path, case: Case) -> Package:
    """Load a file holding one [[package]] in the case format, resolved against `case`."""
    name = str(path)
    fmt = format_of(path)
    raw = read_raw(_read(path), fmt, name)
    problems: list[tuple[Parts, str]] = []
    for key in raw:
        if key not in ("format", "package"):
            problems.append(
                (
                    (key,),
                    f"unknown key {key!r}: a proposal file holds one "
                    "[[package]] (and optionally format)",
                )
            )
    items = raw.get("package")
    if not isinstance(items, list) or len(items) != 1 or not isinstance(items[0], dict):
        got = (
            "nothing"
            if items is None
            else (f"{len(items)} packages" if isinstance(items, list) else describe_value(items))
        )
        problems.append((("package",), f"expected exactly one [[package]] table, got {got}"))
        raise CaseError(name, [Problem(message=m, path=_format_path(pp)) for pp, m in problems])
    item = dict(items[0])
    scales = {i.id: i.scale for i in case.issues}
    ident = item.get("id")
    if isinstance(ident, str) and not SLUG.match(ident):
        problems.append((("package", 0, "id"), f"{_short(ident)} is not a slug id"))
    source = item.get("source")
    sources = [s.id for s in case.sources]
    if isinstance(source, str) and source not in sources:
        problems.append(
            (("package", 0, "source"), f"unknown source {source!r} (sources: {_choices(sources)})")
        )
    if "outcomes" in item:
        item["outcomes"] = _Bound(item["outcomes"], scales)
    package: Package | None = None
    try:
        package = converter(fmt).structure(item, Package)
    except Exception as e:
        _collect(e, ("package", 0), problems)
    if problems:
        ordered = sorted(problems, key=lambda pm: _file_order(raw, pm[0]))
        raise CaseError(name, [Problem(message=m, path=_format_path(pp)) for pp, m in ordered])
    assert package is not None
    return package


def loads(text: str | bytes, format: Format = "toml", *, file: str = "<string>") -> Case:
    """Load a case from text in `format` ("toml" or "json")."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r} (formats: toml, json)")
    with _no_collection():
        return _structure(read_raw(text, format, file), format, file)


def dumps(case: Case, format: Literal["json"] = "json") -> str:
    """The case as a JSON case file that loads back into an equal `Case`."""
    if format != "json":
        raise ValueError(f"unknown format {format!r}: cases are written as json")
    conv = converter("json")
    doc: dict[str, Any] = {"format": 1, "case": {"id": case.id, "title": case.title}}
    if case.summary is not None:
        doc["case"]["summary"] = case.summary
    doc["case"]["as_of"] = case.as_of.isoformat()
    for key, values in (
        ("source", case.sources),
        ("party", case.parties),
        ("issue", case.issues),
        ("milestone", case.milestones),
        ("package", case.packages),
        ("stance", case.stances),
        ("precondition", case.preconditions),
    ):
        if values:
            doc[key] = [conv.unstructure(v) for v in values]
    import json

    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
