"""Exporting a case as sheets: the long format `positions import` reads, one row per stance,
precondition, party, source or milestone, and one per level of an issue, so that importing an
export gives back the same records (outcome sets in the notation of `_io/notation.py`)."""

from typing import Any

from positions._io.convert import unstructure_requirement
from positions._io.notation import write_condition, write_conditions, write_set
from positions._io.sheetin import COLUMNS
from positions.model import Case, Stance
from positions.outcomes import OutcomeSet, Scale

__all__ = ["SHEETS", "sheet_rows"]

#: what `export --what` can write, in a workbook's order
SHEETS = ("stances", "preconditions", "issues", "parties", "sources", "milestones")

Row = list[Any]


def _set(s: OutcomeSet | None, scale: Scale) -> str:
    return "" if s is None else write_set(s.to_data(), scale)


def _stance(s: Stance, scales: dict[str, Scale]) -> Row:
    scale = scales[s.issue]
    return [
        s.party,
        s.issue,
        s.as_of,
        _set(s.demand, scale),
        _set(s.red_line, scale),
        s.basis,
        s.source,
        s.quote,
        s.note,
        s.priority,
        write_conditions([unstructure_requirement(c) for c in s.when], scales),
        "" if s.demand_basis == s.basis else s.demand_basis,
        "" if s.red_line_basis == s.basis else s.red_line_basis,
        "true" if s.retracted else "",
    ]


def _issue_rows(case: Case) -> list[Row]:
    rows: list[Row] = []
    for issue in case.issues:
        scale = issue.scale
        first: Row = [issue.id, issue.title, issue.short, scale.kind]
        last: Row = [scale.unit, scale.min, scale.max, issue.description, "; ".join(issue.codes)]
        if scale.kind in ("ordinal", "categorical"):
            for value, label in zip(scale.values, scale.labels, strict=True):
                rows.append([*first, value, label, *last])
        else:
            rows.append([*first, None, None, *last])
    return rows


def sheet_rows(case: Case, what: str) -> tuple[tuple[str, ...], list[Row]]:
    """The header and rows of one sheet (`what`: one of SHEETS) of the case."""
    scales = {i.id: i.scale for i in case.issues}
    rows: list[Row]
    if what == "stances":
        rows = [_stance(s, scales) for s in case.stances]
    elif what == "preconditions":
        rows = [
            [
                p.party,
                write_condition(unstructure_requirement(p.requires), scales),
                p.before,
                p.as_of,
                p.basis,
                p.source,
                p.quote,
                p.note,
                "true" if p.retracted else "",
            ]
            for p in case.preconditions
        ]
    elif what == "issues":
        rows = _issue_rows(case)
    elif what == "parties":
        rows = [[p.id, p.name, p.role, p.kind, "; ".join(p.aliases)] for p in case.parties]
    elif what == "sources":
        rows = [[s.id, s.title, s.publisher, s.date, s.url] for s in case.sources]
    elif what == "milestones":
        rows = [[m.id, m.label, m.reached, ", ".join(m.follows), m.source] for m in case.milestones]
    else:
        raise ValueError(f"unknown sheet {what!r} (sheets: {', '.join(SHEETS)})")
    return COLUMNS[what], rows
