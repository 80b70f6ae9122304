"""The drawing of whole cases for `positions.testing.cases`: sources, parties with their
members, issues, milestones that follow one another, status-quo, proposal and reference
packages, stances (some with conditional branches) and preconditions, some of them in rings
(deadlocks).

It builds on the scales, outcome sets and stances that `positions.testing` draws; that module
imports this one only when `cases()` is called, so that either can be imported first.
"""

from __future__ import annotations

import datetime as dt
import itertools
import typing
from collections.abc import Sequence

from hypothesis import strategies as st

from positions.model import (
    Basis,
    Case,
    Issue,
    Member,
    MemberRole,
    Milestone,
    Package,
    PackageKind,
    Party,
    PartyKind,
    PartyRole,
    Precondition,
    Requirement,
    Source,
    Stance,
)
from positions.outcomes import Scale
from positions.testing import (
    _days,
    _draw_basis_and_source,
    _draw_branches,
    _draw_stance,
    _optional_texts,
    _sets,
    _slugs,
    _texts,
    _values,
    scales,
)

_PARTY_ROLES: tuple[PartyRole, ...] = typing.get_args(PartyRole)
_PARTY_KINDS: tuple[PartyKind, ...] = typing.get_args(PartyKind)
_MEMBER_ROLES: tuple[MemberRole, ...] = typing.get_args(MemberRole)
_PACKAGE_KINDS: tuple[PackageKind, ...] = ("status-quo", "proposal", "reference")
_CODES = ("pax:SsrFf", "pax:Wat", "deu:17")


def _draw_milestones(
    draw: st.DrawFn, ids: Sequence[str], dates: st.SearchStrategy[dt.date]
) -> tuple[Milestone, ...]:
    # each milestone follows only milestones before it in `ids`: the follows never cycle
    found = []
    for i, ident in enumerate(ids):
        follows = draw(st.lists(st.sampled_from(ids[:i]), unique=True, max_size=2)) if i else []
        found.append(
            Milestone(
                id=ident,
                label=draw(_texts),
                reached=draw(st.none() | dates),
                follows=tuple(follows),
            )
        )
    return tuple(draw(st.permutations(found)))


def _draw_package(
    draw: st.DrawFn,
    ident: str,
    issues: Sequence[Issue],
    dates: st.SearchStrategy[dt.date],
    sources: Sequence[str],
    consistent: bool,
) -> Package:
    kind: PackageKind = draw(st.sampled_from(_PACKAGE_KINDS))
    covered = draw(st.lists(st.sampled_from(issues), min_size=1, unique_by=lambda i: i.id))
    basis: Basis | None
    basis, source = _draw_basis_and_source(draw, sources, consistent)
    if draw(st.booleans()):
        basis = None
    return Package(
        id=ident,
        kind=kind,
        outcomes=tuple((i.id, draw(_values(i.scale))) for i in covered),
        label=draw(_optional_texts),
        date=draw(dates) if kind == "status-quo" else draw(st.none() | dates),
        basis=basis,
        source=source,
        quote=draw(_optional_texts),
        note=draw(_optional_texts),
    )


def _draw_precondition(
    draw: st.DrawFn,
    party: str,
    node: str,
    before: str,
    scales_by_id: dict[str, Scale],
    dates: st.SearchStrategy[dt.date],
    sources: Sequence[str],
    consistent: bool,
    retracted: bool = False,
) -> Precondition:
    if node in scales_by_id:
        # a requirement on an issue is a table: { issue = ..., at_least = ... }
        requires = Requirement(issue=node, outcomes=draw(_sets(scales_by_id[node], True)))
    else:
        requires = Requirement(milestone=node)
    basis, source = _draw_basis_and_source(draw, sources, consistent)
    return Precondition(
        party=party,
        requires=requires,
        before=before,
        as_of=draw(dates),
        basis=basis,
        source=source,
        quote=draw(_optional_texts),
        note=draw(_optional_texts),
        retracted=retracted,
    )


def _draw_preconditions(
    draw: st.DrawFn,
    parties: Sequence[str],
    issues: Sequence[Issue],
    milestones: Sequence[str],
    dates: st.SearchStrategy[dt.date],
    sources: Sequence[str],
    consistent: bool,
) -> tuple[Precondition, ...]:
    scales_by_id = {i.id: i.scale for i in issues}
    nodes = [i.id for i in issues] + list(milestones)
    chains: list[list[str]] = []
    if len(nodes) >= 2 or not consistent:
        pairs = st.tuples(st.sampled_from(nodes), st.sampled_from(nodes))
        if consistent:  # never "X before X"
            pairs = pairs.filter(lambda p: p[0] != p[1])
        chains = [list(p) for p in draw(st.lists(pairs, max_size=3))]
    for _ in range(draw(st.integers(0, 2)) if len(nodes) >= 2 else 0):
        # a ring of preconditions: a deadlock (unless retracted or not yet in force)
        ring = draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=4, unique=True))
        chains.append([*ring, ring[0]])
    found: list[Precondition] = []
    for chain in chains:
        for node, before in itertools.pairwise(chain):
            party = draw(st.sampled_from(parties))
            args = (party, node, before, scales_by_id, dates, sources, consistent)
            found.append(_draw_precondition(draw, *args))
            if draw(st.integers(0, 3)) == 0:  # now and then a later version: changed or retracted
                found.append(_draw_precondition(draw, *args, retracted=draw(st.booleans())))
    if consistent:  # at most one precondition per key and date
        seen: set[tuple[str, str, str, dt.date]] = set()
        unique = []
        for p in found:
            if (*p.key, p.as_of) not in seen:
                seen.add((*p.key, p.as_of))
                unique.append(p)
        found = unique
    return tuple(draw(st.permutations(found)))


def _draw_party(draw: st.DrawFn, ident: str, sources: Sequence[str]) -> Party:
    members = []
    for _ in range(draw(st.integers(0, 2))):
        members.append(
            Member(
                name=draw(_texts),
                title=draw(_optional_texts),
                role=draw(st.none() | st.sampled_from(_MEMBER_ROLES)),
                source=draw(st.none() | st.sampled_from(sources)) if sources else None,
                note=draw(_optional_texts),
            )
        )
    return Party(
        id=ident,
        name=draw(_texts),
        role=draw(st.sampled_from(_PARTY_ROLES)),
        kind=draw(st.none() | st.sampled_from(_PARTY_KINDS)),
        aliases=tuple(draw(st.lists(_texts, max_size=2))),
        members=tuple(members),
    )


@st.composite
def _cases(
    draw: st.DrawFn, max_parties: int, max_issues: int, max_milestones: int, consistent: bool
) -> Case:
    pool = sorted(draw(st.lists(_days, min_size=2, max_size=5, unique=True)))
    dates = st.sampled_from(pool)
    source_ids = draw(st.lists(_slugs, max_size=3, unique=True))
    sources = tuple(
        Source(
            id=s,
            title=draw(_texts),
            publisher=draw(_optional_texts),
            date=draw(st.none() | dates),
            url=draw(st.none() | st.just(f"https://example.org/{s}")),
        )
        for s in source_ids
    )
    n_parties = draw(st.integers(min(2, max_parties), max(1, max_parties)))
    party_ids = draw(st.lists(_slugs, min_size=n_parties, max_size=n_parties, unique=True))
    parties = tuple(_draw_party(draw, p, source_ids) for p in party_ids)
    n_issues = draw(st.integers(1, max(1, max_issues)))
    n_nodes = n_issues + draw(st.integers(0, max(0, max_milestones)))
    node_ids = draw(st.lists(_slugs, min_size=n_nodes, max_size=n_nodes, unique=True))
    issues = tuple(
        Issue(
            id=ident,
            title=draw(_texts),
            scale=draw(scales()),
            description=draw(_optional_texts),
            codes=tuple(draw(st.lists(st.sampled_from(_CODES), max_size=2, unique=True))),
        )
        for ident in node_ids[:n_issues]
    )
    milestone_ids = node_ids[n_issues:]
    milestones = _draw_milestones(draw, milestone_ids, dates)
    package_ids = draw(st.lists(_slugs, max_size=3, unique=True))
    packages = tuple(
        _draw_package(draw, p, issues, dates, source_ids, consistent) for p in package_ids
    )
    records: list[Stance] = []
    for issue in issues:
        # most parties speak, each one to three times; twice on one day only when not
        # `consistent`
        for party in party_ids:
            if draw(st.integers(0, 3)) == 0:
                continue
            for day in draw(st.lists(dates, min_size=1, max_size=3, unique=consistent)):
                record = _draw_stance(
                    draw, issue.scale, party, issue.id, day, source_ids, consistent, None
                )
                records.append(record)
                if draw(st.integers(0, 4)) == 0:  # a linked position: conditional branches
                    records.extend(
                        _draw_branches(draw, record, issues, milestone_ids, source_ids, consistent)
                    )
    preconditions = _draw_preconditions(
        draw, party_ids, issues, milestone_ids, dates, source_ids, consistent
    )
    return Case(
        id=draw(_slugs),
        title=draw(_texts),
        as_of=draw(st.just(pool[-1]) | dates),
        summary=draw(_optional_texts),
        sources=sources,
        parties=parties,
        issues=issues,
        milestones=milestones,
        packages=packages,
        stances=tuple(draw(st.permutations(records))),
        preconditions=preconditions,
        single_undertaking=draw(st.none() | st.sampled_from(milestone_ids))
        if milestone_ids
        else None,
    )
