"""The bundled Northern Ireland case (1994-1998), pinned where a reading was corrected.

Each expectation was checked against the source it names: Mayhew's Washington conditions
(7 March 1995), The Independent of 27 February 1995 on Adams, the Dáil record of 18 October 1995
(Spring), the Irish Times of 25 January 1996 and 25 June 1997 (Trimble), the reports of 11
January 1996 on Sinn Féin's submission, and the Irish Times of 29 February and 1 March 1996 on
the communiqué of 28 February 1996.
"""

from __future__ import annotations

import datetime as dt

import pytest

import positions
from positions import Case
from positions.cli import main

NI = "northern-ireland-1994-1998"
TIMING = "decommissioning-timing"
WASHINGTON = dt.date(1995, 3, 7)


@pytest.fixture(scope="module")
def ni() -> Case:
    return positions.bundled(NI)


def stance(case: Case, party: str, issue: str, as_of: dt.date) -> positions.Stance:
    [found] = [s for s in case.stances if (s.party, s.issue, s.as_of) == (party, issue, as_of)]
    return found


def claims(case: Case) -> list[positions.Stance | positions.Precondition]:
    return [*case.stances, *case.preconditions]


def members(outcomes: positions.OutcomeSet | None) -> tuple[str, ...] | None:
    return None if outcomes is None else tuple(str(m) for m in outcomes.members())


def shown(capsys: pytest.CaptureFixture[str], what: str) -> str:
    assert 0 == main(["show", NI, "--what", what])
    return capsys.readouterr().out


def test_compare_washington_day_is_not_agreed(ni: Case) -> None:
    """On 7 March 1995 decommissioning is open, not agreed: the UK and Sinn Féin disagree."""
    row = next(r for r in positions.compare(ni, as_of=WASHINGTON).issues if r.issue == TIMING)
    assert "open" == row.status
    # Mayhew's third Washington condition: some actual decommissioning before talks (stated);
    # Adams: no insurgents give up weapons until after a peace settlement (The Independent,
    # 27 February 1995, reported).
    snap = positions.snapshot(ni, WASHINGTON)
    held = {
        p.id: (members(s.demand), s.basis, s.source)
        for p in ni.parties
        if (s := snap.stance(p.id, TIMING)) is not None
    }
    assert {
        "uk-government": (("before-talks",), "stated", "mayhew-washington-1995"),
        "sinn-fein": (("after-settlement",), "reported", "independent-1995-02-27"),
    } == held
    # Sinn Féin's demand breaches the UK's red line of at least some decommissioning before talks
    assert [("sinn-fein", "uk-government")] == [(b.party, b.red_line_of) for b in row.breaches]


def test_seed_sinn_fein_early_1995_position(ni: Case) -> None:
    """Sinn Féin's position of February 1995 is reported, dated by the report, with no red line."""
    s = stance(ni, "sinn-fein", TIMING, dt.date(1995, 2, 27))
    # The Independent, 27 Feb 1995: "until after a peace settlement"; no limit is given
    assert ("after-settlement",) == members(s.demand)
    assert (None, "reported", "until after a peace settlement") == (s.red_line, s.basis, s.quote)
    assert "independent-1995-02-27" == s.source
    assert dt.date(1995, 2, 27) == ni.source("independent-1995-02-27").date


def test_seed_irish_government_rejects_washington_3(ni: Case) -> None:
    """In October 1995 the Irish Government put decommissioning within the negotiations."""
    s = stance(ni, "irish-government", TIMING, dt.date(1995, 10, 18))
    # Dáil, 18 Oct 1995, Spring: total decommissioning unlikely to be attained other than
    # "within the dynamic of a negotiating process"
    assert (("parallel",), None) == (members(s.demand), s.red_line)
    assert ("stated", "dail-1995-10-18") == (s.basis, s.source)
    assert "within the dynamic of a negotiating process" == s.quote
    uk = positions.snapshot(ni, dt.date(1995, 10, 18)).stance("uk-government", TIMING)
    assert uk is not None and uk.red_line is not None
    assert s.demand is not None
    assert not s.demand.overlaps(uk.red_line)  # outside Washington 3's red line


def test_seed_sinn_fein_submission_dated_by_publication(ni: Case) -> None:
    """Sinn Féin's submission, handed over on 18 December 1995, takes its publication date."""
    # The Independent and The Irish Times of 11 January 1996: published the day before
    source = ni.source("sf-submission-1995")
    assert dt.date(1996, 1, 10) == source.date
    cited = [c for c in claims(ni) if c.source == "sf-submission-1995"]
    assert [dt.date(1996, 1, 10)] * 2 == [c.as_of for c in cited]
    assert [] == [c for c in claims(ni) if c.as_of == dt.date(1995, 12, 18)]


def test_seed_no_uup_claim_backdated_to_1995(ni: Case) -> None:
    """The UUP's first decommissioning claims are dated by their source, January 1996."""
    # Irish Times, 25 Jan 1996, on Trimble's response of 24 January; nothing from 1995 is cited
    uup = [c for c in claims(ni) if c.party == "uup" and c.as_of.year < 1996]
    assert [] == uup
    first = min(s.as_of for s in ni.stances if (s.party, s.issue) == ("uup", TIMING))
    assert dt.date(1996, 1, 24) == first


def test_seed_uup_january_1996_asks_for_agreement_not_arms_first(ni: Case) -> None:
    """The UUP's January 1996 stance is parallel decommissioning, its reading marked inferred."""
    s = stance(ni, "uup", TIMING, dt.date(1996, 1, 24))
    # Irish Times, 25 Jan 1996: talks could progress in advance of decommissioning through an
    # elected body; "agreement on the issue of decommissioning" before substantive negotiations
    assert (("parallel",), ("parallel", "before-talks")) == (
        members(s.demand),
        members(s.red_line),
    )
    assert ("reported", "inferred", "inferred") == (s.basis, s.demand_basis, s.red_line_basis)
    assert "agreement on the issue of decommissioning" == s.quote


def test_history_uup_june_1997_is_restated(ni: Case) -> None:
    """Between January 1996 and June 1997 the UUP restated its position; it did not move."""
    # Irish Times, 25 Jun 1997: Trimble denied any change; "not before, not at the end, but
    # during and alongside", the same demand and red line as in January 1996
    changes = positions.history(ni, dt.date(1996, 1, 24), dt.date(1997, 6, 24)).changes
    [uup] = [c for c in changes if (c.party, c.subject) == ("uup", TIMING)]
    assert ("restated", None) == (uup.change, uup.direction)
    june = stance(ni, "uup", TIMING, dt.date(1997, 6, 24))
    assert ("irish-times-1997-06-25", "not before, not at the end, but during and alongside") == (
        june.source,
        june.quote,
    )


def test_seed_no_red_line_covers_the_whole_scale(ni: Case) -> None:
    """No red line accepts every outcome: where a source gives no limit, none is recorded."""
    # The Agreement and Blair's letter of 10 April 1998 give no limit for the UK, Irish
    # Government or UUP, whose red lines were "at least after-settlement" before
    whole = [
        (s.party, s.issue, s.as_of)
        for s in ni.stances
        if s.red_line is not None
        and set(members(s.red_line) or ()) == set(ni.issue(s.issue).scale.values)
    ]
    assert [] == whole
    on_the_day = [s for s in ni.stances if (s.issue, s.as_of) == (TIMING, dt.date(1998, 4, 10))]
    assert 3 == len(on_the_day)
    assert [None, None, None] == [s.red_line for s in on_the_day]


def test_seed_sdlp_stance_is_inferred(ni: Case) -> None:
    """The SDLP's Mitchell Principles stance is inferred: Sinn Féin's statement names no party."""
    [sdlp] = [s for s in ni.stances if s.party == "sdlp"]
    # Sinn Féin statement of 8 Sep 1997: "the other parties" signed up in June 1996
    assert ("inferred", "sf-statement-1997-09-08") == (sdlp.basis, sdlp.source)
    assert sdlp.note is not None and "does not name the SDLP" in sdlp.note


def test_seed_communique_preconditions_quote_the_condition(ni: Case) -> None:
    """The 28 February 1996 preconditions quote the condition for Sinn Féin's entry."""
    found = {
        (p.party, p.requires.milestone): (p.basis, p.source, p.quote)
        for p in ni.preconditions
        if p.as_of == dt.date(1996, 2, 28)
    }
    # Irish Times, 29 Feb 1996 (Major at the joint press conference) and 1 Mar 1996 (Spring in
    # the Dáil); the communiqué's call for an "immediate and unequivocal restoration" is no
    # condition
    ceasefire = (
        "reported",
        "irish-times-1996-02-29",
        "nor could Sinn Fein take part in negotiations",
    )
    principles = (
        "reported",
        "irish-times-1996-03-01",
        "at the beginning of negotiations their total and absolute commitment",
    )
    assert {
        ("uk-government", "ira-ceasefire-restored"): ceasefire,
        ("irish-government", "ira-ceasefire-restored"): ceasefire,
        ("uk-government", "sf-affirms-mitchell"): principles,
        ("irish-government", "sf-affirms-mitchell"): principles,
    } == found


def test_seed_every_milestone_cites_a_source(ni: Case) -> None:
    """Every milestone names a source that exists in the file."""
    ids = {s.id for s in ni.sources}
    assert [] == [m.id for m in ni.milestones if m.source not in ids]
    # the poll of 30 May 1996 (Los Angeles Times, 1 June 1996); the talks open "on Monday"
    # 15 September 1997 (The Independent, 10 September 1997)
    assert "latimes-1996-06-01" == ni.milestone("forum-elections").source
    assert "independent-1997-09-10" == ni.milestone("sf-in-talks").source


def test_seed_every_source_is_dated(ni: Case) -> None:
    """Every source carries a date, and no claim is dated after the source it cites."""
    assert [] == [s.id for s in ni.sources if s.date is None]
    late = [
        (c.party, c.as_of, c.source)
        for c in claims(ni)
        if c.source is not None and c.as_of > (ni.source(c.source).date or dt.date.max)
    ]
    assert [] == late


def test_seed_stated_claims_quote_the_party(ni: Case) -> None:
    """Every stated stance and precondition quotes the party's words."""
    assert [] == [(c.party, c.as_of) for c in claims(ni) if c.basis == "stated" and not c.quote]


def test_check_seed_has_no_errors_and_no_unquoted_stated(ni: Case) -> None:
    """`check` finds no error and no stated claim without a quote."""
    findings = positions.check(ni)
    assert [] == [f for f in findings if f.severity == "error"]
    assert [] == [f for f in findings if f.code == "stated-without-quote"]


def test_cli_check_seed_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """`positions check northern-ireland-1994-1998` exits 0 without a stated-without-quote line."""
    assert 0 == main(["check", NI])
    out = capsys.readouterr().out
    assert "0 errors" in out and "stated-without-quote" not in out


def test_cli_show_stances_lists_added_facts(capsys: pytest.CaptureFixture[str]) -> None:
    """`show --what stances` lists the stances added from the sources."""
    out = shown(capsys, "stances")
    for fact in (
        "independent-1995-02-27",  # Sinn Féin, February 1995
        "until after a peace settlement",
        "dail-1995-10-18",  # the Irish Government, October 1995
        "within the dynamic of a negotiating process",
        "dail-1995-03-08",  # the Irish Government on Articles 2 and 3, March 1995
        "introduce and support proposals for change in the Irish Constitution",
        "irish-times-1997-06-25",  # the UUP, June 1997
        "not before, not at the end, but during and alongside",
        "agreement on the issue of decommissioning",  # the UUP, January 1996
    ):
        assert fact in out


def test_cli_show_sources_lists_added_sources(capsys: pytest.CaptureFixture[str]) -> None:
    """`show --what sources` lists every added source with its date and address."""
    out = shown(capsys, "sources")
    for fact in (
        "'Peace deal first, then weapons'",
        "https://www.oireachtas.ie/en/debates/debate/dail/1995-10-18/19/",
        "https://www.oireachtas.ie/en/debates/debate/dail/1995-03-08/7/",
        "IRA arms offer may put peace on track",
        "Solution on arms possible within hours, says SF",
        "published on 10 January 1996",
        "No stalling of all-party talks, Bruton and Major promise",
        "Spring reiterates violence has no part in political process",
        "Sinn Fein Wins Strong Backing in N. Irish Peace Vote",
        "Trimble says the main issue is quality of IRA ceasefire",
        "Sinn Fein agrees pact to end the violence",
        "United Oireachtas seals May date for peace poll",
    ):
        assert fact in out


def test_cli_show_milestones_lists_sources(capsys: pytest.CaptureFixture[str]) -> None:
    """`show --what milestones` shows the source of each milestone."""
    out = shown(capsys, "milestones")
    for source in ("latimes-1996-06-01", "independent-1997-09-10", "irish-times-1998-04-23"):
        assert source in out
