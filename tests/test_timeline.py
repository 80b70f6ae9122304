"""timeline: the compare status at every date on which the record changes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from casebuilder import case, stance
from positions.cli import main
from positions.engine.timeline import change_dates, timeline
from positions.testing import cases


def _statuses_at(c: positions.Case, i: int, t: positions.engine.timeline.Timeline) -> list[str]:
    return [row.statuses[i] for row in t.issues]


@settings(max_examples=150)
@given(
    c=cases(max_parties=4, max_issues=4, max_milestones=3),
    named=st.booleans(),
    min_basis=st.sampled_from([None, "reported", "stated"]),
)
def test_timeline_statuses_equal_compare_at_every_date(
    c: positions.Case, named: bool, min_basis: str | None
) -> None:
    """At every date of the timeline, each issue's status (and provisional mark) is the one
    compare gives at that date, with the same parties and basis filter."""
    parties = [p.id for p in c.parties][:2] if named else None
    t = timeline(c, parties=parties, min_basis=min_basis, by_party=True)  # type: ignore[arg-type]
    for i, day in enumerate(t.dates):
        result = positions.compare(c, parties=parties, as_of=day, min_basis=min_basis)  # type: ignore[arg-type]
        assert [r.status for r in result.issues] == _statuses_at(c, i, t)
        assert [r.provisional for r in result.issues] == [r.provisional[i] for r in t.issues]
        snap = positions.snapshot(c, day, min_basis)  # type: ignore[arg-type]
        for row in t.issues:
            for party, held in row.positions:
                branches, in_force = held[i]
                assert snap.position(party, row.issue) == branches
                assert snap.stance(party, row.issue) == in_force


@settings(max_examples=60)
@given(c=cases(max_parties=3, max_issues=3, max_milestones=2))
def test_timeline_dates_are_the_change_dates(c: positions.Case) -> None:
    """The columns are every date on which the record changes, and between two of them every
    snapshot gives the same statuses (nothing is missed between columns)."""
    t = timeline(c)
    days = change_dates(c)
    assert tuple(days) == t.dates or (not days and t.dates == (c.as_of,))
    for i, day in enumerate(t.dates[:-1]):
        just_before = t.dates[i + 1] - dt.timedelta(days=1)
        if just_before > day:
            result = positions.compare(c, as_of=just_before)
            assert [r.status for r in result.issues] == _statuses_at(c, i, t)


def test_timeline_from_a_date_between_changes() -> None:
    """--from a date with no change gives the state at that date first, then the changes."""
    c = case(
        stance("a", "w", demand='"full"', red_line='"full"')
        + stance("b", "w", demand='"none"', red_line='{ at_most = "partial" }', as_of="2030-02-01")
        + stance("b", "w", demand='"full"', as_of="2030-04-01")
    )
    ab = ["a", "b"]  # Gamma, silent, would keep every issue open
    t = timeline(c, parties=ab, start=dt.date(2030, 3, 1))
    assert (dt.date(2030, 3, 1), dt.date(2030, 4, 1)) == t.dates
    assert ("conflict", "agreed") == t.issues[0].statuses
    whole = timeline(c, parties=ab)
    assert (dt.date(2030, 1, 1), dt.date(2030, 2, 1), dt.date(2030, 4, 1)) == whole.dates
    assert ("one-sided", "conflict", "agreed") == whole.issues[0].statuses
    assert ("silent",) * 3 == whole.issues[1].statuses
    upto = timeline(c, parties=ab, end=dt.date(2030, 3, 31))
    assert (dt.date(2030, 1, 1), dt.date(2030, 2, 1)) == upto.dates


def test_timeline_conditional_stance_follows_the_status_quo() -> None:
    """A conditional stance switches branch on the date the status quo settles its condition,
    and the status of the issue it is on changes on that date (no stance of its own moved)."""
    c = case(
        stance("a", "mon", demand='"un"', red_line='"un"')
        + stance("b", "mon", demand='"un"', extra='when = { issue = "w", is = "full" }')
        + stance(
            "b",
            "mon",
            demand='"joint"',
            red_line='"joint"',
            extra='when = { issue = "w", at_most = "partial" }',
        )
        + '[[package]]\nid = "sq1"\nkind = "status-quo"\ndate = 2030-02-01\n'
        + 'outcomes = { w = "none" }\n'
        + '[[package]]\nid = "sq2"\nkind = "status-quo"\ndate = 2030-03-01\n'
        + 'outcomes = { w = "full" }\n'
    )
    t = timeline(c, parties=["a", "b"])
    assert (dt.date(2030, 1, 1), dt.date(2030, 2, 1), dt.date(2030, 3, 1)) == t.dates
    assert ("open", "conflict", "agreed") == t.issues[2].statuses


def test_timeline_rejects_start_after_end() -> None:
    """A start after the end is a usage error, on the command line exit 2."""
    c = positions.bundled("northern-ireland-1994-1998")
    with pytest.raises(positions.UsageError, match="after"):
        timeline(c, start=dt.date(1997, 1, 1), end=dt.date(1996, 1, 1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "1996-01-01"}, "start: expected a datetime.date"),
        ({"end": dt.datetime(1996, 1, 1)}, "end: expected a datetime.date"),
        ({"parties": "sinn-fein"}, "parties: expected a list of ids"),
        ({"parties": ["ira"]}, "unknown party 'ira'"),
        ({"min_basis": "rumour"}, "min_basis: expected one of"),
        ({"by_party": "yes"}, "by_party: expected True or False"),
    ],
)
def test_timeline_bad_argument_raises_usage_error(kwargs: dict[str, object], message: str) -> None:
    """Each bad argument is a UsageError saying what was expected."""
    with pytest.raises(positions.UsageError, match=message):
        timeline(positions.bundled("northern-ireland-1994-1998"), **kwargs)  # type: ignore[arg-type]


def test_timeline_cli_bad_dates_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """--from after --to exits 2 and says so."""
    assert 2 == main(["timeline", "--from", "2026-02-01", "--to", "2026-01-01"])
    assert "after" in capsys.readouterr().err


def test_timeline_cli_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON: the case, the dates, and per issue its statuses, one per date."""
    assert 0 == main(["timeline", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {"case", "dates", "parties", "deciding", "issues"} <= set(data)
    assert "syria-israel-2026" == data["case"]
    assert all(len(i["statuses"]) == len(data["dates"]) for i in data["issues"])
    compared = positions.compare(
        positions.bundled(), as_of=dt.date.fromisoformat(data["dates"][-1])
    )
    assert [r.status for r in compared.issues] == [i["statuses"][-1] for i in data["issues"]]


# --------------------------------------------------------------------------------------------
# the Northern Ireland seed: decommissioning from a precondition to a parallel track
#
# Read against the seed's sources: Mayhew's third Washington condition (7 March 1995) asked for
# the actual decommissioning of some arms before Sinn Féin could join all-party talks; after the
# Mitchell report (published 24 January 1996) Major offered an elective route into talks with
# decommissioning in parallel and dropped the prior condition; at the opening of the talks
# (10 June 1996) and under Blair (16 May 1997) the UK asked for decommissioning in parallel; with
# the Agreement of 10 April 1998 it accepted decommissioning within two years of the referendums,
# after the settlement. Sinn Féin asked throughout for decommissioning only after a settlement.

NI = "northern-ireland-1994-1998"
TIMING = "decommissioning-timing"
WASHINGTON, MITCHELL = dt.date(1995, 3, 7), dt.date(1996, 1, 24)
TALKS_OPEN, AGREEMENT = dt.date(1996, 6, 10), dt.date(1998, 4, 10)


def _demands(data: dict[str, object], party: str) -> dict[str, object]:
    """Per date, the party's demand and red line on decommissioning (None: no stance)."""
    [row] = [i for i in data["issues"] if i["issue"] == TIMING]  # type: ignore[attr-defined]
    return {
        day: None if s is None else (s["demand"], s["red_line"])
        for day, s in zip(data["dates"], row["stances"][party], strict=True)  # type: ignore[call-overload]
    }


def test_timeline_northern_ireland_decommissioning(capsys: pytest.CaptureFixture[str]) -> None:
    """The UK's demand moves from decommissioning before talks (a precondition of entry) to a
    parallel track after the Mitchell report, and to after the settlement with the Agreement;
    Sinn Féin's stays after a settlement; the issue stays open throughout."""
    assert 0 == main(["timeline", NI, "--by", "party", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    days = [dt.date.fromisoformat(d) for d in data["dates"]]
    assert {WASHINGTON, MITCHELL, TALKS_OPEN, AGREEMENT} <= set(days)
    uk = _demands(data, "uk-government")
    sf = _demands(data, "sinn-fein")
    for day in days:
        iso = day.isoformat()
        if day < WASHINGTON:
            assert uk[iso] is None
        elif day < MITCHELL:  # Washington 3: some arms before Sinn Féin enters talks
            assert ("before-talks", {"at_least": "before-talks"}) == uk[iso]
        elif day < TALKS_OPEN:  # the elective route: parallel acceptable, the prior demand kept
            demand, red_line = uk[iso]  # type: ignore[misc]
            assert "parallel" in demand and {"at_least": "parallel"} == red_line
        elif day < AGREEMENT:  # decommissioning in parallel with the negotiations
            assert ("parallel", {"at_least": "parallel"}) == uk[iso]
        else:  # the Agreement: within two years of the referendums, after the settlement
            assert ("after-settlement", None) == uk[iso]
        if day >= WASHINGTON:
            assert sf[iso] is not None and "after-settlement" == sf[iso][0]  # type: ignore[index]
    [row] = [i for i in data["issues"] if i["issue"] == TIMING]
    by_day = dict(zip(data["dates"], row["statuses"], strict=True))
    assert all("open" == by_day[d.isoformat()] for d in days if d >= WASHINGTON)


def test_timeline_northern_ireland_precondition_retracted_on_a_column() -> None:
    """The UK's precondition of 7 March 1995 (arms before Sinn Féin enters talks) is in force
    from that date and retracted on 24 January 1996: both are columns of the timeline."""
    case = positions.bundled(NI)
    t = timeline(case)
    assert {WASHINGTON, MITCHELL} <= set(t.dates)
    key = ("uk-government", "decommissioning-starts", "sf-in-talks")
    assert key in positions.snapshot(case, WASHINGTON).preconditions
    assert key not in positions.snapshot(case, MITCHELL).preconditions


def test_timeline_table_by_party(capsys: pytest.CaptureFixture[str]) -> None:
    """--by party: under each issue, a row per party with its stance in words at each date."""
    assert 0 == main(["timeline", NI, "--from", "1996-01-01", "--to", "1996-07-01",
                      "--by", "party", "--parties", "uk-government,sinn-fein", "--format", "csv"])  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    assert (
        "Issue,Party,1996-01-01,1996-01-10,1996-01-24,1996-02-09,1996-02-28,1996-05-30,1996-06-10"
        == lines[0]
    )
    issue = positions.bundled(NI).issue(TIMING).title
    assert lines[1].startswith(f'"{issue}",status,open,')
    uk = ",Government of the United Kingdom,before-talks; red line: at least before-talks,"
    assert lines[2].startswith(uk)
    assert lines[2].endswith(",parallel; red line: at least parallel")
    assert lines[3].startswith(",Sinn Féin,after-settlement")


def test_timeline_table_ditto_for_people_full_for_programs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A table for people writes a stance once and then '"' while it holds; CSV writes it in
    every column, for programs."""
    argv = ["timeline", NI, "--parties", "sinn-fein", "--by", "party", "--from", "1996-01-10",
            "--to", "1996-06-10"]  # fmt: skip
    assert 0 == main([*argv, "--format", "github"])
    row = next(line for line in capsys.readouterr().out.splitlines() if "Sinn Féin" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert ["", "Sinn Féin", "after a settlement"] + ['"'] * 5 == cells
    assert 0 == main([*argv, "--format", "csv"])
    row = next(line for line in capsys.readouterr().out.splitlines() if "Sinn Féin" in line)
    assert ["", "Sinn Féin"] + ["after-settlement"] * 6 == row.split(",")
