"""evaluate's table and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from positions.model import Case

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.evaluate import Evaluation, Verdict

from positions._report.render import JSON, Table
from positions._report.words import Wording, issue_name, nodes_words, party_name, party_names

# --------------------------------------------------------------------------------------------
# evaluate


def _verdict_words(case: Case, v: Verdict) -> str:
    if v.depends_on:
        return f"unknown: depends on {nodes_words(case, v.depends_on)}"
    return v.verdict


def evaluate_tables(case: Case, result: Evaluation, wording: Wording | None = None) -> list[Table]:
    words = wording if wording is not None else Wording(case=case, as_of=result.as_of)
    pkg = result.package
    label = pkg.label or pkg.id
    rows = []
    for v in result.verdicts:
        rows.append(
            (
                issue_name(case, v.issue),
                words.value(v.issue, v.outcome),
                party_name(case, v.party),
                _verdict_words(case, v),
                words.stance(v.stance) if v.stance is not None or not v.depends_on else "—",
            )
        )
    summary = Table(
        title="Summary",
        headers=("Acceptable to", "Breached by", "Undetermined"),
        rows=(
            (
                party_names(case, result.acceptable_to) or "—",
                party_names(case, result.breached_by) or "—",
                party_names(case, result.undetermined) or "—",
            ),
        ),
    )
    tables = [
        Table(
            title=f"{label} — against each party's stances as of {result.as_of.isoformat()}",
            headers=("Issue", "Package", "Party", "Verdict", "Party's stance"),
            rows=tuple(rows),
        ),
        summary,
    ]
    if words.notes is not None and words.notes.cited:
        tables.append(words.notes.table())
    return tables


def evaluate_json(case: Case, result: Evaluation) -> JSON:
    verdicts = []
    for v in result.verdicts:
        row: JSON = {"party": v.party, "issue": v.issue, "verdict": v.verdict, "outcome": v.outcome}
        if v.depends_on:
            row["depends_on"] = list(v.depends_on)
        verdicts.append(row)
    return {
        "case": result.case,
        "as_of": result.as_of.isoformat(),
        "package": result.package.id,
        "parties": list(result.parties),
        "verdicts": verdicts,
        "acceptable_to": list(result.acceptable_to),
        "breached_by": list(result.breached_by),
        "undetermined": list(result.undetermined),
    }
