"""The one cattrs converter: strict hooks for every type, the document's shape, writing a case
back, and turning the converter's errors into problems with their paths."""

import datetime as dt
import re
import types
import typing
from collections.abc import Callable
from functools import cache
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

from positions._io.common import TOP_KEYS, Format, Invalid, Located, Parts, short, suggest
from positions._io.hooks import (
    outcome_set_hook,
    package_outcomes_hook,
    requirement_hook,
    scale_hook,
    when_hook,
)
from positions._io.plain import (
    plain_class_hook,
    plain_precondition_hook,
    plain_stance_hook,
)
from positions.model import (
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
    OutcomeSet,
    Scale,
    as_table,
    describe_value,
)

# ---------------------------------------------------------------------------------------------
# the converter


@attrs.frozen(kw_only=True)
class Header:
    id: str
    title: str
    summary: str | None = None
    as_of: dt.date  # the first pass fills in the default
    single_undertaking: str | None = None


@attrs.frozen(kw_only=True)
class Document:
    format: int = 1
    case: Header
    source: tuple[Source, ...] = ()
    party: tuple[Party, ...] = ()
    issue: tuple[Issue, ...] = ()
    milestone: tuple[Milestone, ...] = ()
    package: tuple[Package, ...] = ()
    stance: tuple[Stance, ...] = ()
    precondition: tuple[Precondition, ...] = ()


# attribute name -> key in the file, where they differ
RENAMES: dict[type, dict[str, str]] = {Party: {"members": "member"}}
FILE_KEY = {"members": "member"}


def strict_str(v: Any, _: type) -> str:
    if not isinstance(v, str):
        raise Invalid(f"expected a string, got {describe_value(v)}")
    return v


def strict_bool(v: Any, _: type) -> bool:
    if not isinstance(v, bool):
        raise Invalid(f"expected true or false, got {describe_value(v)}")
    return v


def strict_int(v: Any, _: type) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise Invalid(f"expected a whole number, got {describe_value(v)}")
    return v


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_hook(fmt: Format) -> Callable[[Any, type], dt.date]:
    def toml_date(v: Any, _: type) -> dt.date:
        if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
            raise Invalid(f"expected a date such as 2026-01-05 (unquoted), got {describe_value(v)}")
        return v

    def json_date(v: Any, _: type) -> dt.date:
        if type(v) is str:  # (most dates repeat: one look-up)
            found = seen.get(v)
            if found is not None:
                return found
        if not isinstance(v, str) or not ISO_DATE.fullmatch(v):
            raise Invalid(f'expected a date string "YYYY-MM-DD", got {describe_value(v)}')
        try:
            day = seen[v] = dt.date.fromisoformat(v)
        except ValueError:
            raise Invalid(f"{v!r} is not a real date") from None
        return day

    seen: dict[str, dt.date] = {}

    return toml_date if fmt == "toml" else json_date


def is_literal(t: Any) -> bool:
    return typing.get_origin(t) is Literal


def literal_hook(t: Any) -> Callable[[Any, type], Any]:
    allowed = typing.get_args(t)

    def hook(v: Any, _: type) -> Any:
        if not isinstance(v, str) or v not in allowed:
            raise Invalid(
                f"expected one of {', '.join(repr(a) for a in allowed)}, got {describe_value(v)}"
                + (suggest(v, allowed) if isinstance(v, str) else "")
            )
        return v

    return hook


def is_optional(t: Any) -> bool:
    return typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in (
        typing.get_args(t)
    )


def is_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


@cache
def converter(fmt: Format, detailed: bool = True) -> cattrs.Converter:
    """The one converter, set up for `fmt` (the set-ups differ only in how dates are written).

    `detailed` (the default) collects every error with its path. Loading first tries the plain
    set-up, whose generated code is half the size (half the start-up cost) and faster, and
    turns to the detailed one only when something is wrong, to say everything that is."""
    conv = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=True)
    conv.register_structure_hook(str, strict_str)
    conv.register_structure_hook(bool, strict_bool)
    conv.register_structure_hook(int, strict_int)
    conv.register_structure_hook(dt.date, date_hook(fmt))
    conv.register_structure_hook(Scale, scale_hook)
    conv.register_structure_hook(OutcomeSet, outcome_set_hook)
    conv.register_structure_hook(Requirement, requirement_hook)
    conv.register_structure_hook_factory(is_literal, literal_hook)

    def optional_factory(t: Any) -> Callable[[Any, type], Any]:
        (inner,) = [a for a in typing.get_args(t) if a is not type(None)]
        structure = conv.get_structure_hook(inner)  # bound once, not dispatched per value
        if inner is OutcomeSet:
            return structure  # the first pass hands every set over bound: never None

        def hook(v: Any, _: type) -> Any:
            try:
                return structure(v, inner)  # so JSON null is an error (TOML has none)
            except Invalid as e:
                if v is None:
                    raise Invalid(f"{e}; to leave it unset, leave the key out") from None
                raise

        if inner is not str:
            return hook

        def optional_str(v: Any, t: type) -> Any:
            return v if isinstance(v, str) else hook(v, t)  # (most optional values are text)

        return optional_str

    conv.register_structure_hook_factory(is_optional, optional_factory)

    def tuple_factory(t: Any) -> Callable[[Any, type], Any]:
        elem = typing.get_args(t)[0]
        structure = conv.get_structure_hook(elem)  # bound once, not dispatched per item

        def hook(v: Any, _: type) -> tuple[Any, ...]:
            if not isinstance(v, list):
                raise Invalid(f"expected a list, got {describe_value(v)}")
            out, errors = [], []
            for i, item in enumerate(v):
                try:
                    out.append(structure(item, elem))
                except Exception as e:
                    e.add_note(IterableValidationNote(f"@ index {i}", i, elem))
                    errors.append(e)
            if errors:
                raise IterableValidationError("invalid items", errors, t)
            return tuple(out)

        return hook

    conv.register_structure_hook_factory(is_tuple, tuple_factory)

    def class_factory(cl: Any) -> Callable[[Any, type], Any]:
        if not detailed:  # no generated code: it costs start-up time to make
            if cl is Stance:
                return plain_stance_hook(conv.get_structure_hook(dt.date))
            if cl is Precondition:
                return plain_precondition_hook(conv.get_structure_hook(dt.date))
            return plain_class_hook(cl, conv, RENAMES.get(cl, {}))
        overrides: dict[str, Any] = {
            name: override(rename=key) for name, key in RENAMES.get(cl, {}).items()
        }
        if cl is Package:
            overrides["outcomes"] = override(struct_hook=package_outcomes_hook)
        if cl is Stance:
            overrides["when"] = override(struct_hook=when_hook)
        inner = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True, **overrides)

        def hook(v: Any, t: type) -> Any:
            if not isinstance(v, dict):
                raise Invalid(f"expected a table, got {describe_value(v)}")
            return inner(v, t)

        return hook

    conv.register_structure_hook_factory(attrs.has, class_factory)

    # writing
    conv.register_unstructure_hook(
        dt.date, (lambda d: d.isoformat()) if fmt == "json" else (lambda d: d)
    )
    conv.register_unstructure_hook(OutcomeSet, lambda s: s.to_data())
    conv.register_unstructure_hook(Scale, unstructure_scale)
    conv.register_unstructure_hook(Requirement, unstructure_requirement)

    def unstructure_factory(cl: Any) -> Callable[[Any], Any]:
        overrides: dict[str, Any] = {
            name: override(rename=key) for name, key in RENAMES.get(cl, {}).items()
        }
        if cl is Package:
            overrides["outcomes"] = override(unstruct_hook=lambda o: dict(o))
        if cl is Stance:
            overrides["when"] = override(unstruct_hook=unstructure_when)
        return make_dict_unstructure_fn(cl, conv, _cattrs_omit_if_default=True, **overrides)

    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return conv


def unstructure_scale(s: Scale) -> dict[str, Any]:
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


def unstructure_when(conditions: tuple[Requirement, ...]) -> Any:
    """One condition as a table, several as a list (as a file would write them)."""
    written = [unstructure_requirement(c) for c in conditions]
    return written[0] if len(written) == 1 else written


def unstructure_requirement(r: Requirement) -> dict[str, Any]:
    if r.milestone is not None:
        return {"milestone": r.milestone}
    assert r.outcomes is not None
    return {"issue": r.issue, **as_table(r.outcomes.to_data())}


# ---------------------------------------------------------------------------------------------
# collecting the converter's errors


def collect(exc: BaseException, parts: Parts, out: list[tuple[Parts, str]]) -> None:
    if isinstance(exc, IterableValidationError):
        items, rest = exc.group_exceptions()
        for e, item in items:
            collect(e, (*parts, item.index), out)
        for e in rest:
            collect(e, parts, out)
    elif isinstance(exc, ClassValidationError):
        fields, others = exc.group_exceptions()
        for e, note in fields:
            key = FILE_KEY.get(note.name, note.name)
            if isinstance(e, KeyError):
                out.append((parts, f"missing required key {key!r}"))
            else:
                collect(e, (*parts, key), out)
        for e in others:
            collect(e, parts, out)
    elif isinstance(exc, ForbiddenExtraKeysError):
        allowed = [FILE_KEY.get(a.name, a.name) for a in attrs.fields(exc.cl)]
        if exc.cl is Document:
            allowed = list(TOP_KEYS)
        for key in sorted(exc.extra_fields):
            out.append(
                (
                    (*parts, key),
                    f"unknown key {short(key)} (expected: {', '.join(allowed)})"
                    + suggest(key, allowed),
                )
            )
    elif isinstance(exc, Located):
        for sub, message in exc.items:
            out.append(((*parts, *sub), message))
    elif isinstance(exc, Invalid):
        out.append((parts, str(exc)))
    else:  # a converter failure we did not foresee: still one clear line, never a traceback
        out.append((parts, f"invalid value ({type(exc).__name__}: {exc})"))
