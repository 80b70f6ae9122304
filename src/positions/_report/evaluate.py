"""evaluate's table and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from positions.model import Case

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.evaluate import Evaluation

from positions._report.render import JSON, Table
from positions._report.words import party_name, party_names, stance_words, value_words

# --------------------------------------------------------------------------------------------
# evaluate


def evaluate_tables(case: Case, result: Evaluation) -> list[Table]:
    pkg = result.package
    label = pkg.label or pkg.id
    rows = []
    for v in result.verdicts:
        scale = case.issue(v.issue).scale
        outcome = value_words(v.outcome) + (f" {scale.unit}" if scale.unit else "")
        rows.append(
            (
                case.issue(v.issue).title,
                outcome,
                party_name(case, v.party),
                v.verdict,
                stance_words(v.stance),
            )
        )
    summary = Table(
        title="Summary",
        headers=("Acceptable to", "Breached by"),
        rows=(
            (
                party_names(case, result.acceptable_to) or "—",
                party_names(case, result.breached_by) or "—",
            ),
        ),
    )
    return [
        Table(
            title=f"{label} — against each party's stances as of {result.as_of.isoformat()}",
            headers=("Issue", "Package", "Party", "Verdict", "Party's stance"),
            rows=tuple(rows),
        ),
        summary,
    ]


def evaluate_json(case: Case, result: Evaluation) -> JSON:
    return {
        "case": result.case,
        "as_of": result.as_of.isoformat(),
        "package": result.package.id,
        "verdicts": [
            {"party": v.party, "issue": v.issue, "verdict": v.verdict, "outcome": v.outcome}
            for v in result.verdicts
        ],
        "acceptable_to": list(result.acceptable_to),
        "breached_by": list(result.breached_by),
    }
