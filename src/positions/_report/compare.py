"""compare's table, JSON and one-line explanations."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from positions.model import Case
from positions.outcomes import OutcomeSet, intersect_all

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.compare import Breach, Comparison, Gap, IssueComparison

from positions._report.render import JSON, Encoded, Records, Table, compact
from positions._report.words import (
    SetWriter,
    StanceTexts,
    Wording,
    describe,
    issue_name,
    nodes_words,
    party_name,
    party_names,
    possessive,
    set_json,
    short_labels,
    stance_json,
    value_words,
)

# --------------------------------------------------------------------------------------------
# compare


def breach_sentence(case: Case, b: Breach, labels: bool = False) -> str:
    return (
        f"{possessive(party_name(case, b.party))} demand ({describe(b.demand, labels)}) breaches "
        f"{possessive(party_name(case, b.red_line_of))} red line ({describe(b.red_line, labels)})"
    )


#: an explanation spells out this many breaches; JSON lists them all
BREACHES_SPELLED_OUT = 3


def _breach_sentences(case: Case, breaches: Sequence[Breach], labels: bool) -> str:
    shown = [breach_sentence(case, b, labels) for b in breaches[:BREACHES_SPELLED_OUT]]
    rest = len(breaches) - len(shown)
    if rest:
        shown.append(f"and {rest} more breach{'es' if rest > 1 else ''}")
    return "; ".join(shown)


def gap_words(case: Case, gap: Gap | None, labels: bool = False) -> str:
    """The gap between conflicting red lines: its distance on an ordered scale, or else each
    party's red line (the sets no single outcome lies in)."""
    if gap is None:
        return ""
    if gap.distance is None:
        return "; ".join(f"{party_name(case, p)}: {describe(s, labels)}" for p, s in gap.sets)
    scale = gap.sets[0][1].scale
    assert gap.lower is not None and gap.upper is not None
    high = value_words(gap.upper, scale, labels)
    if scale.finite:
        low = value_words(gap.lower, scale, labels)
        steps = "step" if gap.distance == 1 else "steps"
        return f"gap {value_words(gap.distance)} {steps} ({low} to {high})"
    return f"gap {value_words(gap.distance, scale)} ({value_words(gap.lower)} to {high})"


def zone_words(case: Case, row: IssueComparison, labels: bool = False) -> str:
    """The zone: 'zone: 10 to 15 km' where every deciding red line is known (overlap);
    otherwise whose red lines bound it so far ('within Syria's red line: full'; 'within the red
    lines of Syria, Israel and Turkey: ...')."""
    if row.zone is None:
        return ""
    if row.status == "overlap":
        return f"zone: {describe(row.zone, labels)}"
    if len(row.zone_of) == 1:
        whose = f"{possessive(party_name(case, row.zone_of[0]))} red line"
    else:
        whose = f"the red lines of {party_names(case, row.zone_of)}"
    return f"within {whose}: {describe(row.zone, labels)}"


def _others(case: Case, row: IssueComparison, deciding: Sequence[str], labels: bool) -> str:
    """What the parties that do not decide the status ask for: 'the United States (mediator)
    asks for yes'."""
    said = []
    deciders = set(deciding)
    for p, s in row.stances:
        if p in deciders:
            continue
        party = case.party(p)
        wants = describe(s.wants, labels)
        said.append(f"{party.name} ({party.role}) asks for {wants}")
    return "; ".join(said)


def explain(
    case: Case, row: IssueComparison, deciding: Sequence[str] | None = None, labels: bool = False
) -> str:
    """One line saying why the issue has its status (`deciding`: the parties that decide it;
    default: every party with a stance)."""
    spoken_all = [p for p, _ in row.stances] + [p for p, _ in row.depends_on]
    decide = list(deciding) if deciding is not None else spoken_all
    speaking, quiet = set(spoken_all), set(row.silent)  # (sets: 40 parties make 1,600 tests)
    spoken = [p for p in decide if p in speaking]
    silent = [p for p in decide if p in quiet]
    parts: list[str] = []
    if row.status == "silent":
        parts.append("no deciding party has a stance" if deciding else "no party has a stance")
    elif row.status == "one-sided":
        parts.append(f"only {party_name(case, spoken[0])} has a stance")
    elif row.status == "conflict":
        gap = row.gap
        if gap is not None and gap.distance is not None:
            assert gap.lower_party is not None and gap.upper_party is not None
            assert gap.lower is not None and gap.upper is not None
            scale = gap.sets[0][1].scale
            lower = possessive(party_name(case, gap.lower_party))
            upper = possessive(party_name(case, gap.upper_party))
            parts.append(
                f"red lines do not meet: {lower} goes up to "
                f"{value_words(gap.lower, scale, labels)}, {upper} starts at "
                f"{value_words(gap.upper, scale, labels)}"
            )
        else:
            parts.append("no outcome lies inside every red line")
    elif row.status == "agreed":
        parts.append(_accept(case, spoken, _common(row, spoken), labels))
        if row.provisional and case.single_undertaking is not None:
            parts.append(
                f"provisional until {case.milestone(case.single_undertaking).label}: nothing "
                "is agreed until everything is agreed"
            )
    elif row.status == "overlap":
        parts.append(f"red lines meet at {describe(row.zone, labels)}; demands differ")
    elif row.breaches:
        parts.append(_breach_sentences(case, row.breaches, labels))
    else:
        common = _common(row, spoken)
        if common is not None and not common.is_empty() and len(spoken) > 1:
            parts.append(_accept(case, spoken, common, labels))
        elif common is not None:
            parts.append("demands differ")
    if row.status == "open" and silent:
        parts.append(f"no stance from {party_names(case, silent, 'or')}: silence is not agreement")
    for p, nodes in row.depends_on:
        parts.append(
            f"{possessive(party_name(case, p))} stance depends on {nodes_words(case, nodes)}"
        )
    unknown = [p for p in row.unknown_red_lines if p not in dict(row.depends_on)]
    if row.status == "open" and unknown:
        lines = "red line" if len(unknown) == 1 else "red lines"
        parts.append(f"{lines} unknown for {party_names(case, unknown)}")
    if row.status in ("conflict", "overlap", "agreed") and row.breaches:
        parts.append(_breach_sentences(case, row.breaches, labels))
    if row.status in ("one-sided", "silent") and row.breaches:
        parts.append(_breach_sentences(case, row.breaches, labels))
    if row.status == "one-sided" and silent:
        parts.append(f"no stance from {party_names(case, silent, 'or')}")
    if deciding is not None:
        others = _others(case, row, deciding, labels)
        if others:
            parts.append(others)
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _common(row: IssueComparison, spoken: Sequence[str]) -> OutcomeSet | None:
    """What every speaking party's demand allows (None when a stance is indeterminate)."""
    held = dict(row.stances)
    if any(p not in held for p in spoken) or not spoken:
        return None
    wants = [held[p].wants for p in spoken]
    if any(w is None for w in wants):
        return None
    return intersect_all([w for w in wants if w is not None])


def _accept(case: Case, spoken: Sequence[str], common: OutcomeSet | None, labels: bool) -> str:
    every = "all" if len(spoken) > 2 else "both"
    return f"{party_names(case, spoken)} {every} accept {describe(common, labels)}"


def status_words(row: IssueComparison) -> str:
    return f"{row.status} (provisional)" if row.provisional else row.status


def _header(case: Case, party: str, deciding: Sequence[str]) -> str:
    p = case.party(party)
    return p.name if p.role == "principal" and party in deciding else f"{p.name} ({p.role})"


def compare_tables(case: Case, result: Comparison, wording: Wording | None = None) -> list[Table]:
    words = wording if wording is not None else Wording(case=case, as_of=result.as_of)
    deciding = result.deciding or result.parties
    rows = []
    for row in result.issues:
        held = dict(row.stances)
        conditional = dict(row.branches)
        cells = []
        for p in result.parties:
            if p in conditional:
                cells.append(words.position(conditional[p]))
            else:
                cells.append(words.stance(held.get(p)))
        zone_gap = (
            gap_words(case, row.gap, words.labels)
            if row.status == "conflict"
            else zone_words(case, row, words.labels)
        )
        rows.append(
            (
                issue_name(case, row.issue),
                *cells,
                status_words(row),
                zone_gap,
                explain(case, row, deciding, words.labels),
            )
        )
    if tuple(deciding) == tuple(result.parties):
        who = ""
    else:
        who = f"; statuses decided by {party_names(case, deciding)}"
    tables = [
        Table(
            title=f"{case.title} — positions as of {result.as_of.isoformat()}{who}",
            headers=(
                "Issue",
                *(_header(case, p, deciding) for p in result.parties),
                "Status",
                "Zone / gap",
                "Explanation",
            ),
            rows=tuple(rows),
            short=short_labels(case),
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
    if words.notes is not None and words.notes.cited:
        tables.append(words.notes.table())
    return tables


def _gap_json(gap: Gap | None, sets: Callable[[OutcomeSet | None], Any] = set_json) -> JSON | None:
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
        "sets": {p: sets(s) for p, s in gap.sets},
    }
    return data


def _issue_rows(
    case: Case, result: Comparison, deciding: Sequence[str], stream: bool
) -> Iterator[JSON]:
    sets: Callable[[OutcomeSet | None], Any] = SetWriter() if stream else set_json
    texts = StanceTexts() if stream else None  # (stances as written text: see StanceTexts)
    # a breach written as JSON is '{"party": P, "red_line_of": Q}': the part up to Q is the
    # same for every breach of P's demand, and the rest for every breach of Q's red line
    heads: dict[str, tuple[str, str]] = {}  # per party: its part before Q, and with ", " first
    tails: dict[str, str] = {}  # per party: Q and the closing brace
    for row in result.issues:
        breaches: Any
        if stream:
            parts = []
            ends: dict[int, list[str]] = {}  # per list of owners (shared, see by_party): theirs
            for p, of in _breach_parties(row):
                head = heads.get(p)
                if head is None:
                    text = compact({"party": p, "red_line_of": ""})[:-3]
                    head = heads[p] = (text, ", " + text)
                written = ends.get(id(of))
                if written is None:
                    for q in of:
                        if q not in tails:
                            tails[q] = compact(q) + "}"
                    written = ends[id(of)] = [tails[q] for q in of]
                parts.append(head[0] + head[1].join(written))
            breaches = Encoded(f"[{', '.join(parts)}]")
        else:
            breaches = [
                {"party": p, "red_line_of": q} for p, of in _breach_parties(row) for q in of
            ]
        yield {
            "issue": row.issue,
            "status": row.status,
            "provisional": row.provisional,
            "explanation": explain(case, row, deciding),
            "stances": (texts and texts.stances(row.stances))
            or {p: stance_json(s, sets) for p, s in row.stances},
            "silent": list(row.silent),
            "zone": set_json(row.zone),
            "zone_of": list(row.zone_of),
            "unknown_red_lines": list(row.unknown_red_lines),
            "gap": _gap_json(row.gap, sets),
            "breaches": breaches,
            "depends_on": {p: list(nodes) for p, nodes in row.depends_on},
            "branches": {p: [stance_json(s, sets) for s in bs] for p, bs in row.branches},
        }


def _breach_parties(row: IssueComparison) -> Iterable[tuple[str, list[str]]]:
    """Per party whose demand breaches red lines, the parties whose red lines, in order: read
    from the compact form when it is one."""
    by_party = getattr(row.breaches, "by_party", None)
    if by_party is not None:
        found: Iterable[tuple[str, list[str]]] = by_party()
        return found
    grouped: list[tuple[str, list[str]]] = []
    for b in row.breaches:
        if grouped and grouped[-1][0] == b.party:
            grouped[-1][1].append(b.red_line_of)
        else:
            grouped.append((b.party, [b.red_line_of]))
    return grouped


def compare_json(case: Case, result: Comparison, *, stream: bool = False) -> JSON:
    """compare's JSON document. With `stream`, for writing out (`render.write_json`), not for
    reading: the issue rows are made as they are written (`Records`), each row's breaches
    come as written text, and stances that share an outcome set share its data."""
    deciding = result.deciding or result.parties
    rows = _issue_rows(case, result, deciding, stream)
    data: JSON = {
        "case": result.case,
        "as_of": result.as_of.isoformat(),
        "parties": list(result.parties),
        "deciding": list(deciding),
        "issues": Records(rows) if stream else list(rows),
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
