"""check's and show's tables and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from positions.model import Case, Precondition, Stance

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.check import Finding

from positions._report.render import JSON, Table
from positions._report.words import (
    conditions_words,
    describe,
    node_words,
    optional_text,
    party_name,
    requirement_words,
    scale_words,
    value_words,
)

# --------------------------------------------------------------------------------------------
# check and show


def check_tables(file: str, findings: Sequence[Finding]) -> list[Table]:
    return [
        Table(
            title=f"{file}: {_count(findings, 'error')}, {_count(findings, 'warning')}",
            headers=("Severity", "Code", "Message", "Path"),
            rows=tuple((f.severity, f.code, f.message, f.path) for f in findings),
        )
    ]


def _count(findings: Sequence[Finding], severity: str) -> str:
    n = sum(1 for f in findings if f.severity == severity)
    return f"{n} {severity}{'' if n == 1 else 's'}"


def finding_json(f: Finding) -> JSON:
    """A finding as JSON; `other` only where it names another record (see `Finding`)."""
    data: JSON = {"severity": f.severity, "code": f.code, "message": f.message, "path": f.path}
    if f.other is not None:
        data["other"] = f.other
    return data


def _basis_words(s: Stance) -> str:
    text: str = s.basis
    if s.demand_basis != s.basis or s.red_line_basis != s.basis:
        text = f"demand {s.demand_basis}, red line {s.red_line_basis}"
    return text + (" (retracted)" if s.retracted else "")


def show_tables(
    case: Case,
    what: str,
    stances: Sequence[Stance],
    preconditions: Sequence[Precondition],
    labels: bool = True,
) -> list[Table]:
    tables: dict[str, Table] = {}
    if what in ("summary", "parties"):
        tables["parties"] = Table(
            title=f"{case.title} — parties",
            headers=("Id", "Name", "Role", "Kind", "Aliases"),
            rows=tuple(
                (p.id, p.name, p.role, optional_text(p.kind), optional_text(p.aliases))
                for p in case.parties
            ),
        )
    if what in ("summary", "members"):
        tables["members"] = Table(
            title="Delegations and leaders",
            headers=("Party", "Name", "Title", "Role", "Note"),
            rows=tuple(
                (
                    p.name,
                    m.name,
                    optional_text(m.title),
                    optional_text(m.role),
                    optional_text(m.note),
                )
                for p in case.parties
                for m in p.members
            ),
        )
    if what == "issues":
        tables["issues"] = Table(
            title=f"{case.title} — issues",
            headers=("Id", "Title", "Short", "Scale", "Description"),
            rows=tuple(
                (
                    i.id,
                    i.title,
                    optional_text(i.short),
                    scale_words(case, i.id, labels),
                    optional_text(i.description),
                )
                for i in case.issues
            ),
        )
    if what == "stances":
        tables["stances"] = Table(
            title=f"{case.title} — stances",
            headers=(
                "Party",
                "Issue",
                "As of",
                "When",
                "Demand",
                "Red line",
                "Basis",
                "Source",
                "Quote",
                "Note",
            ),
            rows=tuple(
                (
                    party_name(case, s.party),
                    s.issue,
                    s.as_of.isoformat(),
                    conditions_words(case, s.when, labels) if s.when else "",
                    describe(s.demand, labels) if s.demand else "",
                    describe(s.red_line, labels) if s.red_line else "",
                    _basis_words(s),
                    optional_text(s.source),
                    optional_text(s.quote),
                    optional_text(s.note),
                )
                for s in stances
            ),
        )
    if what == "preconditions":
        tables["preconditions"] = Table(
            title=f"{case.title} — preconditions",
            headers=("Party", "Requires", "Before", "As of", "Basis", "Source", "Quote", "Note"),
            rows=tuple(
                (
                    party_name(case, p.party),
                    requirement_words(case, p.requires, labels),
                    node_words(case, p.before),
                    p.as_of.isoformat(),
                    p.basis + (" (retracted)" if p.retracted else ""),
                    optional_text(p.source),
                    optional_text(p.quote),
                    optional_text(p.note),
                )
                for p in preconditions
            ),
        )
    if what == "milestones":
        tables["milestones"] = Table(
            title=f"{case.title} — milestones",
            headers=("Id", "Label", "Reached", "Follows", "Source"),
            rows=tuple(
                (
                    m.id,
                    m.label,
                    m.reached.isoformat() if m.reached else "",
                    optional_text(m.follows),
                    optional_text(m.source),
                )
                for m in case.milestones
            ),
        )
    if what == "packages":
        tables["packages"] = Table(
            title=f"{case.title} — packages",
            headers=("Id", "Kind", "Label", "Date", "Outcomes", "Note"),
            rows=tuple(
                (
                    p.id,
                    p.kind,
                    optional_text(p.label),
                    p.date.isoformat() if p.date else "",
                    "; ".join(
                        f"{i} = {value_words(v, case.issue(i).scale, labels)}"
                        for i, v in p.outcomes
                    ),
                    optional_text(p.note),
                )
                for p in case.packages
            ),
        )
    if what == "sources":
        tables["sources"] = Table(
            title=f"{case.title} — sources",
            headers=("Id", "Title", "Publisher", "Date", "URL"),
            rows=tuple(
                (
                    s.id,
                    s.title,
                    optional_text(s.publisher),
                    s.date.isoformat() if s.date else "",
                    optional_text(s.url),
                )
                for s in case.sources
            ),
        )
    return list(tables.values())


def show_json(
    case: Case, what: str, stances: Sequence[Stance], preconditions: Sequence[Precondition]
) -> JSON:
    """With `what` = summary (the default), the case itself as a case file (it loads back);
    otherwise the chosen part, under the case's id, title and date."""
    from positions.io import case_document, converter

    if what == "summary":
        import attrs

        return case_document(
            attrs.evolve(case, stances=tuple(stances), preconditions=tuple(preconditions))
        )
    conv = converter("json")
    data: JSON = {"case": case.id, "title": case.title, "as_of": case.as_of.isoformat()}
    chosen = {
        "parties": case.parties,
        "members": case.parties,
        "issues": case.issues,
        "stances": stances,
        "preconditions": preconditions,
        "milestones": case.milestones,
        "packages": case.packages,
        "sources": case.sources,
    }
    data[what] = [conv.unstructure(v) for v in chosen[what]]
    return data
