"""timeline's table and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from positions.model import Case, Stance

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.compare import Status
    from positions.engine.timeline import IssueTimeline, Timeline

from positions._report.render import JSON, Table
from positions._report.words import (
    Wording,
    issue_name,
    party_name,
    party_names,
    short_labels,
    stance_json,
)

#: a party's stance at a date, the same as at the date before (tables for people only)
DITTO = '"'


def cell_status(status: Status, provisional: bool) -> str:
    """A status as a table writes it: 'agreed (provisional)' before the single undertaking."""
    return f"{status} (provisional)" if provisional else status


def position_words(words: Wording, branches: tuple[Stance, ...], stance: Stance | None) -> str:
    """A party's position at a date: the stance in force, or every branch of a conditional
    one; '—' where it has none."""
    if any(b.when for b in branches):
        return words.position(branches)
    return words.stance(stance)


def _title(case: Case, result: Timeline) -> str:
    span = result.dates[0].isoformat()
    if len(result.dates) > 1:
        span = f"from {span} to {result.dates[-1].isoformat()}"
    else:
        span = f"at {span}"
    who = ""
    if tuple(result.deciding) != tuple(result.parties):
        who = f"; statuses decided by {party_names(case, result.deciding)}"
    return f"{case.title} — statuses {span}, at each date the record changes{who}"


def timeline_tables(case: Case, result: Timeline, wording: Wording | None = None) -> list[Table]:
    """One row per issue and a column per date, the status in each cell; with positions (by
    party), under each issue a row per party with its stance at each date."""
    words = wording if wording is not None else Wording(case=case)
    dates = tuple(d.isoformat() for d in result.dates)
    by_party = any(row.positions for row in result.issues)
    rows: list[tuple[str, ...]] = []
    for row in result.issues:
        statuses = tuple(
            cell_status(s, p) for s, p in zip(row.statuses, row.provisional, strict=True)
        )
        if not by_party:
            rows.append((issue_name(case, row.issue), *statuses))
            continue
        rows.append((issue_name(case, row.issue), "status", *statuses))
        for party, held in row.positions:
            cells = [position_words(words, branches, s) for branches, s in held]
            if words.labels:  # for people: a stance written once, then ditto while it holds
                cells = [DITTO if i and c == cells[i - 1] else c for i, c in enumerate(cells)]
            rows.append(("", party_name(case, party), *cells))
    headers = ("Issue", "Party", *dates) if by_party else ("Issue", *dates)
    title = _title(case, result)
    if by_party and words.labels:
        title += f"; {DITTO} = as at the date before"
    return [
        Table(
            title=title,
            headers=headers,
            rows=tuple(rows),
            short=short_labels(case),
        )
    ]


def _positions_json(row: IssueTimeline) -> tuple[JSON, JSON]:
    stances: JSON = {}
    branches: JSON = {}
    for party, held in row.positions:
        stances[party] = [stance_json(s) if s is not None else None for _, s in held]
        if any(b.when for group, _ in held for b in group):
            branches[party] = [[stance_json(b) for b in group] for group, _ in held]
    return stances, branches


def timeline_json(case: Case, result: Timeline) -> JSON:
    issues = []
    for row in result.issues:
        data: JSON = {
            "issue": row.issue,
            "statuses": list(row.statuses),
            "provisional": list(row.provisional),
        }
        if row.positions:
            data["stances"], data["branches"] = _positions_json(row)
        issues.append(data)
    return {
        "case": result.case,
        "dates": [d.isoformat() for d in result.dates],
        "parties": list(result.parties),
        "deciding": list(result.deciding),
        "issues": issues,
    }
