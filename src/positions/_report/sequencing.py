"""preconditions' tables and JSON, and the sequencing graph as Mermaid and DOT."""

from __future__ import annotations

from typing import TYPE_CHECKING

from positions.model import Case

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.sequencing import Deadlock, Edge, Sequencing

from positions._report.render import JSON, Table
from positions._report.words import node_words, party_name, requirement_json, requirement_words

# --------------------------------------------------------------------------------------------
# preconditions


def _edge_words(case: Case, e: Edge) -> str:
    who = (
        f"{party_name(case, e.party)} requires it first ({e.basis})"
        if e.party is not None
        else "milestone order"
    )
    return f"{node_words(case, e.source)} before {node_words(case, e.target)}: {who}"


def chain_words(case: Case, d: Deadlock) -> str:
    return " → ".join([*(node_words(case, n) for n in d.cycle), node_words(case, d.cycle[0])])


def preconditions_tables(case: Case, result: Sequencing) -> list[Table]:
    rows = tuple(
        (
            party_name(case, s.precondition.party),
            requirement_words(case, s.precondition.requires),
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
        for i, e in enumerate(d.edges):
            dead_rows.append((str(n) if i == 0 else "", _edge_words(case, e)))
    tables.append(
        Table(
            title=f"Deadlocks: {len(result.deadlocks)}"
            + ("" if not result.deadlocks else " (each cycle, step by step)"),
            headers=("#", "Step"),
            rows=tuple(dead_rows),
        )
    )
    return tables


def _edge_json(e: Edge) -> JSON:
    return {"from": e.source, "to": e.target, "party": e.party, "basis": e.basis, "source": e.cited}


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
            }
            for d in result.deadlocks
        ],
    }


def _deadlock_edges(result: Sequencing) -> set[tuple[str, str]]:
    return {(e.source, e.target) for d in result.deadlocks for e in d.edges}


def _mermaid_label(text: str) -> str:
    """Text for a quoted Mermaid label: quotes and markup as entity codes, one line."""
    text = " ".join(text.split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text


def mermaid(case: Case, result: Sequencing) -> str:
    """The sequencing graph as a Mermaid flowchart: inferred edges dashed, deadlocks in red."""
    ids = {n: f"n{i}" for i, n in enumerate(result.nodes)}
    lines = ["flowchart LR"]
    for n in result.nodes:
        label = _mermaid_label(node_words(case, n))
        shape = f'(["{label}"])' if case.has_milestone(n) else f'["{label}"]'
        lines.append(f"  {ids[n]}{shape}")
    hot = _deadlock_edges(result)
    styled = []
    for i, e in enumerate(result.edges):
        label = _mermaid_label(party_name(case, e.party)) if e.party else "then"
        arrow = "-.->" if e.basis == "inferred" else "-->"
        lines.append(f'  {ids[e.source]} {arrow}|"{label}"| {ids[e.target]}')
        if (e.source, e.target) in hot:
            styled.append(str(i))
    if styled:
        lines.append(f"  linkStyle {','.join(styled)} stroke:#d00,stroke-width:3px")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def dot(case: Case, result: Sequencing) -> str:
    """The sequencing graph in Graphviz DOT: inferred edges dashed, deadlocks in red."""
    lines = [f"digraph {_dot_quote(case.id)} {{", "  rankdir=LR;"]
    for n in result.nodes:
        shape = "ellipse" if case.has_milestone(n) else "box"
        lines.append(f"  {_dot_quote(n)} [label={_dot_quote(node_words(case, n))}, shape={shape}];")
    hot = _deadlock_edges(result)
    for e in result.edges:
        attrs_ = [f"label={_dot_quote(party_name(case, e.party) if e.party else 'then')}"]
        if e.basis == "inferred":
            attrs_.append("style=dashed")
        if (e.source, e.target) in hot:
            attrs_.append('color="#d00000"')
            attrs_.append("penwidth=2")
        lines.append(f"  {_dot_quote(e.source)} -> {_dot_quote(e.target)} [{', '.join(attrs_)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
