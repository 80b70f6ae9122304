"""compare's table, JSON and one-line explanations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from positions.model import Case

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.compare import Breach, Comparison, Gap, IssueComparison

from positions._report.render import JSON, Table
from positions._report.words import (
    describe,
    number,
    party_name,
    party_names,
    possessive,
    set_json,
    stance_json,
    stance_words,
)

# --------------------------------------------------------------------------------------------
# compare


def breach_sentence(case: Case, b: Breach) -> str:
    return (
        f"{possessive(party_name(case, b.party))} demand ({describe(b.demand)}) breaches "
        f"{possessive(party_name(case, b.red_line_of))} red line ({describe(b.red_line)})"
    )


#: an explanation spells out this many breaches; JSON lists them all
BREACHES_SPELLED_OUT = 3


def _breach_sentences(case: Case, breaches: Sequence[Breach]) -> str:
    shown = [breach_sentence(case, b) for b in breaches[:BREACHES_SPELLED_OUT]]
    rest = len(breaches) - len(shown)
    if rest:
        shown.append(f"and {rest} more breach{'es' if rest > 1 else ''}")
    return "; ".join(shown)


def gap_words(gap: Gap | None) -> str:
    if gap is None or gap.distance is None:
        return ""
    unit = gap.unit if gap.unit else ("step" if gap.distance == 1 else "steps")
    if gap.unit is None and isinstance(gap.lower, str):
        return f"gap {number(gap.distance)} {unit} ({gap.lower} to {gap.upper})"
    low = number(gap.lower) if gap.lower is not None else ""
    high = number(gap.upper) if gap.upper is not None else ""
    tail = f" {gap.unit}" if gap.unit else ""
    return f"gap {number(gap.distance)}{tail} ({low} to {high}{tail})"


def explain(case: Case, row: IssueComparison) -> str:
    """One line saying why the issue has its status."""
    parts: list[str] = []
    with_stance = [p for p, _ in row.stances]
    if row.status == "silent":
        parts.append("no selected party has a stance")
    elif row.status == "one-sided":
        parts.append(f"only {party_name(case, with_stance[0])} has a stance")
    elif row.status == "conflict":
        gap = row.gap
        if gap is not None and gap.distance is not None:
            assert gap.lower_party is not None and gap.upper_party is not None
            lower = possessive(party_name(case, gap.lower_party))
            upper = possessive(party_name(case, gap.upper_party))
            low_s = gap.lower if isinstance(gap.lower, str) else number(gap.lower or 0)
            high_s = gap.upper if isinstance(gap.upper, str) else number(gap.upper or 0)
            unit = f" {gap.unit}" if gap.unit else ""
            parts.append(
                f"red lines do not meet: {lower} goes up to {low_s}{unit}, {upper} starts at "
                f"{high_s}{unit}"
            )
        else:
            parts.append("no outcome lies inside every red line")
    elif row.status == "agreed":
        wants = [s.wants for _, s in row.stances if s.wants is not None]
        common = wants[0]
        for w in wants[1:]:
            common = common.intersect(w)
        parts.append(
            f"{party_names(case, with_stance)} all accept {describe(common)}"
            if len(with_stance) > 2
            else f"{party_names(case, with_stance)} both accept {describe(common)}"
        )
    elif row.status == "overlap":
        parts.append(f"red lines meet at {describe(row.zone)}; demands differ")
    elif row.breaches:
        parts.append(_breach_sentences(case, row.breaches))
    else:
        parts.append("demands differ")
    if row.status in ("open",) and row.unknown_red_lines:
        lines = "red line" if len(row.unknown_red_lines) == 1 else "red lines"
        parts.append(f"{lines} unknown for {party_names(case, row.unknown_red_lines)}")
    if row.status in ("conflict", "overlap", "agreed") and row.breaches:
        parts.append(_breach_sentences(case, row.breaches))
    if row.silent and row.status != "silent":
        parts.append(f"no stance from {party_names(case, row.silent, 'or')}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def compare_tables(case: Case, result: Comparison) -> list[Table]:
    names = [party_name(case, p) for p in result.parties]
    rows = []
    for row in result.issues:
        held = dict(row.stances)
        zone_gap = ""
        if row.status == "conflict":
            zone_gap = gap_words(row.gap)
        elif row.zone is not None:
            zone_gap = ("zone so far: " if row.status == "open" else "zone: ") + describe(row.zone)
        rows.append(
            (
                case.issue(row.issue).title,
                *(stance_words(held.get(p)) for p in result.parties),
                row.status,
                zone_gap,
                explain(case, row),
            )
        )
    tables = [
        Table(
            title=f"{case.title} — positions as of {result.as_of.isoformat()}",
            headers=("Issue", *names, "Status", "Zone / gap", "Explanation"),
            rows=tuple(rows),
        )
    ]
    if result.pairs is not None:
        tables.append(
            Table(
                title="Pairwise: issues both parties have a stance on, by status",
                headers=("Party A", "Party B", "agreed", "overlap", "open", "conflict"),
                rows=tuple(
                    (
                        party_name(case, p.a),
                        party_name(case, p.b),
                        str(p.agreed),
                        str(p.overlap),
                        str(p.open),
                        str(p.conflict),
                    )
                    for p in result.pairs
                ),
            )
        )
    return tables


def _gap_json(gap: Gap | None) -> JSON | None:
    if gap is None:
        return None
    data: JSON = {
        "lower_party": gap.lower_party,
        "lower": gap.lower,
        "upper_party": gap.upper_party,
        "upper": gap.upper,
        "distance": gap.distance,
        "unit": gap.unit
        if gap.unit is not None
        else ("steps" if isinstance(gap.lower, str) else None),
        "sets": {p: set_json(s) for p, s in gap.sets},
    }
    return data


def compare_json(case: Case, result: Comparison) -> JSON:
    data: JSON = {
        "case": result.case,
        "as_of": result.as_of.isoformat(),
        "parties": list(result.parties),
        "issues": [
            {
                "issue": row.issue,
                "status": row.status,
                "explanation": explain(case, row),
                "stances": {p: stance_json(s) for p, s in row.stances},
                "silent": list(row.silent),
                "zone": set_json(row.zone),
                "unknown_red_lines": list(row.unknown_red_lines),
                "gap": _gap_json(row.gap),
                "breaches": [
                    {"party": b.party, "red_line_of": b.red_line_of} for b in row.breaches
                ],
            }
            for row in result.issues
        ],
    }
    if result.pairs is not None:
        data["pairs"] = [
            {
                "a": p.a,
                "b": p.b,
                "agreed": p.agreed,
                "overlap": p.overlap,
                "open": p.open,
                "conflict": p.conflict,
            }
            for p in result.pairs
        ]
    return data
