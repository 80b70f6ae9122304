"""evaluate: test a package (a draft, an agenda, a reference line) against every party."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    from positions._report.render import Table

from positions._notebook import Notebook
from positions.engine.args import need_case, need_ids, need_package
from positions.engine.branches import choose
from positions.engine.compare import select_parties
from positions.engine.snapshot import snapshot
from positions.model import Basis, Case, Package, Stance
from positions.outcomes import Value

__all__ = ["VERDICTS", "Evaluation", "Verdict", "VerdictKind", "evaluate", "verdict_of"]

VerdictKind = Literal["demand-met", "acceptable", "breach", "unknown"]
VERDICTS: tuple[VerdictKind, ...] = ("demand-met", "acceptable", "breach", "unknown")


@attrs.frozen(kw_only=True)
class Verdict:
    """One party's verdict on one outcome of the package. `stance` is the branch of its
    position that applies where the package's outcomes (then the status quo) hold; when that
    cannot be told, the verdict is `unknown` and `depends_on` names the unsettled issues."""

    party: str
    issue: str
    outcome: Value
    verdict: VerdictKind
    stance: Stance | None = None
    depends_on: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Evaluation(Notebook):
    """`acceptable_to`: the parties whose every verdict is `demand-met` or `acceptable`;
    `breached_by`: those with a `breach`; `undetermined`: the others with a stance on at least
    one of the package's issues. A party silent on all of them is in none of the three."""

    case: str
    as_of: dt.date
    package: Package
    verdicts: tuple[Verdict, ...]
    acceptable_to: tuple[str, ...]
    breached_by: tuple[str, ...]
    undetermined: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    case_obj: Case | None = attrs.field(default=None, eq=False, repr=False)  # for notebooks

    def _tables(self) -> list[Table]:
        from positions._report.evaluate import evaluate_tables

        return evaluate_tables(self._case(), self)


def verdict_of(outcome: Value, stance: Stance | None) -> VerdictKind:
    """demand-met, acceptable, breach or unknown: `outcome` against one stance."""
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
    parties: Sequence[str] | None = None,
) -> Evaluation:
    """Each selected party's verdict on each issue the package settles, from its stances at
    `as_of` (whatever the package's own date); a conditional stance's branch is chosen by the
    package's outcomes, then the status quo. Rows follow the case's issue order, then party
    order."""
    pkg = need_package(need_case(case), package)
    selected = select_parties(case, need_ids(parties, "parties"))
    snap = snapshot(case, as_of, min_basis)
    world = {**snap.status_quo, **dict(pkg.outcomes)}
    verdicts: list[Verdict] = []
    for issue in case.issues:
        outcome = pkg.outcome(issue.id)
        if outcome is None:
            continue
        for party in selected:
            choice = choose(snap.position(party, issue.id), world, snap.reached)
            verdicts.append(
                Verdict(
                    party=party,
                    issue=issue.id,
                    outcome=outcome,
                    verdict=verdict_of(outcome, choice.stance),
                    stance=choice.stance,
                    depends_on=choice.depends_on,
                )
            )
    breached = {v.party for v in verdicts if v.verdict == "breach"}
    doubtful = {v.party for v in verdicts if v.verdict == "unknown"}
    spoken = {v.party for v in verdicts if v.stance is not None or v.depends_on}
    unbreached = [p for p in selected if p in spoken and p not in breached]
    return Evaluation(
        case=case.id,
        as_of=snap.as_of,
        package=pkg,
        verdicts=tuple(verdicts),
        acceptable_to=tuple(p for p in unbreached if p not in doubtful),
        breached_by=tuple(p for p in selected if p in breached),
        undetermined=tuple(p for p in unbreached if p in doubtful),
        parties=selected,
        case_obj=case,
    )
