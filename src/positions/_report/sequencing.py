"""preconditions' tables and JSON, and the sequencing graph as Mermaid and DOT."""

from __future__ import annotations

from typing import TYPE_CHECKING

from positions.model import Case

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.sequencing import Deadlock, Edge, Sequencing

from positions._report.render import JSON, Table
from positions._report.safe import dot_quote, mermaid_label
from positions._report.words import (
    Wording,
    node_words,
    party_name,
    possessive,
    requirement_json,
)

# --------------------------------------------------------------------------------------------
# preconditions


def _edge_words(case: Case, e: Edge) -> str:
    who = (
        f"{party_name(case, e.party)} requires it first ({e.basis})"
        if e.party is not None
        else "milestone order"
    )
    text = f"{node_words(case, e.source)} before {node_words(case, e.target)}: {who}"
    if e.status in ("bypassed", "met"):
        text += f" — {e.status}" + (f" on {e.settled.isoformat()}" if e.settled else "")
    return text


def chain_words(case: Case, d: Deadlock) -> str:
    return " → ".join([*(node_words(case, n) for n in d.cycle), node_words(case, d.cycle[0])])


def broken_words(case: Case, d: Deadlock) -> str:
    """'Broken in practice on 2026-01-05: Syria's precondition bypassed' ('' if it holds)."""
    if not d.broken:
        return ""
    days = sorted(e.settled for e in d.broken if e.settled is not None)
    when = f" on {days[0].isoformat()}" if days else ""
    what = "; ".join(
        f"{possessive(party_name(case, e.party))} precondition {e.status}"
        for e in d.broken
        if e.party is not None
    )
    return f"Broken in practice{when}: {what}"


def preconditions_tables(
    case: Case, result: Sequencing, wording: Wording | None = None
) -> list[Table]:
    words = wording if wording is not None else Wording(case=case, as_of=result.as_of)
    rows = tuple(
        (
            party_name(case, s.precondition.party),
            words.requirement(s.precondition.requires) + words.dated(s.precondition),
            node_words(case, s.precondition.before),
            s.status,
            s.precondition.basis,
        )
        for s in result.preconditions
    )
    tables = [
        Table(
            title=f"{case.title} — preconditions as of {result.as_of.isoformat()}",
            headers=("Party", "Requires", "Before", "Status", "Basis"),
            rows=rows,
        )
    ]
    dead_rows = []
    for n, d in enumerate(result.deadlocks, 1):
        broken = broken_words(case, d)
        if broken:
            dead_rows.append((str(n), broken))
        for i, e in enumerate(d.edges):
            dead_rows.append((str(n) if i == 0 and not broken else "", _edge_words(case, e)))
    count = sum(1 for d in result.deadlocks if d.broken)
    detail = ""
    if result.deadlocks:
        detail = " (each cycle, step by step" + (f"; {count} broken in practice)" if count else ")")
    tables.append(
        Table(
            title=f"Deadlocks: {len(result.deadlocks)}{detail}",
            headers=("#", "Step"),
            rows=tuple(dead_rows),
        )
    )
    if words.notes is not None and words.notes.cited:
        tables.append(words.notes.table())
    return tables


def _edge_json(e: Edge) -> JSON:
    data: JSON = {
        "from": e.source,
        "to": e.target,
        "party": e.party,
        "basis": e.basis,
        "source": e.cited,
    }
    if e.precondition is not None:
        data["status"] = e.status
        data["settled"] = e.settled.isoformat() if e.settled else None
    return data


def preconditions_json(case: Case, result: Sequencing) -> JSON:
    return {
        "case": result.case,
        "as_of": result.as_of.isoformat(),
        "preconditions": [
            {
                "party": s.precondition.party,
                "requires": requirement_json(s.precondition.requires),
                "before": s.precondition.before,
                "status": s.status,
                "basis": s.precondition.basis,
                "source": s.precondition.source,
            }
            for s in result.preconditions
        ],
        "deadlocks": [
            {
                "cycle": list(d.cycle),
                "nodes": list(d.nodes),
                "edges": [_edge_json(e) for e in d.edges],
                "broken": bool(d.broken),
            }
            for d in result.deadlocks
        ],
    }


def _deadlock_edges(result: Sequencing) -> set[tuple[str, str]]:
    return {(e.source, e.target) for d in result.deadlocks for e in d.edges}


def _mermaid_label(text: str) -> str:
    """Text for a quoted Mermaid label: one line, controls visible, markup as entity codes."""
    return mermaid_label(text)


LEGEND = (
    "legend: boxes are issues, rounded boxes milestones (thick green border: reached); "
    "an arrow X -> Y: X before Y, labelled with the party that requires it ('then': milestone "
    "order); dashed: inferred; red: on a deadlock; grey dotted: bypassed in practice"
)


def _edge_label(case: Case, e: Edge) -> str:
    label = party_name(case, e.party) if e.party else "then"
    return f"{label} (bypassed)" if e.status == "bypassed" else label


def mermaid(case: Case, result: Sequencing) -> str:
    """The sequencing graph as a Mermaid flowchart: inferred edges dashed, deadlocks in red,
    bypassed preconditions grey and dotted, reached milestones with a thick green border."""
    ids = {n: f"n{i}" for i, n in enumerate(result.nodes)}
    lines = ["flowchart LR", f"  %% {LEGEND}"]
    for n in result.nodes:
        label = _mermaid_label(node_words(case, n))
        shape = f'(["{label}"])' if case.has_milestone(n) else f'["{label}"]'
        lines.append(f"  {ids[n]}{shape}")
    hot = _deadlock_edges(result)
    styled, bypassed = [], []
    for i, e in enumerate(result.edges):
        label = _mermaid_label(_edge_label(case, e))
        arrow = "-.->" if e.basis == "inferred" else "-->"
        lines.append(f'  {ids[e.source]} {arrow}|"{label}"| {ids[e.target]}')
        if e.status == "bypassed":
            bypassed.append(str(i))
        elif (e.source, e.target) in hot:
            styled.append(str(i))
    if styled:
        lines.append(f"  linkStyle {','.join(styled)} stroke:#d00,stroke-width:3px")
    if bypassed:
        lines.append(
            f"  linkStyle {','.join(bypassed)} stroke:#888,stroke-width:2px,stroke-dasharray:2 4"
        )
    reached = [ids[n] for n in result.nodes if n in result.reached]
    if reached:
        lines.append("  classDef reached stroke:#2a7,stroke-width:4px")
        lines.append(f"  class {','.join(reached)} reached")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    """A DOT quoted string: one line, controls visible, backslashes and quotes escaped."""
    return dot_quote(text)


def dot(case: Case, result: Sequencing) -> str:
    """The sequencing graph in Graphviz DOT: inferred edges dashed, deadlocks in red,
    bypassed preconditions grey and dotted, reached milestones with a thick green outline."""
    lines = [f"digraph {_dot_quote(case.id)} {{", f"  // {LEGEND}", "  rankdir=LR;"]
    for n in result.nodes:
        shape = "ellipse" if case.has_milestone(n) else "box"
        mark = ', color="#22aa77", penwidth=3' if n in result.reached else ""
        lines.append(
            f"  {_dot_quote(n)} [label={_dot_quote(node_words(case, n))}, shape={shape}{mark}];"
        )
    hot = _deadlock_edges(result)
    for e in result.edges:
        attrs_ = [f"label={_dot_quote(_edge_label(case, e))}"]
        if e.status == "bypassed":
            attrs_.append("style=dotted")
            attrs_.append('color="#888888"')
        elif e.basis == "inferred":
            attrs_.append("style=dashed")
        if (e.source, e.target) in hot and e.status != "bypassed":
            attrs_.append('color="#d00000"')
            attrs_.append("penwidth=2")
        lines.append(f"  {_dot_quote(e.source)} -> {_dot_quote(e.target)} [{', '.join(attrs_)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
