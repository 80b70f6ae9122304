"""check: is a loaded case sound? Consistency findings, each with a stable code and a path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from positions.engine.args import need_case
from positions.engine.graph import shortest_cycle, strongly_connected
from positions.model import Case, Package, Precondition, Requirement, Stance
from positions.outcomes import OutcomeSet

__all__ = ["CODES", "Finding", "check", "references"]

Severity = Literal["error", "warning"]

#: every finding code, with its severity
CODES: dict[str, Severity] = {
    "unknown-reference": "error",
    "duplicate-id": "error",
    "wrong-scale": "error",
    "demand-outside-red-line": "error",
    "missing-source": "error",
    "duplicate-stance": "error",
    "overlapping-conditions": "error",
    "duplicate-precondition": "error",
    "self-precondition": "error",
    "milestone-cycle": "error",
    "party-without-stances": "warning",
    "stance-after-as-of": "warning",
    "precondition-after-as-of": "warning",
    "issue-without-stances": "warning",
    "stated-without-quote": "warning",
    "inferred-without-note": "warning",
    "red-line-dropped": "warning",
}


@attrs.frozen(kw_only=True)
class Finding:
    """One thing `check` finds at `path`; `other`, where the finding is about two records (a
    duplicate, conditions that can hold together), is the path of the record it clashes with,
    which the message names too."""

    severity: Severity
    code: str
    message: str
    path: str
    other: str | None = None


def _finding(code: str, message: str, path: str, other: str | None = None) -> Finding:
    return Finding(severity=CODES[code], code=code, message=message, path=path, other=other)


def check(case: Case) -> list[Finding]:
    """Every consistency finding in the case, in file order: errors first, then warnings.

    A case built by hand (not loaded) may hold what loading refuses: a reference to nothing,
    two ids alike, a set on another issue's scale. Those come first, alone: the other checks
    need a whole case."""
    need_case(case)
    broken = references(case)
    if broken:
        return broken
    found: list[Finding] = []
    seen_stances: dict[tuple[str, str, object], list[int]] = {}
    for i, s in enumerate(case.stances):
        at = f"$.stance[{i}]"
        key = (s.party, s.issue, s.as_of)
        for j in seen_stances.get(key, []):
            other = case.stances[j]
            if other.when == s.when:
                found.append(
                    _finding(
                        "duplicate-stance",
                        f"{s.party} has two stances on {s.issue} dated {s.as_of}"
                        f"{' with the same conditions' if s.when else ''} (also "
                        f"$.stance[{j}]); the later one in the file counts",
                        at,
                        f"$.stance[{j}]",
                    )
                )
                break
            if s.when and other.when and _can_both_hold(s, other):
                found.append(
                    _finding(
                        "overlapping-conditions",
                        f"{s.party}'s stances on {s.issue} dated {s.as_of} have conditions that "
                        f"can hold together (also $.stance[{j}]): make them exclusive, so that "
                        "one stance applies wherever they hold",
                        f"{at}.when",
                        f"$.stance[{j}]",
                    )
                )
                break
        seen_stances.setdefault(key, []).append(i)
        if s.demand is not None and s.red_line is not None and not s.demand.issubset(s.red_line):
            found.append(
                _finding(
                    "demand-outside-red-line",
                    f"{s.party}'s demand on {s.issue} is not inside its own red line",
                    f"{at}.demand",
                )
            )
    seen_pre: dict[tuple[str, str, str, object], int] = {}
    for i, p in enumerate(case.preconditions):
        at = f"$.precondition[{i}]"
        pkey = (*p.key, p.as_of)
        if pkey in seen_pre:
            found.append(
                _finding(
                    "duplicate-precondition",
                    f"{p.party} has two preconditions {p.requires.node} before {p.before} dated "
                    f"{p.as_of} (also $.precondition[{seen_pre[pkey]}]); the later one counts",
                    at,
                    f"$.precondition[{seen_pre[pkey]}]",
                )
            )
        seen_pre.setdefault(pkey, i)
        if p.requires.node == p.before:
            found.append(
                _finding(
                    "self-precondition",
                    f"{p.party}'s precondition requires {p.before} before itself",
                    f"{at}.before",
                )
            )
    sourced: tuple[tuple[str, Sequence[Stance | Precondition | Package]], ...] = (
        ("stance", case.stances),
        ("precondition", case.preconditions),
        ("package", case.packages),
    )
    for kind, records in sourced:
        for i, r in enumerate(records):
            bases = [r.basis]
            if isinstance(r, Stance):
                bases += [r.demand_basis, r.red_line_basis]
            strongest = next((b for b in ("stated", "reported") if b in bases), None)
            if strongest is not None and r.source is None:
                found.append(
                    _finding(
                        "missing-source", f"a {strongest} {kind} needs a source", f"$.{kind}[{i}]"
                    )
                )
    found.extend(_milestone_cycles(case))
    # warnings
    dated: tuple[tuple[str, Sequence[Stance | Precondition]], ...] = (
        ("stance", case.stances),
        ("precondition", case.preconditions),
    )
    with_stances = {s.party for s in case.stances}
    for i, party in enumerate(case.parties):
        if party.id not in with_stances and party.role == "principal":
            found.append(
                _finding(
                    "party-without-stances",
                    f"{party.id} has no stance on any issue",
                    f"$.party[{i}]",
                )
            )
    for kind, claims in dated:
        for i, r in enumerate(claims):
            if r.as_of > case.as_of:
                found.append(
                    _finding(
                        f"{kind}-after-as-of",
                        f"dated {r.as_of}, after the case's as_of {case.as_of}: the default view "
                        "does not show it",
                        f"$.{kind}[{i}].as_of",
                    )
                )
    spoken = {s.issue for s in case.stances}
    for i, issue in enumerate(case.issues):
        if issue.id not in spoken:
            found.append(
                _finding(
                    "issue-without-stances", f"no party has a stance on {issue.id}", f"$.issue[{i}]"
                )
            )
    for kind, claims in dated:
        for i, r in enumerate(claims):
            if r.basis == "stated" and r.quote is None:
                found.append(
                    _finding(
                        "stated-without-quote",
                        f"a stated {kind} should quote the party's words",
                        f"$.{kind}[{i}]",
                    )
                )
            if r.basis == "inferred" and r.note is None:
                found.append(
                    _finding(
                        "inferred-without-note",
                        f"an inferred {kind} should say in a note why it is inferred",
                        f"$.{kind}[{i}]",
                    )
                )
    found.extend(_dropped_red_lines(case))
    order = {"error": 0, "warning": 1}
    return sorted(found, key=lambda f: order[f.severity])  # stable: file order within each


def _milestone_cycles(case: Case) -> list[Finding]:
    ids = [m.id for m in case.milestones]
    position = {m: i for i, m in enumerate(ids)}
    adjacency: list[list[int]] = [[] for _ in ids]
    for m in case.milestones:
        for first in m.follows:
            adjacency[position[first]].append(position[m.id])
    found = []
    for component in strongly_connected(adjacency):
        cycle = shortest_cycle(adjacency, component)
        if cycle:
            names = [ids[i] for i in cycle]
            chain = " -> ".join([*names, names[0]])
            found.append(
                _finding(
                    "milestone-cycle",
                    f"milestones follow each other in a cycle: {chain}",
                    f"$.milestone[{cycle[0]}].follows",
                )
            )
    return found


def _can_both_hold(a: Stance, b: Stance) -> bool:
    """Whether some state of the world meets every condition of both stances: on each issue
    they name, the sets they require meet (milestones can always be reached together)."""
    required: dict[str, OutcomeSet] = {}
    for c in (*a.when, *b.when):
        if c.issue is None or c.outcomes is None:
            continue
        held = required.get(c.issue)
        required[c.issue] = c.outcomes if held is None else held.intersect(c.outcomes)
    return all(not s.is_empty() for s in required.values())


def _dropped_red_lines(case: Case) -> list[Finding]:
    """A stance that gives no red line where the same party's previous stance on the issue
    (with the same conditions) gave one: usually a red line left out when a new round was
    written down, sometimes a red line no longer known."""
    ordered = sorted(range(len(case.stances)), key=lambda i: case.stances[i].as_of)
    last: dict[tuple[str, str, object], Stance] = {}
    found: list[tuple[int, Finding]] = []
    for i in ordered:
        s = case.stances[i]
        key = (s.party, s.issue, s.when)
        before = last.get(key)
        if (
            before is not None
            and before.as_of < s.as_of
            and before.red_line is not None
            and s.red_line is None
            and not s.retracted
        ):
            found.append(
                (
                    i,
                    _finding(
                        "red-line-dropped",
                        f"{s.party}'s stance on {s.issue} of {s.as_of} gives no red line, though "
                        f"its stance of {before.as_of} gave one: repeat it if it still holds "
                        "(left out, it reads as unknown)",
                        f"$.stance[{i}]",
                    ),
                )
            )
        last[key] = s
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


def references(case: Case) -> list[Finding]:
    """What loading guarantees and a hand-built case may lack: every reference resolves, ids
    are unique within their kind (issues and milestones share one), and every outcome set and
    package outcome is on its issue's scale."""
    found: list[Finding] = []

    def unknown(kind: str, ident: object, known: set[str], path: str) -> None:
        if ident is not None and ident not in known:
            found.append(_finding("unknown-reference", f"unknown {kind} {ident!r}", path))

    nodes: set[str] = set()
    identified: tuple[tuple[str, Sequence[str], set[str] | None], ...] = (
        ("source", [x.id for x in case.sources], None),
        ("party", [x.id for x in case.parties], None),
        ("issue", [x.id for x in case.issues], nodes),
        ("milestone", [x.id for x in case.milestones], nodes),
        ("package", [x.id for x in case.packages], None),
    )
    for kind, ids, shared in identified:
        seen: set[str] = set() if shared is None else shared
        for i, ident in enumerate(ids):
            if ident in seen:
                found.append(
                    _finding("duplicate-id", f"duplicate id {ident!r}", f"$.{kind}[{i}].id")
                )
            seen.add(ident)
    sources = {s.id for s in case.sources}
    parties = {p.id for p in case.parties}
    issues = {i.id: i.scale for i in case.issues}
    milestones = {m.id for m in case.milestones}

    def on_scale(s: OutcomeSet | None, issue: str, path: str) -> None:
        scale = issues.get(issue)
        if s is not None and scale is not None and s.scale != scale:
            found.append(_finding("wrong-scale", f"an outcome set not on {issue}'s scale", path))

    def requirement(r: Requirement, path: str) -> None:
        unknown("issue", r.issue, set(issues), f"{path}.issue")
        unknown("milestone", r.milestone, milestones, f"{path}.milestone")
        if r.issue is not None:
            on_scale(r.outcomes, r.issue, path)

    for i, party in enumerate(case.parties):
        for j, member in enumerate(party.members):
            unknown("source", member.source, sources, f"$.party[{i}].member[{j}].source")
    for i, m in enumerate(case.milestones):
        for j, f in enumerate(m.follows):
            unknown("milestone", f, milestones, f"$.milestone[{i}].follows[{j}]")
        unknown("source", m.source, sources, f"$.milestone[{i}].source")
    for i, pkg in enumerate(case.packages):
        unknown("source", pkg.source, sources, f"$.package[{i}].source")
        for issue, value in pkg.outcomes:
            at = f"$.package[{i}].outcomes.{issue}"
            unknown("issue", issue, set(issues), at)
            scale = issues.get(issue)
            if scale is not None and not OutcomeSet.everything(scale).contains(value):
                found.append(_finding("wrong-scale", f"{value!r} is not on {issue}'s scale", at))
    for i, s in enumerate(case.stances):
        at = f"$.stance[{i}]"
        unknown("party", s.party, parties, f"{at}.party")
        unknown("issue", s.issue, set(issues), f"{at}.issue")
        unknown("source", s.source, sources, f"{at}.source")
        on_scale(s.demand, s.issue, f"{at}.demand")
        on_scale(s.red_line, s.issue, f"{at}.red_line")
        for j, c in enumerate(s.when):
            requirement(c, f"{at}.when[{j}]")
    for i, pre in enumerate(case.preconditions):
        at = f"$.precondition[{i}]"
        unknown("party", pre.party, parties, f"{at}.party")
        unknown("source", pre.source, sources, f"{at}.source")
        unknown("issue or milestone", pre.before, nodes, f"{at}.before")
        requirement(pre.requires, f"{at}.requires")
    unknown("milestone", case.single_undertaking, milestones, "$.case.single_undertaking")
    return found
