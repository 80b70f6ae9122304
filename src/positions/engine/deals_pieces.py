"""The values of the deals search's variables: the pieces an issue's scale is cut into, and
back from pieces to outcomes.

A level or option is a piece of its own. A numeric scale is cut at every bound that a deciding
party's demand, red line or condition on the issue mentions, and at the scale's own ends: each
bound is a closed piece, each open stretch between two bounds (or beyond the last, on a side
with no end) another, so that every set the search reads holds on a whole piece or on none of
it. Back from pieces: a value inside a piece, a run of pieces as an outcome set, and how far
a red line must widen to take in one more piece (for the least concessions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from positions.model import Issue
from positions.outcomes import (
    INFINITY,
    Number,
    OutcomeSet,
    Value,
    exact_difference,
    exact_midpoint,
)

if TYPE_CHECKING:
    from positions.engine.snapshot import Snapshot


@attrs.frozen(kw_only=True)
class _Piece:
    """One value of a variable: a level or option (`value` set), or a stretch of a numeric
    scale: a bound (`low` == `high`, closed) or the open stretch between two (`open`)."""

    value: str | None = None
    low: Number = -INFINITY
    high: Number = INFINITY
    open: bool = False

    @property
    def point(self) -> Value | None:
        """A number inside the piece (the piece's own value when it is one)."""
        if self.value is not None:
            return self.value
        if not self.open:
            return self.low
        if self.low == -INFINITY and self.high == INFINITY:
            return None
        if self.low == -INFINITY:
            return exact_difference(self.high, 1)
        if self.high == INFINITY:
            return exact_difference(self.low, -1)
        return exact_midpoint(self.low, self.high)


def _sets_on(issue: str, deciding: Sequence[str], snap: Snapshot) -> list[OutcomeSet]:
    """Every outcome set the search reads on `issue`: demands, red lines, conditions."""
    found: list[OutcomeSet] = []
    for p in deciding:
        for s in snap.position(p, issue):
            found.extend(x for x in (s.demand, s.red_line) if x is not None)
    for (p, _), branches in snap.branches.items():
        if p not in deciding:
            continue
        for s in branches:
            found.extend(c.outcomes for c in s.when if c.issue == issue and c.outcomes is not None)
    return found


def _pieces(issue: Issue, sets: Sequence[OutcomeSet]) -> list[_Piece]:
    scale = issue.scale
    if scale.finite:
        return [_Piece(value=v) for v in scale.values]
    bounds: set[Number] = set()
    for s in sets:
        if s.is_empty():
            continue
        bounds.update(b for b in (s.low, s.high) if b not in (INFINITY, -INFINITY))
    bounds.update(b for b in (scale.min, scale.max) if b is not None)
    ordered = sorted(bounds)
    if not ordered:
        return [_Piece(open=True)]
    pieces: list[_Piece] = []
    if scale.min is None:
        pieces.append(_Piece(low=-INFINITY, high=ordered[0], open=True))
    for i, b in enumerate(ordered):
        pieces.append(_Piece(low=b, high=b))
        if i + 1 < len(ordered):
            pieces.append(_Piece(low=b, high=ordered[i + 1], open=True))
    if scale.max is None:
        pieces.append(_Piece(low=ordered[-1], high=INFINITY, open=True))
    return pieces


def _inside(pieces: Sequence[_Piece], s: OutcomeSet) -> frozenset[int]:
    """The pieces a closed set holds (whole pieces: bounds cut the scale)."""
    found = set()
    for k, piece in enumerate(pieces):
        if piece.value is not None:
            if s.contains(piece.value):
                found.add(k)
        elif not s.is_empty() and s.low <= piece.low and piece.high <= s.high:
            found.add(k)
    return frozenset(found)


def _distance(issue: Issue, pieces: Sequence[_Piece], allowed: frozenset[int], k: int) -> Number:
    if not issue.scale.ordered:
        return 1
    lo, hi = min(allowed), max(allowed)
    if issue.scale.finite:
        return lo - k if k < lo else k - hi
    if k < lo:
        return exact_difference(pieces[lo].low, pieces[k].high)
    return exact_difference(pieces[k].low, pieces[hi].high)


def _widened(issue: Issue, allowed: frozenset[int], k: int) -> frozenset[int]:
    if not issue.scale.ordered:
        return allowed | {k}
    lo, hi = min(allowed | {k}), max(allowed | {k})
    return frozenset(range(lo, hi + 1))


def _as_set(issue: Issue, pieces: Sequence[_Piece], chosen: frozenset[int]) -> OutcomeSet:
    scale = issue.scale
    if scale.finite:
        return OutcomeSet.of(scale, [pieces[k].value for k in sorted(chosen)])  # type: ignore[misc]
    low, high = pieces[min(chosen)].low, pieces[max(chosen)].high
    return OutcomeSet.between(
        scale, None if low == -INFINITY else low, None if high == INFINITY else high, form="set"
    )
