"""The minimal blocking sets of deals: the smallest sets of red lines (the search's elements)
that no package keeps together, smallest first and up to a limit, and whether that list is
complete.

Each group of linked issues with no solution is searched on its own, size by size, by
`search.Blocks`. Nothing here knows parties or issues: `engine/deals.py` names the red lines of
each set and finds their least concessions.
"""

from __future__ import annotations

from collections.abc import Sequence

from positions.engine.search import Blocks, Problem, SearchTooLarge


def _blocking(
    problem: Problem, variables: Sequence[int], limit: int
) -> tuple[list[list[int]], bool]:
    """Minimal sets of elements that no assignment keeps together, smallest first, at most
    `limit`; and whether the enumeration is complete. Only the groups of variables with no
    solution hold one (a subset of a solvable problem is solvable), and each set is connected
    (a part that shares no variable with the rest would be unsolvable on its own)."""
    rule_of = {}
    for k, r in enumerate(problem.rules):
        for br in (*r.conditional, *([r.default] if r.default else [])):
            if br.element >= 0:
                rule_of[br.element] = k
    found: list[list[int]] = []
    try:
        complete = _enumerate(problem, rule_of, variables, limit, found)
    except SearchTooLarge:
        complete = False  # what was found holds; more may exist
    found.sort(key=lambda m: (len(m), m))
    return found, complete


def _enumerate(
    problem: Problem,
    rule_of: dict[int, int],
    variables: Sequence[int],
    limit: int,
    found: list[list[int]],
) -> bool:
    """Per group of variables with no solution, its minimal blocking sets size by size (each
    size in order), until `limit` are found; False when more may exist: a size had more than
    there was room for, or the search could have gone on to larger sets (as one growing
    connected sets of red lines would: some set of that size holds no blocking set and shares
    a variable with a red line outside it)."""
    complete = True
    for group in problem.components(variables):
        if problem.solve(group) is not None:
            continue
        members = set(group)
        elements = sorted(e for e, k in rule_of.items() if problem.rules[k].var in members)
        if len(found) >= limit:
            complete = complete and not elements
            continue
        blocks = Blocks(problem, group, elements)
        size = 1
        while True:
            for block in blocks.of_size(size):
                if len(found) < limit:
                    found.append(block)
                else:
                    complete = False
            if len(found) >= limit:
                complete = complete and not _grows(problem, rule_of, elements, size, found)
                break
            if not blocks.more():
                break
            size += 1
    return complete


def _grows(
    problem: Problem,
    rule_of: dict[int, int],
    elements: Sequence[int],
    size: int,
    found: Sequence[Sequence[int]],
) -> bool:
    """Whether some connected set of `size` red lines holds no blocking set found and shares a
    variable with a red line outside it (with every blocking set of `size` or fewer found,
    such a set has a solution: a larger blocking set could grow from it)."""
    scope = {e: {problem.rules[rule_of[e]].var, *problem.rules[rule_of[e]].scope} for e in elements}
    blocks = [set(m) for m in found]

    seen: set[frozenset[int]] = set()

    def grow(chosen: frozenset[int], reach: set[int]) -> bool:
        if chosen in seen or any(m <= chosen for m in blocks):
            return False
        seen.add(chosen)
        if len(chosen) == size:
            return any(e not in chosen and scope[e] & reach for e in elements)
        return any(
            grow(chosen | {e}, reach | scope[e])
            for e in elements
            if e not in chosen and scope[e] & reach
        )

    return any(grow(frozenset([e]), scope[e]) for e in elements)
