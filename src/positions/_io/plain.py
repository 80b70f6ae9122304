"""The plain set-up's hooks: a class read from its fields in a loop, and a stance or a
precondition in one call (most of a large case), where the detailed set-up generates code.

Both set-ups follow the same rules; the plain one only says *that* something is wrong (the
detailed one is run then, to say what and where). tests/test_fast_paths.py holds them to making
exactly the same values.

A stance and a precondition that pass every rule here are made by `new_stance` and
`new_precondition`: their slots are filled directly, without the attrs `__init__`. That
`__init__` would do the same (every field is given, so no default is made; validators are off
while a case loads, and every value has been checked here), in about twice the time: a
48k-stance load took 60 ms less of its 520.
"""

import datetime as dt
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeGuard

import attrs
import cattrs

from positions._io.common import Invalid, Located
from positions._io.hooks import package_outcomes_hook, requirement_hook, when_hook
from positions.model import (
    Basis,
    Condition,
    Package,
    Precondition,
    Priority,
    Requirement,
    Stance,
)
from positions.outcomes import OutcomeSet


def plain_class_hook(
    cl: Any, conv: cattrs.Converter, renamed: Mapping[str, str]
) -> Callable[[Any, type], Any]:
    """The plain set-up's hook for a class: the generated hook's rules (known keys, required
    keys, each value through its type's hook, the keys `renamed` in the file, a package's
    outcomes) read from the class's fields in a loop, where the detailed set-up generates code
    for them."""
    fields: list[tuple[str, str, Callable[[Any, Any], Any], Any, bool]] = []
    for a in attrs.fields(cl):
        if cl is Package and a.name == "outcomes":
            structure: Callable[[Any, Any], Any] = package_outcomes_hook
        else:
            structure = conv.get_structure_hook(a.type)
        key = renamed.get(a.name, a.name)
        fields.append((a.name, key, structure, a.type, a.default is attrs.NOTHING))
    keys = frozenset(key for _, key, _, _, _ in fields)

    def hook(o: Any, _: type) -> Any:
        if not isinstance(o, dict) or not keys.issuperset(o):
            raise Invalid(f"expected a {cl.__name__} table")
        found: dict[str, Any] = {}
        for name, key, structure, t, required in fields:
            if key in o:
                found[name] = structure(o[key], t)
            elif required:
                raise Invalid(f"missing required key {key!r}")
        return cl(**found)

    return hook


BASES = frozenset(typing.get_args(Basis))
PRIORITIES = frozenset(typing.get_args(Priority))


def plain_stance_hook(date: Callable[[Any, type], dt.date]) -> Callable[[Any, type], Stance]:
    """The plain set-up's hook for a stance (most of a large case): one call per stance where
    the generated one makes one per field, and a stance the first pass built already (see
    `ready_stance`) is taken as it is."""

    def hook(o: Any, _: type) -> Stance:
        if isinstance(o, Stance):
            return o
        made = ready_stance(o, o, date) if isinstance(o, dict) else None
        if made is None:
            raise Invalid("expected a stance")
        return made

    return hook


def ready_stance(
    o: Mapping[str, Any], ready: Mapping[str, Any], date: Callable[[Any, type], dt.date]
) -> Stance | None:
    """The stance a table holds, when it is a valid one; None when it may not be (the detailed
    set-up says what is wrong). `ready` holds its values as the first pass readied them
    (demand, red_line, when, as_of), `o` the rest, under the same keys (the keys of `o` are
    counted). The rules are the generated hook's (known keys, strings, a basis, a date, outcome
    sets, a priority, a boolean, conditions)."""
    get = o.get
    party, issue, basis = get("party"), get("issue"), get("basis")
    if not (isinstance(party, str) and isinstance(issue, str) and _is_basis(basis)):
        return None
    demand, red_line = ready.get("demand"), ready.get("red_line")
    source, quote, note = get("source"), get("quote"), get("note")
    # Each key is counted as its value is taken: a key left uncounted is not a stance's, or
    # is null (to leave a value unset, the key is left out), and then the stance may not be.
    found = 4  # party, issue, basis, and as_of (read last)
    if demand is not None:
        if not isinstance(demand, OutcomeSet):
            return None
        found += 1
    if red_line is not None:
        if not isinstance(red_line, OutcomeSet):
            return None
        found += 1
    if source is not None:
        if not isinstance(source, str):
            return None
        found += 1
    if quote is not None:
        if not isinstance(quote, str):
            return None
        found += 1
    if note is not None:
        if not isinstance(note, str):
            return None
        found += 1
    priority = None
    retracted, demand_basis, red_line_basis = False, basis, basis
    when: tuple[Requirement, ...] = ()
    if found != len(o):  # the rarer keys
        if "priority" in o:
            priority = o["priority"]
            if not (isinstance(priority, str) and priority in PRIORITIES):
                return None
            found += 1
        if "retracted" in o:
            retracted = o["retracted"]
            if not isinstance(retracted, bool):
                return None
            found += 1
        if "when" in o:
            try:
                when = when_hook(ready["when"], tuple)
            except (Invalid, Located):
                return None
            found += 1
        if "demand_basis" in o:
            demand_basis = o["demand_basis"]
            if not _is_basis(demand_basis):
                return None
            found += 1
        if "red_line_basis" in o:
            red_line_basis = o["red_line_basis"]
            if not _is_basis(red_line_basis):
                return None
            found += 1
        if found != len(o):
            return None
    try:
        as_of = date(ready["as_of"], dt.date)
    except (Invalid, KeyError):
        return None
    return new_stance(
        party,
        issue,
        as_of,
        basis,
        demand,
        red_line,
        priority,
        source,
        quote,
        note,
        retracted,
        when,
        demand_basis,
        red_line_basis,
    )


PRECONDITION_KEYS = frozenset(a.name for a in attrs.fields(Precondition))


def plain_precondition_hook(
    date: Callable[[Any, type], dt.date],
) -> Callable[[Any, type], Precondition]:
    """The plain set-up's hook for a precondition: one call, as for a stance, under the
    generated hook's rules (known keys; strings, a requirement, a date, a basis, a boolean)."""

    def hook(o: Any, _: type) -> Precondition:
        if not isinstance(o, dict) or not PRECONDITION_KEYS.issuperset(o):
            raise Invalid("expected a precondition")
        party, before, basis = o["party"], o["before"], o["basis"]
        if not (isinstance(party, str) and isinstance(before, str) and _is_basis(basis)):
            raise Invalid("expected a precondition")
        source = quote = note = None
        if "source" in o:
            source = o["source"]
            if not isinstance(source, str):
                raise Invalid("expected a string")
        if "quote" in o:
            quote = o["quote"]
            if not isinstance(quote, str):
                raise Invalid("expected a string")
        if "note" in o:
            note = o["note"]
            if not isinstance(note, str):
                raise Invalid("expected a string")
        retracted = o.get("retracted", False)
        if not isinstance(retracted, bool):
            raise Invalid("expected true or false")
        return new_precondition(
            party,
            requirement_hook(o["requires"], Requirement),
            before,
            date(o["as_of"], dt.date),
            basis,
            source,
            quote,
            note,
            retracted,
        )

    return hook


def _is_basis(v: Any) -> TypeGuard[Basis]:
    return isinstance(v, str) and v in BASES


# ---------------------------------------------------------------------------------------------
# trusted makers: the slots filled directly (see the module's docstring)


def _slot_setters(cl: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of `cl`'s slots, in the order `names` gives them, which must be the order
    and the whole of its attrs fields (a maker that missed a field would make a broken value)."""
    fields = tuple(a.name for a in attrs.fields(cl))
    if fields != names:  # pragma: no cover - a field added to the model and not here
        raise AssertionError(f"{cl.__name__} has fields {fields}, the maker sets {names}")
    return tuple(cl.__dict__[name].__set__ for name in names)


STANCE_FIELDS = (
    "party",
    "issue",
    "as_of",
    "basis",
    "demand",
    "red_line",
    "priority",
    "source",
    "quote",
    "note",
    "retracted",
    "when",
    "demand_basis",
    "red_line_basis",
)
(
    _party,
    _issue,
    _as_of,
    _basis,
    _demand,
    _red_line,
    _priority,
    _source,
    _quote,
    _note,
    _retracted,
    _when,
    _demand_basis,
    _red_line_basis,
) = _slot_setters(Stance, STANCE_FIELDS)
_new = object.__new__


def new_stance(
    party: str,
    issue: str,
    as_of: dt.date,
    basis: Basis,
    demand: OutcomeSet | None,
    red_line: OutcomeSet | None,
    priority: Priority | None,
    source: str | None,
    quote: str | None,
    note: str | None,
    retracted: bool,
    when: tuple[Condition, ...],
    demand_basis: Basis,
    red_line_basis: Basis,
) -> Stance:
    """`Stance(...)` of values already checked, every field given."""
    s: Stance = _new(Stance)
    _party(s, party)
    _issue(s, issue)
    _as_of(s, as_of)
    _basis(s, basis)
    _demand(s, demand)
    _red_line(s, red_line)
    _priority(s, priority)
    _source(s, source)
    _quote(s, quote)
    _note(s, note)
    _retracted(s, retracted)
    _when(s, when)
    _demand_basis(s, demand_basis)
    _red_line_basis(s, red_line_basis)
    return s


PRECONDITION_FIELDS = (
    "party",
    "requires",
    "before",
    "as_of",
    "basis",
    "source",
    "quote",
    "note",
    "retracted",
)
(
    _p_party,
    _p_requires,
    _p_before,
    _p_as_of,
    _p_basis,
    _p_source,
    _p_quote,
    _p_note,
    _p_retracted,
) = _slot_setters(Precondition, PRECONDITION_FIELDS)


def new_precondition(
    party: str,
    requires: Requirement,
    before: str,
    as_of: dt.date,
    basis: Basis,
    source: str | None,
    quote: str | None,
    note: str | None,
    retracted: bool,
) -> Precondition:
    """`Precondition(...)` of values already checked, every field given."""
    p: Precondition = _new(Precondition)
    _p_party(p, party)
    _p_requires(p, requires)
    _p_before(p, before)
    _p_as_of(p, as_of)
    _p_basis(p, basis)
    _p_source(p, source)
    _p_quote(p, quote)
    _p_note(p, note)
    _p_retracted(p, retracted)
    return p
