"""evaluate: test a package (a draft, an agenda, a reference line) against every party."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

from positions.engine.snapshot import snapshot
from positions.model import Basis, Case, Package, Stance
from positions.outcomes import Value

__all__ = ["VERDICTS", "Evaluation", "Verdict", "VerdictKind", "evaluate"]

VerdictKind = Literal["demand-met", "acceptable", "breach", "unknown"]
VERDICTS: tuple[VerdictKind, ...] = ("demand-met", "acceptable", "breach", "unknown")


@attrs.frozen(kw_only=True)
class Verdict:
    party: str
    issue: str
    outcome: Value
    verdict: VerdictKind
    stance: Stance | None = None


@attrs.frozen(kw_only=True)
class Evaluation:
    case: str
    as_of: dt.date
    package: Package
    verdicts: tuple[Verdict, ...]
    acceptable_to: tuple[str, ...]
    breached_by: tuple[str, ...]


def _verdict(outcome: Value, stance: Stance | None) -> VerdictKind:
    if stance is None:
        return "unknown"
    wants = stance.wants
    if wants is not None and wants.contains(outcome):
        return "demand-met"
    if stance.red_line is None:
        return "unknown"
    return "acceptable" if stance.red_line.contains(outcome) else "breach"


def evaluate(
    case: Case,
    package: Package | str,
    *,
    as_of: dt.date | None = None,
    min_basis: Basis | None = None,
) -> Evaluation:
    """Each party's verdict on each issue the package settles, from its stances at `as_of`
    (whatever the package's own date). Rows follow the case's issue order, then party order."""
    pkg = case.package(package) if isinstance(package, str) else package
    snap = snapshot(case, as_of, min_basis)
    verdicts: list[Verdict] = []
    for issue in case.issues:
        outcome = pkg.outcome(issue.id)
        if outcome is None:
            continue
        for party in case.parties:
            stance = snap.stance(party.id, issue.id)
            verdicts.append(
                Verdict(
                    party=party.id,
                    issue=issue.id,
                    outcome=outcome,
                    verdict=_verdict(outcome, stance),
                    stance=stance,
                )
            )
    breached = {v.party for v in verdicts if v.verdict == "breach"}
    spoken = {v.party for v in verdicts if v.stance is not None}
    order = [p.id for p in case.parties]
    return Evaluation(
        case=case.id,
        as_of=snap.as_of,
        package=pkg,
        verdicts=tuple(verdicts),
        acceptable_to=tuple(p for p in order if p in spoken and p not in breached),
        breached_by=tuple(p for p in order if p in breached),
    )
