"""history's tables and JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from positions.model import Case, Precondition, Stance
from positions.outcomes import OutcomeSet

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.history import Cause, Change, History

from positions._report.render import JSON, Encoded, Records, Table
from positions._report.words import (
    SetWriter,
    StanceTexts,
    Wording,
    conditions_words,
    issue_name,
    node_words,
    party_name,
    possessive,
    requirement_json,
    set_json,
    stance_json,
    when_json,
)

# --------------------------------------------------------------------------------------------
# history


def _record_words(words: Wording, r: Stance | Precondition | None) -> str:
    if r is None:
        return "—"
    if isinstance(r, Stance):
        return words.stance(r)
    return words.requirement(r.requires) + words.dated(r)


def _record_json(
    r: Stance | Precondition | None, sets: Callable[[OutcomeSet | None], Any] = set_json
) -> JSON | None:
    if r is None:
        return None
    if isinstance(r, Stance):
        return stance_json(r, sets)
    return {
        "requires": requirement_json(r.requires),
        "before": r.before,
        "basis": r.basis,
        "as_of": r.as_of.isoformat(),
        "source": r.source,
    }


def _subject_words(case: Case, c: Change, labels: bool) -> str:
    if c.kind == "stance":
        title = issue_name(case, c.subject)
        if c.when:
            title += f", while {conditions_words(case, c.when, labels)}"
        return title
    source, target = c.subject.split("->", 1)
    return f"{node_words(case, source)} before {node_words(case, target)}"


def cause_words(case: Case, cause: Cause, changes: tuple[Change, ...]) -> str:
    """Why a status changed, in words: "PLO's red line became known (moved)"."""
    if cause.party is None:
        return f"{cause.subject} changed"
    name = party_name(case, cause.party)
    if cause.change == "condition":
        return f"the condition of {possessive(name)} stance changed (condition)"
    change = next(
        (c for c in changes if (c.party, c.subject) == (cause.party, cause.subject)), None
    )
    before = change.before if change is not None else None
    after = change.after if change is not None else None
    words = {
        "added": f"{name} took a stance",
        "retracted": f"{name} dropped its stance",
        "softened": f"{name} softened its red line",
        "hardened": f"{name} hardened its red line",
        "restated": f"{name} restated its stance",
    }.get(cause.change)
    if words is None and isinstance(before, Stance) and isinstance(after, Stance):
        if before.red_line is None and after.red_line is not None:
            words = f"{possessive(name)} red line became known"
        elif before.red_line is not None and after.red_line is None:
            words = f"{possessive(name)} red line is no longer known"
        elif before.wants != after.wants:
            words = f"{possessive(name)} demand moved"
        else:
            words = f"{possessive(name)} red line moved"
    return f"{words or name + ' changed'} ({cause.change})"


def history_tables(case: Case, result: History, wording: Wording | None = None) -> list[Table]:
    words = wording if wording is not None else Wording(case=case)
    rows = tuple(
        (
            party_name(case, c.party),
            c.kind,
            _subject_words(case, c, words.labels),
            c.change + (f" ({c.direction})" if c.direction else ""),
            _record_words(words, c.before),
            _record_words(words, c.after),
        )
        for c in result.changes
    )
    tables = [
        Table(
            title=f"{case.title} — changes from {result.start.isoformat()} to "
            f"{result.end.isoformat()}",
            headers=("Party", "Kind", "Subject", "Change", "Before", "After"),
            rows=rows,
        )
    ]
    tables.append(
        Table(
            title="Issues whose status changed",
            headers=("Issue", "Before", "After", "Because"),
            rows=tuple(
                (
                    issue_name(case, s.issue),
                    s.before,
                    s.after,
                    "; ".join(cause_words(case, c, result.changes) for c in s.because),
                )
                for s in result.status_changes
            ),
        )
    )
    if words.notes is not None and words.notes.cited:
        tables.append(words.notes.table())
    return tables


def _change_rows(
    result: History, sets: Callable[[OutcomeSet | None], Any], texts: StanceTexts | None = None
) -> Iterator[JSON | Encoded]:
    """The changes as JSON; given `texts`, a change of stances without conditions as its text
    (the table it would be, encoded) where its stances can be written so (see `StanceTexts`)."""
    for c in result.changes:
        s0, s1 = c.before, c.after
        if texts is not None and not c.when and isinstance(s0 or s1, Stance):
            assert not isinstance(s0, Precondition) and not isinstance(s1, Precondition)
            before = "null" if s0 is None else texts.stance(s0)
            after = "null" if s1 is None else texts.stance(s1)
            if before is not None and after is not None:
                head = texts.change_head(c.party, c.subject, c.change, c.direction)
                yield Encoded(f'{head}, "before": {before}, "after": {after}}}')
                continue
        row: JSON = {
            "kind": c.kind,
            "party": c.party,
            "subject": c.subject,
            "change": c.change,
            "direction": c.direction,
            "before": _record_json(c.before, sets),
            "after": _record_json(c.after, sets),
        }
        if c.when:
            row["when"] = when_json(c.when)
        yield row


def history_json(case: Case, result: History, *, stream: bool = False) -> JSON:
    """history's JSON document. With `stream`, for writing out (`render.write_json`), not for
    reading: the changes are made as they are written (`Records`), and records that share an
    outcome set share its data."""
    texts = StanceTexts() if stream else None  # (see StanceTexts)
    changes = _change_rows(result, SetWriter() if stream else set_json, texts)
    return {
        "case": result.case,
        "from": result.start.isoformat(),
        "to": result.end.isoformat(),
        "changes": Records(changes) if stream else list(changes),
        "status_changes": [
            {
                "issue": s.issue,
                "before": s.before,
                "after": s.after,
                "because": [
                    {"party": c.party, "subject": c.subject, "change": c.change} for c in s.because
                ],
            }
            for s in result.status_changes
        ],
    }
