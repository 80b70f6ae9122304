"""history's tables and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from positions.model import Case, Precondition, Stance

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.history import Change, History

from positions._report.render import JSON, Table
from positions._report.words import (
    node_words,
    party_name,
    requirement_json,
    requirement_words,
    stance_json,
    stance_words,
)

# --------------------------------------------------------------------------------------------
# history


def _record_words(case: Case, r: Stance | Precondition | None) -> str:
    if r is None:
        return "—"
    if isinstance(r, Stance):
        return stance_words(r)
    return requirement_words(case, r.requires)


def _record_json(r: Stance | Precondition | None) -> JSON | None:
    if r is None:
        return None
    if isinstance(r, Stance):
        return stance_json(r)
    return {
        "requires": requirement_json(r.requires),
        "before": r.before,
        "basis": r.basis,
        "as_of": r.as_of.isoformat(),
        "source": r.source,
    }


def _subject_words(case: Case, c: Change) -> str:
    if c.kind == "stance":
        return case.issue(c.subject).title
    source, target = c.subject.split("->", 1)
    return f"{node_words(case, source)} before {node_words(case, target)}"


def history_tables(case: Case, result: History) -> list[Table]:
    rows = tuple(
        (
            party_name(case, c.party),
            c.kind,
            _subject_words(case, c),
            c.change + (f" ({c.direction})" if c.direction else ""),
            _record_words(case, c.before),
            _record_words(case, c.after),
        )
        for c in result.changes
    )
    tables = [
        Table(
            title=f"{case.title} — changes from {result.start.isoformat()} to "
            f"{result.end.isoformat()}",
            headers=("Party", "Kind", "Subject", "Change", "Before", "After"),
            rows=rows,
        )
    ]
    tables.append(
        Table(
            title="Issues whose status changed",
            headers=("Issue", "Before", "After"),
            rows=tuple(
                (case.issue(s.issue).title, s.before, s.after) for s in result.status_changes
            ),
        )
    )
    return tables


def history_json(case: Case, result: History) -> JSON:
    return {
        "case": result.case,
        "from": result.start.isoformat(),
        "to": result.end.isoformat(),
        "changes": [
            {
                "kind": c.kind,
                "party": c.party,
                "subject": c.subject,
                "change": c.change,
                "direction": c.direction,
                "before": _record_json(c.before),
                "after": _record_json(c.after),
            }
            for c in result.changes
        ],
        "status_changes": [
            {"issue": s.issue, "before": s.before, "after": s.after} for s in result.status_changes
        ],
    }
