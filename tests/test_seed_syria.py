"""The bundled Syria–Israel case (report of 5 January 2026), pinned row by row.

Each expectation below was checked against the source report: who takes part, what each side
insists on, the talks' stated aim, and what the engine must therefore say.
"""

from __future__ import annotations

import datetime as dt

import positions
from positions import Case

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
    assert ("united-states", "envoy") == members["Tom Barrack"][::2]


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
    """Issues only one side has spoken on are one-sided, never agreed."""
    found = rows(syria)
    assert {"return-to-1974-line", "southern-demilitarisation", "druze-protection",
            "peaceful-border"} == {i for i, r in found.items() if r.status == "one-sided"}  # fmt: skip
    assert [p for p, _ in found["return-to-1974-line"].stances] == ["syria"]
    assert [p for p, _ in found["druze-protection"].stances] == ["israel"]


def test_compare_security_pact_agreed_but_syria_silent(syria: Case) -> None:
    """Israel and the US both want a pact; Syria's silence is listed, not counted as consent."""
    row = rows(syria)["security-pact"]
    assert "agreed" == row.status
    assert ("syria",) == row.silent


def test_compare_normalisation_open_between_syria_and_us(syria: Case) -> None:
    """Syria rejects normalisation while the US backs it; no red line known: open."""
    row = rows(syria)["normalisation"]
    assert "open" == row.status
    assert ["syria", "united-states"] == [p for p, _ in row.stances]


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
    assert ("israel", "united-states") == result.acceptable_to


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
