"""A synthetic case generator for the benchmarks: a valid JSON case file of any size.

    python bench/generate.py --parties 40 --issues 1500 --density 0.8 --dates 4 \
        --preconditions 10000 --seed 1 -o large.json

The case mixes every scale kind (ordinal, binary, categorical, numeric) and every way of writing an
outcome set (a bare value, a list, `is`, `one_of`, `none_of`, `at_least`, `at_most`, a range). Each
(party, issue) pair gets a stance with probability `density`, mostly at the first date; at every
later date a share of them is revised (moved, softened, hardened, restated or retracted), so
`history` between two snapshot dates has real work to do. Preconditions form a mostly acyclic
sequencing graph over issues and milestones, plus a few deliberate cycles (deadlocks). There is
one status-quo package per date and one proposal covering most issues (`proposal`).

Demands lie inside their own red lines, stated claims carry a quote, inferred ones a note,
sourced claims a source: `positions check` finds no errors. The same parameters and seed give a
byte-identical file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["Params", "generate", "main", "write"]

JSON = dict[str, Any]
FIRST_DAY = dt.date(2030, 1, 1)
DAYS_BETWEEN = 30
SOURCES_PER_DATE = 10
CONSENSUS = 0.4  # the share of issues on which every party leans the same way
UNITS = ("km", "%", "months", "troops")
WORDS = (
    "none",
    "token",
    "minimal",
    "partial",
    "substantial",
    "broad",
    "full",
)


class Params:
    """What to generate. `preconditions` counts the records at the first date, cycles included."""

    def __init__(
        self,
        *,
        parties: int = 10,
        issues: int = 100,
        density: float = 0.8,
        dates: int = 4,
        preconditions: int = 200,
        cycles: int | None = None,
        revise: float = 0.04,
        seed: int = 1,
    ) -> None:
        if parties < 2 or issues < 2:
            raise ValueError("need at least two parties and two issues")
        if not 0 < density <= 1:
            raise ValueError("density is a share in (0, 1]")
        if dates < 1:
            raise ValueError("need at least one date")
        self.parties = parties
        self.issues = issues
        self.density = density
        self.dates = dates
        self.preconditions = preconditions
        self.cycles = max(1, preconditions // 500) if cycles is None else cycles
        self.revise = revise
        self.seed = seed

    def milestones(self) -> int:
        return max(5, self.issues // 50)

    def snapshot_dates(self) -> list[dt.date]:
        return [FIRST_DAY + dt.timedelta(days=DAYS_BETWEEN * i) for i in range(self.dates)]


# ---------------------------------------------------------------------------------------------
# scales and outcome sets


def _scale(rng: random.Random, n: int) -> JSON:
    roll = rng.random()
    if roll < 0.40:
        count = rng.randint(3, len(WORDS))
        words = list(WORDS[:count])
        levels: list[Any] = [
            {"id": w, "label": f"{w.capitalize()} ({n})"} if rng.random() < 0.3 else w
            for w in words
        ]
        return {"kind": "ordinal", "levels": levels}
    if roll < 0.55:
        return {"kind": "binary"}
    if roll < 0.75:
        count = rng.randint(3, 6)
        return {"kind": "categorical", "options": [f"option-{chr(97 + i)}" for i in range(count)]}
    scale: JSON = {"kind": "numeric", "unit": rng.choice(UNITS)}
    if rng.random() < 0.8:
        scale["min"] = 0
        scale["max"] = rng.choice((10, 60, 100, 1000))
    return scale


def _values(scale: JSON) -> list[str]:
    if scale["kind"] == "binary":
        return ["no", "yes"]
    items = scale["levels"] if scale["kind"] == "ordinal" else scale["options"]
    return [i["id"] if isinstance(i, dict) else i for i in items]


def _numeric_span(scale: JSON) -> tuple[int, int]:
    return scale.get("min", 0), scale.get("max", 100)


def _red_line_and_demand(
    rng: random.Random, scale: JSON, lean: float
) -> tuple[Any | None, Any | None]:
    """A red line and a demand inside it; `lean` in [0, 1] places the party on the scale (so
    parties in different camps conflict and parties in one camp agree)."""
    if scale["kind"] == "numeric":
        lo, hi = _numeric_span(scale)
        span = hi - lo
        centre = lo + round(lean * span)
        width = max(1, round(span * rng.uniform(0.1, 0.5)))
        r_lo, r_hi = max(lo, centre - width), min(hi, centre + width)
        form = rng.random()
        if form < 0.3:
            red: JSON = {"at_least": r_lo}
            r_hi = hi
        elif form < 0.5:
            red = {"at_most": r_hi}
            r_lo = lo
        else:
            red = {"at_least": r_lo, "at_most": r_hi}
        value = rng.randint(r_lo, r_hi)
        demand: Any = value if rng.random() < 0.7 else {"is": value}
        return red, demand
    values = _values(scale)
    n = len(values)
    if scale["kind"] == "categorical":
        home = min(n - 1, int(lean * n))
        accepted = sorted({home, *rng.sample(range(n), rng.randint(0, n - 2))})
        form = rng.random()
        if form < 0.4:
            red_cat: Any = [values[i] for i in accepted]
        elif form < 0.7 and len(accepted) < n:
            red_cat = {"none_of": [values[i] for i in range(n) if i not in accepted]}
        else:
            red_cat = {"one_of": [values[i] for i in accepted]}
        wanted = values[home]
        demand_cat: Any = wanted if rng.random() < 0.8 else [wanted]
        return red_cat, demand_cat
    # ordinal and binary: a range leaning up or down, holding the party's own level
    pos = min(n - 1, int(lean * n))
    if lean >= 0.5:
        lo_i, hi_i = max(0, pos - rng.randint(0, 2)), n - 1
        if rng.random() < 0.2:
            hi_i = rng.randint(pos, n - 1)
    else:
        lo_i, hi_i = 0, min(n - 1, pos + rng.randint(0, 2))
        if rng.random() < 0.2:
            lo_i = rng.randint(0, pos)
    if lo_i == 0:
        red_ord: Any = {"at_most": values[hi_i]}
    elif hi_i == n - 1:
        red_ord = {"at_least": values[lo_i]}
    else:
        red_ord = {"at_least": values[lo_i], "at_most": values[hi_i]}
    want = values[pos]
    return red_ord, (want if rng.random() < 0.8 else {"is": want})


def _requirement(rng: random.Random, issue: str, scale: JSON) -> JSON:
    if scale["kind"] == "numeric":
        lo, hi = _numeric_span(scale)
        return {"issue": issue, "at_least": rng.randint(lo, (lo + hi) // 2)}
    values = _values(scale)
    if scale["kind"] == "categorical":
        return {"issue": issue, "one_of": rng.sample(values, rng.randint(1, len(values) - 1))}
    return {"issue": issue, "at_least": rng.choice(values[1:])}


# ---------------------------------------------------------------------------------------------
# the case


def _claim(rng: random.Random, day_sources: Sequence[str], what: str) -> JSON:
    roll = rng.random()
    if roll < 0.3:
        return {
            "basis": "stated",
            "source": rng.choice(day_sources),
            "quote": f"we will insist on {what}",
        }
    if roll < 0.8:
        return {"basis": "reported", "source": rng.choice(day_sources)}
    return {"basis": "inferred", "note": f"read from the delegation's conduct on {what}"}


def generate(params: Params) -> JSON:
    """The case as a JSON-able document (dates as ISO strings)."""
    rng = random.Random(params.seed)
    dates = params.snapshot_dates()
    iso = [d.isoformat() for d in dates]
    doc: JSON = {
        "format": 1,
        "case": {
            "id": f"synthetic-{params.parties}x{params.issues}-s{params.seed}",
            "title": f"Synthetic talks: {params.parties} parties, {params.issues} issues",
            "summary": "Generated by bench/generate.py for the benchmarks.",
            "as_of": iso[-1],
        },
    }
    sources_by_date: list[list[str]] = []
    sources: list[JSON] = []
    for d, day in enumerate(iso):
        ids = [f"wire-{day}-{j}" for j in range(SOURCES_PER_DATE)]
        sources_by_date.append(ids)
        for j, ident in enumerate(ids):
            sources.append(
                {
                    "id": ident,
                    "title": f"Round {d + 1} of the talks, report {j + 1}",
                    "publisher": "Example Wire",
                    "date": day,
                    "url": f"https://example.org/{ident}",
                }
            )
    doc["source"] = sources

    party_ids = [f"party-{i:03d}" for i in range(params.parties)]
    camps = {p: rng.random() for p in party_ids}  # where each party leans on every issue
    parties: list[JSON] = []
    for i, p in enumerate(party_ids):
        party: JSON = {
            "id": p,
            "name": f"Party {i:03d}",
            "role": "mediator" if i == params.parties - 1 else "principal",
            "kind": rng.choice(("state", "armed-group", "organisation", "coalition")),
            "aliases": [f"P{i}"],
        }
        if i % 3 == 0:
            party["member"] = [
                {
                    "name": f"Envoy {i:03d}",
                    "title": "Chief negotiator",
                    "role": "head",
                    "source": sources_by_date[0][0],
                }
            ]
        parties.append(party)
    doc["party"] = parties

    issue_ids = [f"issue-{i:05d}" for i in range(params.issues)]
    scales = {ident: _scale(rng, n) for n, ident in enumerate(issue_ids)}
    doc["issue"] = [
        {
            "id": ident,
            "title": f"Issue {n}: {scales[ident]['kind']} question",
            "scale": scales[ident],
            **({"codes": [f"pax:X{n}"]} if n % 7 == 0 else {}),
        }
        for n, ident in enumerate(issue_ids)
    ]

    milestone_ids = [f"milestone-{i:03d}" for i in range(params.milestones())]
    milestones: list[JSON] = []
    for i, m in enumerate(milestone_ids):
        item: JSON = {"id": m, "label": f"Step {i + 1} of the process"}
        if i > 0 and rng.random() < 0.5:
            item["follows"] = [milestone_ids[i - 1]]
        if i < len(milestone_ids) // 3:
            item["reached"] = iso[min(len(iso) - 1, i * len(iso) // max(1, len(milestone_ids)))]
        milestones.append(item)
    doc["milestone"] = milestones

    # packages: a status quo per date, one proposal covering most issues
    packages: list[JSON] = []
    for d, day in enumerate(iso):
        covered = [i for i in issue_ids if rng.random() < 0.5]
        packages.append(
            {
                "id": f"status-quo-{d}",
                "kind": "status-quo",
                "label": f"Situation on {day}",
                "date": day,
                "outcomes": {i: _single(rng, scales[i]) for i in covered},
                "basis": "reported",
                "source": sources_by_date[d][0],
            }
        )
    packages.append(
        {
            "id": "proposal",
            "kind": "proposal",
            "label": "Mediator's draft",
            "date": iso[-1],
            "outcomes": {i: _single(rng, scales[i]) for i in issue_ids if rng.random() < 0.9},
        }
    )
    doc["package"] = packages

    # stances: most pairs at the first date, some later; revisions at every later date
    # a contested issue splits the parties by camp; on the others they lean the same way
    stances: list[JSON] = []
    held: list[tuple[str, str, int, float]] = []  # (party, issue, first date, lean)
    for issue in issue_ids:
        consensus = rng.random() if rng.random() < CONSENSUS else None
        for p in party_ids:
            if rng.random() >= params.density:
                continue
            d = 0 if rng.random() < 0.9 or len(iso) == 1 else rng.randrange(1, len(iso))
            lean = camps[p] if consensus is None else consensus
            stances.append(_stance(rng, p, issue, scales[issue], lean, d, iso, sources_by_date))
            held.append((p, issue, d, lean))
    for d in range(1, len(iso)):
        earlier = [(p, issue, lean) for p, issue, first, lean in held if first < d]
        for p, issue, lean in rng.sample(earlier, int(len(earlier) * params.revise)):
            roll = rng.random()
            if roll < 0.1:
                stances.append(
                    {
                        "party": p,
                        "issue": issue,
                        "as_of": iso[d],
                        "basis": "reported",
                        "source": rng.choice(sources_by_date[d]),
                        "retracted": True,
                    }
                )
                continue
            shift = 0.0 if roll < 0.3 else rng.uniform(-0.25, 0.25)
            lean = min(1.0, max(0.0, lean + shift))
            stances.append(_stance(rng, p, issue, scales[issue], lean, d, iso, sources_by_date))
    stances.sort(key=lambda s: s["as_of"])  # stable: file order within a date
    doc["stance"] = stances

    doc["precondition"] = _preconditions(
        rng, params, party_ids, issue_ids, milestone_ids, scales, iso, sources_by_date
    )
    return doc


def _single(rng: random.Random, scale: JSON) -> Any:
    if scale["kind"] == "numeric":
        lo, hi = _numeric_span(scale)
        return rng.randint(lo, hi)
    return rng.choice(_values(scale))


def _stance(
    rng: random.Random,
    party: str,
    issue: str,
    scale: JSON,
    lean: float,
    d: int,
    iso: Sequence[str],
    sources_by_date: Sequence[Sequence[str]],
) -> JSON:
    red, demand = _red_line_and_demand(rng, scale, lean)
    stance: JSON = {"party": party, "issue": issue, "as_of": iso[d]}
    roll = rng.random()
    if roll < 0.15:
        stance["demand"] = demand  # red line unknown
    elif roll < 0.25:
        stance["red_line"] = red  # it demands its red line
    else:
        stance["demand"] = demand
        stance["red_line"] = red
    stance.update(_claim(rng, sources_by_date[d], issue))
    if rng.random() < 0.3:
        stance["priority"] = rng.choice(("low", "medium", "high"))
    return stance


def _preconditions(
    rng: random.Random,
    params: Params,
    party_ids: Sequence[str],
    issue_ids: Sequence[str],
    milestone_ids: Sequence[str],
    scales: dict[str, JSON],
    iso: Sequence[str],
    sources_by_date: Sequence[Sequence[str]],
) -> list[JSON]:
    """Edges that follow one random order of the nodes (acyclic), plus `cycles` deliberate
    cycles of 2 to 6 nodes (deadlocks, some of them may merge); then revisions of the acyclic
    ones at later dates."""
    nodes = [*issue_ids, *milestone_ids]
    # one random order of the nodes in which the milestones keep their own order (`follows`)
    shuffled = rng.sample(nodes, len(nodes))
    in_order = iter(milestone_ids)
    shuffled = [n if n in scales else next(in_order) for n in shuffled]
    rank = {n: r for r, n in enumerate(shuffled)}
    seen: set[tuple[str, str, str]] = set()
    out: list[JSON] = []

    def add(party: str, source: str, target: str, d: int) -> bool:
        key = (party, source, target)
        if source == target or key in seen:
            return False
        seen.add(key)
        if source in scales:
            req = _requirement(rng, source, scales[source])
        else:
            req = {"milestone": source}
        item: JSON = {"party": party, "requires": req, "before": target, "as_of": iso[d]}
        item.update(_claim(rng, sources_by_date[d], f"{source} first"))
        out.append(item)
        return True

    # a ring over nodes next to each other in the order stays its own small component: a
    # deadlock of its own, rather than one that swallows every node the acyclic edges reach
    order = sorted(nodes, key=rank.__getitem__)
    cyclic = 0
    for _ in range(params.cycles):
        length = rng.randint(2, 6)
        first = rng.randrange(0, len(order) - length + 1)
        ring = order[first : first + length]
        rng.shuffle(ring)
        for i, node in enumerate(ring):
            cyclic += add(rng.choice(party_ids), node, ring[(i + 1) % length], 0)
    target_count = max(0, params.preconditions - cyclic)
    made = 0
    while made < target_count:
        a, b = rng.sample(nodes, 2)
        if rank[a] > rank[b]:
            a, b = b, a
        made += add(rng.choice(party_ids), a, b, 0)
    firsts = out[cyclic:]  # the cycles stay in force: every snapshot has its deadlocks
    for d in range(1, len(iso)):
        for item in rng.sample(firsts, int(len(firsts) * params.revise)):
            new = {**item, "as_of": iso[d]}
            new.update(_claim(rng, sources_by_date[d], f"{item['before']} later"))
            if "note" in new and new["basis"] != "inferred":
                del new["note"]
            if "quote" in new and new["basis"] != "stated":
                del new["quote"]
            if "source" in new and new["basis"] == "inferred":
                del new["source"]
            roll = rng.random()
            if roll < 0.2:
                new["retracted"] = True
            elif roll < 0.6 and "issue" in item["requires"]:
                node = item["requires"]["issue"]
                new["requires"] = _requirement(rng, node, scales[node])
            out.append(new)
    return out


def write(params: Params, path: str | Path) -> JSON:
    """Generate and write the case to `path` (JSON); returns the document."""
    doc = generate(params)
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return doc


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic case file (JSON).")
    parser.add_argument("-o", "--output", required=True, help="the .json file to write")
    parser.add_argument("--parties", type=int, default=10)
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument(
        "--density", type=float, default=0.8, help="share of (party, issue) with a stance"
    )
    parser.add_argument("--dates", type=int, default=4, help="number of snapshot dates")
    parser.add_argument("--preconditions", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=None, help="deliberate precondition cycles")
    parser.add_argument(
        "--revise", type=float, default=0.04, help="share of stances revised at each later date"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.output.endswith(".json"):
        parser.error("the output file must end in .json")
    params = Params(
        parties=args.parties,
        issues=args.issues,
        density=args.density,
        dates=args.dates,
        preconditions=args.preconditions,
        cycles=args.cycles,
        revise=args.revise,
        seed=args.seed,
    )
    doc = write(params, args.output)
    print(
        f"{args.output}: {len(doc['party'])} parties, {len(doc['issue'])} issues, "
        f"{len(doc['stance'])} stances, {len(doc['precondition'])} preconditions, "
        f"{params.dates} dates",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
