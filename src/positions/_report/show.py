"""check's and show's tables and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from positions.model import Case, Precondition, Stance

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.check import Finding

from positions._report.render import JSON, Table
from positions._report.words import (
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
    return {"severity": f.severity, "code": f.code, "message": f.message, "path": f.path}


def show_tables(
    case: Case, what: str, stances: Sequence[Stance], preconditions: Sequence[Precondition]
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
            headers=("Id", "Title", "Scale"),
            rows=tuple((i.id, i.title, scale_words(case, i.id)) for i in case.issues),
        )
    if what == "stances":
        tables["stances"] = Table(
            title=f"{case.title} — stances",
            headers=("Party", "Issue", "As of", "Demand", "Red line", "Basis", "Source", "Quote"),
            rows=tuple(
                (
                    party_name(case, s.party),
                    s.issue,
                    s.as_of.isoformat(),
                    describe(s.demand) if s.demand else "",
                    describe(s.red_line) if s.red_line else "",
                    s.basis + (" (retracted)" if s.retracted else ""),
                    optional_text(s.source),
                    optional_text(s.quote),
                )
                for s in stances
            ),
        )
    if what == "preconditions":
        tables["preconditions"] = Table(
            title=f"{case.title} — preconditions",
            headers=("Party", "Requires", "Before", "As of", "Basis", "Source", "Quote"),
            rows=tuple(
                (
                    party_name(case, p.party),
                    requirement_words(case, p.requires),
                    node_words(case, p.before),
                    p.as_of.isoformat(),
                    p.basis + (" (retracted)" if p.retracted else ""),
                    optional_text(p.source),
                    optional_text(p.quote),
                )
                for p in preconditions
            ),
        )
    if what == "milestones":
        tables["milestones"] = Table(
            title=f"{case.title} — milestones",
            headers=("Id", "Label", "Reached", "Follows"),
            rows=tuple(
                (
                    m.id,
                    m.label,
                    m.reached.isoformat() if m.reached else "",
                    optional_text(m.follows),
                )
                for m in case.milestones
            ),
        )
    if what == "packages":
        tables["packages"] = Table(
            title=f"{case.title} — packages",
            headers=("Id", "Kind", "Label", "Date", "Outcomes"),
            rows=tuple(
                (
                    p.id,
                    p.kind,
                    optional_text(p.label),
                    p.date.isoformat() if p.date else "",
                    "; ".join(f"{i} = {value_words(v)}" for i, v in p.outcomes),
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
    from positions.io import converter

    conv = converter("json")
    data: JSON = {"case": case.id, "title": case.title, "as_of": case.as_of.isoformat()}
    if what == "summary":
        data["summary"] = case.summary
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
    keys = ("parties",) if what == "summary" else (what,)
    for key in keys:
        data[key] = [conv.unstructure(v) for v in chosen[key]]
    return data
