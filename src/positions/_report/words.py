"""Words for outcome sets, parties, stances and requirements, shared by every report.

Tables speak to people: they use level and option labels where the file gives them, date a
stance older than the snapshot, mark each inferred part of a claim, spell out a conditional
stance's branches, and (with notes) number each claim for a footnote holding its source, quote
and note. JSON and CSV keep ids. `Wording` carries those choices through a report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from positions._report.render import JSON, Encoded, ExactNumbers, Table, compact, plain_compact
from positions.model import Case, Condition, Precondition, Requirement, Stance
from positions.outcomes import INFINITY, OutcomeSet, Scale, Value, as_table

# --------------------------------------------------------------------------------------------
# numbers and sets


def number(v: Value) -> str:
    """A number as the shortest exact decimal: `0.9`, `12.5`, `100` (never `1E+2`)."""
    if isinstance(v, Decimal):
        if not v.is_finite():
            return "infinity" if v > 0 else "-infinity"
        if v == 0:
            return "0"
        return format(v.normalize(), "f")
    return str(v)


def value_words(v: Value, scale: Scale | None = None, labels: bool = False) -> str:
    """One outcome: a level or option (its label, with `labels`), or a number with its unit
    (when `scale` is given)."""
    if isinstance(v, str):
        return scale.label(v) if labels and scale is not None and v in scale.values else v
    unit = scale.unit if scale is not None else None
    return f"{number(v)} {unit}" if unit else number(v)


def either(words: Sequence[str]) -> str:
    if len(words) <= 2:
        return " or ".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def describe(s: OutcomeSet | None, labels: bool = False) -> str:
    """An outcome set in words, in the form it was written: 'full', 'at least partial',
    'un or joint', 'anything but none', '5 to 20 km'. Computed sets are worded canonically.
    With `labels`, levels and options are named by their labels where the file gives them."""
    if s is None:
        return "unknown"
    if s.is_empty():
        return "nothing"
    scale = s.scale

    def word(v: Value) -> str:
        return value_words(v, scale, labels)

    form = s.form
    if form in ("list", "one_of") or (
        form == "set"
        and scale.finite
        and not s.is_single()
        and (not scale.ordered or not s.is_interval())
    ):
        return either([word(v) for v in s.members()])
    if form == "none_of":
        excluded = [word(v) for v in scale.values if not s.contains(v)]
        return "anything but " + either(excluded).replace(" or ", " and ")
    if form in ("value", "is") or (form == "set" and s.is_single()):
        return word(s.bounds()[0] if scale.ordered else s.members()[0])
    if form == "set" and scale.finite and s.mask == scale.full_mask:
        return "anything"
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
        return f"at least {word(lo)}"
    if form == "at_most":
        return f"at most {word(hi)}"
    if scale.finite:
        return f"{word(lo)} to {word(hi)}"
    return f"{number(lo)} to {word(hi)}"


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


class SetWriter:
    """`set_json` once per outcome set: stances share sets (loading reads a repeated set
    once), so a report writing many stances writes each set once. The data it returns is
    shared between the stances that share the set: for writing out, not for handing over."""

    def __init__(self) -> None:
        self._done: dict[int, tuple[OutcomeSet, Any]] = {}

    def __call__(self, s: OutcomeSet | None) -> Any:
        if s is None:
            return None
        found = self._done.get(id(s))
        if found is None:
            found = self._done[id(s)] = (s, set_json(s))  # (holding s keeps its id its own)
        return found[1]


# --------------------------------------------------------------------------------------------
# parties, issues, milestones


def party_name(case: Case, party: str) -> str:
    return case.party(party).name


def party_names(case: Case, parties: Iterable[str], conj: str = "and") -> str:
    names = [party_name(case, p) for p in parties]
    if len(names) <= 2:
        return f" {conj} ".join(names)
    return ", ".join(names[:-1]) + f" {conj} " + names[-1]


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def issue_name(case: Case, issue: str, short: bool = False) -> str:
    """An issue's title, or its short label where one is given and `short` asks for it."""
    found = case.issue(issue)
    return found.short if short and found.short else found.title


def short_labels(case: Case) -> tuple[tuple[str, str], ...]:
    """(title, short label) of every issue that has one: a table narrowed to fit a width
    writes the short label (`Table.short`)."""
    return tuple((i.title, i.short) for i in case.issues if i.short and i.short != i.title)


def node_words(case: Case, node: str) -> str:
    if case.has_milestone(node):
        return case.milestone(node).label
    return case.issue(node).title


def requirement_words(case: Case, r: Requirement, labels: bool = False) -> str:
    if r.milestone is not None:
        return case.milestone(r.milestone).label
    assert r.issue is not None
    return f"{case.issue(r.issue).title}: {describe(r.outcomes, labels)}"


def condition_words(case: Case, c: Condition, labels: bool = False) -> str:
    """A condition as a clause: 'Israeli withdrawal is below full', 'the talks are reached'."""
    if c.milestone is not None:
        return f"{case.milestone(c.milestone).label} (reached)"
    assert c.issue is not None and c.outcomes is not None
    name = issue_name(case, c.issue, short=True)
    s = c.outcomes
    scale = s.scale
    if scale.finite and scale.ordered and s.is_interval() and not s.is_empty():
        lo, hi = s.hull()
        top = len(scale.values) - 1
        if lo == 0 and hi < top:  # everything below a level
            return f"{name} is below {value_words(scale.values[int(hi) + 1], scale, labels)}"
    if s.form == "none_of" and scale.finite:
        excluded = [value_words(v, scale, labels) for v in scale.values if not s.contains(v)]
        return f"{name} is not " + either(excluded).replace(" or ", " nor ")
    return f"{name} is {describe(s, labels)}"


def conditions_words(case: Case, conditions: Sequence[Condition], labels: bool = False) -> str:
    return " and ".join(condition_words(case, c, labels) for c in conditions)


def nodes_words(case: Case, nodes: Sequence[str]) -> str:
    return " and ".join(node_words(case, n) for n in nodes)


def requirement_json(r: Requirement) -> JSON:
    if r.milestone is not None:
        return {"milestone": r.milestone}
    return {"issue": r.issue, **as_table(set_json(r.outcomes))}


def when_json(conditions: Sequence[Condition]) -> list[JSON]:
    return [requirement_json(c) for c in conditions]


def optional_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, tuple):
        return ", ".join(str(x) for x in v)
    return str(v)


def scale_words(case: Case, issue_id: str, labels: bool = False) -> str:
    scale = case.issue(issue_id).scale
    if scale.kind == "numeric":
        bounds = ""
        if scale.min is not None or scale.max is not None:
            lo = number(scale.min) if scale.min is not None else "…"
            hi = number(scale.max) if scale.max is not None else "…"
            bounds = f" {lo}–{hi}"
        return f"numeric{bounds}{' ' + scale.unit if scale.unit else ''}"
    sep = " < " if scale.ordered else " | "
    return f"{scale.kind}: {sep.join(value_words(v, scale, labels) for v in scale.values)}"


# --------------------------------------------------------------------------------------------
# stances


def basis_mark(s: Stance) -> str:
    """' [inferred]' when every part the stance gives is inferred; ' [red line inferred]' or
    ' [demand inferred]' when only that part is; '' otherwise."""
    parts = []
    if s.demand is not None:
        parts.append(("demand", s.demand_basis))
    if s.red_line is not None:
        parts.append(("red line", s.red_line_basis))
    inferred = [name for name, basis in parts if basis == "inferred"]
    if not inferred:
        return ""
    if len(inferred) == len(parts):
        return " [inferred]"
    return f" [{inferred[0]} inferred]"


def stance_words(s: Stance | None, labels: bool = False) -> str:
    if s is None:
        return "—"
    if s.demand is None:
        text = f"red line: {describe(s.red_line, labels)}"
    elif s.red_line is None:
        text = describe(s.demand, labels)
    elif describe(s.red_line) == describe(s.demand):
        text = f"{describe(s.demand, labels)} (red line)"
    else:
        text = f"{describe(s.demand, labels)}; red line: {describe(s.red_line, labels)}"
    return text + basis_mark(s)


def stance_json(s: Stance, sets: Callable[[OutcomeSet | None], Any] = set_json) -> JSON:
    """A stance as JSON; `sets` writes its outcome sets (`SetWriter` to write each once)."""
    data: JSON = {
        "demand": sets(s.demand),
        "red_line": sets(s.red_line),
        "basis": s.basis,
        "as_of": s.as_of.isoformat(),
        "source": s.source,
    }
    if s.demand_basis != s.basis or s.red_line_basis != s.basis:
        data["demand_basis"] = s.demand_basis
        data["red_line_basis"] = s.red_line_basis
    if s.when:
        data["when"] = when_json(s.when)
    return data


class StanceTexts:
    """Stances written straight to JSON text, for a long report: the pieces of a stance
    repeat (its sets, basis, date and source, the party it is keyed by), so each piece is
    written once (`compact`) and a stance is joined from them, where building its table and
    encoding that cost about twice as much. The text is what `stance_json` would encode to.
    A stance with rarer keys (`when`, part bases), or with a number whose text depends on the
    document (an exact one kept as a placeholder), gives None: write its table instead."""

    def __init__(self) -> None:
        self._sets: dict[int, str] = {}  # by id: a set's text, or "" when it has none
        self._kept: list[OutcomeSet] = []  # (the sets written: each keeps its id its own)
        self._texts: dict[str | dt.date | None, str] = {}  # bases, sources, parties, dates
        self._numbers = ExactNumbers()  # (one encoder for every set)

    def _set(self, s: OutcomeSet) -> str:
        found = self._sets.get(id(s))
        if found is None:
            data = set_json(s)
            found = plain_compact(data)  # (most sets: no encoder to make)
            if found is None:
                numbers = self._numbers
                found = numbers.encode(data)
                if numbers.exact:  # a placeholder: the set goes as data, in its document
                    numbers.exact.clear()
                    found = ""
            self._sets[id(s)] = found
            self._kept.append(s)
        return found

    def _text(self, value: str | dt.date | None) -> str:
        found = self._texts.get(value)
        if found is None:
            written = value.isoformat() if isinstance(value, dt.date) else value
            found = self._texts[value] = compact(written)
        return found

    def stance(self, s: Stance) -> str | None:
        """`compact(stance_json(s))`, or None (see the class)."""
        if s.when or s.demand_basis != s.basis or s.red_line_basis != s.basis:
            return None
        sets, texts = self._sets, self._texts  # (most look-ups find what they look for)
        d, r = s.demand, s.red_line
        demand = "null" if d is None else sets.get(id(d)) or self._set(d)
        red_line = "null" if r is None else sets.get(id(r)) or self._set(r)
        if not demand or not red_line:
            return None
        basis = texts.get(s.basis) or self._text(s.basis)
        day = texts.get(s.as_of) or self._text(s.as_of)
        source = texts.get(s.source) or self._text(s.source)
        return (
            f'{{"demand": {demand}, "red_line": {red_line}, "basis": {basis}, '
            f'"as_of": {day}, "source": {source}}}'
        )

    def change_head(self, party: str, subject: str, change: str, direction: str | None) -> str:
        """The start of a stance change's text in history's JSON: its kind, party, subject,
        change and direction, as its table writes them (before and after follow)."""
        texts = self._texts
        return (
            f'{{"kind": "stance", "party": {texts.get(party) or self._text(party)}, '
            f'"subject": {texts.get(subject) or self._text(subject)}, '
            f'"change": {texts.get(change) or self._text(change)}, '
            f'"direction": {texts.get(direction) or self._text(direction)}'
        )

    def stances(self, items: Iterable[tuple[str, Stance]]) -> Encoded | None:
        """The table of `items` (party: stance) as text, or None when a stance has none."""
        parts = []
        texts = self._texts
        for party, s in items:
            text = self.stance(s)
            if text is None:
                return None
            parts.append(f"{texts.get(party) or self._text(party)}: {text}")
        return Encoded("{" + ", ".join(parts) + "}")


# --------------------------------------------------------------------------------------------
# notes: numbered footnotes for claims


class Notes:
    """Numbers claims (stances, preconditions) in the order a report first cites them, for
    footnotes holding each claim's basis, source, quote and note."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.cited: list[Stance | Precondition] = []
        self._numbers: dict[int, int] = {}

    def mark(self, claim: Stance | Precondition) -> str:
        """' [n]', the claim's footnote number (numbered on first use)."""
        return f" [{self.number(claim)}]"

    def number(self, claim: Stance | Precondition) -> int:
        """The claim's footnote number (numbered on first use)."""
        number_ = self._numbers.get(id(claim))
        if number_ is None:
            self.cited.append(claim)
            number_ = self._numbers[id(claim)] = len(self.cited)
        return number_

    def table(self) -> Table:
        case = self.case
        rows = []
        for n, c in enumerate(self.cited, 1):
            if isinstance(c, Stance):
                claim = f"{party_name(case, c.party)} on {case.issue(c.issue).title}"
                basis: str = c.basis
                if c.demand_basis != c.basis or c.red_line_basis != c.basis:
                    basis = f"demand {c.demand_basis}, red line {c.red_line_basis}"
            else:
                claim = (
                    f"{party_name(case, c.party)}: {node_words(case, c.requires.node)} before "
                    f"{node_words(case, c.before)}"
                )
                basis = c.basis
            rows.append(
                (
                    str(n),
                    f"{claim} ({c.as_of.isoformat()})",
                    basis,
                    source_words(case, c.source),
                    c.quote or "",
                    c.note or "",
                )
            )
        return Table(
            title="Notes",
            headers=("#", "Claim", "Basis", "Source", "Quote", "Note"),
            rows=tuple(rows),
        )


def source_words(case: Case, source: str | None) -> str:
    if source is None:
        return ""
    s = case.source(source)
    parts = [s.title]
    if s.publisher:
        parts.append(s.publisher)
    if s.date:
        parts.append(s.date.isoformat())
    return ", ".join(parts)


@attrs.frozen(kw_only=True)
class Wording:
    """How a report words a case's claims: `labels` (level and option labels instead of
    ids), `as_of` (a stance older than it shows its date), `notes` (footnote numbers)."""

    case: Case
    labels: bool = True
    as_of: dt.date | None = None
    notes: Notes | None = None

    def set(self, s: OutcomeSet | None) -> str:
        return describe(s, self.labels)

    def value(self, issue: str, v: Value) -> str:
        return value_words(v, self.case.issue(issue).scale, self.labels)

    def dated(self, claim: Stance | Precondition) -> str:
        """' (2025-12-28)' for a claim older than the snapshot; with notes, its number."""
        text = ""
        if self.as_of is not None and claim.as_of < self.as_of:
            text = f" ({claim.as_of.isoformat()})"
        if self.notes is not None:
            text += self.notes.mark(claim)
        return text

    def stance(self, s: Stance | None) -> str:
        if s is None:
            return "—"
        return stance_words(s, self.labels) + self.dated(s)

    def branch(self, s: Stance) -> str:
        """One branch of a position: the stance, with its condition."""
        text = "no stance" if s.retracted else stance_words(s, self.labels)
        if s.when:
            text += f", while {conditions_words(self.case, s.when, self.labels)}"
        else:
            text = f"otherwise {text}"
        return text + self.dated(s)

    def position(self, branches: Sequence[Stance]) -> str:
        """Every branch of a conditional position, conditional ones first."""
        ordered = [b for b in branches if b.when] + [b for b in branches if not b.when]
        return "; ".join(self.branch(b) for b in ordered)

    def requirement(self, r: Requirement) -> str:
        return requirement_words(self.case, r, self.labels)

    def condition(self, c: Condition) -> str:
        return condition_words(self.case, c, self.labels)
