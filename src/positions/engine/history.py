"""history: what moved between two dates, stance by stance and precondition by precondition."""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

import attrs

from positions.engine.compare import Status, issue_status
from positions.engine.snapshot import Snapshot, snapshot
from positions.model import Case, Precondition, Stance
from positions.outcomes import OutcomeSet

__all__ = ["CHANGES", "Change", "ChangeKind", "History", "StatusChange", "history"]

ChangeKind = Literal["added", "retracted", "softened", "hardened", "moved", "restated"]
CHANGES: tuple[ChangeKind, ...] = (
    "added",
    "retracted",
    "softened",
    "hardened",
    "moved",
    "restated",
)
Direction = Literal["toward", "away"]


@attrs.frozen(kw_only=True)
class Change:
    """One stance or precondition that differs between the two dates."""

    kind: Literal["stance", "precondition"]
    party: str
    subject: str  # the issue id, or "X->Y" for a precondition
    change: ChangeKind
    before: Stance | Precondition | None
    after: Stance | Precondition | None
    direction: Direction | None = None


@attrs.frozen(kw_only=True)
class StatusChange:
    issue: str
    before: Status
    after: Status


@attrs.frozen(kw_only=True)
class History:
    case: str
    start: dt.date
    end: dt.date
    changes: tuple[Change, ...]
    status_changes: tuple[StatusChange, ...]


def _classify(
    before_set: OutcomeSet | None,
    after_set: OutcomeSet | None,
    wants_changed: bool,
    meta_changed: bool,
) -> ChangeKind | None:
    if before_set is not None and after_set is not None and before_set != after_set:
        if before_set.issubset(after_set):
            return "softened"
        if after_set.issubset(before_set):
            return "hardened"
        return "moved"
    if before_set != after_set or wants_changed:
        return "moved"
    return "restated" if meta_changed else None


def _position(s: OutcomeSet | None) -> float | None:
    """The midpoint of a set's hull, or None for an empty or unbounded set."""
    if s is None or s.is_empty():
        return None
    low, high = s.hull()
    mid = (float(low) + float(high)) / 2
    return mid if math.isfinite(mid) else None


def _direction(case: Case, before: Stance, after: Stance, snap: Snapshot) -> Direction | None:
    """Toward or away from the other parties' demands at `snap`, on an ordered scale."""
    if not case.issue(after.issue).scale.ordered:
        return None
    others = [
        _position(s.wants)
        for p in case.parties
        if p.id != after.party and (s := snap.stance(p.id, after.issue)) is not None
    ]
    old, new = _position(before.wants), _position(after.wants)
    if old is None or new is None or not others or None in others:
        return None
    was = sum(abs(old - o) for o in others if o is not None)
    now = sum(abs(new - o) for o in others if o is not None)
    if now < was:
        return "toward"
    if now > was:
        return "away"
    return None


def _provenance(r: Stance | Precondition) -> tuple[object, ...]:
    """What a restatement may change: where the claim comes from, how sure, when, in what words."""
    return (r.source, r.basis, r.as_of, r.quote)


def _stance_change(before: Stance, after: Stance) -> ChangeKind | None:
    meta = _provenance(before) != _provenance(after)
    return _classify(before.red_line, after.red_line, before.wants != after.wants, meta)


def _precondition_change(before: Precondition, after: Precondition) -> ChangeKind | None:
    meta = _provenance(before) != _provenance(after)
    return _classify(before.requires.outcomes, after.requires.outcomes, False, meta)


def history(case: Case, start: dt.date | None = None, end: dt.date | None = None) -> History:
    """The changes from the snapshot at `start` (default: the case's earliest date) to the one
    at `end` (default: its latest), and the issues whose compare status changed."""
    dates = case.dates()
    day0 = dates[0] if start is None else start
    day1 = dates[-1] if end is None else end
    a, b = snapshot(case, day0), snapshot(case, day1)
    party_order = {p.id: i for i, p in enumerate(case.parties)}
    issue_order = {i.id: n for n, i in enumerate(case.issues)}
    changes: list[Change] = []
    keys = sorted(
        set(a.stances) | set(b.stances), key=lambda k: (issue_order[k[1]], party_order[k[0]])
    )
    for key in keys:
        s0, s1 = a.stances.get(key), b.stances.get(key)
        kind: ChangeKind | None
        direction = None
        if s0 is None:
            kind = "added"
        elif s1 is None:
            kind = "retracted"
        else:
            kind = _stance_change(s0, s1)
            if kind == "moved":
                direction = _direction(case, s0, s1, b)
        if kind is not None:
            changes.append(
                Change(
                    kind="stance",
                    party=key[0],
                    subject=key[1],
                    change=kind,
                    before=s0,
                    after=s1,
                    direction=direction,
                )
            )
    first_seen: dict[tuple[str, str, str], int] = {}
    for i, p in enumerate(case.preconditions):
        first_seen.setdefault(p.key, i)
    for pkey in sorted(set(a.preconditions) | set(b.preconditions), key=first_seen.__getitem__):
        p0, p1 = a.preconditions.get(pkey), b.preconditions.get(pkey)
        if p0 is None:
            kind = "added"
        elif p1 is None:
            kind = "retracted"
        else:
            kind = _precondition_change(p0, p1)
        if kind is not None:
            changes.append(
                Change(
                    kind="precondition",
                    party=pkey[0],
                    subject=f"{pkey[1]}->{pkey[2]}",
                    change=kind,
                    before=p0,
                    after=p1,
                )
            )
    parties = [p.id for p in case.parties]
    moved = {k[1] for k in keys if a.stances.get(k) is not b.stances.get(k)}
    status_changes = []
    for issue in case.issues:
        if issue.id not in moved:
            continue  # no stance on it changed: its status cannot have changed
        s_a = issue_status(issue, parties, a)
        s_b = issue_status(issue, parties, b)
        if s_a != s_b:
            status_changes.append(StatusChange(issue=issue.id, before=s_a, after=s_b))
    return History(
        case=case.id,
        start=day0,
        end=day1,
        changes=tuple(changes),
        status_changes=tuple(status_changes),
    )
