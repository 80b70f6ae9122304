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

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

__all__ = [
    "Blocks",
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


def _may_apply(
    rule: Rule, assign: Sequence[int], domains: Mapping[int, set[int]], chosen: set[int]
) -> tuple[list[Branch], bool]:
    """The branches of `rule` that may apply below a node of the search (where `assign` and
    `domains` stand), and whether it may limit nothing there (`_FREE`). A guard may hold when
    its variable can still take one of its values; a branch surely applies when its guards
    surely hold, and then no later one can."""
    found: list[Branch] = []
    free = False
    for b in rule.conditional:
        may, sure, outside = True, True, False
        for v, vals in b.guards:
            x = assign[v]
            if x >= 0:
                if x not in vals:
                    may = False
                    break
            elif v not in chosen:
                outside = True  # a guard on a variable outside the search: never settled
            else:
                d = domains[v]
                if d.isdisjoint(vals):
                    may = False
                    break
                if sure and not d <= vals:
                    sure = False
        if not may:
            continue
        if outside:
            free = True  # if its other guards hold, the rule stays pending: nothing is limited
            continue
        if b.undecided:
            free = True  # if it applies, nothing is limited (unless a later branch applies)
            continue
        found.append(b)
        if sure:
            return found, free
    if rule.default is not None:
        found.append(rule.default)
    else:
        free = True
    return found, free


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
        # for the bound of the best packages: per variable, the rules that limit it and the
        # gains that score it, and the variables whose limits or gains a variable guards
        self.limits_on: list[list[Rule]] = [[] for _ in range(n)]
        for r in self.rules:
            self.limits_on[r.var].append(r)
        self.gains_on: list[list[Rule]] = [[] for _ in range(n)]
        for g in self.gains:
            self.gains_on[g.rule.var].append(g.rule)
        self.guarding: list[set[int]] = [set() for _ in range(n)]
        for r in (*self.rules, *(g.rule for g in self.gains)):
            for v in r.scope:
                self.guarding[v].add(r.var)
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

    def _may_allow(
        self,
        r: Rule,
        assign: Sequence[int],
        domains: Mapping[int, set[int]],
        chosen: set[int],
        active: frozenset[int] | None,
        overrides: Mapping[int, frozenset[int]],
    ) -> frozenset[int] | None:
        """The values of `r.var` some branch of `r` that may still apply allows (None: any)."""
        branches, free = _may_apply(r, assign, domains, chosen)
        if free:
            return None
        found: frozenset[int] = frozenset()
        for b in branches:
            allowed = self._allowed(b, active, overrides)
            if allowed is None:
                return None
            found |= allowed
        return found

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

        # what does not hang on other variables is worked out once: unguarded limits have
        # narrowed the domains already; unguarded gains give each value a fixed weight; and
        # what each branch of a guarded rule allows or wants is looked up once
        unguarded: dict[int, dict[int, int]] = {v: {} for v in variables}
        for v in variables:
            for r in self.gains_on[v]:
                b = _branch(r, assign) if not r.scope else None
                if isinstance(b, Branch) and b.wants is not None:
                    for x in b.wants:
                        unguarded[v][x] = unguarded[v].get(x, 0) + b.weight
        allowed_by: dict[int, frozenset[int] | None] = {}  # id of a branch -> what it allows
        guarded_limits: dict[int, list[Rule]] = {}
        guarded_gains: dict[int, list[Rule]] = {}
        for v in variables:
            guarded_limits[v] = [r for r in self.limits_on[v] if r.scope]
            guarded_gains[v] = [r for r in self.gains_on[v] if r.scope]
            for r in guarded_limits[v]:
                for b in (*r.conditional, *([r.default] if r.default else [])):
                    allowed_by[id(b)] = self._allowed(b, active, overrides)

        def worth(v: int) -> int:
            """The most `v` can add to the total below this node: over the values its limits
            may still allow, the weights of the gain branches that may still apply."""
            values = {assign[v]} if assign[v] >= 0 else domains[v]
            for r in guarded_limits[v]:
                branches, free = _may_apply(r, assign, domains, chosen)
                if free:
                    continue
                union: frozenset[int] = frozenset()
                for b in branches:
                    allowed = allowed_by[id(b)]
                    if allowed is None:
                        break
                    union |= allowed
                else:
                    values = values & union
            scored = unguarded[v]
            if guarded_gains[v]:
                scored = dict(scored)
                for r in guarded_gains[v]:
                    branches = _may_apply(r, assign, domains, chosen)[0]
                    if len(branches) == 1:
                        b = branches[0]
                        if b.wants is not None:
                            for x in b.wants & values:
                                scored[x] = scored.get(x, 0) + b.weight
                        continue
                    best_of: dict[int, int] = {}
                    for b in branches:
                        if b.wants is not None:
                            for x in b.wants & values:
                                if best_of.get(x, 0) < b.weight:
                                    best_of[x] = b.weight
                    for x, w in best_of.items():
                        scored[x] = scored.get(x, 0) + w
            return max((scored.get(x, 0) for x in values), default=0)

        worths: dict[int, int] = {}
        total = 0
        undo: list[tuple[int, int]] = []  # (variable, its worth before), to restore on return
        if accept is not None:
            worths = {v: worth(v) for v in variables}
            total = sum(worths.values())

        def reworth(changed: Iterable[int]) -> None:
            """Recompute the worth of the variables that `changed` variables may affect."""
            nonlocal total
            touched = set()
            for u in changed:
                touched.add(u)
                touched |= self.guarding[u]
            for v in touched & chosen:
                now = worth(v)
                if now != worths[v]:
                    undo.append((v, worths[v]))
                    total += now - worths[v]
                    worths[v] = now

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
                    return accept.floor >= accept.ceiling  # nothing can do better: stop
                return False
            if accept is not None and total <= accept.floor:
                return False  # (`total` bounds every leaf below: none can do better)
            v = min(open_, key=lambda u: (len(domains[u]), u))
            for x in order(v):
                mark, undone = len(trail), len(undo)
                saved = domains[v]
                domains[v] = {x}
                assign[v] = x
                ok = consistent(v)
                if ok and accept is not None and len(open_) > 1:  # (a leaf needs no bound)
                    reworth([v, *(u for u, _ in trail[mark:])])
                if ok and dfs():
                    return True
                assign[v] = -1
                domains[v] = saved
                while len(trail) > mark:
                    u, d = trail.pop()
                    domains[u] = d
                restore(undone)
            return False

        def restore(mark: int) -> None:
            nonlocal total
            while len(undo) > mark:
                u, before = undo.pop()
                total += before - worths[u]
                worths[u] = before

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
        seen: dict[tuple[int, ...], None] = {}  # the scores of every leaf reached so far
        while len(found) < count:
            accept = _Accept(self, [s.scores for s in found], seen)
            if found:  # the first search found the best total of all: none can beat it
                accept.ceiling = sum(found[0].scores)
            # a leaf an earlier search reached that this one would take is a package worth
            # that much: the best this search takes is worth at least as much
            known = [sum(x) for x in seen if not accept.beaten(x)]
            if known:
                accept.floor = max(known) - 1
            assign = self._search(variables, None, {}, {}, accept)
            if assign is None:
                break
            found.append(Solution(values=tuple(assign), scores=self.scores(assign)))
        return found


class Blocks:
    """The minimal blocking sets of a group of variables with no solution: minimal sets of
    `elements` that no assignment of the group keeps together, found size by size.

    Implicit hitting sets: every assignment of the group breaks some elements (a correction
    set: without them it would stand), and a set of elements blocks exactly when it meets every
    correction set. So a candidate is a set that meets every correction set found so far and
    holds no blocking set found before; if it has a solution, that solution's correction set
    (it breaks none of the candidate) rules it out; if not, it is a minimal blocking set, as
    every smaller candidate was ruled out before. Only candidates are searched, not every set
    of elements."""

    def __init__(self, problem: Problem, group: Sequence[int], elements: Sequence[int]) -> None:
        self.problem = problem
        self.group = sorted(group)
        self.elements = sorted(elements)
        self.bit = {e: 1 << i for i, e in enumerate(self.elements)}
        self.everything = (1 << len(self.elements)) - 1
        rule_of = {}
        for k, r in enumerate(problem.rules):
            for b in (*r.conditional, *([r.default] if r.default else [])):
                if b.element in self.bit:
                    rule_of[b.element] = k
        self.scope = {
            e: {problem.rules[k].var, *problem.rules[k].scope} for e, k in rule_of.items()
        }
        members = set(self.group)
        self.limits = [r for r in problem.rules if r.var in members]
        self.cuts: list[int] = []  # correction sets, as bits over `elements`
        self.blocks: list[int] = []  # minimal blocking sets found, as bits
        self._refute(problem.solve(self.group, active=frozenset()), 0)

    def of_size(self, k: int) -> list[list[int]]:
        """Every minimal blocking set of `k` elements (all smaller ones found before), each
        sorted, in order."""
        found = []
        while (candidate := self._candidate(k)) is not None:
            members = self._members(candidate)
            variables = sorted(set().union(*(self.scope[e] for e in members)))
            solution = self.problem.solve(variables, active=frozenset(members))
            if solution is None:
                self.blocks.append(candidate)
                found.append(members)
            else:
                self._refute(solution, candidate)
        return sorted(found)

    def more(self) -> bool:
        """Whether a minimal blocking set is left to find: some set holding none of those found
        meets every correction set and has no solution."""
        for spared in self._transversals(0, 0):  # what a set holding no found one leaves out
            if any(cut & ~spared == 0 for cut in self.cuts):
                continue  # a known solution keeps every element but those left out
            rest = self.everything & ~spared
            members = self._members(rest)
            variables = sorted(set().union(*(self.scope[e] for e in members)))
            solution = self.problem.solve(variables, active=frozenset(members))
            if solution is None:
                return True
            self._refute(solution, rest)
        return False

    # ----------------------------------------------------------------------------------------

    def _members(self, bits: int) -> list[int]:
        return [e for i, e in enumerate(self.elements) if bits >> i & 1]

    def _refute(self, solution: list[int] | None, kept: int) -> None:
        """Record the correction set of `solution` (of the variables of `kept`'s elements),
        completed over the group so as to break few elements beyond those it must."""
        assert solution is not None  # (the caller solved a set it knew to be solvable)
        assign = list(solution)
        fixed = {v for v in self.group if assign[v] >= 0}
        for v in self.group:
            if v not in fixed:
                assign[v] = self.problem.domains[v][0]
        for v in self.group:  # one pass: each free variable to its least breaking value
            if v in fixed:
                continue
            best, fewest = assign[v], -1
            for x in self.problem.domains[v]:
                assign[v] = x
                broken = self._broken(assign, self.problem.touching[v])
                if fewest < 0 or broken < fewest:
                    best, fewest = x, broken
            assign[v] = best
        cut = 0
        for r in self.limits:
            b = _branch(r, assign)
            if not isinstance(b, Branch) or b.allowed is None or b.element not in self.bit:
                continue
            if assign[r.var] not in b.allowed:
                cut |= self.bit[b.element]
        assert cut & kept == 0 and cut  # it breaks none it kept; the group has no solution
        self.cuts.append(cut)

    def _broken(self, assign: Sequence[int], rules: Iterable[int]) -> int:
        count = 0
        for k in rules:
            r = self.problem.rules[k]
            b = _branch(r, assign)
            if isinstance(b, Branch) and b.element in self.bit and b.allowed is not None:
                count += assign[r.var] not in b.allowed
        return count

    def _candidate(self, k: int) -> int | None:
        """A set of `k` elements meeting every correction set and holding no blocking set."""

        def grow(chosen: int, size: int, barred: int) -> int | None:
            if any(block & ~chosen == 0 for block in self.blocks):
                return None
            missed = [cut for cut in self.cuts if not cut & chosen]
            if not missed:
                return chosen
            if size == k:
                return None
            cut = min(missed, key=lambda c: (c & ~barred).bit_count())
            options = cut & ~barred
            while options:
                low = options & -options
                options ^= low
                found = grow(chosen | low, size + 1, barred)
                if found is not None:
                    return found
                barred |= low  # (sets holding it were all tried)
            return None

        return grow(0, 0, 0)

    def _transversals(self, chosen: int, at: int) -> Iterator[int]:
        """Minimal sets meeting every blocking set found (from `self.blocks[at:]` on)."""
        while at < len(self.blocks) and self.blocks[at] & chosen:
            at += 1
        if at == len(self.blocks):
            if all(self._needed(chosen, bit) for bit in _bits(chosen)):
                yield chosen
            return
        for bit in _bits(self.blocks[at]):
            yield from self._transversals(chosen | bit, at + 1)

    def _needed(self, chosen: int, bit: int) -> bool:
        """Whether some blocking set meets `chosen` only in `bit` (so it is not redundant)."""
        return any(block & chosen == bit for block in self.blocks)


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low
        mask ^= low


class _Accept:
    """The leaf test of the search for the next best package: not dominated by (nor equal to)
    a package found before, and better than the best so far (`floor`)."""

    def __init__(
        self,
        problem: Problem,
        found: list[tuple[int, ...]],
        seen: dict[tuple[int, ...], None] | None = None,
    ) -> None:
        self.problem = problem
        self.found = found
        self.floor = -1
        self.ceiling: float = math.inf  # no package is worth more
        self.seen = {} if seen is None else seen

    def beaten(self, scores: tuple[int, ...]) -> bool:
        """Dominated by, or equal to, a package found before."""
        return any(all(a >= b for a, b in zip(other, scores, strict=True)) for other in self.found)

    def take(self, assign: Sequence[int]) -> bool:
        scores = self.problem.scores(assign)
        self.seen[scores] = None
        total = sum(scores)
        if total <= self.floor:
            return False
        if self.beaten(scores):
            return False
        self.floor = total
        return True
