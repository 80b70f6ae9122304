"""Loading a scale of many levels or options: the cost must grow with the values, not their square.

    python bench/levels.py        # the table alone (bench/run.py --only levels prints it too)

Each case has one issue of n values (an ordinal scale of 2,000 or 20,000 levels, or a categorical
one of 50,000 options, every other value labelled) and one party per 100 values, each with a
demand and a red line of ten values, and a package; so the work of loading is proportional to n
when every look-up of a value costs the same on any scale. The figure is the median load time;
the budget is on the 20,000-level case, and on growth: 10 times the levels should cost about
10 times as much (per value, at most 1.5 times as much).
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZES = (("levels", 2_000), ("levels", 20_000), ("options", 50_000))
SECONDS = 0.5  # load of the 20,000-level case
GROWTH = 1.5  # time per value, 20,000 levels / 2,000 levels


def level_case(key: str, n: int) -> dict[str, Any]:
    """A case with one issue of `n` levels (key 'levels') or options (key 'options')."""
    values = [f"v{i}" for i in range(n)]
    written = [v if i % 2 else {"id": v, "label": f"Value {i}"} for i, v in enumerate(values)]
    rng = random.Random(1)
    stances = []
    for p in range(n // 100):
        picks = rng.sample(values, 10)
        demand: Any = {"at_least": picks[0]} if key == "levels" else picks[0]
        stances.append(
            {
                "party": f"p{p}",
                "issue": "big",
                "basis": "stated",
                "demand": demand,
                "red_line": {"one_of": picks},
            }
        )
    return {
        "case": {"id": f"{key}-{n}", "title": f"{n:,} {key}", "as_of": "2030-01-01"},
        "party": [{"id": f"p{p}", "name": f"Party {p}"} for p in range(n // 100)],
        "issue": [
            {
                "id": "big",
                "title": "One issue, many values",
                "scale": {"kind": "ordinal" if key == "levels" else "categorical", key: written},
            }
        ],
        "package": [{"id": "draft", "kind": "proposal", "outcomes": {"big": values[n // 2]}}],
        "stance": stances,
    }


def measure(
    folder: Path, timed: Callable[[Callable[[], object], int], float]
) -> list[dict[str, Any]]:
    """The median load time of each case, written to `folder` first."""
    import positions

    rows = []
    for key, n in SIZES:
        path = folder / f"{key}-{n}.json"
        path.write_text(json.dumps(level_case(key, n)), encoding="utf-8")
        positions.load(path)  # warm-up, and a check that the case is valid
        rows.append({"values": key, "n": n, "load_s": timed(lambda p=path: positions.load(p), 3)})
    return rows


def report(rows: list[dict[str, Any]]) -> tuple[list[list[str]], float, float]:
    """Table rows, the 20,000-level load time and the growth per value from 2,000 levels."""
    small, large = rows[0], rows[1]
    growth = (large["load_s"] / large["n"]) / (small["load_s"] / small["n"])
    table = [
        [
            f"{r['n']:,} {r['values']}",
            f"{r['load_s'] * 1000:,.1f}",
            f"{r['load_s'] / r['n'] * 1e6:.1f}",
            f"{r['load_s'] / small['load_s']:.1f}x ({r['n'] / small['n']:.0f}x the values)",
        ]
        for r in rows
    ]
    return table, large["load_s"], growth


def main() -> int:
    import tempfile
    import time

    def timed(fn: Callable[[], object], repeat: int) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return sorted(times)[len(times) // 2]

    with tempfile.TemporaryDirectory() as tmp:
        table, seconds, growth = report(measure(Path(tmp), timed))
    for row in table:
        print("  ".join(row))
    print(f"20,000 levels: {seconds:.2f} s (budget {SECONDS} s); per value {growth:.2f}x of 2,000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
