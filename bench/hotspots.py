"""Where the time goes: -X importtime for start-up, cProfile for each operation on a large case.

    python bench/hotspots.py                     # everything, on the 40 x 1,500 case
    python bench/hotspots.py --only imports      # start-up imports only
    python bench/hotspots.py --only ops --ops load,compare --top 15
    python bench/hotspots.py --case my.json      # profile an existing case file

(Not named profile.py: that would shadow the standard library module cProfile imports.)

Each profile lists the hottest functions by cumulative time: cumulative and own seconds, call
count, and the function (file:line). cProfile slows Python code down about twofold; read the
shares, not the absolute times (bench/run.py measures those).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import run  # noqa: E402  (bench/run.py: the same environment and commands)

import positions  # noqa: E402  (found by run.py, from src/ if not installed)

OPS = (
    "load",
    "compare",
    "compare_json",
    "render_json",
    "evaluate",
    "preconditions",
    "preconditions_json",
    "history",
    "pairwise",
)


def hot(profile: cProfile.Profile, top: int) -> str:
    stats = pstats.Stats(profile)
    rows: list[tuple[float, float, int, str]] = []
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (file, line, name), (_, ncalls, own, cum, _) in raw.items():
        where = "/".join(Path(file).parts[-2:]) if file != "~" else ""
        rows.append((cum, own, ncalls, f"{where}:{line}({name})" if where else name))
    rows.sort(reverse=True)
    out = [f"{'cum s':>9} {'own s':>8} {'calls':>10}  function"]
    out += [f"{c:9.3f} {o:8.3f} {n:10,d}  {f}" for c, o, n, f in rows[:top]]
    return "\n".join(out)


def profiled(label: str, fn: Callable[[], Any], top: int) -> None:
    start = time.perf_counter()
    fn()
    plain = time.perf_counter() - start
    profile = cProfile.Profile()
    profile.enable()
    fn()
    profile.disable()
    print(f"== {label}: {plain * 1000:,.1f} ms unprofiled\n{hot(profile, top)}\n", flush=True)


# ---------------------------------------------------------------------------------------------
# start-up


def importtime(cmd: Sequence[str], repeat: int, top: int, env: dict[str, str]) -> str:
    """The slowest imports of `cmd` (an interpreter and its arguments) by cumulative time,
    medians of `repeat` runs; nesting is shown by indentation, as -X importtime prints it."""
    cum: dict[str, list[int]] = {}
    own: dict[str, list[int]] = {}
    subprocess.run(cmd, capture_output=True, env=env, check=False)  # warm the bytecode cache
    for _ in range(repeat):
        done = subprocess.run(
            [cmd[0], "-X", "importtime", *cmd[1:]],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "cumulative" in line:
                continue
            own_us, cum_us, name = line.split(":", 1)[1].split("|")
            own.setdefault(name.rstrip(), []).append(int(own_us))
            cum.setdefault(name.rstrip(), []).append(int(cum_us))
    rows = sorted(
        ((statistics.median(v), statistics.median(own[k]), k) for k, v in cum.items()),
        reverse=True,
    )
    out = [f"{'cum ms':>8} {'own ms':>8}  module"]
    out += [f"{c / 1000:8.1f} {o / 1000:8.1f} {k}" for c, o, k in rows[:top]]
    return "\n".join(out)


def imports(top: int, env: dict[str, str]) -> None:
    pos = run.positions_cmd()
    base = [sys.executable, pos[0]] if len(pos) == 1 else pos  # the interpreter first
    for label, args in (("positions --help", ["--help"]), ("positions compare", ["compare"])):
        cmd = [*base, *args]
        print(f"== imports of {label} (-X importtime, median of 5)")
        print(importtime(cmd, 5, top, env) + "\n", flush=True)
    print("== imports of the floor: python -c 'import attrs, cattrs, tabulate'")
    floor = [sys.executable, "-c", "import attrs, cattrs, tabulate"]
    print(importtime(floor, 5, 8, env) + "\n", flush=True)
    # the work after imports, in a child: the converter is built on the first load
    code = (
        "import io, sys, time, cProfile, pstats\n"
        "import attrs, cattrs, tabulate\n"
        "t = time.perf_counter()\n"
        "from positions import cli, report, io as pio\n"
        "from positions.engine import compare\n"
        "imported = time.perf_counter() - t\n"
        "sys.stdout = io.StringIO()\n"
        "t = time.perf_counter(); cli.main(['compare']); first = time.perf_counter() - t\n"
        "t = time.perf_counter(); cli.main(['compare']); second = time.perf_counter() - t\n"
        "sys.stdout = sys.__stdout__\n"
        "print(f'positions imports past the floor: {imported*1000:.1f} ms; main([\"compare\"]):'\n"
        "      f' first call {first*1000:.1f} ms, second call {second*1000:.1f} ms')\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=False)
    print(flush=True)


# ---------------------------------------------------------------------------------------------
# operations on a case


def operations(path: Path, ops: Sequence[str], top: int) -> None:
    from positions import report

    case = positions.load(path)
    days = case.dates()
    start, end = days[0], days[-1]
    proposals = [p.id for p in case.packages if p.kind == "proposal"] or [case.packages[0].id]
    print(
        f"case {path.name}: {len(case.parties)} parties, {len(case.issues)} issues, "
        f"{len(case.stances):,} stances, {len(case.preconditions):,} preconditions\n",
        flush=True,
    )
    comparison = positions.compare(case)
    data = report.compare_json(case, comparison)
    sequencing = positions.preconditions(case)
    jobs: dict[str, tuple[str, Callable[[], Any]]] = {
        "load": ("load (decode, first pass, cattrs)", partial(positions.load, path)),
        "compare": ("compare (engine)", partial(positions.compare, case)),
        "compare_json": ("report.compare_json", partial(report.compare_json, case, comparison)),
        "render_json": ("report.render_json of compare_json", partial(report.render_json, data)),
        "evaluate": (f"evaluate {proposals[0]}", partial(positions.evaluate, case, proposals[0])),
        "preconditions": ("preconditions (engine)", partial(positions.preconditions, case)),
        "preconditions_json": (
            "report.preconditions_json",
            partial(report.preconditions_json, case, sequencing),
        ),
        "history": (f"history {start} -> {end}", partial(positions.history, case, start, end)),
        "pairwise": ("compare(pairwise=True)", partial(positions.compare, case, pairwise=True)),
    }
    for op in ops:
        label, fn = jobs[op]
        profiled(label, fn, top)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile start-up and the operations.")
    parser.add_argument("--only", choices=("imports", "ops"), help="one part only")
    parser.add_argument("--case", help="an existing case file (default: generate 40 x 1,500)")
    parser.add_argument("--ops", default=",".join(OPS), help=f"comma-separated: {','.join(OPS)}")
    parser.add_argument("--top", type=int, default=20, help="rows per profile")
    parser.add_argument("--quick", action="store_true", help="generate a 20 x 400 case instead")
    args = parser.parse_args(argv)
    ops = [o for o in args.ops.split(",") if o]
    unknown = sorted(set(ops) - set(OPS))
    if unknown:
        parser.error(f"unknown --ops {', '.join(unknown)} (choose from {', '.join(OPS)})")
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}, "
        f"{dt.datetime.now().isoformat(timespec='seconds')}\n"
    )
    with tempfile.TemporaryDirectory(prefix="positions-profile-") as tmp:
        env = {**run.ENV, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        if args.only in (None, "imports"):
            imports(args.top, env)
        if args.only in (None, "ops"):
            if args.case:
                path = Path(args.case)
            else:
                parties, issues = (20, 400) if args.quick else (40, 1500)
                params = generate.Params(
                    parties=parties,
                    issues=issues,
                    preconditions=min(10_000, round(10_000 * parties * issues * 0.8 / 48_000)),
                )
                path = Path(tmp) / f"case-{parties}x{issues}.json"
                generate.write(params, path)
            operations(path, ops, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
