"""The checks every public function makes of its arguments: a wrong one raises `UsageError`
saying what was expected, never a stray `TypeError` or `KeyError` from deep inside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from positions.errors import UsageError
from positions.model import BASES, Basis, Case, Package
from positions.outcomes import describe_value

__all__ = [
    "need_basis",
    "need_case",
    "need_count",
    "need_date",
    "need_flag",
    "need_ids",
    "need_package",
]


def need_case(case: object) -> Case:
    if not isinstance(case, Case):
        raise UsageError(
            f"expected a Case (from positions.load or positions.bundled), got {_what(case)}"
        )
    return case


def need_date(value: object, name: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise UsageError(
            f"{name}: expected a datetime.date such as datetime.date(2026, 1, 5), "
            f"got {_what(value)}"
        )
    return value


def need_basis(value: object, name: str = "min_basis") -> Basis | None:
    if value is None:
        return None
    if value not in BASES or not isinstance(value, str):
        raise UsageError(f"{name}: expected one of {', '.join(BASES)}, got {_what(value)}")
    return value


def need_ids(value: object, name: str) -> Sequence[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise UsageError(f"{name}: expected a list of ids such as ['syria'], got {_what(value)}")
    wrong = [v for v in value if not isinstance(v, str)]
    if wrong:
        raise UsageError(f"{name}: expected ids (strings), got {_what(wrong[0])}")
    return value


def need_flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{name}: expected True or False, got {_what(value)}")
    return value


def need_count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f"{name}: expected a whole number of at least 1, got {_what(value)}")
    return value


def need_package(case: Case, package: object) -> Package:
    if isinstance(package, Package):
        return package
    if isinstance(package, str):
        if case.has_package(package):
            return case.package(package)
        known = ", ".join(p.id for p in case.packages) or "none"
        raise UsageError(f"unknown package {package!r} (packages: {known})")
    raise UsageError(f"package: expected a package id or a Package, got {_what(package)}")


def _what(value: object) -> str:
    if isinstance(value, str | int | float | bool) or value is None:
        return describe_value(value)
    if isinstance(value, dt.date | list | dict):
        return describe_value(value)
    return f"a {type(value).__name__}"
