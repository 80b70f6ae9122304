"""positions: compare the positions of parties in a negotiation.

Typed models of each party's demands, red lines and preconditions, every claim dated and tied to
its source, and a diff engine that reports where parties overlap, where they conflict, what each
requires before what, how a proposal fares against every red line, and what moved between two
dates.

    >>> import positions
    >>> case = positions.bundled()
    >>> [row.status for row in positions.compare(case).issues][:2]
    ['open', 'one-sided']
"""

from __future__ import annotations

from positions._lazy import lazy_attributes
from positions._version import __version__

TYPE_CHECKING = False  # typing itself is not imported: `positions --help` stays fast
if TYPE_CHECKING:
    from positions._bundled import bundled, bundled_ids
    from positions.engine.check import Finding, check
    from positions.engine.compare import (
        Breach,
        Comparison,
        Gap,
        IssueComparison,
        PairCount,
        compare,
    )
    from positions.engine.deals import Block, Concession, DealPackage, Deals, RedLine, deals
    from positions.engine.evaluate import Evaluation, Verdict, evaluate
    from positions.engine.history import Change, History, StatusChange, history
    from positions.engine.sequencing import (
        Deadlock,
        Edge,
        PreconditionStatus,
        Sequencing,
        preconditions,
    )
    from positions.engine.snapshot import Snapshot, snapshot
    from positions.engine.timeline import IssueTimeline, Timeline, timeline
    from positions.errors import CaseError, PositionsError, Problem, UsageError
    from positions.io import dumps, load, load_package, loads
    from positions.model import (
        Case,
        Issue,
        Member,
        Milestone,
        Package,
        Party,
        Precondition,
        Requirement,
        Source,
        Stance,
    )
    from positions.outcomes import OutcomeSet, Scale

__all__ = [
    "Block",
    "Breach",
    "Case",
    "CaseError",
    "Change",
    "Comparison",
    "Concession",
    "Deadlock",
    "DealPackage",
    "Deals",
    "Edge",
    "Evaluation",
    "Finding",
    "Gap",
    "History",
    "Issue",
    "IssueComparison",
    "IssueTimeline",
    "Member",
    "Milestone",
    "OutcomeSet",
    "Package",
    "PairCount",
    "Party",
    "PositionsError",
    "Precondition",
    "PreconditionStatus",
    "Problem",
    "RedLine",
    "Requirement",
    "Scale",
    "Sequencing",
    "Snapshot",
    "Source",
    "Stance",
    "StatusChange",
    "Timeline",
    "UsageError",
    "Verdict",
    "__version__",
    "bundled",
    "bundled_ids",
    "check",
    "compare",
    "deals",
    "dumps",
    "evaluate",
    "history",
    "load",
    "load_package",
    "loads",
    "preconditions",
    "snapshot",
    "timeline",
]

# Names are imported on first use, so that `positions --help` does not pay for cattrs.
_HOME = {
    "bundled": "_bundled",
    "bundled_ids": "_bundled",
    "Finding": "engine.check",
    "check": "engine.check",
    "Breach": "engine.compare",
    "Comparison": "engine.compare",
    "Gap": "engine.compare",
    "IssueComparison": "engine.compare",
    "PairCount": "engine.compare",
    "compare": "engine.compare",
    "Block": "engine.deals",
    "Concession": "engine.deals",
    "DealPackage": "engine.deals",
    "Deals": "engine.deals",
    "RedLine": "engine.deals",
    "deals": "engine.deals",
    "Evaluation": "engine.evaluate",
    "Verdict": "engine.evaluate",
    "evaluate": "engine.evaluate",
    "Change": "engine.history",
    "History": "engine.history",
    "StatusChange": "engine.history",
    "history": "engine.history",
    "Deadlock": "engine.sequencing",
    "Edge": "engine.sequencing",
    "PreconditionStatus": "engine.sequencing",
    "Sequencing": "engine.sequencing",
    "preconditions": "engine.sequencing",
    "Snapshot": "engine.snapshot",
    "snapshot": "engine.snapshot",
    "IssueTimeline": "engine.timeline",
    "Timeline": "engine.timeline",
    "timeline": "engine.timeline",
    "CaseError": "errors",
    "PositionsError": "errors",
    "Problem": "errors",
    "UsageError": "errors",
    "dumps": "io",
    "load": "io",
    "load_package": "io",
    "loads": "io",
    "Case": "model",
    "Issue": "model",
    "Member": "model",
    "Milestone": "model",
    "Package": "model",
    "Party": "model",
    "Precondition": "model",
    "Requirement": "model",
    "Source": "model",
    "Stance": "model",
    "OutcomeSet": "outcomes",
    "Scale": "outcomes",
}


__getattr__ = lazy_attributes(__name__, _HOME, "positions.", globals())


def __dir__() -> list[str]:
    return sorted(__all__)
