# The domain-free search of `positions deals` before the speed work (commit 9489306), kept
# verbatim so that tests can compare the faster search's answers with the answers it gave. Not
# part of the package.
"""A small exact constraint search, kept apart from the domain: it knows variables, their
candidate values (small integers), rules and gains, and nothing of parties, issues or reports.

A **rule** limits one variable. It has branches, tried in order as a conditional stance's are
(see `engine/branches.py`): the first conditional branch whose guards all hold applies; if none
holds but one cannot be decided (an `undecided` branch: it hangs on something outside the
search), nothing is limited; otherwise the default branch applies, if there is one. A branch's
`allowed` values (None: any) are one **element**, which a caller may switch off to ask what
holds without it (blocking sets). A **gain** scores a variable's value for one owner by the same
branch logic, for the best packages.

Searches are depth-first with forward checking (a rule whose guards are settled narrows its
variable at once), smallest domain first, and branch and bound for the best packages. They are
exact; a budget of nodes bounds them, and `SearchTooLarge` says when it runs out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

__all__ = [
    "Branch",
    "Gain",
    "Problem",
    "Rule",
    "SearchTooLarge",
    "Solution",
]

#: a guard holds when its variable takes one of its values
Guard = tuple[int, frozenset[int]]

_PENDING = object()  # a rule that cannot be settled yet: a guard's variable is unassigned
_FREE = object()  # a rule that limits nothing here


class SearchTooLarge(Exception):
    """The search needed more steps than its budget allows."""


@attrs.frozen(kw_only=True)
class Branch:
    guards: tuple[Guard, ...] = ()
    allowed: frozenset[int] | None = None
    undecided: bool = False  # whether it applies hangs on something outside the search
    element: int = -1  # the element its `allowed` is (-1: none)
    weight: int = 0  # for gains: what meeting it is worth
    wants: frozenset[int] | None = None  # for gains: the values that meet it


@attrs.frozen(kw_only=True)
class Rule:
    """`var` is limited by the branch that applies: `conditional` ones in order, else `default`."""

    var: int
    conditional: tuple[Branch, ...] = ()
    default: Branch | None = None

    @property
    def scope(self) -> frozenset[int]:
        return frozenset(v for b in self.conditional for v, _ in b.guards)


@attrs.frozen(kw_only=True)
class Gain:
    """What `var`'s value is worth to `owner`, through the branch that applies (its `weight`
    when the value is among its `wants`)."""

    owner: int
    rule: Rule


@attrs.frozen(kw_only=True)
class Solution:
    values: tuple[int, ...]  # per variable, its value (-1 for a variable left free)
    scores: tuple[int, ...] = ()  # per owner


def _branch(rule: Rule, assign: Sequence[int]) -> object:
    """The branch of `rule` that applies under `assign`, `_PENDING` or `_FREE`."""
    undecided = False
    for b in rule.conditional:
        pending = failed = False
        for v, vals in b.guards:
            x = assign[v]
            if x < 0:
                pending = True
            elif x not in vals:
                failed = True
                break
        if failed:
            continue
        if pending:
            return _PENDING  # it may hold, and then it would apply before any later branch
        if b.undecided:
            undecided = True
            continue
        return b
    if undecided:
        return _FREE
    return rule.default if rule.default is not None else _FREE


class Problem:
    """Variables 0..n-1 with candidate `domains`, `rules` limiting them and `gains` scoring
    them. `active`: the elements (rule branches' allowed sets) in force; None: all."""

    def __init__(
        self,
        domains: Sequence[Sequence[int]],
        rules: Sequence[Rule],
        gains: Sequence[Gain] = (),
        owners: int = 0,
        budget: int = 2_000_000,
    ) -> None:
        self.domains = [tuple(d) for d in domains]
        self.rules = list(rules)
        self.gains = list(gains)
        self.owners = owners
        self.budget = budget
        self.steps = 0
        n = len(self.domains)
        self.touching: list[list[int]] = [[] for _ in range(n)]
        for k, r in enumerate(self.rules):
            for v in {r.var, *r.scope}:
                self.touching[v].append(k)
        # per variable and value, the most its gains could be worth (an upper bound)
        self.best_gain: list[dict[int, int]] = [{} for _ in range(n)]
        for g in self.gains:
            table = self.best_gain[g.rule.var]
            branches = [*g.rule.conditional, *([g.rule.default] if g.rule.default else [])]
            for x in self.domains[g.rule.var]:
                top = max((b.weight for b in branches if b.wants and x in b.wants), default=0)
                table[x] = table.get(x, 0) + top

    # ----------------------------------------------------------------------------------------

    def _allowed(
        self, b: object, active: frozenset[int] | None, overrides: Mapping[int, frozenset[int]]
    ) -> frozenset[int] | None:
        if not isinstance(b, Branch) or b.element < 0:
            return None
        if b.element in overrides:
            return overrides[b.element]
        if active is not None and b.element not in active:
            return None
        return b.allowed

    def _search(
        self,
        variables: Sequence[int],
        active: frozenset[int] | None,
        overrides: Mapping[int, frozenset[int]],
        fixed: Mapping[int, int],
        accept: _Accept | None,
    ) -> list[int] | None:
        """Depth-first search for an assignment of `variables` that keeps every rule among
        them; with `accept`, branch and bound for the best accepted one."""
        n = len(self.domains)
        assign = [-1] * n
        chosen = set(variables)
        rules = [k for k in range(len(self.rules)) if self.rules[k].var in chosen]
        domains: dict[int, set[int]] = {v: set(self.domains[v]) for v in variables}
        for v, x in fixed.items():
            if x not in domains[v]:
                return None
            domains[v] = {x}
        # rules with no guards narrow their variable before anything is assigned
        for k in rules:
            r = self.rules[k]
            if not r.scope:
                allowed = self._allowed(_branch(r, assign), active, overrides)
                if allowed is not None:
                    domains[r.var] &= allowed
        if any(not d for d in domains.values()):
            return None
        best: list[int] | None = None
        trail: list[tuple[int, set[int]]] = []

        def consistent(v: int) -> bool:
            """Every rule touching `v` that can be settled holds; narrow what it settles."""
            for k in self.touching[v]:
                r = self.rules[k]
                if r.var not in chosen:
                    continue
                b = _branch(r, assign)
                if b is _PENDING:
                    continue
                allowed = self._allowed(b, active, overrides)
                if allowed is None:
                    continue
                x = assign[r.var]
                if x >= 0:
                    if x not in allowed:
                        return False
                else:
                    d = domains[r.var]
                    if not d <= allowed:
                        trail.append((r.var, set(d)))
                        d &= allowed
                        if not d:
                            return False
            return True

        def bound() -> int:
            total = 0
            for v in variables:
                table = self.best_gain[v]
                if assign[v] >= 0:
                    total += table.get(assign[v], 0)
                else:
                    total += max((table.get(x, 0) for x in domains[v]), default=0)
            return total

        def order(v: int) -> list[int]:
            values = sorted(domains[v])
            if accept is not None:
                table = self.best_gain[v]
                values.sort(key=lambda x: -table.get(x, 0))
            return values

        def dfs() -> bool:
            nonlocal best
            self.steps += 1
            if self.steps > self.budget:
                raise SearchTooLarge
            open_ = [v for v in variables if assign[v] < 0]
            if not open_:
                if accept is None:
                    best = list(assign)
                    return True
                if accept.take(assign):
                    best = list(assign)
                return False
            if accept is not None and bound() <= accept.floor:
                return False
            v = min(open_, key=lambda u: (len(domains[u]), u))
            for x in order(v):
                mark = len(trail)
                saved = domains[v]
                domains[v] = {x}
                assign[v] = x
                ok = consistent(v)
                if ok and dfs():
                    return True
                assign[v] = -1
                domains[v] = saved
                while len(trail) > mark:
                    u, d = trail.pop()
                    domains[u] = d
            return False

        dfs()
        return best

    # ----------------------------------------------------------------------------------------

    def components(self, variables: Iterable[int]) -> list[list[int]]:
        """The variables in groups no rule links, each sorted, by their smallest variable."""
        chosen = sorted(set(variables))
        parent = {v: v for v in chosen}

        def find(v: int) -> int:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        for r in self.rules:
            scope = [u for u in {r.var, *r.scope} if u in parent]
            for u in scope[1:]:
                parent[find(u)] = find(scope[0])
        groups: dict[int, list[int]] = {}
        for v in chosen:
            groups.setdefault(find(v), []).append(v)
        return sorted(groups.values(), key=lambda g: g[0])

    def solve(
        self,
        variables: Sequence[int],
        *,
        active: frozenset[int] | None = None,
        overrides: Mapping[int, frozenset[int]] | None = None,
        fixed: Mapping[int, int] | None = None,
    ) -> list[int] | None:
        """One assignment of `variables` keeping every rule, or None."""
        return self._search(variables, active, overrides or {}, fixed or {}, None)

    def holds(self, assign: Sequence[int]) -> bool:
        """Whether a complete assignment keeps every rule on its assigned variables."""
        for r in self.rules:
            if assign[r.var] < 0:
                continue
            b = _branch(r, assign)
            allowed = self._allowed(b, None, {})
            if allowed is not None and assign[r.var] not in allowed:
                return False
        return True

    def scores(self, assign: Sequence[int]) -> tuple[int, ...]:
        """Per owner, what a complete assignment is worth."""
        out = [0] * self.owners
        for g in self.gains:
            b = _branch(g.rule, assign)
            if isinstance(b, Branch) and b.wants is not None and assign[g.rule.var] in b.wants:
                out[g.owner] += b.weight
        return tuple(out)

    def best(self, variables: Sequence[int], count: int) -> list[Solution]:
        """Up to `count` assignments keeping every rule, each Pareto-optimal across the owners'
        scores, by total score (highest first), one per distinct score vector. Each is the best
        assignment not dominated by (nor equal to) one found before it, so none is dominated."""
        found: list[Solution] = []
        while len(found) < count:
            accept = _Accept(self, [s.scores for s in found])
            assign = self._search(variables, None, {}, {}, accept)
            if assign is None:
                break
            found.append(Solution(values=tuple(assign), scores=self.scores(assign)))
        return found


class _Accept:
    """The leaf test of the search for the next best package: not dominated by (nor equal to)
    a package found before, and better than the best so far (`floor`)."""

    def __init__(self, problem: Problem, found: list[tuple[int, ...]]) -> None:
        self.problem = problem
        self.found = found
        self.floor = -1

    def take(self, assign: Sequence[int]) -> bool:
        scores = self.problem.scores(assign)
        total = sum(scores)
        if total <= self.floor:
            return False
        for other in self.found:
            if all(a >= b for a, b in zip(other, scores, strict=True)):
                return False  # dominated by, or equal to, a package found before
        self.floor = total
        return True
