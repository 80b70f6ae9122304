"""The benchmarks: each figure a ratio of two measurements taken in this one run, beside its budget.

    python bench/run.py                # the full run (about 10 minutes on 2 cores)
    python bench/run.py --quick        # smaller cases, fewer repeats; absolute budgets n/a
    python bench/run.py --only deals   # parts: figures, growth, deals, levels, views
    python bench/run.py --json out.json --keep cases/ --strict

Run it with the interpreter that has `positions` installed: every child uses the same one. Whole
processes are timed as children, in turns with their baseline (so that drift on the machine hits
both alike), and the medians compared; CPU time (user + system, from wait4) is shown beside the
wall clock, as it barely moves when other work shares the machine. Peak memory is the child's own
high-water mark. See bench/README.md for what each figure means and a recorded run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/generate.py: the synthetic cases)
import levels  # noqa: E402  (bench/levels.py: scales of many levels)
import linked  # noqa: E402  (bench/linked.py: linked issues, for deals)
import views  # noqa: E402  (bench/views.py: the timeline and the HTML report)

import positions  # noqa: E402

# ---------------------------------------------------------------------------------------------
# the cases and the budgets: the one table to read

#: generated cases: name -> (parties, issues); density 0.8, 4 dates, up to 10,000 preconditions
CASES = {
    "1k": (40, 31),
    "10k": (40, 312),
    "48k": (40, 1500),  # the case of the figures (53,424 stances)
    "200k": (40, 6250),
    "80p": (80, 1500),
    "160p": (160, 1500),  # 200k stances, 160 parties: the large memory figure
}
QUICK_CASES = {  # the same roles, small: about 1k, 4k, 7k and 16k stances
    "1k": (10, 125),
    "10k": (20, 250),
    "48k": (20, 400),
    "200k": (20, 1000),
    "80p": (40, 400),
    "160p": (80, 400),
}
STANCE_GROWTH = ("1k", "10k", "48k", "200k")  # 40 parties, more issues
PARTY_GROWTH = ("48k", "80p", "160p")  # 1,500 issues, more parties
DEALS_ISSUES = (10, 20, 40)  # linked cases: 8 parties, 5 conditional stances per issue

#: budget per figure: (limit, unit); ratios are "x", memory "MB", times "s"
BUDGETS: dict[str, tuple[float, str]] = {
    "positions.load (JSON) / json.loads, 48k": (3.5, "x"),
    "compare --format json / load, 48k": (1.8, "x"),
    "history --format json (two dates) / load, 48k": (1.5, "x"),
    "compare (bundled) / import attrs, cattrs, tabulate": (1.2, "x"),
    "positions --help / python -c pass": (3.0, "x"),
    "peak RSS, compare --format json, 48k": (200, "MB"),
    "peak RSS, compare --format json, 200k stances, 160 parties": (1024, "MB"),
    "evaluate table through tabulate (48k: 54k rows), render": (0.4, "s"),
    "deals, 40 linked issues, 8 parties, 200 conditional stances": (2.0, "s"),
    "deals blocking sets, the same blocked": (5.0, "s"),
    "growth in stances, log-log slope (1k to 200k), worst op": (1.15, "x"),
    "load of 20,000 levels": (levels.SECONDS, "s"),
    "loading linear in levels (per value, 20k / 2k)": (levels.GROWTH, "x"),
    "timeline vs load, CPU (48k stances)": (views.TIMELINE_RATIO, "x"),
    "html report vs load, CPU (48k stances)": (views.REPORT_RATIO, "x"),
}
ABSOLUTE = {"MB", "s"}  # budgets that hold on the full cases only (n/a with --quick)

# ---------------------------------------------------------------------------------------------
# measuring


class Run:
    def __init__(self, wall: float, cpu: float, rss: float = math.nan) -> None:
        self.wall, self.cpu, self.rss = wall, cpu, rss


ENV = dict(os.environ)  # children cache bytecode (as an installed wheel has it), outside src/
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
PROBE = (  # appended to a child's code: its own peak memory (VmHWM), on stderr
    "\nimport sys\ntry:\n    for _l in open('/proc/self/status'):\n"
    "        if _l.startswith('VmHWM:'): sys.stderr.write(f'PEAK_KB {_l.split()[1]}\\n')\n"
    "except OSError:\n    pass\n"
)


def positions_cmd() -> list[str]:
    script = Path(sys.executable).parent / "positions"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "positions"]


def cli(*args: str) -> list[str]:
    return [*positions_cmd(), *args]


def py(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def child(cmd: Sequence[str]) -> Run:
    """One run of `cmd`, output discarded: wall and CPU seconds, and its peak RSS in MB (when
    it runs Python code given with -c, which gets the probe; else nan)."""
    cmd = [*cmd[:-1], cmd[-1] + PROBE] if cmd[:2] == [sys.executable, "-c"] else list(cmd)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENV
    )
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)[:200]} exited {proc.returncode}: {err[-2000:]}")
    peak = [float(line.split()[1]) / 1024 for line in err.splitlines() if line.startswith("PEAK")]
    return Run(wall, _children_cpu(), peak[-1] if peak else math.nan)


_SEEN_CPU = [0.0]


def _children_cpu() -> float:
    """CPU seconds of the child just reaped (the growth of this process's children total)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    spent, _SEEN_CPU[0] = total - _SEEN_CPU[0], total
    return spent


def turns(cmds: Sequence[Sequence[str]], repeat: int) -> list[Run]:
    """Medians of each command run in turn `repeat` times, after one warm-up each."""
    for cmd in cmds:
        child(cmd)
    runs: list[list[Run]] = [[] for _ in cmds]
    for _ in range(repeat):
        for i, cmd in enumerate(cmds):
            runs[i].append(child(cmd))
    return [median(r) for r in runs]


def median(runs: Sequence[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, k) for r in runs) for k in ("wall", "cpu", "rss")))


def timed(fn: Callable[[], object], repeat: int) -> Run:
    """Median wall and CPU seconds of `fn` in this process, with the cyclic collector paused
    as the command line pauses it (it walks every live object: other cases alive in this
    process would be counted against `fn`)."""
    runs = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start, cpu = time.perf_counter(), time.process_time()
            fn()
            runs.append(Run(time.perf_counter() - start, time.process_time() - cpu))
        finally:
            gc.enable()
    return median(runs)


# ---------------------------------------------------------------------------------------------
# printing


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(
                str(c).ljust(w) if i == 0 else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print("\n".join(lines) + "\n", flush=True)


class Results:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.figures: list[dict[str, Any]] = []
        self.data: dict[str, Any] = {}

    def figure(self, name: str, value: float, detail: str = "") -> None:
        limit, unit = BUDGETS[name]
        ok = None if self.quick and unit in ABSOLUTE else value <= limit
        self.figures.append(
            {
                "figure": name,
                "value": value,
                "unit": unit,
                "limit": limit,
                "detail": detail,
                "result": "n/a" if ok is None else ("PASS" if ok else "FAIL"),
            }
        )


def shown(value: float, unit: str) -> str:
    return f"{value:,.0f} MB" if unit == "MB" else f"{value:.2f} {unit}".replace(" x", "x")


# ---------------------------------------------------------------------------------------------
# the parts


def make_cases(folder: Path, sizes: dict[str, tuple[int, int]]) -> dict[str, dict[str, Any]]:
    made = {}
    for name, (parties, issues) in sizes.items():
        stances = parties * issues * 0.8
        params = generate.Params(
            parties=parties,
            issues=issues,
            preconditions=min(10_000, round(10_000 * stances / 48_000)),
            seed=1,
        )
        path = folder / f"case-{parties}x{issues}.json"
        doc = generate.write(params, path)
        made[name] = {
            "path": path,
            "params": params,
            "stances": len(doc["stance"]),
            "parties": parties,
            "issues": issues,
            "mb": path.stat().st_size / 1e6,
        }
        print(
            f"  {name}: {parties} x {issues}, {made[name]['stances']:,} stances, "
            f"{made[name]['mb']:.1f} MB",
            flush=True,
        )
    return made


def figures(res: Results, case: dict[str, Any], big: dict[str, Any], repeat: int) -> None:
    """Whole processes on the 48k case, each against its baseline, in turns."""
    path = str(case["path"])
    d0, d1 = (d.isoformat() for d in case["params"].snapshot_dates()[::3])
    loads, load, compared, history = turns(
        [
            py(f"import json; json.loads(open({path!r}, 'rb').read())"),
            py(f"import positions; positions.load({path!r})"),
            py(f"from positions.cli import main; main(['compare', {path!r}, '--format', 'json'])"),
            py(
                f"from positions.cli import main; main(['history', {path!r}, '--format', 'json', "
                f"'--from', {d0!r}, '--to', {d1!r}])"
            ),
        ],
        repeat,
    )
    floor, bundled, bare, helped = turns(
        [py("import attrs, cattrs, tabulate"), cli("compare"), py("pass"), cli("--help")],
        3 * repeat,
    )
    rows = [
        ["json.loads of the file", loads, None],
        ["positions.load", load, loads],
        ["compare --format json", compared, load],
        ["history --format json", history, load],
        ["python -c 'import attrs, cattrs, tabulate'", floor, None],
        ["positions compare (bundled)", bundled, floor],
        ["python -c pass", bare, None],
        ["positions --help", helped, bare],
    ]
    table(
        f"Whole processes (median of {repeat}, in turns; 48k: {case['stances']:,} stances, "
        f"{case['mb']:.1f} MB; start-up: median of {3 * repeat})",
        ["process", "wall s", "ratio", "CPU s", "CPU ratio", "peak MB"],
        [
            [
                n,
                f"{r.wall:.3f}",
                f"{r.wall / b.wall:.2f}x" if b else "",
                f"{r.cpu:.3f}",
                f"{r.cpu / b.cpu:.2f}x" if b else "",
                "" if math.isnan(r.rss) else f"{r.rss:,.0f}",
            ]
            for n, r, b in rows
        ],
    )
    res.figure("positions.load (JSON) / json.loads, 48k", load.wall / loads.wall)
    res.figure("compare --format json / load, 48k", compared.wall / load.wall)
    res.figure("history --format json (two dates) / load, 48k", history.wall / load.wall)
    res.figure("compare (bundled) / import attrs, cattrs, tabulate", bundled.wall / floor.wall)
    res.figure("positions --help / python -c pass", helped.wall / bare.wall)
    res.figure("peak RSS, compare --format json, 48k", compared.rss, f"load alone {load.rss:.0f}")
    huge = child(
        py(
            f"from positions.cli import main; main(['compare', {str(big['path'])!r}, "
            "'--format', 'json'])"
        )
    )
    res.figure(
        "peak RSS, compare --format json, 200k stances, 160 parties",
        huge.rss,
        f"{big['stances']:,} stances, {huge.wall:.1f} s",
    )
    # a 54k-row table: evaluate's, in the default format, in this process
    loaded = positions.load(case["path"])
    from positions import report

    result = positions.evaluate(loaded, "proposal")
    tables = report.evaluate_tables(loaded, result)
    render = timed(lambda: report.render(tables, "simple"), repeat)
    res.figure(
        "evaluate table through tabulate (48k: 54k rows), render",
        render.wall,
        f"{len(result.verdicts):,} rows, {render.wall / load.wall:.2f}x a load",
    )
    res.data["figures"] = {n: vars(r) for n, r, _ in rows}


def growth(res: Results, cases: dict[str, dict[str, Any]], repeat: int) -> None:
    """In process, µs per stance of each operation, as stances grow (40 parties) and as
    parties grow (1,500 issues); and the CLI's compare --format json as parties grow."""
    ops: dict[str, Callable[[Any, Any], object]] = {
        "load": lambda case, c: positions.load(c["path"]),
        "compare": lambda case, c: positions.compare(case),
        "evaluate": lambda case, c: positions.evaluate(case, "proposal"),
        "preconditions": lambda case, c: positions.preconditions(case),
        "history": lambda case, c: positions.history(case, *c["params"].snapshot_dates()[::3]),
    }
    measured: dict[str, dict[str, float]] = {}
    for name in dict.fromkeys((*STANCE_GROWTH, *PARTY_GROWTH)):
        c = cases[name]
        case = positions.load(c["path"])
        reps = repeat if c["stances"] < 100_000 else max(1, repeat // 2)
        measured[name] = {}
        for op, f in ops.items():
            measured[name][op] = timed(lambda f=f, case=case, c=c: f(case, c), reps).cpu
        del case
        cmd = py(
            f"from positions.cli import main; main(['compare', {str(c['path'])!r}, "
            "'--format', 'json'])"
        )
        run = child(cmd)
        measured[name]["compare json (CLI)"], measured[name]["peak MB"] = run.cpu, run.rss
        print(
            f"  {name}: " + ", ".join(f"{k} {v:.2f}" for k, v in measured[name].items()), flush=True
        )
    columns = [*ops, "compare json (CLI)"]
    for title, names in (("stances (40 parties)", STANCE_GROWTH), ("parties", PARTY_GROWTH)):
        rows = []
        for name in names:
            c, m = cases[name], measured[name]
            rows.append(
                [
                    f"{c['parties']} x {c['issues']}",
                    f"{c['stances']:,}",
                    *(f"{m[op] / c['stances'] * 1e6:.1f}" for op in columns),
                    f"{m['peak MB']:,.0f}",
                ]
            )
        table(
            f"Growth in {title}: CPU µs per stance (median), and the CLI compare's peak MB",
            ["parties x issues", "stances", *columns, "peak MB"],
            rows,
        )
    xs = [math.log(cases[n]["stances"]) for n in STANCE_GROWTH]
    slopes = {}
    for op in columns:
        ys = [math.log(measured[n][op]) for n in STANCE_GROWTH]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        slopes[op] = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )
    print("  log-log slope in stances: " + ", ".join(f"{k} {v:.2f}" for k, v in slopes.items()))
    a, b = cases[PARTY_GROWTH[0]], cases[PARTY_GROWTH[-1]]
    ma, mb = measured[PARTY_GROWTH[0]], measured[PARTY_GROWTH[-1]]
    per = {op: (mb[op] / b["stances"]) / (ma[op] / a["stances"]) for op in [*columns, "peak MB"]}
    print(
        f"  per stance, {b['parties']} parties / {a['parties']}: "
        + ", ".join(f"{k} {v:.2f}x" for k, v in per.items())
        + "\n"
    )
    engines = [op for op in ops if op in slopes]  # (the CLI's is mostly start-up when small)
    worst = max(engines, key=slopes.__getitem__)
    res.figure("growth in stances, log-log slope (1k to 200k), worst op", slopes[worst], worst)
    res.data["growth"] = {"measured": measured, "slopes": slopes, "per_stance_parties": per}


def deals(res: Results, folder: Path, repeat: int) -> None:
    """positions deals on linked cases of 10, 20 and 40 issues, each against loading it."""
    rows = []
    found: dict[str, Run] = {}
    for issues in DEALS_ISSUES:
        for blocked in (False, True):
            path = folder / f"linked-{issues}{'-blocked' if blocked else ''}.json"
            linked.write(path, issues=issues, conditional=5 * issues, blocked=blocked)
            load, run = turns(
                [
                    py(f"import positions; positions.load({str(path)!r})"),
                    cli("deals", str(path), "--format", "json"),
                ],
                repeat,
            )
            kind = "blocking sets" if blocked else "packages"
            found[f"{issues}-{kind}"] = run
            rows.append(
                [
                    f"{issues} issues, {kind}",
                    f"{load.wall:.3f}",
                    f"{run.wall:.3f}",
                    f"{run.wall / load.wall:.2f}x",
                    f"{run.cpu:.3f}",
                ]
            )
    table(
        f"deals (whole processes, median of {repeat}): 8 parties, 5 conditional stances per issue",
        ["case", "load s", "deals s", "vs load", "deals CPU s"],
        rows,
    )
    top = DEALS_ISSUES[-1]
    res.figure(
        "deals, 40 linked issues, 8 parties, 200 conditional stances", found[f"{top}-packages"].wall
    )
    res.figure("deals blocking sets, the same blocked", found[f"{top}-blocking sets"].wall)
    res.data["deals"] = {k: vars(v) for k, v in found.items()}


def level_loading(res: Results, folder: Path) -> None:
    rows, seconds, per_value = levels.report(
        levels.measure(folder, lambda fn, r: timed(fn, r).wall)
    )
    table(
        "Loading many levels (in process, median)",
        ["scale", "load ms", "µs per value", "vs 2,000 levels"],
        rows,
    )
    res.figure("load of 20,000 levels", seconds)
    res.figure("loading linear in levels (per value, 20k / 2k)", per_value)


def timeline_and_report(res: Results, case: dict[str, Any], folder: Path, repeat: int) -> None:
    large = views.measure(case["path"], timed, repeat)
    params = generate.Params(parties=20, issues=400, dates=views.MANY_DATES, preconditions=200)
    many = folder / f"case-20x400-{views.MANY_DATES}-dates.json"
    generate.write(params, many)
    dated = views.measure(many, timed, repeat)
    for r in (large, dated):
        table(
            f"Timeline and report (in process, median; {r['stances']:,} stances, "
            f"{r['dates']} dates, a {r['html_bytes'] / 1e6:.1f} MB page)",
            ["operation", "wall ms", "vs load", "CPU ms", "CPU vs load"],
            views.rows(r),
        )
    for name, ratio, _ in views.budgets(large):
        res.figure(name, ratio)
    f = dated["figures"]
    share = f["timeline"].cpu / f["statuses from scratch at every date"].cpu
    print(f"  on {dated['dates']} dates the timeline takes {share:.2f}x the CPU of from scratch\n")


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parts_all = ("figures", "growth", "deals", "levels", "views")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller cases, fewer repeats")
    parser.add_argument("--only", choices=parts_all, action="append", help="repeatable")
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    parser.add_argument("--keep", metavar="DIR", help="write the generated cases to DIR")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget fails")
    args = parser.parse_args(argv)
    parts = set(args.only or parts_all)
    res = Results(args.quick)
    repeat = 3 if args.quick else 7
    print(
        f"positions {positions.__version__} benchmarks ({'quick' if args.quick else 'full'}), "
        f"{dt.datetime.now().isoformat(timespec='seconds')}\nPython {platform.python_version()} "
        f"on {platform.platform()}, {os.cpu_count()} CPUs; load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}\n",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="positions-bench-") as tmp:
        ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if parts & {"figures", "growth", "views"}:
            print("Generating cases ...")
            wanted = {"48k"}
            wanted |= {"160p"} if "figures" in parts else set()
            wanted |= {*STANCE_GROWTH, *PARTY_GROWTH} if "growth" in parts else set()
            sizes = QUICK_CASES if args.quick else CASES
            cases = make_cases(folder, {k: v for k, v in sizes.items() if k in wanted})
            print()
            if "figures" in parts:
                figures(res, cases["48k"], cases["160p"], repeat)
            if "growth" in parts:
                growth(res, cases, max(2, repeat // 2))
            if "views" in parts:
                timeline_and_report(res, cases["48k"], folder, max(3, repeat // 2))
        if "deals" in parts:
            deals(res, folder, max(3, repeat // 2))
        if "levels" in parts:
            level_loading(res, folder)
    table(
        "Figures and budgets (every ratio from two figures of this run)",
        ["figure", "measured", "budget", "result", ""],
        [
            [
                f["figure"],
                shown(f["value"], f["unit"]),
                "<= " + shown(f["limit"], f["unit"]),
                f["result"],
                f["detail"],
            ]
            for f in res.figures
        ],
    )
    failed = [f for f in res.figures if f["result"] == "FAIL"]
    print(
        f"{len(failed)} of {len(res.figures)} budgets fail; load average at the end "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    if args.json:
        res.data["figures_and_budgets"] = res.figures
        Path(args.json).write_text(json.dumps(res.data, indent=2, default=str) + "\n")
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
