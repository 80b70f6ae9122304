"""Type checks for the model's constructors, derived from the fields' annotations.

`typed` is an attrs field transformer: each field without a validator of its own gets one that
checks the value against the field's annotation (strings, whole numbers, booleans, dates, the
`Literal` choices, optional values, tuples of a type, attrs classes) and raises `UsageError`
naming the class, the field, what was expected and what came. Loading builds the model through
a trusted path (`attrs.validators.disabled()`: the loader has checked every value already), so
files load as fast as before; values built by hand are checked.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from positions.errors import UsageError

__all__ = ["typed"]

Check = Callable[[Any], bool]


def _describe(v: object) -> str:
    from positions.outcomes import describe_value

    return describe_value(v)


def _checker(tp: Any) -> tuple[Check, str]:
    """A test for values of the annotation `tp`, and how to say what it expects."""
    if tp is str:
        return (lambda v: isinstance(v, str)), "a string"
    if tp is bool:
        return (lambda v: isinstance(v, bool)), "true or false"
    if tp is int:
        return (lambda v: isinstance(v, int) and not isinstance(v, bool)), "a whole number"
    if tp is Decimal:
        return (lambda v: isinstance(v, Decimal)), "a decimal number"
    if tp is dt.date:
        return (lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime)), "a date"
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Literal:
        choices = ", ".join(repr(a) for a in args)
        return (lambda v: isinstance(v, str) and v in args), f"one of {choices}"
    if origin in (typing.Union, types.UnionType):
        parts = [_checker(a) for a in args if a is not type(None)]
        optional = type(None) in args
        words = " or ".join(w for _, w in parts) + (" or None" if optional else "")

        def union(v: Any) -> bool:
            return (optional and v is None) or any(check(v) for check, _ in parts)

        return union, words
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            inner, words = _checker(args[0])
            return (lambda v: isinstance(v, tuple) and all(inner(x) for x in v)), (
                f"a tuple of {words}"
            )
        fixed = [_checker(a) for a in args]
        return (
            lambda v: (
                isinstance(v, tuple)
                and len(v) == len(fixed)
                and all(check(x) for (check, _), x in zip(fixed, v, strict=True))
            )
        ), "a tuple (" + ", ".join(w for _, w in fixed) + ")"
    if isinstance(tp, type):
        return (lambda v: isinstance(v, tp)), f"a {tp.__name__}"
    return (lambda v: True), "anything"  # pragma: no cover - every model annotation is known


def _validator(owner: str, name: str, tp: Any) -> Callable[[Any, Any, Any], None]:
    check, words = _checker(tp)

    def validate(_instance: Any, _attribute: Any, value: Any) -> None:
        if not check(value):
            raise UsageError(f"{owner}.{name}: expected {words}, got {_describe(value)}")

    return validate


def typed(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """The attrs field transformer: a type check on every field that has none."""
    return [
        f
        if f.validator is not None or f.type is None
        else f.evolve(validator=_validator(cls.__name__, f.name, f.type))
        for f in fields
    ]
