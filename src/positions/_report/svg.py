"""The report's drawings as inline SVG, laid out here: the sequencing graph and the timeline.

The graph is laid out in layers, top to bottom (a chain of steps fits a portrait page), as
Graphviz's `dot` would in spirit: the cycles are broken (a deadlock's closing edge is drawn
round the right side), each node goes one row below the furthest node that must precede it,
and a few barycentre sweeps order each row to cut crossings. The layout is hand-written (a
small DAG does not need a layout engine) and deterministic: ties go to file order, coordinates
are integers.

Every piece of text arrives through `esc` (the report's one escaping function, passed in), and
colours come from CSS classes, so that the page's palette (light or dark) applies.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import attrs

__all__ = ["GraphEdge", "GraphNode", "Strip", "graph_svg", "strip_svg"]

Escape = Callable[[str], str]

NODE_WIDTH = 180
LINE_HEIGHT = 15
CHARS_PER_LINE = 26
LAYER_GAP = 64
NODE_GAP = 26
MARGIN = 20
SWEEPS = 4
CHAR = 6.6  # the average width of a character at 11-12px, in px


@attrs.frozen(kw_only=True)
class GraphNode:
    id: str
    label: str
    milestone: bool = False
    reached: str | None = None  # the date it was reached, where it was


@attrs.frozen(kw_only=True)
class GraphEdge:
    source: str
    target: str
    label: str
    deadlock: bool = False
    bypassed: bool = False
    inferred: bool = False


def _lines(node: GraphNode) -> list[str]:
    lines = textwrap.wrap(node.label, CHARS_PER_LINE) or [""]
    if node.reached is not None:
        lines.append(f"✓ reached {node.reached}")
    return lines


def _back_edges(n: int, edges: Sequence[tuple[int, int]]) -> set[int]:
    """The edges (by index) that close a cycle in a depth-first walk in node order."""
    out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for k, (u, v) in enumerate(edges):
        out[u].append((v, k))
    state = [0] * n  # 0 new, 1 on the stack, 2 done
    back: set[int] = set()
    for root in range(n):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, 0)]
        while stack:
            u, i = stack[-1]
            if i < len(out[u]):
                stack[-1] = (u, i + 1)
                v, k = out[u][i]
                if state[v] == 1:
                    back.add(k)
                elif state[v] == 0:
                    state[v] = 1
                    stack.append((v, 0))
                continue
            state[u] = 2
            stack.pop()
    return back


def _layers(n: int, edges: Sequence[tuple[int, int]], back: set[int]) -> list[int]:
    """Each node's layer: one right of the furthest node before it (back edges ignored)."""
    succ: list[list[int]] = [[] for _ in range(n)]
    indegree = [0] * n
    for k, (u, v) in enumerate(edges):
        if k not in back and u != v:
            succ[u].append(v)
            indegree[v] += 1
    layer = [0] * n
    ready = [u for u in range(n) if indegree[u] == 0]
    while ready:
        u = ready.pop(0)
        for v in succ[u]:
            layer[v] = max(layer[v], layer[u] + 1)
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    return layer


def _order(n: int, edges: Sequence[tuple[int, int]], layer: list[int]) -> list[list[int]]:
    """The nodes of each layer, top to bottom: file order, then barycentre sweeps."""
    rows: list[list[int]] = [[] for _ in range(max(layer, default=0) + 1)]
    for u in range(n):
        rows[layer[u]].append(u)
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        if u != v:
            neighbours[u].append(v)
            neighbours[v].append(u)
    for sweep in range(SWEEPS):
        position = {u: i for row in rows for i, u in enumerate(row)}
        sequence = range(1, len(rows)) if sweep % 2 == 0 else range(len(rows) - 2, -1, -1)
        for r in sequence:
            side = r - 1 if sweep % 2 == 0 else r + 1

            keys: dict[int, tuple[float, int]] = {}
            for u in rows[r]:
                near = [position[v] for v in neighbours[u] if layer[v] == side]
                keys[u] = (sum(near) / len(near) if near else float(position[u]), position[u])
            rows[r].sort(key=keys.__getitem__)
            position.update({u: i for i, u in enumerate(rows[r])})
    return rows


@attrs.define
class _Layout:
    """Where each node sits (x, y: its top left corner; heights), its layer (row), and the
    edges that close cycles (`back`); `right`: the right edge of the widest row."""

    x: list[int]
    y: list[int]
    heights: list[int]
    layer: list[int]
    back: set[int]
    right: int
    bottom: int


def _place(nodes: Sequence[GraphNode], pairs: Sequence[tuple[int, int]]) -> _Layout:
    """Rows top to bottom, each row centred under the widest; room above the first row for
    the back edges that come into it."""
    back = _back_edges(len(nodes), pairs)
    layer = _layers(len(nodes), pairs, back)
    rows = _order(len(nodes), pairs, layer)
    heights = [len(_lines(node)) * LINE_HEIGHT + 14 for node in nodes]
    widths = [len(row) * NODE_WIDTH + (len(row) - 1) * NODE_GAP for row in rows]
    widest = max(widths, default=0)
    x = [0] * len(nodes)
    y = [0] * len(nodes)
    top = MARGIN + 8 + 6 * len(back)
    for r, row in enumerate(rows):
        left = MARGIN + (widest - widths[r]) // 2
        for u in row:
            x[u], y[u] = left, top
            left += NODE_WIDTH + NODE_GAP
        top += max((heights[u] for u in row), default=0) + LAYER_GAP
    return _Layout(x, y, heights, layer, back, MARGIN + widest, top - LAYER_GAP)


def _forward(k: int, u: int, v: int, at: _Layout) -> bool:
    return k not in at.back and at.layer[v] > at.layer[u]


def _ports(at: _Layout, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, str], int]:
    """The x at which each edge leaves its source's bottom ('out') and enters its target's
    top ('in'): the edges of one side of a node spread over its width, in the order of their
    other ends (back edges, which come round from the right, last)."""
    sides: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for k, (u, v) in enumerate(pairs):
        if not _forward(k, u, v, at):
            sides.setdefault((v, "in"), []).append((10**9 + k, k))
            continue
        sides.setdefault((u, "out"), []).append((at.x[v], k))
        sides.setdefault((v, "in"), []).append((at.x[u], k))
    ports: dict[tuple[int, str], int] = {}
    for (node, side), ends in sides.items():
        ends.sort()
        for i, (_, k) in enumerate(ends):
            ports[(k, side)] = at.x[node] + NODE_WIDTH * (i + 1) // (len(ends) + 1)
    return ports


def _route(
    k: int, u: int, v: int, at: _Layout, ports: dict[tuple[int, str], int], lane: int
) -> tuple[str, int, int]:
    """An edge's path, and where its label goes. A forward edge is a curve from the bottom
    of its source to the top of its target; a back edge (one that closes a cycle) leaves the
    source's right side, climbs its own lane right of the drawing, and comes in over the
    target's row to enter it from the top."""
    tx, ty = ports[(k, "in")], at.y[v] - 2
    if _forward(k, u, v, at):
        sx, sy = ports[(k, "out")], at.y[u] + at.heights[u]
        bend = max(24, (ty - sy) // 2)
        path = f"M{sx},{sy} C{sx},{sy + bend} {tx},{ty - bend} {tx},{ty}"
        return path, (sx + tx) // 2, (sy + ty) // 2 + 4
    sx, sy = at.x[u] + NODE_WIDTH, at.y[u] + at.heights[u] // 2
    lane_x = at.right + 16 + 14 * lane
    over = at.y[v] - 16 - 6 * lane
    r = 8
    path = (
        f"M{sx},{sy} L{lane_x - r},{sy} Q{lane_x},{sy} {lane_x},{sy - r} L{lane_x},{over + r} "
        f"Q{lane_x},{over} {lane_x - r},{over} L{tx + r},{over} Q{tx},{over} {tx},{over + r} "
        f"L{tx},{ty}"
    )
    return path, lane_x + 4, (sy + over) // 2


def _edge_text(e: GraphEdge) -> str:
    return e.label + (" (deadlock)" if e.deadlock and not e.bypassed else "")


def _free(box: tuple[int, int, int, int], taken: list[tuple[int, int, int, int]]) -> bool:
    x0, y0, x1, y1 = box
    return all(x1 <= a0 or a1 <= x0 or y1 <= b0 or b1 <= y0 for a0, b0, a1, b1 in taken)


def graph_svg(
    nodes: Sequence[GraphNode], edges: Sequence[GraphEdge], esc: Escape, title: str
) -> str:
    """The sequencing graph, top to bottom: boxes for issues, rounded boxes for milestones
    (reached ones marked and written so), an arrow per precondition labelled with its
    party; deadlock arrows thick and marked, bypassed ones dotted, inferred ones dashed."""
    index = {node.id: i for i, node in enumerate(nodes)}
    pairs = [(index[e.source], index[e.target]) for e in edges]
    at = _place(nodes, pairs)
    ports = _ports(at, pairs)
    lanes = [k for k, (u, v) in enumerate(pairs) if not _forward(k, u, v, at)]
    longest = max((len(_edge_text(e)) for k, e in enumerate(edges) if k in lanes), default=0)
    width = at.right + MARGIN + (16 + 14 * len(lanes) + int(longest * CHAR) if lanes else 0)
    height = at.bottom + MARGIN
    parts = [
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
        "<defs>",
        *(
            f'<marker id="arrow-{kind}" class="arrow {kind}" viewBox="0 0 10 10" refX="9" '
            'refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" '
            'orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z"/></marker>'
            for kind in ("plain", "deadlock", "bypassed")
        ),
        "</defs>",
    ]
    taken = [
        (at.x[u], at.y[u], at.x[u] + NODE_WIDTH, at.y[u] + at.heights[u]) for u in index.values()
    ]
    labels: list[str] = []
    for k, (e, (u, v)) in enumerate(zip(edges, pairs, strict=True)):
        kind = "bypassed" if e.bypassed else ("deadlock" if e.deadlock else "plain")
        flags = (("deadlock", e.deadlock), ("bypassed", e.bypassed), ("inferred", e.inferred))
        classes = " ".join(["edge", *(c for c, on in flags if on)])
        path, mx, my = _route(k, u, v, at, ports, lanes.index(k) if k in lanes else 0)
        parts.append(
            f'<path class="{classes}" d="{path}" marker-end="url(#arrow-{kind})">'
            f"<title>{esc(e.label)}</title></path>"
        )
        label = _edge_text(e)
        half = int(len(label) * CHAR / 2) + 3
        anchor = "middle" if k not in lanes else "start"
        x0 = mx - half if anchor == "middle" else mx
        for shift in (0, -13, 13, -26, 26):
            if _free((x0, my + shift - 11, x0 + 2 * half, my + shift + 3), taken):
                my += shift
                break
        taken.append((x0, my - 11, x0 + 2 * half, my + 3))
        labels.append(
            f'<text class="edge-label{" deadlock" if e.deadlock else ""}" x="{mx}" y="{my}" '
            f'text-anchor="{anchor}">{esc(label)}</text>'
        )
    for u, node in enumerate(nodes):
        classes = "node" + (" milestone" if node.milestone else " issue")
        classes += " reached" if node.reached is not None else ""
        rounded = ' rx="14"' if node.milestone else ' rx="2"'
        parts.append(f'<g class="{classes}">')
        parts.append(
            f'<rect x="{at.x[u]}" y="{at.y[u]}" width="{NODE_WIDTH}" height="{at.heights[u]}"'
            f"{rounded}/>"
        )
        lines = _lines(node)
        for i, line in enumerate(lines):
            mark = (
                ' class="reached-mark"' if node.reached is not None and i == len(lines) - 1 else ""
            )
            parts.append(
                f'<text{mark} x="{at.x[u] + NODE_WIDTH // 2}" '
                f'y="{at.y[u] + 19 + i * LINE_HEIGHT}" text-anchor="middle">{esc(line)}</text>'
            )
        parts.append("</g>")
    parts.extend(labels)  # last, so that no box covers them
    parts.append("</svg>")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# the timeline as a strip chart

STRIP_LABEL = 230
STRIP_ROW = 22
STRIP_HEAD = 86
STRIP_MIN_COLUMN = 36
STRIP_WIDTH = 1100
LABEL_CHARS = 30  # the most characters of an issue's label that fit left of the strips


@attrs.frozen(kw_only=True)
class Strip:
    """One row of the strip chart: a label (and the full title, for the tooltip) and a
    status per date (with its short form)."""

    label: str
    title: str
    statuses: tuple[str, ...]
    short: tuple[str, ...]


def strip_svg(dates: Sequence[str], strips: Sequence[Strip], esc: Escape, title: str) -> str:
    """A strip per issue, a column per date: each run of one status a band coloured by the
    status and written in full where it fits (else its short form), with a tooltip."""
    n = max(1, len(dates))
    column = max(STRIP_MIN_COLUMN, (STRIP_WIDTH - STRIP_LABEL) // n)
    width = STRIP_LABEL + n * column + MARGIN
    height = STRIP_HEAD + len(strips) * STRIP_ROW + MARGIN
    parts = [
        f'<svg class="strip" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
    ]
    for i, day in enumerate(dates):
        cx = STRIP_LABEL + i * column + column // 2
        parts.append(
            f'<text class="date" x="{cx}" y="{STRIP_HEAD - 8}" '
            f'transform="rotate(-55 {cx} {STRIP_HEAD - 8})">{esc(day)}</text>'
        )
    for r, strip in enumerate(strips):
        top = STRIP_HEAD + r * STRIP_ROW
        label = strip.label if len(strip.label) <= LABEL_CHARS else strip.label[:29] + "…"
        parts.append(
            f'<text class="issue" x="{STRIP_LABEL - 8}" y="{top + 15}" text-anchor="end">'
            f"<title>{esc(strip.title)}</title>{esc(label)}</text>"
        )
        start = 0
        for i in range(1, len(strip.statuses) + 1):
            if i < len(strip.statuses) and strip.statuses[i] == strip.statuses[start]:
                continue
            status, short = strip.statuses[start], strip.short[start]
            left = STRIP_LABEL + start * column
            span = (i - start) * column
            words = status if len(status) * CHAR + 8 <= span else short
            since = dates[start] + (f" to {dates[i - 1]}" if i - start > 1 else "")
            parts.append(
                f'<g class="band s-{esc(status.split(" ")[0])}">'
                f"<title>{esc(strip.title)}: {esc(status)} ({esc(since)})</title>"
                f'<rect x="{left + 1}" y="{top + 2}" width="{span - 2}" height="{STRIP_ROW - 4}" '
                f'rx="3"/><text x="{left + span // 2}" y="{top + 15}" text-anchor="middle">'
                f"{esc(words)}</text></g>"
            )
            start = i
    parts.append("</svg>")
    return "\n".join(parts)
