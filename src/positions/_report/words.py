"""Words for outcome sets, parties, stances and requirements, shared by every report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from positions.model import Case, Requirement, Stance
from positions.outcomes import INFINITY, OutcomeSet, Value, as_table

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    pass

from positions._report.render import JSON

# --------------------------------------------------------------------------------------------
# words


def number(v: Value) -> str:
    """A number as the shortest exact decimal: `0.9`, `12.5`, `100` (never `1E+2`)."""
    if isinstance(v, Decimal):
        if not v.is_finite():
            return "infinity" if v > 0 else "-infinity"
        if v == 0:
            return "0"
        return format(v.normalize(), "f")
    return str(v)


def with_unit(v: Value, s: OutcomeSet) -> str:
    text = v if isinstance(v, str) else number(v)
    return f"{text} {s.scale.unit}" if s.scale.unit and not isinstance(v, str) else text


def either(words: Sequence[str]) -> str:
    if len(words) <= 2:
        return " or ".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def describe(s: OutcomeSet | None) -> str:
    """An outcome set in words, in the form it was written: 'full', 'at least partial',
    'un or joint', 'anything but none', '5 to 20 km'. Computed sets are worded canonically."""
    if s is None:
        return "unknown"
    if s.is_empty():
        return "nothing"
    scale = s.scale
    form = s.form
    if form in ("list", "one_of") or (
        form == "set"
        and scale.finite
        and not s.is_single()
        and (not scale.ordered or not s.is_interval())
    ):
        return either(list(s.members()))
    if form == "none_of":
        excluded = [v for v in scale.values if not s.contains(v)]
        return "anything but " + either(excluded).replace(" or ", " and ")
    if form in ("value", "is") or (form == "set" and s.is_single()):
        return with_unit(s.bounds()[0] if scale.ordered else s.members()[0], s)
    lo, hi = s.bounds()
    if form == "set":
        if scale.finite:
            lo_open, hi_open = lo == scale.values[0], hi == scale.values[-1]
        else:
            lo_open = lo == -INFINITY or (scale.min is not None and lo == scale.min)
            hi_open = hi == INFINITY or (scale.max is not None and hi == scale.max)
        if lo_open and hi_open and lo == -INFINITY and hi == INFINITY:
            return "anything"
        form = (
            "at_least"
            if hi_open and lo != -INFINITY
            else ("at_most" if lo_open and hi != INFINITY else "range")
        )
    if form == "at_least":
        return f"at least {with_unit(lo, s)}"
    if form == "at_most":
        return f"at most {with_unit(hi, s)}"
    if scale.finite:
        return f"{lo} to {hi}"
    return f"{number(lo)} to {with_unit(hi, s)}"


def set_json(s: OutcomeSet | None) -> Any:
    """An outcome set as JSON: as written, numeric ones as a table with their unit."""
    if s is None:
        return None
    data = s.to_data()
    if not s.scale.finite and s.scale.unit is not None:
        if not isinstance(data, dict):
            data = {"is": data}
        data = {**data, "unit": s.scale.unit}
    return data


def party_name(case: Case, party: str) -> str:
    return case.party(party).name


def party_names(case: Case, parties: Iterable[str], conj: str = "and") -> str:
    names = [party_name(case, p) for p in parties]
    if len(names) <= 2:
        return f" {conj} ".join(names)
    return ", ".join(names[:-1]) + f" {conj} " + names[-1]


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def stance_words(s: Stance | None) -> str:
    if s is None:
        return "—"
    if s.demand is None:
        text = f"red line: {describe(s.red_line)}"
    elif s.red_line is None:
        text = describe(s.demand)
    elif describe(s.red_line) == describe(s.demand):
        text = f"{describe(s.demand)} (red line)"
    else:
        text = f"{describe(s.demand)}; red line: {describe(s.red_line)}"
    if s.basis == "inferred":
        text += " [inferred]"
    return text


def stance_json(s: Stance) -> JSON:
    return {
        "demand": set_json(s.demand),
        "red_line": set_json(s.red_line),
        "basis": s.basis,
        "as_of": s.as_of.isoformat(),
        "source": s.source,
    }


def value_words(v: Value) -> str:
    return v if isinstance(v, str) else number(v)


def requirement_words(case: Case, r: Requirement) -> str:
    if r.milestone is not None:
        return case.milestone(r.milestone).label
    assert r.issue is not None
    return f"{case.issue(r.issue).title}: {describe(r.outcomes)}"


def node_words(case: Case, node: str) -> str:
    if case.has_milestone(node):
        return case.milestone(node).label
    return case.issue(node).title


def requirement_json(r: Requirement) -> JSON:
    if r.milestone is not None:
        return {"milestone": r.milestone}
    return {"issue": r.issue, **as_table(set_json(r.outcomes))}


def optional_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, tuple):
        return ", ".join(str(x) for x in v)
    return str(v)


def scale_words(case: Case, issue_id: str) -> str:
    scale = case.issue(issue_id).scale
    if scale.kind == "numeric":
        bounds = ""
        if scale.min is not None or scale.max is not None:
            lo = number(scale.min) if scale.min is not None else "…"
            hi = number(scale.max) if scale.max is not None else "…"
            bounds = f" {lo}–{hi}"
        return f"numeric{bounds}{' ' + scale.unit if scale.unit else ''}"
    sep = " < " if scale.ordered else " | "
    return f"{scale.kind}: {sep.join(scale.values)}"
