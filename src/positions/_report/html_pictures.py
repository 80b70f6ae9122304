"""The HTML report's drawings as sections of the page: the sequencing graph and the timeline,
each an inline SVG (laid out by `_report/svg.py`) with its caption, the timeline also as a
table. The labels are the case's words (a long party name by its shortest alias); every
string goes through `esc`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from positions._report.html_escape import esc
from positions._report.svg import GraphEdge, GraphNode, Strip, graph_svg, strip_svg
from positions._report.timeline import cell_status
from positions._report.words import issue_name, node_words
from positions.model import Case

if TYPE_CHECKING:
    from positions.engine.sequencing import Edge, Sequencing
    from positions.engine.timeline import Timeline

__all__ = ["short_party"]

#: a graph with more nodes than this shows only its deadlocks and the milestones
MAX_GRAPH_NODES = 60

SHORT_STATUS = {
    "agreed": "agr",
    "overlap": "ovl",
    "open": "open",
    "conflict": "conf",
    "one-sided": "1-s",
    "silent": "sil",
}


def short_party(case: Case, party: str) -> str:
    """A party's name, or for a long name its shortest alias (a graph's label)."""
    p = case.party(party)
    if len(p.name) <= 16 or not p.aliases:
        return p.name
    return min(p.aliases, key=len)


def _edge_label(case: Case, e: Edge) -> str:
    label = short_party(case, e.party) if e.party is not None else "then"
    if e.status in ("bypassed", "met"):
        label += f" ({e.status})"
    return label


def _graph(case: Case, seq: Sequencing) -> str:
    on_cycle = {n for d in seq.deadlocks for n in d.nodes}
    hot = {(e.source, e.target) for d in seq.deadlocks for e in d.edges}
    used = {n for e in seq.edges for n in (e.source, e.target)}
    shown = [n for n in seq.nodes if n in used or case.has_milestone(n)]
    note = ""
    if len(shown) > MAX_GRAPH_NODES:
        shown = [n for n in seq.nodes if n in on_cycle or case.has_milestone(n)]
        note = (
            f"<p>The graph has {len(used)} steps with preconditions; it shows the "
            f"{len(shown)} on a deadlock and the milestones.</p>"
        )
        shown = shown[:MAX_GRAPH_NODES]
    keep = set(shown)
    nodes = [
        GraphNode(
            id=n,
            label=node_words(case, n),
            milestone=case.has_milestone(n),
            reached=(
                d.isoformat()
                if n in seq.reached and (d := case.milestone(n).reached) is not None
                else None
            ),
        )
        for n in shown
    ]
    edges = [
        GraphEdge(
            source=e.source,
            target=e.target,
            label=_edge_label(case, e),
            deadlock=(e.source, e.target) in hot,
            bypassed=e.status == "bypassed",
            inferred=e.basis == "inferred",
        )
        for e in seq.edges
        if e.source in keep and e.target in keep
    ]
    if not edges:
        return (
            '<section id="sequencing"><h2>Sequencing graph</h2>'
            "<p>No precondition or milestone order to draw.</p></section>"
        )
    svg = graph_svg(nodes, edges, esc, f"Sequencing graph of {case.title}")
    return (
        '<section id="sequencing"><h2>Sequencing graph</h2>'
        f'{note}<figure><div class="scroll">{svg}</div><figcaption>An arrow X → Y: X before Y, '
        "labelled with the party that requires it (a long name by its shortest alias; "
        "<em>then</em>: milestone order). Boxes are "
        "issues, rounded boxes milestones; a milestone reached is outlined and says so. Thick "
        "arrows marked <em>(deadlock)</em> lie on a cycle; dotted arrows were bypassed in "
        "practice; dashed arrows are inferred.</figcaption></figure></section>"
    )


def _timeline(case: Case, line: Timeline) -> str:
    dates = [d.isoformat() for d in line.dates]
    strips = [
        Strip(
            label=issue_name(case, row.issue, short=True),
            title=case.issue(row.issue).title,
            statuses=tuple(
                cell_status(s, p) for s, p in zip(row.statuses, row.provisional, strict=True)
            ),
            short=tuple(
                SHORT_STATUS[s] + ("*" if p else "")
                for s, p in zip(row.statuses, row.provisional, strict=True)
            ),
        )
        for row in line.issues
    ]
    title = f"Statuses of {case.title} at each date the record changes"
    svg = strip_svg(dates, strips, esc, title)
    legend = ", ".join(f"{short} {status}" for status, short in SHORT_STATUS.items())
    head = "".join(f'<th scope="col">{d}</th>' for d in dates)
    body = "".join(
        f'<tr data-issue="{esc(row.issue)}"><th scope="row">{esc(strip.title)}</th>'
        + "".join(
            f'<td class="s-{s}">{esc(words)}</td>'
            for s, words in zip(row.statuses, strip.statuses, strict=True)
        )
        + "</tr>"
        for row, strip in zip(line.issues, strips, strict=True)
    )
    return (
        '<section id="timeline"><h2>Timeline</h2><p>Each issue\'s status at every date on '
        f"which the record changes up to {dates[-1]} ({len(dates)} "
        f'{"date" if len(dates) == 1 else "dates"}).</p><figure><div class="scroll">{svg}'
        f"</div><figcaption>Short forms: {esc(legend)}; * provisional.</figcaption></figure>"
        '<details><summary>The timeline as a table</summary><div class="scroll">'
        f'<table id="timeline-table"><thead><tr><th scope="col">Issue</th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></details></section>"
    )
