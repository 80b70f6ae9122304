"""Directed-graph algorithms on integer nodes: strongly connected components and shortest cycles.

Pure and iterative (no recursion), linear in nodes + edges for the components. Nodes are
0..n-1; `adjacency[u]` lists the successors of u in the order they should be explored.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

__all__ = ["shortest_cycle", "strongly_connected"]


def strongly_connected(adjacency: Sequence[Sequence[int]]) -> list[list[int]]:
    """The strongly connected components (Tarjan), each sorted, listed by their smallest node."""
    n = len(adjacency)
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, i = work[-1]
            succ = adjacency[node]
            if i < len(succ):
                work[-1] = (node, i + 1)
                nxt = succ[i]
                if index[nxt] == -1:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack[nxt] = True
                    work.append((nxt, 0))
                elif on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == node:
                        break
                components.append(sorted(component))
    components.sort(key=lambda c: c[0])
    return components


def shortest_cycle(adjacency: Sequence[Sequence[int]], component: Sequence[int]) -> list[int]:
    """A shortest cycle inside `component` (a strongly connected component with a cycle), as the
    list of its nodes starting at its smallest node; among equally short cycles, the one found
    first from the smallest start. Empty if the component holds no cycle."""
    members = set(component)
    for node in sorted(component):
        if node in adjacency[node]:
            return [node]  # a self-loop: nothing is shorter
    best: list[int] = []
    for start in sorted(component):
        limit = len(best) - 1 if best else len(component)
        parent = {start: start}
        depth = {start: 0}
        queue = deque([start])
        found: list[int] = []
        while queue and not found:
            node = queue.popleft()
            if depth[node] >= limit:
                break
            for nxt in adjacency[node]:
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    found = path[::-1]
                    break
                if nxt in members and nxt not in depth and nxt > start:
                    depth[nxt] = depth[node] + 1
                    parent[nxt] = node
                    queue.append(nxt)
        if found and (not best or len(found) < len(best)):
            best = found
            if len(best) == 2:
                break
    return best
