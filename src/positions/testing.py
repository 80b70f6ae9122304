"""Hypothesis strategies for cases, scales, outcome sets and stances, and `assert_consistent`.

Needs the `testing` extra (`pip install positions[testing]`, which brings hypothesis); the
`positions` package itself never imports this module. With the extra installed, hypothesis
finds `cases()` through its entry point, so `st.from_type(positions.Case)` works too.

    import positions
    from hypothesis import given
    from positions.testing import cases

    @given(cases())
    def test_my_report_handles_every_case(case):
        my_report(positions.compare(case))

Everything drawn here is what loading a case file could give: ids are slugs, references resolve,
outcome sets are parsed from data written in one of the file's forms (so each keeps a realistic
`form`), and `positions.loads(positions.dumps(case), format="json")` gives the case back.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import typing
from collections.abc import Sequence
from typing import Any

import attrs

from positions.engine.check import check
from positions.model import (
    BASES,
    Basis,
    Case,
    Issue,
    Priority,
    Requirement,
    Stance,
)
from positions.outcomes import (
    BINARY_VALUES,
    Number,
    OutcomeSet,
    Scale,
    ScaleKind,
    Value,
    parse_outcomes,
)


def _hypothesis_setup_hook() -> None:
    """Run by hypothesis through its entry point: `st.from_type(Case)` draws from `cases()`.

    Hypothesis runs it while it is itself being imported, maybe by the import of this very
    module just below: so it is defined before that import, and registers a function that
    looks `cases` up only when hypothesis asks for a case.
    """
    from hypothesis import strategies

    strategies.register_type_strategy(Case, lambda _: cases())


try:  # after the hook: see there
    from hypothesis import strategies as st
except ModuleNotFoundError as e:  # pragma: no cover
    raise ModuleNotFoundError(
        "positions.testing needs hypothesis: pip install 'positions[testing]'", name=e.name
    ) from e

__all__ = [
    "SCALE_KINDS",
    "assert_consistent",
    "cases",
    "outcome_sets",
    "outcome_values",
    "scales",
    "stances",
]

SCALE_KINDS: tuple[ScaleKind, ...] = ("ordinal", "categorical", "binary", "numeric")

_FIRST_DAY = dt.date(1990, 1, 1)
_LAST_DAY = dt.date(2040, 12, 31)
_FAR = 10**6  # how far numbers reach on a numeric scale without a min or a max
_NEAR = 100  # most numbers stay within this, so that sets on numeric scales meet now and then

_PRIORITIES: tuple[Priority, ...] = typing.get_args(Priority)
_UNITS = ("km", "%", "days", "troops", "usd-bn")

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_slugs = st.tuples(
    st.text(_ALNUM, min_size=1, max_size=6), st.none() | st.text(_ALNUM, min_size=1, max_size=4)
).map(lambda parts: parts[0] if parts[1] is None else f"{parts[0]}-{parts[1]}")
_texts = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=24)
_optional_texts = st.none() | _texts
_days = st.dates(_FIRST_DAY, _LAST_DAY)


# scales and outcome sets -------------------------------------------------------------------


@st.composite
def _listed_scale(draw: st.DrawFn, kind: ScaleKind, max_values: int) -> Scale:
    values = draw(st.lists(_slugs, min_size=2, max_size=max(2, max_values), unique=True))
    labels = draw(st.lists(_optional_texts, min_size=len(values), max_size=len(values)))
    return Scale(kind=kind, values=tuple(values), labels=tuple(labels))


_numbers = st.integers(-_NEAR, _NEAR) | st.decimals(-1000, 1000, places=2)
_widths = st.integers(1, 2 * _NEAR) | st.decimals("0.5", 1000, places=2)


@st.composite
def _numeric_scale(draw: st.DrawFn) -> Scale:
    unit = draw(st.none() | st.sampled_from(_UNITS))
    low: Number | None = draw(st.none() | _numbers)
    high: Number | None = draw(st.none() | _numbers)
    if low is not None and high is not None:
        high = low + draw(_widths)
    return Scale(kind="numeric", unit=unit, min=low, max=high)


@functools.cache
def _scales(kinds: tuple[ScaleKind, ...], max_values: int) -> st.SearchStrategy[Scale]:
    options: list[st.SearchStrategy[Scale]] = []
    for kind in kinds:
        if kind in ("ordinal", "categorical"):
            options.append(_listed_scale(kind, max_values))
        elif kind == "binary":
            options.append(st.just(Scale(kind="binary", values=BINARY_VALUES, labels=(None, None))))
        elif kind == "numeric":
            options.append(_numeric_scale())
        else:
            raise ValueError(f"unknown scale kind {kind!r} (kinds: {', '.join(SCALE_KINDS)})")
    if not options:
        raise ValueError("scales() needs at least one scale kind")
    return st.one_of(options)


def scales(
    *, kinds: Sequence[ScaleKind] = SCALE_KINDS, max_values: int = 5
) -> st.SearchStrategy[Scale]:
    """Scales as a case file defines them: ordinal and categorical ones with 2 to `max_values`
    slug levels or options (some labelled), binary ones, and numeric ones with or without a
    unit, a min and a max."""
    return _scales(tuple(kinds), max_values)


def _reach(scale: Scale) -> tuple[Number, Number]:
    """The range numbers are drawn from: the scale's min and max, or far beyond the other."""
    low, high = scale.min, scale.max
    if low is None:
        low = -_FAR if high is None else min(-_FAR, high - _FAR)
    if high is None:
        high = max(_FAR, low + _FAR)
    return low, high


@functools.lru_cache(maxsize=512)
def _values(scale: Scale) -> st.SearchStrategy[Value]:
    if scale.finite:
        return st.sampled_from(scale.values)
    low, high = _reach(scale)
    landmarks = sorted({v for v in (scale.min, scale.max, 0) if v is not None and low <= v <= high})
    options: list[st.SearchStrategy[Value]] = []
    if landmarks:
        options.append(st.sampled_from(landmarks))
    near_low, near_high = max(math.ceil(low), -_NEAR), min(math.floor(high), _NEAR)
    if near_low <= near_high:
        options.append(st.integers(near_low, near_high))
    options.append(st.decimals(low, high, allow_nan=False, allow_infinity=False, places=3))
    return st.one_of(options)


def outcome_values(scale: Scale) -> st.SearchStrategy[Value]:
    """Single outcomes on `scale`, as a package holds them: a level or option id, or a finite
    number within the scale's min and max (often a whole one, a bound or zero)."""
    return _values(scale)


def _position(scale: Scale, value: Value) -> Number:
    if scale.finite:
        return scale.index(str(value))
    assert not isinstance(value, str)
    return value


def _range(scale: Scale, pair: tuple[Value, Value]) -> dict[str, Value]:
    low, high = sorted(pair, key=lambda v: _position(scale, v))
    return {"at_least": low, "at_most": high}


@functools.lru_cache(maxsize=512)
def _written(scale: Scale, tables_only: bool = False) -> st.SearchStrategy[Any]:
    """Outcome sets as a case file writes them, in every form the scale allows (only the
    table forms with `tables_only`, as in a precondition's `requires`)."""
    value = _values(scale)
    forms: list[st.SearchStrategy[Any]] = [value.map(lambda v: {"is": v})]
    if not tables_only:
        forms.append(value)
    if scale.finite:
        n = len(scale.values)
        some = st.lists(st.sampled_from(scale.values), min_size=1, max_size=n, unique=True)
        not_all = st.lists(st.sampled_from(scale.values), min_size=1, max_size=n - 1, unique=True)
        if not tables_only:
            forms.append(some)
        forms.append(some.map(lambda vs: {"one_of": vs}))
        if n > 1:
            forms.append(not_all.map(lambda vs: {"none_of": vs}))
    if scale.ordered:
        forms += [
            value.map(lambda v: {"at_least": v}),
            value.map(lambda v: {"at_most": v}),
            st.tuples(value, value).map(lambda pair: _range(scale, pair)),
        ]
    return st.one_of(forms)


@functools.lru_cache(maxsize=512)
def _sets(scale: Scale, tables_only: bool = False) -> st.SearchStrategy[OutcomeSet]:
    return _written(scale, tables_only).map(lambda raw: parse_outcomes(raw, scale, "issue"))


@functools.lru_cache(maxsize=512)
def _wide(scale: Scale) -> st.SearchStrategy[OutcomeSet]:
    """Wide sets, as red lines often are: at least or at most a value, or all but one."""
    value = _values(scale)
    wide: list[st.SearchStrategy[Any]] = []
    if scale.ordered:
        wide += [value.map(lambda v: {"at_least": v}), value.map(lambda v: {"at_most": v})]
    if scale.finite and len(scale.values) > 2:
        wide.append(value.map(lambda v: {"none_of": [v]}))
    if not wide:
        return _sets(scale)
    return st.one_of(wide).map(lambda r: parse_outcomes(r, scale, "issue"))


def outcome_sets(scale: Scale) -> st.SearchStrategy[OutcomeSet]:
    """Non-empty outcome sets on `scale`, parsed from data written in one of the case file's
    forms (a bare value, a list, is, one_of, none_of, at_least, at_most, or a range), so each
    set keeps the `form` it was written in."""
    return _sets(scale)


def _draw_inside(draw: st.DrawFn, outer: OutcomeSet) -> Any:
    """Written data for a non-empty subset of the non-empty set `outer`."""
    scale = outer.scale
    if scale.finite:
        members = draw(st.lists(st.sampled_from(outer.members()), min_size=1, unique=True))
        if len(members) == 1:
            return draw(st.sampled_from([members[0], {"is": members[0]}, members]))
        return draw(st.sampled_from([members, {"one_of": members}]))

    def clamp(v: Value) -> Number:
        assert not isinstance(v, str)
        return min(max(v, outer.low), outer.high)

    a, b = sorted(clamp(draw(_values(scale))) for _ in range(2))
    if a == b:
        return draw(st.sampled_from([a, {"is": a}]))
    return {"at_least": a, "at_most": b}


# stances ------------------------------------------------------------------------------------


def _draw_basis_and_source(
    draw: st.DrawFn, sources: Sequence[str], consistent: bool
) -> tuple[Basis, str | None]:
    basis: Basis = draw(st.sampled_from(BASES))
    source: str | None = draw(st.none() | st.sampled_from(sources)) if sources else None
    if consistent and basis != "inferred" and source is None:
        if sources:
            source = draw(st.sampled_from(sources))
        else:
            basis = "inferred"
    return basis, source


_SHAPES = ("both", "both", "both", "demand", "red_line", "retracted")  # mostly both: see below


def _draw_stance(
    draw: st.DrawFn,
    scale: Scale,
    party: str,
    issue: str,
    day: dt.date,
    sources: Sequence[str],
    consistent: bool,
    retracted: bool | None,
) -> Stance:
    # mostly a demand and a red line together: what `overlap` and `conflict` need
    shapes = ("retracted",) if retracted else _SHAPES if retracted is None else _SHAPES[:-1]
    shape = draw(st.sampled_from(shapes))
    demand: OutcomeSet | None = None
    red_line: OutcomeSet | None = None
    if shape in ("both", "red_line"):
        # one time in three a wide red line, so that red lines meet (`overlap`) as often as
        # they miss each other (`conflict`)
        red_line = draw(_wide(scale) if draw(st.integers(0, 2)) == 2 else _sets(scale))
    if shape == "demand":
        demand = draw(_sets(scale))
    if shape == "both":
        assert red_line is not None
        # a demand usually lies within the party's own red line; `check` flags it otherwise
        if consistent or draw(st.integers(0, 3)) > 0:
            demand = parse_outcomes(_draw_inside(draw, red_line), scale, issue)
        else:
            demand = draw(_sets(scale))
    basis, source = _draw_basis_and_source(draw, sources, consistent)
    # now and then a part with a basis of its own (a reported demand, an inferred red line)
    parts: list[Basis] = [basis, basis]
    if draw(st.integers(0, 3)) == 0:
        weaker = BASES[BASES.index(basis) :] if consistent and source is None else BASES
        parts = [draw(st.sampled_from(weaker)), draw(st.sampled_from(weaker))]
    return Stance(
        party=party,
        issue=issue,
        as_of=day,
        basis=basis,
        demand=demand,
        red_line=red_line,
        priority=draw(st.none() | st.sampled_from(_PRIORITIES)),
        source=source,
        quote=draw(_optional_texts),
        note=draw(_optional_texts),
        retracted=shape == "retracted",
        demand_basis=parts[0],
        red_line_basis=parts[1],
    )


def _draw_branches(
    draw: st.DrawFn,
    stance: Stance,
    issues: Sequence[Issue],
    milestones: Sequence[str],
    sources: Sequence[str],
    consistent: bool,
) -> list[Stance]:
    """Conditional stances beside `stance` (same party, issue and date): one on a condition on
    another issue (and, on a finite scale, a second on the rest of that issue's outcomes), or on
    a milestone. With `consistent`, the conditions never hold together."""
    others = [i for i in issues if i.id != stance.issue]
    scale = next(i.scale for i in issues if i.id == stance.issue)
    found: list[Stance] = []

    def branch(condition: Requirement) -> Stance:
        # the record's provenance, with a position of its own (drawn cheaply: a red line or
        # none, and a demand inside it)
        red_line = draw(st.none() | _wide(scale))
        demand = (
            draw(_sets(scale))
            if red_line is None
            else parse_outcomes(_draw_inside(draw, red_line), scale, stance.issue)
        )
        return attrs.evolve(
            stance, demand=demand, red_line=red_line, retracted=False, when=(condition,)
        )

    linked = draw(st.booleans())
    if others and linked:
        other = draw(st.sampled_from(others))
        first = draw(_sets(other.scale, True))
        found.append(branch(Requirement(issue=other.id, outcomes=first)))
        rest = other.scale.full_mask & ~first.mask
        if other.scale.finite and rest and draw(st.booleans()):
            second = OutcomeSet(scale=other.scale, mask=rest, form="set")
            found.append(branch(Requirement(issue=other.id, outcomes=second)))
    elif milestones:
        found.append(branch(Requirement(milestone=draw(st.sampled_from(milestones)))))
    return found


@st.composite
def _stances(
    draw: st.DrawFn,
    scale: Scale,
    party: str,
    issue: str,
    dates: st.SearchStrategy[dt.date],
    sources: Sequence[str],
    consistent: bool,
    retracted: bool | None,
) -> Stance:
    return _draw_stance(draw, scale, party, issue, draw(dates), sources, consistent, retracted)


def stances(
    scale: Scale,
    *,
    party: str = "party",
    issue: str = "issue",
    dates: st.SearchStrategy[dt.date] | None = None,
    sources: Sequence[str] = (),
    consistent: bool = False,
    retracted: bool | None = None,
) -> st.SearchStrategy[Stance]:
    """Stances of `party` on `issue` (whose scale is `scale`): a demand, a red line or both
    (the demand then mostly inside the red line, always when `consistent`), or a retraction;
    any basis, citing one of `sources` or none (never none for a stated or reported stance when
    `consistent`), dated from `dates` (default: any day 1990-2040). `retracted`: None for
    either, True or False for only retractions or only stances held."""
    return _stances(
        scale,
        party,
        issue,
        _days if dates is None else dates,
        tuple(sources),
        consistent,
        retracted,
    )


# whole cases --------------------------------------------------------------------------------


def cases(
    *,
    max_parties: int = 4,
    max_issues: int = 5,
    max_milestones: int = 4,
    consistent: bool = False,
) -> st.SearchStrategy[Case]:
    """Whole valid cases, as `positions.load` could return them: every reference resolves, ids
    are unique slugs (issues and milestones in one namespace), and the records span two to five
    dates. They hold every scale kind, stances that change, retract and disagree (so `compare`
    sees every status), preconditions on issues and milestones (some in cycles), milestones
    with reached dates and acyclic `follows`, and status-quo, proposal and reference packages.

    With `consistent=True`, `check` finds no error in them (`assert_consistent` passes);
    otherwise some hold what `check` flags (a demand outside its own red line, an unsourced
    claim, two stances on one day, a precondition on itself), as real files can."""
    # drawn in positions._strategies, which builds on this module: imported here, so that
    # either module can be imported first
    from positions._strategies import _cases

    return _cases(max_parties, max_issues, max_milestones, consistent)


# consistency --------------------------------------------------------------------------------


def assert_consistent(case: Case) -> None:
    """Raise AssertionError listing every error `positions.check` finds in `case`, one per
    line (code, message, path); return quietly when there is none."""
    errors = [f for f in check(case) if f.severity == "error"]
    if errors:
        lines = [f"{f.code}: {f.message} @ {f.path}" for f in errors]
        raise AssertionError(
            f"case {case.id!r} is not consistent ({len(errors)} error(s)):\n" + "\n".join(lines)
        )
