"""deals: packages across issues with no known breach, joint zones, best packages, blocking sets.

The bundled case's expectations were checked against the report: Syria insists on a full
withdrawal and a return to the 1974 agreement (the red lines are the file's reading), Israel's
red lines are not spelled out, and the talks aim at a partial withdrawal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from casebuilder import HEADER
from positions import Case, Package
from positions.cli import main
from positions.engine.deals import Deals, deals
from positions.outcomes import OutcomeSet
from positions.report import describe
from positions.testing import cases

some = settings(max_examples=40)

# Two issues linked by a condition. North accepts at most a partial transfer and insists on
# finality; South accepts at least a partial transfer, and refuses finality unless the transfer
# is full. Each issue on its own has a zone, but no package holds together.
LINKED = """
[case]
id = "linked"
title = "Linked talks"
as_of = 2030-06-01

[[source]]
id = "s"
title = "Source"

[[party]]
id = "north"
name = "North"

[[party]]
id = "south"
name = "South"

[[party]]
id = "broker"
name = "Broker"
role = "mediator"

[[issue]]
id = "transfer"
title = "Transfer of territory"
short = "transfer"
scale = { kind = "ordinal", levels = ["none", "partial", "full"] }

[[issue]]
id = "finality"
title = "Finality of claims"
short = "finality"
scale = { kind = "binary" }

[[stance]]
party = "north"
issue = "transfer"
demand = "none"
red_line = { at_most = "partial" }
basis = "reported"
source = "s"

[[stance]]
party = "south"
issue = "transfer"
demand = "full"
red_line = { at_least = "partial" }
basis = "reported"
source = "s"

[[stance]]
party = "north"
issue = "finality"
demand = "yes"
red_line = "yes"
priority = "high"
basis = "reported"
source = "s"

[[stance]]
party = "south"
issue = "finality"
demand = "no"
red_line = "no"
basis = "reported"
source = "s"
when = { issue = "transfer", at_most = "partial" }

[[stance]]
party = "south"
issue = "finality"
demand = "yes"
basis = "reported"
source = "s"
when = { issue = "transfer", is = "full" }

[[stance]]
party = "broker"
issue = "finality"
demand = "yes"
red_line = "yes"
basis = "reported"
source = "s"
"""


@pytest.fixture(scope="module")
def linked() -> Case:
    return positions.loads(LINKED)


def members(zone: tuple[OutcomeSet, ...]) -> list[str]:
    return [v for s in zone for v in s.members()]


# the bundled case ----------------------------------------------------------------------------


def test_deals_bundled_packages_rest_on_israels_unknown_red_lines(syria: Case) -> None:
    """Packages with no known breach exist only because Israel's red lines are unknown: every
    package lists Israel (on every issue) among the parties its acceptance rests on."""
    result = deals(syria)
    assert result.feasible
    assert ("syria", "israel") == result.deciding
    assert result.packages
    for p in result.packages:
        unknown = dict(p.unknown)
        assert set(result.issues) == set(unknown["israel"])


def test_deals_bundled_joint_zone_is_syrias_red_lines(syria: Case) -> None:
    """Withdrawal must be full and the 1974 agreement restored (Syria's red lines); nothing
    else is limited by a known red line."""
    zones = {i: members(z) for i, z in deals(syria).zones}
    assert ["full"] == zones["israeli-withdrawal"]
    assert ["yes"] == zones["return-to-1974-line"]
    assert ["no", "yes"] == zones["security-pact"]


def test_deals_bundled_talks_aim_is_not_a_deal(syria: Case) -> None:
    """The talks' aim (a partial withdrawal) is not among the packages: it breaches Syria's red
    line on withdrawal."""
    aim = dict(syria.package("talks-aim").outcomes)
    for p in deals(syria).packages:
        outcomes = dict(p.outcomes)
        assert aim["israeli-withdrawal"] != outcomes["israeli-withdrawal"]
    assert ("syria",) == positions.evaluate(syria, "talks-aim").breached_by


def test_deals_bundled_best_package_meets_both_sides_demands(syria: Case) -> None:
    """The best package gives Syria its full withdrawal and 1974 line, and Israel the pact,
    demilitarisation, a peaceful border and Druze protection; normalisation is left open (with
    a full withdrawal Syria has said nothing on it)."""
    [best, *_] = deals(syria).packages
    assert {
        "israeli-withdrawal": "full",
        "return-to-1974-line": "yes",
        "southern-demilitarisation": "yes",
        "druze-protection": "yes",
        "peaceful-border": "yes",
        "security-pact": "yes",
        "normalisation": None,
    } == dict(best.outcomes)
    assert {"syria": 6, "israel": 8} == dict(best.scores)


def test_deals_cli_says_no_known_breach_not_acceptance(capsys: pytest.CaptureFixture[str]) -> None:
    """The table never calls a package accepted, and names whose red lines are unknown."""
    assert 0 == main(["deals", "--format", "plain"])
    out = capsys.readouterr().out
    assert "no known breach, which is not acceptance" in out
    assert "Israel (all 7 issues)" in out
    assert "accepted" not in out


# linkage ---------------------------------------------------------------------------------------


def test_deals_linkage_each_issue_has_a_zone_but_no_package(linked: Case) -> None:
    """Transfer alone meets at partial, finality alone at yes (South's stance hangs on the
    transfer), yet no package holds: at partial, South refuses finality."""
    rows = {r.issue: r for r in positions.compare(linked).issues}
    assert ("partial",) == rows["transfer"].zone.members()  # type: ignore[union-attr]
    assert "open" == rows["finality"].status
    assert (("south", ("transfer",)),) == rows["finality"].depends_on
    result = deals(linked)
    assert not result.feasible
    assert {"transfer": ["partial"], "finality": ["yes"]} == {
        i: list(z.members()) for i, z in result.per_issue if z is not None
    }
    assert all(not z for _, z in result.zones)


def test_deals_linkage_names_the_blocking_set(linked: Case) -> None:
    """North's limit on the transfer, North's insistence on finality and South's refusal of
    finality below a full transfer rule every package out; South's own limit is not needed."""
    result = deals(linked)
    [block] = result.blocking
    assert {("north", "transfer"), ("north", "finality"), ("south", "finality")} == {
        (r.party, r.issue) for r in block.red_lines
    }


def test_deals_linkage_least_concessions(linked: Case) -> None:
    """Each red line of the set can open a deal by one step: North allowing a full transfer,
    North dropping finality, or South accepting finality below a full transfer."""
    [block] = deals(linked).blocking
    found = {(c.party, c.issue, describe(c.after), c.distance, c.unit) for c in block.concessions}
    assert {
        ("north", "transfer", "anything", 1, "steps"),
        ("north", "finality", "anything", 1, "steps"),
        ("south", "finality", "anything", 1, "steps"),
    } == found


def test_deals_mediator_counts_only_when_named(linked: Case) -> None:
    """The broker's red line is not a limit unless the broker is named in the selection."""
    named = deals(linked, parties=["north", "south", "broker"])
    assert ("north", "south", "broker") == named.deciding
    assert not named.feasible


def test_deals_json_contract(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    """The JSON holds the contract's keys."""
    path = tmp_path / "linked.toml"
    path.write_text(LINKED, encoding="utf-8")
    assert 0 == main(["deals", str(path), "--format", "json"])
    import json

    data = json.loads(capsys.readouterr().out)
    assert {"case", "as_of", "issues", "feasible", "zones", "packages", "blocking"} <= set(data)
    assert data["feasible"] is False
    [block] = data["blocking"]
    assert 3 == len(block["red_lines"])


def test_deals_numeric_pieces_split_only_at_bounds() -> None:
    """A numeric joint zone comes back as an interval with the bounds the red lines give."""
    c = positions.loads(
        HEADER
        + """
[[stance]]
party = "a"
issue = "km"
red_line = { at_least = 10.5 }
basis = "inferred"
[[stance]]
party = "b"
issue = "km"
red_line = { at_most = 20 }
basis = "inferred"
"""
    )
    [(_, zone)] = [(i, z) for i, z in deals(c, issues=["km"]).zones]
    [interval] = zone
    assert (Decimal("10.5"), 20) == interval.hull()
    assert {"at_least": Decimal("10.5"), "at_most": 20} == interval.to_data()


def test_deals_unknown_issue_is_a_usage_error(syria: Case) -> None:
    """--issues naming an issue the case lacks is a usage error listing the issues."""
    with pytest.raises(positions.UsageError, match="unknown issue 'pact'"):
        deals(syria, issues=["pact"])


def test_deals_bad_top_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    """--top 0 is refused with exit 2."""
    assert 2 == main(["deals", "--top", "0"])
    assert "expected a whole number of at least 1" in capsys.readouterr().err


# laws --------------------------------------------------------------------------------------


def drop_red_line(case: Case, stance: positions.Stance) -> Case:
    """The case with `stance`'s red line widened to the whole scale (it limits nothing)."""
    assert stance.red_line is not None
    everything = OutcomeSet.everything(stance.red_line.scale)
    return replace_stance(case, stance, attrs.evolve(stance, red_line=everything))


def replace_stance(case: Case, old: positions.Stance, new: positions.Stance) -> Case:
    return attrs.evolve(case, stances=tuple(new if s is old else s for s in case.stances))


def zone_members(result: Deals) -> dict[str, set[Any]]:
    """Per issue, the joint zone's outcomes as comparable items (levels, or interval bounds)."""
    out: dict[str, set[Any]] = {}
    for issue, zone in result.zones:
        found: set[Any] = set()
        for s in zone:
            found |= set(s.members()) if s.scale.finite else {(s.low, s.high)}
        out[issue] = found
    return out


def within(small: Deals, big: Deals) -> bool:
    """Every outcome of `small`'s joint zones lies in `big`'s."""
    for (_, zs), (_, zb) in zip(small.zones, big.zones, strict=True):
        for s in zs:
            if s.scale.finite:
                if not set(s.members()) <= {v for b in zb for v in b.members()}:
                    return False
            elif not any(s.issubset(b) for b in zb):
                return False
    return True


@some
@given(cases(max_parties=3, max_issues=3, max_milestones=2))
def test_every_package_evaluates_with_no_breach(case: Case) -> None:
    """Every package deals returns breaches no deciding party's red line when evaluated."""
    result = deals(case)
    for p in result.packages:
        outcomes = tuple((i, v) for i, v in p.outcomes if v is not None)
        if not outcomes:
            continue
        package = Package(id="deal", kind="proposal", outcomes=outcomes)
        evaluation = positions.evaluate(case, package, parties=list(result.deciding))
        assert () == evaluation.breached_by, p


@some
@given(cases(max_parties=3, max_issues=3, max_milestones=2), st.data())
def test_adding_a_red_line_never_adds_packages(case: Case, data: st.DataObject) -> None:
    """Narrowing a red line to a point (a red line where there was none, or a tighter one)
    never widens the joint zones, and never makes an infeasible search feasible."""
    principals = [p.id for p in case.parties if p.role == "principal"]
    candidates = [s for s in case.stances if s.party in principals and not s.retracted]
    if not candidates:
        return
    stance = data.draw(st.sampled_from(candidates))
    scale = case.issue(stance.issue).scale
    point = stance.wants if stance.wants is not None else OutcomeSet.everything(scale)
    narrow = point if stance.red_line is None else stance.red_line.intersect(point)
    if narrow.is_empty():
        return
    tighter = replace_stance(case, stance, attrs.evolve(stance, red_line=narrow))
    before, after = deals(case), deals(tighter)
    assert within(after, before)
    assert before.feasible or not after.feasible


@some
@given(cases(max_parties=3, max_issues=3, max_milestones=2), st.data())
def test_widening_a_red_line_never_removes_packages(case: Case, data: st.DataObject) -> None:
    """Widening a red line never narrows the joint zones, and never makes a feasible search
    infeasible."""
    held = [s for s in case.stances if s.red_line is not None and not s.retracted]
    if not held:
        return
    stance = data.draw(st.sampled_from(held))
    wider = drop_red_line(case, stance)
    before, after = deals(case), deals(wider)
    assert within(before, after)
    assert after.feasible or not before.feasible


@some
@given(cases(max_parties=3, max_issues=3, max_milestones=2))
def test_without_conditions_joint_zones_are_the_per_issue_zones(case: Case) -> None:
    """With no conditional stance, a feasible search's joint zone on each issue is exactly the
    intersection of the deciding parties' red lines (compare's zone)."""
    plain = attrs.evolve(case, stances=tuple(s for s in case.stances if not s.when))
    result = deals(plain)
    if not result.feasible:
        return
    for (issue, zone), (_, own) in zip(result.zones, result.per_issue, strict=True):
        scale = plain.issue(issue).scale
        expected = own if own is not None else OutcomeSet.everything(scale)
        if scale.finite:
            assert set(expected.members()) == {v for s in zone for v in s.members()}, issue
        else:
            [interval] = zone
            assert (expected.low, expected.high) == (interval.low, interval.high), issue


@some
@given(cases(max_parties=3, max_issues=3, max_milestones=2))
def test_blocking_sets_are_sound_and_minimal(case: Case) -> None:
    """A reported blocking set rules out every package on its own (every other red line
    dropped), and dropping any one of its red lines as well restores a package."""
    result = deals(case, limit=3)
    for block in result.blocking:
        keep = {id(r.stance) for r in block.red_lines}
        alone = case
        for s in case.stances:
            if s.red_line is not None and id(s) not in keep:
                alone = drop_red_line(alone, s)
        kept = [s for s in alone.stances if id(s) in keep]
        assert not deals(alone).feasible, block
        for s in kept:
            assert deals(drop_red_line(alone, s)).feasible, (block, s)


def test_deals_as_of_and_min_basis(syria: Case) -> None:
    """Without the inferred red lines (Syria's are readings), every outcome is in some package."""
    result = deals(syria, min_basis="reported", as_of=dt.date(2026, 1, 5))
    assert result.feasible
    assert all(len(members(z)) == len(syria.issue(i).scale.values) for i, z in result.zones)
