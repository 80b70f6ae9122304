"""Generated cases for `positions deals`: issues linked by conditional stances.

    python bench/linked.py -o linked.json                  # 40 issues, 8 parties, 200 linked
    python bench/linked.py -o blocked.json --blocked       # the same, and no package exists

Every party (seven principals and a mediator) holds an unconditional stance on most issues, a
demand inside a red line, and the red lines leave a common middle on every issue, so packages
exist. Beside them, `conditional` stances hang on another issue (`when`): a branch on part of
that issue's outcomes (and, on a finite scale, often a second branch on the rest), each with its
own demand and a red line that still holds the middle. Linked issues lie near each other in the
file, as agendas group them, so the issues form chains rather than one knot.

`--blocked` adds, a month later, linked conflicts that rule every package out, so `deals` lists
minimal blocking sets: per conflict, one party's red line pins an issue Y to its top, another
party's red line on X, in force while Y is at its top, keeps X low, and a third party's keeps X
high (each later stance replaces the party's earlier position on its issue).
`positions check` finds no errors; the same arguments give a byte-identical file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

JSON = dict[str, Any]
DAY = "2030-01-01"
LATER = "2030-02-01"  # the blocked variant's conflicts: later stances replace earlier ones
LEVELS = ("none", "token", "partial", "broad", "full")
OPTIONS = ("option-a", "option-b", "option-c", "option-d")
CONFLICTS = 3  # linked conflicts in the blocked variant


def _scale(n: int) -> JSON:
    kind = ("ordinal", "numeric", "categorical", "binary")[n % 4]
    if kind == "ordinal":
        return {"kind": "ordinal", "levels": list(LEVELS)}
    if kind == "numeric":
        return {"kind": "numeric", "unit": "%", "min": 0, "max": 100}
    if kind == "categorical":
        return {"kind": "categorical", "options": list(OPTIONS)}
    return {"kind": "binary"}


def _red_line_and_demand(rng: random.Random, scale: JSON) -> tuple[Any, Any]:
    """A red line holding the scale's middle (so the parties' red lines meet) and a demand
    inside it."""
    kind = scale["kind"]
    if kind == "ordinal":
        if rng.random() < 0.5:
            lo = rng.randint(0, 2)
            return {"at_least": LEVELS[lo]}, LEVELS[rng.randint(lo, 4)]
        hi = rng.randint(2, 4)
        return {"at_most": LEVELS[hi]}, LEVELS[rng.randint(0, hi)]
    if kind == "numeric":
        lo, hi = rng.randrange(10, 45, 5), rng.randrange(55, 95, 5)
        return {"at_least": lo, "at_most": hi}, rng.randrange(lo, hi + 1, 5)
    if kind == "categorical":
        kept = sorted({"option-b", *rng.sample(OPTIONS, rng.randint(0, 2))})
        return {"one_of": kept}, rng.choice(kept)
    return "yes", "yes"


def _condition(rng: random.Random, issue: str, scale: JSON) -> tuple[JSON, JSON | None]:
    """A condition on `issue`, and on a finite scale the condition on the rest of its outcomes
    (None on a numeric scale)."""
    kind = scale["kind"]
    if kind == "ordinal":
        cut = rng.randint(1, 4)
        return (
            {"issue": issue, "at_least": LEVELS[cut]},
            {"issue": issue, "at_most": LEVELS[cut - 1]},
        )
    if kind == "numeric":
        return {"issue": issue, "at_least": rng.randrange(30, 75, 5)}, None
    if kind == "categorical":
        first = sorted(rng.sample(OPTIONS, rng.randint(1, 3)))
        return (
            {"issue": issue, "one_of": first},
            {"issue": issue, "one_of": [o for o in OPTIONS if o not in first]},
        )
    return {"issue": issue, "is": "yes"}, {"issue": issue, "is": "no"}


def linked_case(
    *,
    issues: int = 40,
    parties: int = 8,
    conditional: int = 200,
    blocked: bool = False,
    seed: int = 1,
) -> JSON:
    """The case as a JSON-able document."""
    rng = random.Random(seed)
    party_ids = [f"party-{i:02d}" for i in range(parties)]
    issue_ids = [f"issue-{n:03d}" for n in range(issues)]
    scales = {ident: _scale(n) for n, ident in enumerate(issue_ids)}
    doc: JSON = {
        "format": 1,
        "case": {
            "id": f"linked-{issues}x{parties}-s{seed}{'-blocked' if blocked else ''}",
            "title": f"Linked talks: {parties} parties, {issues} issues"
            + (", blocked" if blocked else ""),
            "as_of": LATER if blocked else DAY,
        },
        "source": [
            {"id": "wire", "title": "Round one of the talks", "date": DAY},
            {"id": "wire-2", "title": "Round two of the talks", "date": LATER},
        ],
        "party": [
            {
                "id": p,
                "name": f"Party {i:02d}",
                "role": "mediator" if i == parties - 1 else "principal",
            }
            for i, p in enumerate(party_ids)
        ],
        "issue": [
            {"id": ident, "title": f"Issue {n}: {scales[ident]['kind']}", "scale": scales[ident]}
            for n, ident in enumerate(issue_ids)
        ],
    }

    def stance(party: str, issue: str, **parts: Any) -> JSON:
        out: JSON = {
            "party": party,
            "issue": issue,
            "as_of": DAY,
            "basis": "reported",
            "source": "wire",
        }
        out.update(parts)
        return out

    stances: list[JSON] = []
    for issue in issue_ids:
        for p in party_ids:
            if rng.random() < 0.7:
                red, demand = _red_line_and_demand(rng, scales[issue])
                priority = rng.choice(("low", "medium", "high", None))
                parts: JSON = {"demand": demand, "red_line": red}
                if priority is not None:
                    parts["priority"] = priority
                stances.append(stance(p, issue, **parts))
    # conditional branches: (party, issue) pairs, each hanging on an issue near it
    made = 0
    linked: set[tuple[str, str]] = set()
    while made < conditional:
        p = rng.choice(party_ids)
        n = rng.randrange(issues)
        if (p, issue_ids[n]) in linked:
            continue
        linked.add((p, issue_ids[n]))
        near = [m for m in range(max(0, n - 3), min(issues, n + 4)) if m != n]
        other = issue_ids[rng.choice(near)]
        first, rest = _condition(rng, other, scales[other])
        for when in (first, rest):
            if when is None or made >= conditional or (when is rest and rng.random() < 0.4):
                continue
            red, demand = _red_line_and_demand(rng, scales[issue_ids[n]])
            stances.append(stance(p, issue_ids[n], demand=demand, red_line=red, when=when))
            made += 1
    if blocked:
        stances.extend(_conflicts(rng, party_ids, issue_ids, scales))
    doc["stance"] = stances
    return doc


def _conflicts(
    rng: random.Random, party_ids: Sequence[str], issue_ids: Sequence[str], scales: dict[str, JSON]
) -> list[JSON]:
    """Linked conflicts on ordinal issues Y, X, at a later date (so each replaces the party's
    earlier position on its issue): a red line pins Y to its top, and while Y is at its top one
    party's red line keeps X low as another's keeps X high."""
    ordinal = [i for i in issue_ids if scales[i]["kind"] == "ordinal"]
    pairs = [(ordinal[k], ordinal[k + 1]) for k in range(0, len(ordinal) - 1, 2)]
    out: list[JSON] = []
    base = {"as_of": LATER, "basis": "reported", "source": "wire-2"}
    for y, x in rng.sample(pairs, min(CONFLICTS, len(pairs))):
        pin, low, high = rng.sample(list(party_ids[:-1]), 3)  # principals
        out.append({"party": pin, "issue": y, "demand": "full", "red_line": "full", **base})
        out.append(
            {
                "party": low,
                "issue": x,
                "demand": "none",
                "red_line": {"at_most": "token"},
                "when": {"issue": y, "is": "full"},
                **base,
            }
        )
        out.append(
            {"party": high, "issue": x, "demand": "full", "red_line": {"at_least": "partial"}}
            | base
        )
    return out


def write(path: str | Path, **params: Any) -> JSON:
    doc = linked_case(**params)
    Path(path).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return doc


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a case of linked issues (JSON).")
    parser.add_argument("-o", "--output", required=True, help="the .json file to write")
    parser.add_argument("--issues", type=int, default=40)
    parser.add_argument("--parties", type=int, default=8)
    parser.add_argument("--conditional", type=int, default=200, help="conditional stances")
    parser.add_argument("--blocked", action="store_true", help="no package exists")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    doc = write(
        args.output,
        issues=args.issues,
        parties=args.parties,
        conditional=args.conditional,
        blocked=args.blocked,
        seed=args.seed,
    )
    print(f"{args.output}: {len(doc['stance'])} stances", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
