"""deals' tables and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from positions.model import Case

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.deals import Block, Concession, DealPackage, Deals, RedLine

from positions._report.render import JSON, Table
from positions._report.words import (
    Wording,
    conditions_words,
    issue_name,
    party_name,
    party_names,
    set_json,
    value_words,
    when_json,
)

# --------------------------------------------------------------------------------------------
# deals


def _issues_words(case: Case, issues: Sequence[str], every: Sequence[str]) -> str:
    if len(issues) == len(every) and len(every) > 2:
        return f"all {len(every)} issues"
    return ", ".join(issue_name(case, i, short=True) for i in issues)


def package_words(case: Case, p: DealPackage, labels: bool = True) -> str:
    parts = []
    for issue, value in p.outcomes:
        text = "any" if value is None else value_words(value, case.issue(issue).scale, labels)
        parts.append(f"{issue_name(case, issue, short=True)}: {text}")
    return "; ".join(parts)


def _met_words(case: Case, p: DealPackage, every: Sequence[str]) -> str:
    met = dict(p.met)
    return "; ".join(
        f"{party_name(case, party)} {score}"
        + (f" ({_issues_words(case, met[party], every)})" if met[party] else "")
        for party, score in p.scores
    )


def _unknown_words(case: Case, p: DealPackage, every: Sequence[str]) -> str:
    if not p.unknown:
        return "— (within every red line)"
    return "; ".join(
        f"{party_name(case, party)} ({_issues_words(case, issues, every)})"
        for party, issues in p.unknown
    )


def red_line_words(case: Case, r: RedLine, labels: bool = True) -> str:
    assert r.stance.red_line is not None
    text = (
        f"{party_name(case, r.party)}: {issue_name(case, r.issue, short=True)} "
        f"{Wording(case=case, labels=labels).set(r.stance.red_line)}"
    )
    if r.stance.when:
        text += f", while {conditions_words(case, r.stance.when, labels)}"
    return text


def concession_words(case: Case, c: Concession, labels: bool = True) -> str:
    words = Wording(case=case, labels=labels)
    unit = c.unit
    if unit == "steps" and c.distance == 1:
        unit = "step"
    elif unit == "options" and c.distance == 1:
        unit = "option"
    return (
        f"{party_name(case, c.party)} widens its red line on {issue_name(case, c.issue, True)} "
        f"from {words.set(c.before)} to {words.set(c.after)} ({value_words(c.distance)} {unit})"
    ).replace(" )", ")")


def _block_rows(case: Case, blocks: Sequence[Block], labels: bool) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for n, block in enumerate(blocks, 1):
        rows.append(
            (
                str(n),
                "; ".join(red_line_words(case, r, labels) for r in block.red_lines),
                "; or ".join(concession_words(case, c, labels) for c in block.concessions),
            )
        )
    return rows


def deals_tables(case: Case, result: Deals, wording: Wording | None = None) -> list[Table]:
    words = wording if wording is not None else Wording(case=case, as_of=result.as_of)
    labels = words.labels
    who = party_names(case, result.deciding)
    verdict = (
        "packages exist that breach no known red line"
        if result.feasible
        else "no package avoids every known red line"
    )
    tables = [
        Table(
            title=f"{case.title} — deals as of {result.as_of.isoformat()}, for {who}: {verdict}",
            headers=("Issue", "Joint zone (in some package)", "Zone on its own"),
            rows=tuple(
                (
                    issue_name(case, issue),
                    " or ".join(words.set(s) for s in zone) or "none",
                    words.set(own) if own is not None else "anything (no red line known)",
                )
                for (issue, zone), (_, own) in zip(result.zones, result.per_issue, strict=True)
            ),
        )
    ]
    if result.feasible:
        tables.append(
            Table(
                title="Best packages: no known breach, which is not acceptance (weighted demands "
                "met: low 1, medium 2, high 3)",
                headers=("#", "Package", "Demands met", "No breach rests on unknown red lines of"),
                rows=tuple(
                    (
                        str(n),
                        package_words(case, p, labels),
                        _met_words(case, p, result.issues),
                        _unknown_words(case, p, result.issues),
                    )
                    for n, p in enumerate(result.packages, 1)
                ),
            )
        )
    else:
        more = "" if result.complete else " (the search stopped at its limit: more may exist)"
        tables.append(
            Table(
                title=f"Red lines that together rule out every package, smallest first{more}",
                headers=("#", "Red lines", "Least concession that unblocks them"),
                rows=tuple(_block_rows(case, result.blocking, labels)),
            )
        )
    return tables


def _red_line_json(r: RedLine) -> JSON:
    data: JSON = {"party": r.party, "issue": r.issue, "red_line": set_json(r.stance.red_line)}
    if r.stance.when:
        data["when"] = when_json(r.stance.when)
    return data


def deals_json(case: Case, result: Deals) -> JSON:
    return {
        "case": result.case,
        "as_of": result.as_of.isoformat(),
        "parties": list(result.parties),
        "deciding": list(result.deciding),
        "issues": list(result.issues),
        "feasible": result.feasible,
        "zones": {issue: [set_json(s) for s in zone] for issue, zone in result.zones},
        "per_issue_zones": {issue: set_json(own) for issue, own in result.per_issue},
        "packages": [
            {
                "outcomes": dict(p.outcomes),
                "score": p.total,
                "scores": dict(p.scores),
                "demands_met": {party: list(issues) for party, issues in p.met},
                "unknown_red_lines": {party: list(issues) for party, issues in p.unknown},
            }
            for p in result.packages
        ],
        "blocking": [
            {
                "red_lines": [_red_line_json(r) for r in b.red_lines],
                "concessions": [
                    {
                        "party": c.party,
                        "issue": c.issue,
                        "from": set_json(c.before),
                        "to": set_json(c.after),
                        "distance": c.distance,
                        "unit": c.unit,
                    }
                    for c in b.concessions
                ],
            }
            for b in result.blocking
        ],
        "complete": result.complete,
    }
