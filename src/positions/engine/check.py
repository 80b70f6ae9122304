"""check: is a loaded case sound? Consistency findings, each with a stable code and a path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from positions.engine.graph import shortest_cycle, strongly_connected
from positions.model import Case, Package, Precondition, Stance

__all__ = ["CODES", "Finding", "check"]

Severity = Literal["error", "warning"]

#: every finding code, with its severity
CODES: dict[str, Severity] = {
    "demand-outside-red-line": "error",
    "missing-source": "error",
    "duplicate-stance": "error",
    "duplicate-precondition": "error",
    "self-precondition": "error",
    "milestone-cycle": "error",
    "party-without-stances": "warning",
    "stance-after-as-of": "warning",
    "precondition-after-as-of": "warning",
    "issue-without-stances": "warning",
    "stated-without-quote": "warning",
    "inferred-without-note": "warning",
}


@attrs.frozen(kw_only=True)
class Finding:
    severity: Severity
    code: str
    message: str
    path: str


def _finding(code: str, message: str, path: str) -> Finding:
    return Finding(severity=CODES[code], code=code, message=message, path=path)


def check(case: Case) -> list[Finding]:
    """Every consistency finding in the case, in file order: errors first, then warnings."""
    found: list[Finding] = []
    seen_stances: dict[tuple[str, str, object], int] = {}
    for i, s in enumerate(case.stances):
        at = f"$.stance[{i}]"
        key = (s.party, s.issue, s.as_of)
        if key in seen_stances:
            found.append(
                _finding(
                    "duplicate-stance",
                    f"{s.party} has two stances on {s.issue} dated {s.as_of} (also "
                    f"$.stance[{seen_stances[key]}]); the later one in the file counts",
                    at,
                )
            )
        seen_stances.setdefault(key, i)
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
            if r.basis in ("stated", "reported") and r.source is None:
                found.append(
                    _finding(
                        "missing-source", f"a {r.basis} {kind} needs a source", f"$.{kind}[{i}]"
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
        if party.id not in with_stances:
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
