"""The bundled Syria–Israel case (report of 5 January 2026), pinned row by row.

Each expectation below was checked against the source report: who takes part, what each side
insists on, the talks' stated aim, and what the engine must therefore say.
"""

from __future__ import annotations

import datetime as dt

import pytest

import positions
from positions import Case
from positions.cli import main

DAY = dt.date(2026, 1, 5)


def rows(case: Case, **kw: object) -> dict[str, positions.IssueComparison]:
    return {r.issue: r for r in positions.compare(case, **kw).issues}  # type: ignore[arg-type]


def test_seed_parties_and_roles(syria: Case) -> None:
    """Syria and Israel are the principals; the United States mediates."""
    assert [("syria", "principal"), ("israel", "principal"), ("united-states", "mediator")] == [
        (p.id, p.role) for p in syria.parties
    ]


def test_seed_delegation_members(syria: Case) -> None:
    """The members the report names, with their titles and roles."""
    members = {m.name: (p.id, m.title, m.role) for p in syria.parties for m in p.members}
    assert ("syria", "Foreign Minister", "head") == members["Asaad Al-Shaibani"]
    assert ("israel", "Ambassador to Washington", "member") == members["Yechiel Leiter"]
    assert ("israel", "adviser") == members["Roman Gofman"][::2]
    assert ("israel", "Acting National Security Adviser", "adviser") == members["Gill Reich"]
    assert ("israel", "former") == members["Ron Dermer"][::2]
    assert ("united-states", "Syria envoy", "envoy") == members["Tom Barrack"]


def test_seed_every_claim_is_sourced_and_dated(syria: Case) -> None:
    """Every stance and precondition cites the report and is dated 5 January 2026."""
    for claim in (*syria.stances, *syria.preconditions):
        assert "report-2026-01-05" == claim.source
        assert DAY == claim.as_of
        if claim.basis == "inferred":
            assert claim.note, claim


def test_seed_syria_insists_on_full_withdrawal(syria: Case) -> None:
    """Syria demands a full withdrawal and accepts nothing less (reported)."""
    s = next(s for s in syria.stances if (s.party, s.issue) == ("syria", "israeli-withdrawal"))
    assert ("full",) == s.demand.members()  # type: ignore[union-attr]
    assert ("full",) == s.red_line.members()  # type: ignore[union-attr]
    assert "reported" == s.basis


def test_seed_talks_aim_package(syria: Case) -> None:
    """The talks aim at a pact with demilitarisation of the south and a partial withdrawal."""
    aim = syria.package("talks-aim")
    assert "proposal" == aim.kind
    assert {"security-pact": "yes", "southern-demilitarisation": "yes",
            "israeli-withdrawal": "partial"} == dict(aim.outcomes)  # fmt: skip


def test_seed_status_quo_no_withdrawal(syria: Case) -> None:
    """On 5 January 2026 Israeli forces remain: no withdrawal, no return to the 1974 line."""
    snap = positions.snapshot(syria)
    assert "none" == snap.status_quo["israeli-withdrawal"]
    assert "no" == snap.status_quo["return-to-1974-line"]


def test_seed_check_is_clean(syria: Case) -> None:
    """The bundled case has no check findings at all."""
    assert [] == positions.check(syria)


def test_compare_withdrawal_is_open_with_israels_breach(syria: Case) -> None:
    """Withdrawal is not agreed: Israel's (inferred) partial demand breaches Syria's red line."""
    row = rows(syria)["israeli-withdrawal"]
    assert "open" == row.status
    assert [("israel", "syria")] == [(b.party, b.red_line_of) for b in row.breaches]
    assert ("israel",) == row.unknown_red_lines


def test_compare_one_sided_issues(syria: Case) -> None:
    """Issues only one principal has spoken on are one-sided, never agreed: the pact (Israel;
    the US mediator also wants it) and normalisation (Syria; the US backs it) among them."""
    found = rows(syria)
    assert {"return-to-1974-line", "southern-demilitarisation", "druze-protection",
            "peaceful-border", "security-pact",
            "normalisation"} == {i for i, r in found.items() if r.status == "one-sided"}  # fmt: skip
    assert [p for p, _ in found["return-to-1974-line"].stances] == ["syria"]
    assert [p for p, _ in found["druze-protection"].stances] == ["israel"]


def test_compare_principals_decide(syria: Case) -> None:
    """Syria and Israel decide the statuses; the United States, the mediator, does not."""
    assert ("syria", "israel") == positions.compare(syria).deciding


def test_compare_security_pact_one_sided_with_the_mediators_stance_shown(syria: Case) -> None:
    """Israel and the US want a pact, Syria has said nothing: one-sided, not agreed; the US
    stance is still in its column, and Syria's silence is listed."""
    row = rows(syria)["security-pact"]
    assert "one-sided" == row.status
    assert ["israel", "united-states"] == [p for p, _ in row.stances]
    assert ("syria",) == row.silent


def test_compare_normalisation_syrias_no_is_conditional(syria: Case) -> None:
    """Syria rejects normalisation while Israeli forces remain (withdrawal below full): the
    status quo (no withdrawal) chooses that branch; the US backing is shown beside it."""
    row = rows(syria)["normalisation"]
    assert "one-sided" == row.status
    held = dict(row.stances)
    assert ("no",) == held["syria"].demand.members()  # type: ignore[union-attr]
    assert ("yes",) == held["united-states"].demand.members()  # type: ignore[union-attr]
    [(party, [branch])] = [(p, list(bs)) for p, bs in row.branches]
    assert "syria" == party
    assert [("israeli-withdrawal", ("none", "partial"))] == [
        (c.issue, c.outcomes.members())
        for c in branch.when  # type: ignore[union-attr]
    ]


def test_compare_table_shows_the_condition(syria: Case, capsys: pytest.CaptureFixture[str]) -> None:
    """The table says Syria's no holds while the withdrawal is below full."""
    assert 0 == main(["compare", "--format", "plain"])
    out = capsys.readouterr().out
    assert "no, while withdrawal is below full withdrawal" in out


def test_compare_min_basis_reported_drops_the_inferred_stance(syria: Case) -> None:
    """Leaving out inferred claims leaves withdrawal to Syria alone."""
    assert "one-sided" == rows(syria, min_basis="reported")["israeli-withdrawal"].status


def test_evaluate_talks_aim_breaches_syrias_red_line(syria: Case) -> None:
    """The partial withdrawal in the talks' aim breaches Syria's red line."""
    result = positions.evaluate(syria, "talks-aim")
    verdicts = {(v.party, v.issue): v.verdict for v in result.verdicts}
    assert "breach" == verdicts[("syria", "israeli-withdrawal")]
    assert "demand-met" == verdicts[("israel", "israeli-withdrawal")]
    assert "unknown" == verdicts[("syria", "security-pact")]
    assert ("syria",) == result.breached_by
    assert ("israel",) == result.acceptable_to
    # the US backs the pact but has no stance on withdrawal or demilitarisation
    assert ("united-states",) == result.undetermined


def test_preconditions_withdrawal_before_talks_bypassed(syria: Case) -> None:
    """Talks resumed while Israeli forces remain: Syria's prerequisites were set aside."""
    result = positions.preconditions(syria)
    statuses = {p.precondition.key: p.status for p in result.preconditions}
    assert {
        ("syria", "israeli-withdrawal", "talks"): "bypassed",
        ("syria", "return-to-1974-line", "talks"): "bypassed",
        ("syria", "israeli-withdrawal", "normalisation"): "unmet",
        ("israel", "security-pact-signed", "israeli-withdrawal"): "unmet",
    } == statuses


def test_preconditions_deadlock_through_withdrawal_talks_and_pact(syria: Case) -> None:
    """Withdrawal before talks, talks before the pact, the pact before withdrawal: a cycle."""
    [deadlock] = positions.preconditions(syria).deadlocks
    assert ("israeli-withdrawal", "talks", "security-pact-signed") == deadlock.cycle
    assert [("syria", "reported"), (None, None), ("israel", "inferred")] == [
        (e.party, e.basis) for e in deadlock.edges
    ]


def test_preconditions_without_inferred_claims_no_deadlock(syria: Case) -> None:
    """The deadlock rests on an inferred edge: without inferred claims it disappears."""
    assert () == positions.preconditions(syria, min_basis="reported").deadlocks


def test_seed_syrias_red_lines_are_readings(syria: Case) -> None:
    """The report has Syria insist on withdrawal and the 1974 line as prerequisites (reported);
    that nothing less is acceptable is the file's reading (inferred), with a note."""
    for issue in ("israeli-withdrawal", "return-to-1974-line"):
        s = next(s for s in syria.stances if (s.party, s.issue) == ("syria", issue))
        assert ("reported", "inferred") == (s.demand_basis, s.red_line_basis)
        note = s.note or ""
        assert "reading" in note or "inference" in note, note


def test_seed_min_basis_reported_keeps_syrias_demand_without_the_red_line(syria: Case) -> None:
    """With --min-basis reported, Syria's reported demand stays and its inferred red line goes."""
    snap = positions.snapshot(syria, min_basis="reported")
    s = snap.stance("syria", "israeli-withdrawal")
    assert s is not None and s.red_line is None
    assert ("full",) == s.demand.members()  # type: ignore[union-attr]


def test_seed_every_milestone_cites_the_report(syria: Case) -> None:
    """Every milestone names its source, the report."""
    assert {"report-2026-01-05"} == {m.source for m in syria.milestones}


def test_seed_peaceful_border_note_adds_no_place_or_time(syria: Case) -> None:
    """The report does not say when or where Netanyahu spoke of a peaceful border."""
    s = next(s for s in syria.stances if s.issue == "peaceful-border")
    assert "Mar-a-Lago" not in (s.note or "")


@pytest.mark.parametrize(
    ("what", "fact"),
    [
        ("milestones", "expected to last two days"),
        ("summary", "deep disagreements"),
        ("packages", "airstrikes targeting Syrian army infrastructure"),
        ("issues", "1,200 sq km of the Golan Heights"),
        ("stances", "We do have an understanding regarding Syria"),
        ("members", "Syria envoy"),
    ],
)
def test_seed_reports_facts_appear_in_show(
    what: str, fact: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each fact the report gives that the file encodes appears in `positions show`."""
    if what == "summary":
        assert 0 == main(["show", "--format", "json"])
    else:
        assert 0 == main(["show", "--what", what, "--format", "csv"])
    assert fact in capsys.readouterr().out
