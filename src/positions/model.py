"""The case model: frozen attrs value types for everything in a case file.

A `Case` in memory is always whole: every reference resolves, ids are unique within their kind, and
every stance and precondition carries its date. References stay ids (strings); `Case` offers
lookups by id.
"""

import datetime as dt
from functools import cached_property
from typing import Literal

import attrs

from positions._typed import typed
from positions.outcomes import OutcomeSet, Scale, Value

__all__ = [
    "BASES",
    "Basis",
    "Case",
    "Condition",
    "Issue",
    "Member",
    "Milestone",
    "Package",
    "Party",
    "Precondition",
    "Requirement",
    "Source",
    "Stance",
]

Basis = Literal["stated", "reported", "inferred"]
BASES: tuple[Basis, ...] = ("stated", "reported", "inferred")  # strongest first
PartyRole = Literal["principal", "mediator", "guarantor", "observer"]
PartyKind = Literal["state", "armed-group", "organisation", "coalition", "other"]
MemberRole = Literal["leader", "head", "member", "adviser", "envoy", "former"]
PackageKind = Literal["status-quo", "reference", "proposal"]
Priority = Literal["low", "medium", "high"]


def basis_rank(basis: Basis) -> int:
    """2 for stated, 1 for reported, 0 for inferred."""
    return 2 - BASES.index(basis)


@attrs.frozen(kw_only=True, field_transformer=typed)
class Source:
    id: str
    title: str
    publisher: str | None = None
    date: dt.date | None = None
    url: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed)
class Member:
    name: str
    title: str | None = None
    role: MemberRole | None = None
    source: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed)
class Party:
    id: str
    name: str
    role: PartyRole = "principal"
    kind: PartyKind | None = None
    aliases: tuple[str, ...] = ()
    members: tuple[Member, ...] = ()


@attrs.frozen(kw_only=True, field_transformer=typed)
class Issue:
    id: str
    title: str
    scale: Scale
    description: str | None = None
    codes: tuple[str, ...] = ()
    short: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed)
class Milestone:
    id: str
    label: str
    reached: dt.date | None = None
    follows: tuple[str, ...] = ()
    source: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed)
class Package:
    """A named set of outcomes, one per issue it covers, in file order."""

    id: str
    kind: PackageKind
    outcomes: tuple[tuple[str, Value], ...]
    label: str | None = None
    date: dt.date | None = None
    basis: Basis | None = None
    source: str | None = None
    quote: str | None = None
    note: str | None = None

    @cached_property
    def _by_issue(self) -> dict[str, Value]:
        return dict(self.outcomes)

    def outcome(self, issue: str) -> Value | None:
        """The package's outcome on `issue`, or None if it does not settle that issue."""
        return self._by_issue.get(issue)


@attrs.frozen(kw_only=True, field_transformer=typed)
class Requirement:
    """What a precondition requires, or what a conditional stance's `when` asks: an issue's
    outcome in a set, or a milestone reached."""

    issue: str | None = None
    outcomes: OutcomeSet | None = None
    milestone: str | None = None

    @property
    def node(self) -> str:
        """The id of the issue or milestone this requirement is about."""
        node = self.issue if self.issue is not None else self.milestone
        assert node is not None
        return node


#: a stance's condition has the shape of a precondition's requirement
Condition = Requirement


@attrs.frozen(kw_only=True, field_transformer=typed)
class Stance:
    """One party's position on one issue, from `as_of` on; with `when`, only where all its
    conditions hold. `demand_basis` and `red_line_basis` default to `basis`."""

    party: str
    issue: str
    as_of: dt.date
    basis: Basis
    demand: OutcomeSet | None = None
    red_line: OutcomeSet | None = None
    priority: Priority | None = None
    source: str | None = None
    quote: str | None = None
    note: str | None = None
    retracted: bool = False
    when: tuple[Condition, ...] = ()
    demand_basis: Basis = attrs.field(
        default=attrs.Factory(lambda self: self.basis, takes_self=True)
    )
    red_line_basis: Basis = attrs.field(
        default=attrs.Factory(lambda self: self.basis, takes_self=True)
    )

    @property
    def wants(self) -> OutcomeSet | None:
        """What the party asks for: its demand, or its red line when it gave only that."""
        return self.demand if self.demand is not None else self.red_line


@attrs.frozen(kw_only=True, field_transformer=typed)
class Precondition:
    """`party` requires `requires` before `before` (a milestone or an issue id)."""

    party: str
    requires: Requirement
    before: str
    as_of: dt.date
    basis: Basis
    source: str | None = None
    quote: str | None = None
    note: str | None = None
    retracted: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.party, self.requires.node, self.before)


@attrs.frozen(kw_only=True, field_transformer=typed)
class Case:
    """One negotiation. `as_of` is the default snapshot date (always set once loaded)."""

    id: str
    title: str
    as_of: dt.date
    summary: str | None = None
    sources: tuple[Source, ...] = ()
    parties: tuple[Party, ...] = ()
    issues: tuple[Issue, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    packages: tuple[Package, ...] = ()
    stances: tuple[Stance, ...] = ()
    preconditions: tuple[Precondition, ...] = ()
    single_undertaking: str | None = None

    @cached_property
    def _parties(self) -> dict[str, Party]:
        return {p.id: p for p in self.parties}

    @cached_property
    def _issues(self) -> dict[str, Issue]:
        return {i.id: i for i in self.issues}

    @cached_property
    def _milestones(self) -> dict[str, Milestone]:
        return {m.id: m for m in self.milestones}

    @cached_property
    def _packages(self) -> dict[str, Package]:
        return {p.id: p for p in self.packages}

    @cached_property
    def _sources(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    def party(self, id: str) -> Party:
        return self._parties[id]

    def issue(self, id: str) -> Issue:
        return self._issues[id]

    def milestone(self, id: str) -> Milestone:
        return self._milestones[id]

    def package(self, id: str) -> Package:
        return self._packages[id]

    def source(self, id: str) -> Source:
        return self._sources[id]

    def has_party(self, id: str) -> bool:
        return id in self._parties

    def has_issue(self, id: str) -> bool:
        return id in self._issues

    def has_milestone(self, id: str) -> bool:
        return id in self._milestones

    def has_package(self, id: str) -> bool:
        return id in self._packages

    def dates(self) -> list[dt.date]:
        """Every date the case's records carry, sorted, without repeats."""
        found: set[dt.date] = {self.as_of}
        found.update(s.as_of for s in self.stances)
        found.update(p.as_of for p in self.preconditions)
        found.update(p.date for p in self.packages if p.date is not None)
        found.update(m.reached for m in self.milestones if m.reached is not None)
        return sorted(found)
