"""The converter's structure hooks for what needs more than a type: scales, outcome sets (read
against their issue's scale), requirements, package outcomes."""

from collections.abc import Mapping
from typing import Any

from positions._io.common import SLUG, Invalid, Located, Parts, choices, short, suggest
from positions.model import (
    Requirement,
)
from positions.outcomes import (
    BINARY_VALUES,
    SET_KEYS,
    Number,
    OutcomeError,
    OutcomeSet,
    Scale,
    describe_value,
    is_number,
    number_problem,
    parse_outcomes,
    parse_value,
    to_number,
)

# ---------------------------------------------------------------------------------------------
# bound raw values: an outcome set travels to its hook with the scales it is read against


#: outcome sets already read in one load, by scale and raw value (see `read_outcomes`)
Memo = dict[tuple[object, ...], OutcomeSet]


class Bound:
    """A raw outcome set on its way to its hook, with the scales to read it against, and the
    load's `memo` of sets already read. (The carriers of this module are plain classes: each
    attrs class costs start-up time.)"""

    __slots__ = ("issue", "memo", "raw", "scales")

    def __init__(
        self,
        raw: Any,
        scales: Mapping[str, Scale | None],
        issue: str | None = None,
        memo: Memo | None = None,
    ) -> None:
        self.raw = raw
        self.scales = scales  # None for an issue whose scale is invalid (reported on its own)
        self.issue = issue
        self.memo = memo


def ready_outcomes(
    raw: Any, scale: Scale | None, scales: Mapping[str, Scale | None], issue: Any, memo: Memo
) -> OutcomeSet | Bound:
    """A stance's demand or red line on `scale` (its issue's, None when that is unknown), read
    now if it can be; if not, bound for its hook, which says what is wrong with it where it
    stands."""
    if scale is not None:
        if type(raw) is str:  # (most sets: read already, found without a call)
            found = memo.get((id(scale), raw))
            if found is not None:
                return found
        try:
            return read_outcomes(raw, scale, issue, memo)
        except OutcomeError:
            pass
    return Bound(raw, scales, issue, memo)


def read_outcomes(raw: Any, scale: Scale, issue: str, memo: Memo | None) -> OutcomeSet:
    """`parse_outcomes`, once per scale and raw value in a load: red lines and demands repeat
    (`at_least = "partial"` across parties, dates and issues on one scale), and an
    `OutcomeSet` is frozen, so every stance that writes the same set shares one. (Only sets
    read without error are kept: an error names its issue.)"""
    if memo is None:
        return parse_outcomes(raw, scale, issue)
    # A key tells apart whatever reading could: "1", 1, True, Decimal('1.0') and
    # Decimal('1.00') are five keys (repr, or the exact type beside the value), and a table's
    # keys keep their order. Keys of different shapes never meet: they differ in length, or
    # in their second item (a whole number, or "").
    at = id(scale)  # (scales are kept, and are one object per scale, while a case loads)
    kind = type(raw)
    if kind is str:
        key: tuple[object, ...] = (at, raw)
    elif kind is int:
        key = (at, raw, kind)
    elif kind is dict and len(raw) == 1:  # { at_least = "partial" }: no repr to make
        ((name, value),) = raw.items()
        kind = type(value)
        key = (at, name, value, kind) if kind is str or kind is int else (at, "", repr(raw))
    else:
        key = (at, "", repr(raw))
    found = memo.get(key)
    if found is None:
        found = memo[key] = parse_outcomes(raw, scale, issue)
    return found


UNKNOWN_SCALE = Scale(kind="categorical")


def outcome_set_hook(value: Any, _: type) -> OutcomeSet:
    if isinstance(value, OutcomeSet):
        return value  # read already, by the first pass (no file holds an OutcomeSet)
    assert isinstance(value, Bound)
    issue = value.issue
    scale = value.scales.get(issue) if isinstance(issue, str) else None
    if scale is None or issue is None:
        return OutcomeSet(scale=UNKNOWN_SCALE)  # the unknown issue is reported on its own
    try:
        return read_outcomes(value.raw, scale, issue, value.memo)
    except OutcomeError as e:
        raise Invalid(str(e)) from None


#: the keys a requirement on an issue may have besides `issue`
REQUIREMENT_KEYS = frozenset({*SET_KEYS, "unit"})


def requirement_hook(value: Any, _: type) -> Requirement:
    assert isinstance(value, Bound)
    raw = value.raw
    if not isinstance(raw, dict):
        raise Invalid(
            'expected a table: { issue = "id", at_least = ... } or { milestone = "id" }, '
            f"got {describe_value(raw)}"
        )
    if "milestone" in raw:
        extra = sorted(set(raw) - {"milestone"})
        if extra:
            raise Invalid(
                f"a milestone requirement takes only 'milestone'; remove {', '.join(extra)}"
            )
        if not isinstance(raw["milestone"], str):
            raise Located(
                [
                    (
                        ("milestone",),
                        f"expected a milestone id, got {describe_value(raw['milestone'])}",
                    )
                ]
            )
        return Requirement(milestone=raw["milestone"])
    if "issue" not in raw:
        raise Invalid("expected 'issue' (with an outcome set) or 'milestone'")
    issue = raw["issue"]
    if not isinstance(issue, str):
        raise Located([(("issue",), f"expected an issue id, got {describe_value(issue)}")])
    rest = {k: v for k, v in raw.items() if k != "issue"}
    unknown = () if REQUIREMENT_KEYS.issuperset(rest) else sorted(rest.keys() - REQUIREMENT_KEYS)
    if unknown:
        raise Located(
            [
                (
                    (unknown[0],),
                    f"unknown key {short(unknown[0])} in a requirement "
                    f"(expected: issue, milestone, {', '.join(SET_KEYS)})",
                )
            ]
        )
    scale = value.scales.get(issue)
    if scale is None:
        return Requirement(issue=issue, outcomes=OutcomeSet(scale=UNKNOWN_SCALE))
    if not rest or (len(rest) == 1 and "unit" in rest):
        raise Invalid(
            f"the requirement on issue {short(issue)} needs an outcome set ({', '.join(SET_KEYS)})"
        )
    try:
        outcomes = read_outcomes(rest, scale, issue, value.memo)
    except OutcomeError as e:
        raise Invalid(str(e)) from None
    return Requirement(issue=issue, outcomes=outcomes)


def when_hook(value: Any, _: type) -> tuple[Requirement, ...]:
    """A stance's `when`: one condition, or a list of them that must all hold."""
    if isinstance(value, Bound):
        return (requirement_hook(value, Requirement),)
    if not isinstance(value, list):
        raise Invalid(
            'expected a condition such as { issue = "id", is = "x" } or { milestone = "id" }, '
            f"or a list of them, got {describe_value(value)}"
        )
    out: list[Requirement] = []
    problems: list[tuple[Parts, str]] = []
    for j, item in enumerate(value):
        try:
            out.append(requirement_hook(item, Requirement))
        except Invalid as e:
            problems.append(((j,), str(e)))
        except Located as e:
            problems.extend(((j, *sub), m) for sub, m in e.items)
    if problems:
        raise Located(problems)
    return tuple(out)


def package_outcomes_hook(value: Any, _: type) -> tuple[tuple[str, Any], ...]:
    assert isinstance(value, Bound)
    raw = value.raw
    if not isinstance(raw, dict):
        raise Invalid(f"expected a table of issue = outcome, got {describe_value(raw)}")
    if not raw:
        raise Invalid("a package needs at least one outcome")
    out: list[tuple[str, Any]] = []
    problems: list[tuple[Parts, str]] = []
    for issue, outcome in raw.items():
        if issue not in value.scales:
            problems.append(
                (
                    (issue,),
                    f"unknown issue {short(issue)} (issues: "
                    f"{choices(value.scales)}){suggest(issue, value.scales)}",
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
        raise Located(problems)
    return tuple(out)


def scale_hook(raw: Any, _: type) -> Scale:
    if isinstance(raw, Scale):
        return raw  # read already, by the first pass (no file holds a Scale)
    if not isinstance(raw, dict):
        raise Invalid(
            'expected a table such as { kind = "ordinal", levels = [...] }, got '
            + describe_value(raw)
        )
    kind = raw.get("kind")
    kinds = ("ordinal", "categorical", "binary", "numeric")
    if kind not in kinds or not isinstance(kind, str):
        raise Located(
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
                (
                    (key,),
                    f"unknown key {short(key)} for {a_kind} scale (expected: {', '.join(allowed)})",
                )
            )
    if kind == "binary":
        if problems:
            raise Located(problems)
        return Scale(kind="binary", values=BINARY_VALUES, labels=(None, None))
    if kind == "numeric":
        unit = raw.get("unit")
        if "unit" in raw and not isinstance(unit, str):
            problems.append((("unit",), f"expected a string, got {describe_value(unit)}"))
        bounds: dict[str, Number | None] = {}
        for key in ("min", "max"):
            v = raw.get(key)
            if key in raw:
                problem = (
                    number_problem(v)
                    if is_number(v) or isinstance(v, float)
                    else "expected a finite number"
                )
                if problem:
                    problems.append(((key,), f"{problem}, got {describe_value(v)}"))
                    v = None
                else:
                    v = to_number(v)
            bounds[key] = v
        lo, hi = bounds["min"], bounds["max"]
        if lo is not None and hi is not None and lo >= hi:
            problems.append((("max",), f"max {hi!r} must be above min {lo!r}"))
        if problems:
            raise Located(problems)
        return Scale(kind="numeric", unit=unit, min=lo, max=hi)
    key = "levels" if kind == "ordinal" else "options"
    items = raw.get(key)
    if not isinstance(items, list):
        got = "nothing" if key not in raw else describe_value(items)
        problems.append(((key,), f"expected a list of {key} ({kind} scale), got {got}"))
        raise Located(problems)
    if len(items) < 2:
        problems.append(((key,), f"{a_kind} scale needs at least two {key}, got {len(items)}"))
    ids: list[str] = []
    seen: set[str] = set()  # `in ids` would make a scale of n levels cost n * n
    labels: list[str | None] = []
    for i, item in enumerate(items):
        label: object = None
        if isinstance(item, dict):
            for k in item:
                if k not in ("id", "label"):
                    problems.append(((key, i, k), f"unknown key {short(k)} (expected: id, label)"))
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
        if ident in seen:
            problems.append(((key, i), f"duplicate {key[:-1]} {short(ident)}"))
            continue
        seen.add(ident)
        ids.append(ident)
        labels.append(label if isinstance(label, str) else None)
    if problems:
        raise Located(problems)
    return Scale(kind=kind, values=tuple(ids), labels=tuple(labels))  # type: ignore[arg-type]
