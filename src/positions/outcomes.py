"""Scales and the outcome-set algebra: the one place where set maths lives.

An `OutcomeSet` is a set of outcomes on one `Scale`. On a finite scale (ordinal, binary,
categorical) it is a bit mask over the scale's values; on a numeric scale it is a closed interval.
It remembers the form it was written in (a bare value, a list, `is`, `one_of`, `none_of`,
`at_least`/`at_most`) so that it can be written back as it was read; two sets are equal when they
hold the same outcomes, whatever their form.
"""

from __future__ import annotations

import datetime as dt
import decimal
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

import attrs

from positions._echo import choices, short

__all__ = [
    "BINARY_VALUES",
    "INFINITY",
    "Form",
    "Number",
    "OutcomeError",
    "OutcomeSet",
    "Scale",
    "ScaleKind",
    "Value",
    "as_table",
    "describe_value",
    "disjoint_masks",
    "disjoint_pairs",
    "exact_difference",
    "exact_midpoint",
    "gap",
    "intersect_all",
    "is_number",
    "parse_outcomes",
    "parse_value",
    "to_number",
]

ScaleKind = Literal["ordinal", "categorical", "binary", "numeric"]
Form = Literal["value", "list", "is", "one_of", "none_of", "at_least", "at_most", "range", "set"]
Number = int | Decimal
"""Numbers are exact: integers, or decimals as written in the file (never binary floats)."""
Value = str | int | Decimal
INFINITY = Decimal("Infinity")
#: numbers this far from 1 (in powers of ten, or in digits) are refused: exact arithmetic on
#: them would take unbounded memory, and no negotiation measures anything so
MAX_DIGITS = 4300
BINARY_VALUES = ("no", "yes")
SET_KEYS = ("is", "one_of", "none_of", "at_least", "at_most")


class OutcomeError(ValueError):
    """An outcome set that does not fit its scale; the message says what was expected."""


@attrs.frozen(kw_only=True, cache_hash=True)
class Scale:
    """The possible outcomes of an issue.

    `values` are the level ids (ordinal, binary: low to high) or option ids (categorical);
    `labels` hold the optional human labels, one per value (None where none was given).
    """

    kind: ScaleKind
    values: tuple[str, ...] = ()
    labels: tuple[str | None, ...] = ()
    unit: str | None = None
    min: Number | None = None
    max: Number | None = None

    @property
    def finite(self) -> bool:
        return self.kind != "numeric"

    @property
    def ordered(self) -> bool:
        return self.kind != "categorical"

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Each value's index, so that a look-up costs the same on a scale of any size."""
        return {v: i for i, v in enumerate(self.values)}

    def has(self, value: str) -> bool:
        return value in self._positions

    def index(self, value: str) -> int:
        try:
            return self._positions[value]
        except KeyError:
            raise ValueError(f"{short(value)} is not a value of the scale") from None

    def label(self, value: str) -> str:
        i = self.index(value)
        found = self.labels[i] if i < len(self.labels) else None
        return found if found is not None else value

    @property
    def full_mask(self) -> int:
        return (1 << len(self.values)) - 1

    def value_word(self) -> str:
        return "option" if self.kind == "categorical" else "level"


@attrs.frozen(kw_only=True)
class OutcomeSet:
    """A set of outcomes on one scale, with the algebra every analysis uses."""

    scale: Scale
    mask: int = 0
    low: Number = INFINITY
    high: Number = -INFINITY
    form: Form = attrs.field(default="set", eq=False)

    # construction -------------------------------------------------------------------------

    @classmethod
    def of(cls, scale: Scale, values: Iterable[Value], form: Form = "set") -> OutcomeSet:
        """The set of the given values (finite scales) or the hull of them (numeric)."""
        vals = list(values)
        if scale.finite:
            mask = 0
            for v in vals:
                mask |= 1 << scale.index(str(v))
            return cls(scale=scale, mask=mask, form=form)
        nums = [to_number(v) for v in vals]
        if not nums:
            return cls(scale=scale, form=form)
        return cls(scale=scale, low=min(nums), high=max(nums), form=form)

    @classmethod
    def between(
        cls, scale: Scale, low: Value | None, high: Value | None, form: Form = "range"
    ) -> OutcomeSet:
        """The closed range [low, high] on an ordered scale; None is unbounded on that side."""
        if scale.finite:
            lo = 0 if low is None else scale.index(str(low))
            hi = len(scale.values) - 1 if high is None else scale.index(str(high))
            mask = (1 << hi + 1) - (1 << lo) if lo <= hi else 0  # bits lo to hi
            return cls(scale=scale, mask=mask, form=form)
        lo_n = _num(low, scale.min, -INFINITY)
        hi_n = _num(high, scale.max, INFINITY)
        if lo_n > hi_n:
            return cls(scale=scale, form=form)
        return cls(scale=scale, low=lo_n, high=hi_n, form=form)

    @classmethod
    def everything(cls, scale: Scale) -> OutcomeSet:
        if scale.finite:
            return cls(scale=scale, mask=scale.full_mask)
        return cls.between(scale, None, None, form="set")

    # the algebra --------------------------------------------------------------------------

    def is_empty(self) -> bool:
        if self.scale.finite:
            return self.mask == 0
        return self.low > self.high

    def contains(self, value: Value) -> bool:
        if self.scale.finite:
            if not isinstance(value, str) or not self.scale.has(value):
                return False
            return bool(self.mask >> self.scale.index(value) & 1)
        if isinstance(value, str | bool):
            return False
        return self.low <= value <= self.high

    def intersect(self, other: OutcomeSet) -> OutcomeSet:
        _same_scale(self, other)
        if self.scale.finite:
            return OutcomeSet(scale=self.scale, mask=self.mask & other.mask)
        low = max(self.low, other.low)
        high = min(self.high, other.high)
        if low > high:
            return OutcomeSet(scale=self.scale)
        return OutcomeSet(scale=self.scale, low=low, high=high)

    def union_hull(self, other: OutcomeSet) -> OutcomeSet:
        """The union on finite scales; the smallest interval holding both on numeric ones."""
        _same_scale(self, other)
        if self.scale.finite:
            return OutcomeSet(scale=self.scale, mask=self.mask | other.mask)
        if self.is_empty():
            return attrs.evolve(other, form="set")
        if other.is_empty():
            return attrs.evolve(self, form="set")
        return OutcomeSet(
            scale=self.scale, low=min(self.low, other.low), high=max(self.high, other.high)
        )

    def overlaps(self, other: OutcomeSet) -> bool:
        """Whether the two sets share an outcome (the intersection is not empty)."""
        _same_scale(self, other)
        if self.scale.finite:
            return self.mask & other.mask != 0
        return max(self.low, other.low) <= min(self.high, other.high)

    def issubset(self, other: OutcomeSet) -> bool:
        _same_scale(self, other)
        if self.is_empty():
            return True
        if self.scale.finite:
            return self.mask & ~other.mask == 0
        return other.low <= self.low and self.high <= other.high

    def members(self) -> tuple[str, ...]:
        """The values of a finite set, in scale order."""
        bits = bin(self.mask)[:1:-1]  # bit i is character i: one pass over the scale
        return tuple(v for v, bit in zip(self.scale.values, bits, strict=False) if bit == "1")

    def hull(self) -> tuple[Number, Number]:
        """(lowest, highest) position: level indices on finite scales, numbers on numeric ones."""
        if self.is_empty():
            raise OutcomeError("an empty set has no hull")
        if self.scale.finite:
            return (self.mask & -self.mask).bit_length() - 1, self.mask.bit_length() - 1
        return self.low, self.high

    def bounds(self) -> tuple[Value, Value]:
        """(lowest, highest) outcome of a non-empty set on an ordered scale."""
        lo, hi = self.hull()
        if self.scale.finite:
            return self.scale.values[int(lo)], self.scale.values[int(hi)]
        return lo, hi

    def is_single(self) -> bool:
        if self.scale.finite:
            return self.mask != 0 and self.mask & (self.mask - 1) == 0
        return self.low == self.high

    def is_interval(self) -> bool:
        """True when the set has no holes (always on numeric scales)."""
        if self.is_empty() or not self.scale.finite:
            return True
        m = self.mask >> (self.mask & -self.mask).bit_length() - 1
        return m & (m + 1) == 0

    # writing ------------------------------------------------------------------------------

    def to_data(self) -> Any:
        """The set as written data (JSON/TOML-ready), in the form it was read in.

        Sets computed by the algebra are written canonically: a bare value for one outcome, a
        range for an interval on an ordered scale, a list otherwise.
        """
        scale = self.scale
        form = self.form
        if self.is_empty():
            return [] if scale.finite else {"one_of": []}
        if scale.finite:
            members = list(self.members())
            if form == "value" or (form == "set" and len(members) == 1):
                return members[0]
            if form == "is":
                return {"is": members[0]}
            if form == "list" or (form == "set" and (not scale.ordered or not self.is_interval())):
                return members
            if form == "one_of":
                return {"one_of": members}
            if form == "none_of":
                kept = set(members)
                return {"none_of": [v for v in scale.values if v not in kept]}
            lo, hi = self.bounds()
            return _range_data(form, lo, hi, lo == scale.values[0], hi == scale.values[-1])
        if form == "value":
            return self.low
        if form == "is" or (form == "set" and self.is_single()):
            return {"is": self.low}
        lo_open = self.low == -INFINITY or (scale.min is not None and self.low == scale.min)
        hi_open = self.high == INFINITY or (scale.max is not None and self.high == scale.max)
        return _range_data(form, self.low, self.high, lo_open, hi_open)


def as_table(data: Any) -> dict[str, Any]:
    """Written outcome-set data as a table, as a precondition's `requires` needs it: a bare
    value becomes `{is = ...}`, a bare list `{one_of = [...]}`."""
    if isinstance(data, dict):
        return data
    if isinstance(data, list):
        return {"one_of": data}
    return {"is": data}


def _range_data(form: Form, lo: Value, hi: Value, lo_open: bool, hi_open: bool) -> Any:
    if form == "at_least" or (form == "set" and hi_open and _is_finite(lo)):
        return {"at_least": lo}
    if form == "at_most" or (form == "set" and lo_open and _is_finite(hi)):
        return {"at_most": hi}
    if form == "set" and lo == hi:
        return {"is": lo}
    return {"at_least": lo, "at_most": hi}


def _is_finite(v: Value) -> bool:
    return isinstance(v, str | int) or v.is_finite()


def _num(v: Value | None, bound: Number | None, inf: Decimal) -> Number:
    if v is None:
        return inf if bound is None else bound
    if isinstance(v, str):
        raise OutcomeError(f"expected a number, got {v!r}")
    return to_number(v)


def is_number(v: object) -> bool:
    """Whether `v` is a number an outcome can be (an int or a Decimal; never a bool)."""
    return isinstance(v, Decimal) or (isinstance(v, int) and not isinstance(v, bool))


def to_number(v: object) -> Number:
    """`v` as an exact number: ints and Decimals as they are, a float by its shortest decimal
    form (`0.1` is one tenth, not the binary fraction nearest it)."""
    if isinstance(v, float):
        return Decimal(repr(v))
    if is_number(v):
        return v  # type: ignore[return-value]
    raise OutcomeError(f"expected a number, got {describe_value(v)}")


# exact arithmetic: additions and subtractions of decimals are exact with enough digits
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)


def exact_difference(high: Number, low: Number) -> Number:
    """`high - low`, exactly (an int when both are ints)."""
    if isinstance(high, int) and isinstance(low, int):
        return high - low
    return _EXACT.subtract(Decimal(high), Decimal(low))


def exact_sum(a: Number, b: Number) -> Number:
    """`a + b`, exactly (an int when both are ints)."""
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    return _EXACT.add(Decimal(a), Decimal(b))


def exact_midpoint(low: Number, high: Number) -> Number:
    """The midpoint of two numbers, exactly (halving a decimal always ends)."""
    total = _EXACT.add(Decimal(low), Decimal(high))
    return _EXACT.divide(total, 2) if total.is_finite() else total


def _same_scale(a: OutcomeSet, b: OutcomeSet) -> None:
    if a.scale is not b.scale and a.scale != b.scale:
        raise OutcomeError("outcome sets on different scales cannot be combined")


def intersect_all(sets: Sequence[OutcomeSet]) -> OutcomeSet:
    """The intersection of one or more sets on the same scale (made once, not pairwise)."""
    first = sets[0]
    if len(sets) == 1:
        return attrs.evolve(first, form="set")
    for s in sets:
        _same_scale(first, s)
    if first.scale.finite:
        mask = first.mask
        for s in sets:
            mask &= s.mask
        return OutcomeSet(scale=first.scale, mask=mask)
    low = max(s.low for s in sets)  # the first of equal bounds, as pairwise intersection keeps
    high = min(s.high for s in sets)
    if low > high:
        return OutcomeSet(scale=first.scale)
    return OutcomeSet(scale=first.scale, low=low, high=high)


def disjoint_masks(left: Sequence[OutcomeSet], right: Sequence[OutcomeSet]) -> list[int]:
    """For each left[i], the right sets it shares no outcome with, as bits (bit j: right[j]):
    `not overlaps` for all pairs at once, a hot loop of compare, kept here with the rest of
    the set maths. On a scale of up to 64 levels or options it works per value (which right
    sets hold it), so its cost follows the values and the breaches, not every pair."""
    if not left:
        return []
    for s in (*left, *right):
        _same_scale(left[0], s)
    everyone = (1 << len(right)) - 1
    scale = left[0].scale
    if scale.finite and len(scale.values) <= 64:
        holding = [0] * len(scale.values)  # per value, the right sets that hold it
        for j, r in enumerate(right):
            m = r.mask
            while m:
                low = m & -m
                holding[low.bit_length() - 1] |= 1 << j
                m ^= low
        seen: dict[int, int] = {}  # one answer per distinct set (parties share sets)
        found = []
        for a in left:
            bits = seen.get(a.mask)
            if bits is None:
                meets, m = 0, a.mask
                while m:
                    low = m & -m
                    meets |= holding[low.bit_length() - 1]
                    m ^= low
                bits = seen[a.mask] = everyone & ~meets
            found.append(bits)
        return found
    if scale.finite:
        masks = list(enumerate(r.mask for r in right))
        return [sum(1 << j for j, mask in masks if a.mask & mask == 0) for a in left]
    # intervals [lo, hi] and [rlo, rhi] are disjoint when either is empty (lo > hi) or one
    # ends below the other's start (rhi < lo, or rlo > hi): the right sets ending below lo
    # are a prefix of them sorted by end, those starting above hi a suffix sorted by start
    empty = sum(1 << j for j, r in enumerate(right) if r.low > r.high)
    by_end = sorted(range(len(right)), key=lambda j: right[j].high)
    by_start = sorted(range(len(right)), key=lambda j: right[j].low)
    ends = [right[j].high for j in by_end]
    starts = [right[j].low for j in by_start]
    below = [0]  # below[k]: the first k right sets by end
    for j in by_end:
        below.append(below[-1] | 1 << j)
    above = [0]  # above[k]: the last k right sets by start
    for j in reversed(by_start):
        above.append(above[-1] | 1 << j)
    found = []
    for a in left:
        if a.low > a.high:
            found.append(everyone)
            continue
        ending = below[bisect_left(ends, a.low)]
        starting = above[len(starts) - bisect_right(starts, a.high)]
        found.append(empty | ending | starting)
    return found


def disjoint_pairs(
    left: Sequence[OutcomeSet], right: Sequence[OutcomeSet]
) -> list[tuple[int, int]]:
    """Every (i, j) where left[i] and right[j] share no outcome, i-major."""
    return [
        (i, j)
        for i, bits in enumerate(disjoint_masks(left, right))
        for j in range(len(right))
        if bits >> j & 1
    ]


def gap(a: OutcomeSet, b: OutcomeSet) -> Number | None:
    """The distance between two sets: 0 when they overlap; otherwise, on an ordered scale, the
    smallest distance between a member of one and a member of the other (steps between levels, or
    the difference in the scale's unit); None for disjoint sets on a categorical scale or when
    either set is empty."""
    if a.is_empty() or b.is_empty():
        return None
    if a.overlaps(b):
        return 0
    if not a.scale.ordered:
        return None
    if a.scale.finite:
        ia = [i for i in range(len(a.scale.values)) if a.mask >> i & 1]
        ib = [i for i in range(len(b.scale.values)) if b.mask >> i & 1]
        return min(abs(x - y) for x in ia for y in ib)
    return max(exact_difference(b.low, a.high), exact_difference(a.low, b.high))


# parsing ------------------------------------------------------------------------------------


def describe_value(v: object) -> str:
    """A raw value from a case file, as an error message names it: 'string \'x\'', 'number 3',
    'boolean true', 'a list', 'date 2026-01-05'. Long strings are cut to 60 characters."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return f"boolean {str(v).lower()}"
    if isinstance(v, str):
        return f"string {short(v)}"
    if isinstance(v, Decimal) and not v.is_finite():
        return "number " + ("nan" if v.is_nan() else ("inf" if v > 0 else "-inf"))
    if isinstance(v, int | float | Decimal):
        text = str(v)
        return f"number {text}" if len(text) <= 30 else f"number {text[:12]}… ({len(text)} digits)"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, dt.datetime):
        return f"date-time {v.isoformat()}"
    if isinstance(v, dt.date | dt.time):
        return f"{type(v).__name__} {v.isoformat()}"
    return type(v).__name__


def parse_value(raw: object, scale: Scale, issue: str) -> Value:
    """One outcome on `scale`, as written in a package or a range bound."""
    if scale.finite:
        if not isinstance(raw, str):
            raise OutcomeError(
                f"expected a {scale.value_word()} id of issue {short(issue)} "
                f"({choices(scale.values)}), got {describe_value(raw)}"
            )
        if not scale.has(raw):
            raise OutcomeError(
                f"unknown {scale.value_word()} {short(raw)} for issue {short(issue)} "
                f"({scale.value_word()}s: {choices(scale.values)})"
            )
        return raw
    if type(raw) is not int:  # a plain integer needs no more than the scale's bounds
        if not is_number(raw) and not isinstance(raw, float):
            raise OutcomeError(
                f"expected a number for numeric issue {issue!r}, got {describe_value(raw)}"
            )
        problem = number_problem(raw)
        if problem:
            raise OutcomeError(f"{problem} for issue {issue!r}, got {describe_value(raw)}")
        raw = to_number(raw)
    if scale.min is not None and raw < scale.min:
        raise OutcomeError(
            f"{describe_value(raw)} is below the minimum {scale.min} of issue {issue!r}"
        )
    if scale.max is not None and raw > scale.max:
        raise OutcomeError(
            f"{describe_value(raw)} is above the maximum {scale.max} of issue {issue!r}"
        )
    return raw


def number_problem(v: object) -> str:
    """What is wrong with a number read from a file ('' when nothing is): not finite, or too
    large or too precise to compute with exactly."""
    if isinstance(v, float):
        finite = v == v and abs(v) != float("inf")
        return "" if finite else "expected a finite number"
    if isinstance(v, Decimal):
        if not v.is_finite():
            return "expected a finite number"
        if len(v.as_tuple().digits) > MAX_DIGITS or abs(v.adjusted()) > MAX_DIGITS:
            return f"expected a number of at most {MAX_DIGITS} digits"
    return ""


def parse_outcomes(raw: object, scale: Scale, issue: str) -> OutcomeSet:
    """An outcome set as written (see the case format) on `scale`; raises OutcomeError."""
    if isinstance(raw, list):
        if not scale.finite:
            raise OutcomeError(
                f"a list of outcomes needs a finite scale; issue {issue!r} is numeric "
                "(use { at_least = ..., at_most = ... })"
            )
        return _finite_list(raw, scale, issue, "list")
    if isinstance(raw, dict):
        return _parse_table(raw, scale, issue)
    return OutcomeSet.of(scale, [parse_value(raw, scale, issue)], form="value")


def _finite_list(raw: list[Any], scale: Scale, issue: str, form: Form) -> OutcomeSet:
    if not raw:
        raise OutcomeError("empty outcome set: list at least one outcome")
    seen: dict[str, None] = {}  # in order, and a look-up that does not grow with the list
    for item in raw:
        v = parse_value(item, scale, issue)
        assert isinstance(v, str)
        if v in seen:
            raise OutcomeError(f"{short(v)} is listed twice")
        seen[v] = None
    return OutcomeSet.of(scale, seen, form=form)


_SET_KEYS = frozenset(SET_KEYS)
_IS, _ONE_OF, _NONE_OF = frozenset({"is"}), frozenset({"one_of"}), frozenset({"none_of"})
_RANGE = frozenset({"at_least", "at_most"})


def _parse_table(raw: dict[str, Any], scale: Scale, issue: str) -> OutcomeSet:
    if "unit" in raw:  # as the tool's own JSON writes numeric sets: allowed when it is the scale's
        unit = raw["unit"]
        if scale.finite or scale.unit is None or unit != scale.unit:
            expected = (
                f"issue {issue!r} has no unit"
                if scale.finite or scale.unit is None
                else f"the unit of issue {issue!r} is {scale.unit!r}"
            )
            raise OutcomeError(f"unit {describe_value(unit)} does not fit: {expected}")
        raw = {k: v for k, v in raw.items() if k != "unit"}
    keys = raw.keys()
    unknown = sorted(keys - _SET_KEYS) if not keys <= _SET_KEYS else ()
    if unknown:
        raise OutcomeError(
            f"unknown key {short(unknown[0])} in an outcome set "
            f"(expected one of: {', '.join(SET_KEYS)})"
        )
    if not keys:
        raise OutcomeError(
            "empty outcome set: give one of " + ", ".join(SET_KEYS) + " (or a bare value)"
        )
    if keys == _IS:
        return OutcomeSet.of(scale, [parse_value(raw["is"], scale, issue)], form="is")
    if keys in (_ONE_OF, _NONE_OF):
        key = "one_of" if "one_of" in keys else "none_of"
        if not scale.finite:
            raise OutcomeError(f"{key} needs a finite scale; issue {issue!r} is numeric")
        items = raw[key]
        if not isinstance(items, list):
            raise OutcomeError(f"{key} takes a list of outcomes, got {describe_value(items)}")
        if key == "one_of":
            return _finite_list(items, scale, issue, "one_of")
        if not items:
            raise OutcomeError("none_of takes at least one outcome")
        excluded = _finite_list(items, scale, issue, "none_of")
        result = OutcomeSet(scale=scale, mask=scale.full_mask & ~excluded.mask, form="none_of")
        if result.is_empty():
            raise OutcomeError("empty outcome set: none_of excludes every outcome")
        return result
    if keys <= _RANGE:
        if not scale.ordered:
            raise OutcomeError(
                f"at_least/at_most need an ordered scale; issue {issue!r} is categorical "
                "(use one_of or none_of)"
            )
        lo = parse_value(raw["at_least"], scale, issue) if "at_least" in raw else None
        hi = parse_value(raw["at_most"], scale, issue) if "at_most" in raw else None
        form: Form = "range" if len(keys) == 2 else ("at_least" if lo is not None else "at_most")
        if lo is not None and hi is not None:
            lo_pos = scale.index(str(lo)) if scale.finite else lo
            hi_pos = scale.index(str(hi)) if scale.finite else hi
            if not isinstance(lo_pos, str) and not isinstance(hi_pos, str) and lo_pos > hi_pos:
                raise OutcomeError(f"at_least {lo!r} is above at_most {hi!r}: the range is empty")
        return OutcomeSet.between(scale, lo, hi, form=form)
    raise OutcomeError(
        "an outcome set takes one of: is, one_of, none_of, or at_least and/or at_most; "
        f"got {', '.join(sorted(keys))} together"
    )
