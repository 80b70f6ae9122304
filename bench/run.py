"""The benchmark suite: start-up, scale, a peer, peak memory, each against its budget.

    python bench/run.py            # the full run (several minutes on 2 cores)
    python bench/run.py --quick    # a fast, smaller run
    python bench/run.py --json results.json   # also write every figure as JSON

Run it with the interpreter that has `positions` installed (e.g. the project's virtualenv); every
subprocess uses that same interpreter. Times are medians of several runs measured in this one
run, and every ratio compares two figures from it, so they travel between machines better than
absolute times. Budgets are printed with PASS/FAIL; the exit code is 0 unless `--strict` is given
and a budget fails. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
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
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/generate.py, next to this file)
import levels  # noqa: E402  (bench/levels.py)
import views  # noqa: E402  (bench/views.py)

try:
    import positions
except ImportError:  # a source checkout run without installing: use src/ (deps still needed)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p
    )
    import positions

JSON = dict[str, Any]

# the sizes: (parties, issues); density 0.8; preconditions scale with stances up to 10,000
FULL_SIZES = ((10, 150), (20, 400), (30, 800), (40, 1500))
QUICK_SIZES = ((5, 60), (10, 150), (15, 300), (20, 400))
DENSITY = 0.8
DATES = 4
LARGEST_PRECONDITIONS = 10_000
LARGEST_STANCES = 40 * 1500 * DENSITY

# budgets (medians)
HELP_RATIO = 3.0  # positions --help vs python -c pass
COMPARE_RATIO = 1.3  # positions compare (bundled) vs import attrs, cattrs, tabulate
E2E_SECONDS = 3.0  # CLI compare / preconditions on the 48k-stance case
PEAK_MB = 400.0
LINEAR_RATIO = 1.5  # per-stance cost, largest size / smallest size

OPS = ("control", "load", "compare", "compare pairwise", "evaluate", "preconditions", "history")


# ---------------------------------------------------------------------------------------------
# measuring


def positions_command() -> list[str]:
    """The console script next to this interpreter, else `python -m positions`."""
    script = Path(sys.executable).parent / ("positions.exe" if os.name == "nt" else "positions")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "positions"]


def child_env(cache: Path) -> dict[str, str]:
    """The environment of every timed child: bytecode is cached (in `cache`, never next to the
    sources), as it is for an installed wheel, even where PYTHONDONTWRITEBYTECODE is set."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


ENV: dict[str, str] | None = None  # set by main()


class Run:
    """One subprocess run: wall-clock seconds, and CPU seconds (user + system) of the child."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall = wall
        self.cpu = cpu


def run_once(cmd: Sequence[str]) -> Run:
    """One run of `cmd`, output discarded; fails loudly if the command fails. The wall clock is
    what budgets use; the child's CPU time (from wait4) barely moves when other work shares the
    machine, so it tells a real regression from a busy neighbour."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
        else:  # no wait4 (Windows): wall clock only
            proc.wait()
            wall = time.perf_counter() - start
            cpu = float("nan")
        if proc.returncode not in (0, 1):  # 1: --fail-on or check findings, still a run
            err.seek(0)
            raise RuntimeError(
                f"{' '.join(cmd)} exited {proc.returncode}: {err.read().decode(errors='replace')}"
            )
    return Run(wall, cpu)


def interleaved(cmds: Sequence[Sequence[str]], repeat: int) -> list[Run]:
    """The median wall and CPU time of each command, run in turn `repeat` times after one
    warm-up each (so drift on the machine hits them alike)."""
    for cmd in cmds:
        run_once(cmd)
    runs: list[list[Run]] = [[] for _ in cmds]
    for _ in range(repeat):
        for i, cmd in enumerate(cmds):
            runs[i].append(run_once(cmd))
    return [median_run(r) for r in runs]


def median_run(runs: Sequence[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs))


def timed_run(fn: Callable[[], object], repeat: int, min_total: float = 0.5) -> Run:
    """The median wall (perf_counter) and CPU (process_time) seconds of calls of `fn` in this
    process: at least `repeat` calls, more (up to 50) while they add up to less than
    `min_total` seconds, so that millisecond operations are not at the mercy of one noisy
    call."""
    runs: list[Run] = []
    while len(runs) < repeat or (sum(r.wall for r in runs) < min_total and len(runs) < 50):
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        runs.append(Run(time.perf_counter() - start, time.process_time() - cpu))
    return median_run(runs)


def timed(fn: Callable[[], object], repeat: int) -> float:
    """The median wall-clock seconds of `fn` (see timed_run)."""
    return timed_run(fn, repeat).wall


def peak_rss_mb(code: str) -> float:
    """The peak resident set of a child Python running `code`, in MB.

    ru_maxrss (getrusage) is the figure, with one correction: Linux carries a parent's peak
    over into a child across fork and exec, so a child of this (large) process would report
    this process's peak. There the child's own high-water mark, VmHWM in /proc/self/status
    (what ru_maxrss means for a fresh process), is taken instead.
    """
    probe = (
        f"{code}\nimport resource, sys\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "peak = peak / 1024 if sys.platform == 'darwin' else peak\n"  # bytes on macOS
        "try:\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            peak = int(line.split()[1])\n"
        "except OSError:\n"
        "    pass\n"
        "sys.__stderr__.write(f'PEAK_KB {peak}\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        text=True,
        env=ENV,
    )
    for line in done.stderr.splitlines():
        if line.startswith("PEAK_KB "):
            return float(line.split()[1]) / 1024
    raise RuntimeError(f"the memory probe failed: {done.stderr}")


# ---------------------------------------------------------------------------------------------
# printing


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: above the CPU count, other work shared the run."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, widths, strict=True)):
            out.append(c.ljust(w) if i == 0 else c.rjust(w))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([title, line(headers), rule, *(line(r) for r in rows)]) + "\n"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def say(text: str = "") -> None:
    print(text, flush=True)


# ---------------------------------------------------------------------------------------------
# the suites


class Results:
    def __init__(self) -> None:
        self.data: JSON = {"budgets": []}

    def budget(self, name: str, measured: str, limit: str, ok: bool | None) -> None:
        self.data["budgets"].append(
            {"budget": name, "measured": measured, "limit": limit, "result": verdict(ok)}
        )


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def environment(quick: bool) -> JSON:
    deepdiff_version = _version("deepdiff")
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "mode": "quick" if quick else "full",
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "positions": positions.__version__,
        "attrs": _version("attrs"),
        "cattrs": _version("cattrs"),
        "deepdiff": deepdiff_version,
        "positions_command": " ".join(positions_command()),
    }


def startup(res: Results, repeat: int) -> None:
    exe = sys.executable
    pos = positions_command()
    base, helped = interleaved([[exe, "-c", "pass"], [*pos, "--help"]], repeat)
    floor, compared = interleaved(
        [[exe, "-c", "import attrs, cattrs, tabulate"], [*pos, "compare"]], repeat
    )
    checks = (
        ("positions --help vs python -c pass", "positions --help", helped, base, HELP_RATIO),
        (
            "positions compare (bundled) vs import floor",
            "positions compare (bundled case)",
            compared,
            floor,
            COMPARE_RATIO,
        ),
    )
    rows: list[list[str]] = []
    for (budget, label, run, against, limit), base_label in zip(
        checks, ("python -c pass", "python -c 'import attrs, cattrs, tabulate'"), strict=True
    ):
        ratio = run.wall / against.wall
        ok = ratio <= limit
        rows.append([base_label, ms(against.wall), "", ms(against.cpu), "", "", ""])
        rows.append(
            [
                label,
                ms(run.wall),
                f"{ratio:.2f}x",
                ms(run.cpu),
                f"{run.cpu / against.cpu:.2f}x",
                f"<= {limit}x",
                verdict(ok),
            ]
        )
        res.budget(budget, f"{ratio:.2f}x", f"<= {limit}x", ok)
    say(
        table(
            f"Start-up (subprocess, median of {repeat}; budgets on wall time, CPU for reference)",
            ["command", "wall ms", "ratio", "CPU ms", "CPU ratio", "budget", "result"],
            rows,
        )
    )
    res.data["startup"] = {
        "repeat": repeat,
        **{
            f"{name}_{kind}_s": getattr(run, kind)
            for name, run in (
                ("python_pass", base),
                ("help", helped),
                ("import_floor", floor),
                ("compare_bundled", compared),
            )
            for kind in ("wall", "cpu")
        },
    }


def make_cases(folder: Path, sizes: Sequence[tuple[int, int]]) -> list[JSON]:
    largest = sizes[-1][0] * sizes[-1][1] * DENSITY
    cases = []
    for parties, issues in sizes:
        stances = parties * issues * DENSITY
        params = generate.Params(
            parties=parties,
            issues=issues,
            density=DENSITY,
            dates=DATES,
            preconditions=round(LARGEST_PRECONDITIONS * stances / LARGEST_STANCES),
            seed=1,
        )
        path = folder / f"case-{parties}x{issues}.json"
        doc = generate.write(params, path)
        cases.append(
            {
                "path": path,
                "params": params,
                "parties": parties,
                "issues": issues,
                "stances": len(doc["stance"]),
                "precondition_records": len(doc["precondition"]),
                "bytes": path.stat().st_size,
                "largest": stances == largest,
            }
        )
    return cases


def control(case: Any) -> dict[tuple[str, str], Any]:
    """The control: one plainly linear pass over the case's stances (the latest per party and
    issue, as a snapshot keeps them). Its cost per stance still grows with the case, as the
    objects outgrow the CPU caches; operations are judged against that growth."""
    held: dict[tuple[str, str], Any] = {}
    for s in case.stances:
        key = (s.party, s.issue)
        old = held.get(key)
        if old is None or s.as_of >= old.as_of:
            held[key] = s
    return held


def measure(c: JSON, repeat: int, pairwise_repeat: int) -> dict[str, float]:
    """The median time of each operation on one generated case, in this process."""
    path: Path = c["path"]
    params: generate.Params = c["params"]
    # load first, with no other case alive (the garbage collector walks every live object)
    first = timed_run(lambda: positions.load(path), repeat)
    times = {"load": first.wall, "load cpu": first.cpu}
    case = positions.load(path)
    c["breaches"] = sum(len(row.breaches) for row in positions.compare(case).issues)
    gc.collect()
    days = params.snapshot_dates()
    fns: dict[str, tuple[Callable[[], object], int]] = {
        "control": (lambda: control(case), repeat),
        "compare": (lambda: positions.compare(case), repeat),
        "compare pairwise": (lambda: positions.compare(case, pairwise=True), pairwise_repeat),
        "evaluate": (lambda: positions.evaluate(case, "proposal"), repeat),
        "preconditions": (lambda: positions.preconditions(case), repeat),
        "history": (lambda: positions.history(case, days[0], days[-1]), repeat),
    }
    for op, (fn, r) in fns.items():
        run = timed_run(fn, r)
        times[op], times[f"{op} cpu"] = run.wall, run.cpu
    return times


def scale(res: Results, cases: list[JSON], repeat: int, pairwise_repeat: int) -> None:
    positions.load(cases[0]["path"])  # warm-up: imports, the converter
    measured: list[JSON] = []
    for c in cases:
        reps = max(1, repeat // 2) if c["largest"] else repeat
        times = measure(c, reps, pairwise_repeat)
        gc.collect()
        measured.append({**{k: v for k, v in c.items() if k not in ("path", "params")}, **times})
        say(
            f"  {c['parties']} parties x {c['issues']} issues: {c['stances']:,} stances, "
            + ", ".join(f"{op} {ms(t)} ms" for op, t in times.items() if op in OPS)
        )
    say()
    rows = []
    for m in measured:
        n = m["stances"]
        rows.append(
            [
                f"{m['parties']} x {m['issues']}",
                f"{n:,}",
                f"{m['precondition_records']:,}",
                f"{m['breaches']:,}",
                *(f"{ms(m[op])} ({m[op] / n * 1e6:.1f})" for op in OPS),
            ]
        )
    say(
        table(
            "Scale (in-process, median; ms, and in brackets µs per stance record)",
            ["parties x issues", "stances", "preconds", "breaches", *OPS],
            rows,
        )
    )
    small, large = measured[0], measured[-1]

    def units(m: JSON, op: str) -> int:
        # compare lists every breach (party A's demand outside party B's red line): its work
        # is stances + breaches, and breaches per stance grow with the parties in these sizes
        return int(m["stances"]) + (int(m["breaches"]) if op == "compare" else 0)

    def growth(key: str, op: str) -> tuple[float, float, float]:
        a = small[key] / units(small, op) * 1e6
        b = large[key] / units(large, op) * 1e6
        return a, b, b / a

    machine = growth("control", "control")[2]
    lin_rows = []
    for op in OPS:
        a, b, ratio = growth(op, op)
        cpu_ratio = growth(f"{op} cpu", op)[2]
        relative = ratio / machine
        unit = "stance + breach" if op == "compare" else "stance"
        if op == "control":
            ok, limit = None, "(reference)"
        elif op == "compare pairwise":
            # the work is pairs x issues: quadratic in parties by design, not budgeted
            ok, limit = None, "n/a (parties^2)"
        else:
            ok, limit = relative <= LINEAR_RATIO, f"<= {LINEAR_RATIO}x"
            res.budget(f"linear growth: {op} (vs control)", f"{relative:.2f}x", limit, ok)
        lin_rows.append(
            [
                op,
                unit,
                f"{a:.2f}",
                f"{b:.2f}",
                f"{ratio:.2f}x",
                f"{relative:.2f}x",
                f"{cpu_ratio:.2f}x",
                limit,
                verdict(ok),
            ]
        )
    say(
        table(
            f"Growth: µs per unit of work, largest ({large['stances']:,} stances) / smallest "
            f"({small['stances']:,})",
            [
                "operation",
                "unit",
                "µs/unit small",
                "µs/unit large",
                "growth",
                "vs control",
                "growth (CPU)",
                "budget",
                "result",
            ],
            lin_rows,
        )
    )
    say(
        "  control: one plainly linear pass over the same stances (a dict of the latest per\n"
        "  party and issue). Its growth is the machine's share (objects outgrowing the CPU\n"
        "  caches), not the code's; the budget is on growth divided by it ('vs control').\n"
        "  compare is counted per stance and breach: it lists every breach, and breaches per\n"
        "  stance grow with the number of parties. growth (CPU): from process_time, which\n"
        "  other work on the machine barely moves.\n"
    )
    res.data["scale"] = measured


def end_to_end(res: Results, case: JSON, repeat: int, quick: bool) -> None:
    pos = positions_command()
    path = str(case["path"])
    rows = []
    figures = {}
    for name, args in (
        ("compare", ["compare", path, "--format", "json"]),
        ("preconditions", ["preconditions", path, "--format", "json"]),
    ):
        run_once([*pos, *args])  # warm-up
        run = median_run([run_once([*pos, *args]) for _ in range(repeat)])
        t = run.wall
        figures[name] = t
        figures[f"{name}_cpu"] = run.cpu
        ok = None if quick else t <= E2E_SECONDS
        label = f"positions {name} CASE.json --format json"
        rows.append([label, f"{t:.2f}", f"{run.cpu:.2f}", f"<= {E2E_SECONDS:.0f} s", verdict(ok)])
        res.budget(f"CLI {name} on the 48k-stance case", f"{t:.2f} s", f"<= {E2E_SECONDS} s", ok)
    size = f"{case['parties']} x {case['issues']}, {case['stances']:,} stances"
    say(
        table(
            f"End to end (subprocess, median of {repeat}; {size}, {case['bytes'] / 1e6:.1f} MB)",
            ["command", "wall s", "CPU s", "budget", "result"],
            rows,
        )
    )
    res.data["end_to_end"] = {"repeat": repeat, **{f"{k}_s": v for k, v in figures.items()}}


def snapshot_json(case: Any, day: dt.date) -> JSON:
    """The case at `day` as plain JSON: {party/issue: stance data, party/X->Y: precondition}."""
    from positions import report

    snap = positions.snapshot(case, day)
    out: JSON = {}
    for (party, issue), s in snap.stances.items():
        out[f"{party}/{issue}"] = report.stance_json(s) | {"quote": s.quote}
    for (party, node, before), p in snap.preconditions.items():
        out[f"{party}/{node}->{before}"] = {
            "requires": report.requirement_json(p.requires),
            "basis": p.basis,
            "as_of": p.as_of.isoformat(),
            "source": p.source,
            "quote": p.quote,
        }
    plain: JSON = json.loads(json.dumps(out))  # what any JSON reader would hand deepdiff
    return plain


def peer(res: Results, case_info: JSON, repeat: int) -> None:
    params: generate.Params = case_info["params"]
    days = params.snapshot_dates()
    case = positions.load(case_info["path"])
    t_history = timed(lambda: positions.history(case, days[0], days[-1]), repeat)
    try:
        from deepdiff import DeepDiff
    except ImportError:
        say(
            table(
                "Peer: history between two snapshots",
                ["tool", "ms", "ratio", "budget", "result"],
                [
                    ["positions.history", ms(t_history), "", "", ""],
                    ["deepdiff.DeepDiff", "not installed", "", "faster than deepdiff", "n/a"],
                ],
            )
        )
        say("  (pip install deepdiff to measure the peer)\n")
        res.budget("history faster than deepdiff", "deepdiff not installed", "< 1.0x", None)
        res.data["peer"] = {"history_s": t_history, "deepdiff_s": None}
        return
    before, after = snapshot_json(case, days[0]), snapshot_json(case, days[-1])
    diff = DeepDiff(before, after)
    t_deepdiff = timed(lambda: DeepDiff(before, after), max(1, repeat // 2))
    ratio = t_history / t_deepdiff
    ok = ratio < 1.0
    changed = sum(len(v) for v in diff.values())
    say(
        table(
            f"Peer: history between {days[0]} and {days[-1]} "
            f"({case_info['stances']:,} stances; {len(before):,} and {len(after):,} records)",
            ["tool", "ms", "ratio", "budget", "result"],
            [
                ["positions.history", ms(t_history), f"{ratio:.2f}x", "< 1.0x", verdict(ok)],
                [f"deepdiff.DeepDiff ({changed:,} changes)", ms(t_deepdiff), "1.00x", "", ""],
            ],
        )
    )
    res.budget("history faster than deepdiff", f"{ratio:.2f}x", "< 1.0x", ok)
    res.data["peer"] = {"history_s": t_history, "deepdiff_s": t_deepdiff}


def memory(res: Results, case_info: JSON, quick: bool) -> None:
    path = json.dumps(str(case_info["path"]))
    library = peak_rss_mb(f"import positions\nc = positions.load({path})\npositions.compare(c)")
    cli = peak_rss_mb(
        "import os, sys\nfrom positions.cli import main\n"
        "sys.stdout = open(os.devnull, 'w')\n"
        f"main(['compare', {path}, '--format', 'json'])"
    )
    baseline = peak_rss_mb("import attrs, cattrs, tabulate")
    rows = []
    for label, mb in (
        ("load + compare (library)", library),
        ("positions compare CASE.json --format json", cli),
    ):
        ok = None if quick else mb <= PEAK_MB
        rows.append([label, f"{mb:,.0f}", f"<= {PEAK_MB:.0f} MB", verdict(ok)])
        res.budget(f"peak memory: {label}", f"{mb:,.0f} MB", f"<= {PEAK_MB:.0f} MB", ok)
    rows.append(["python -c 'import attrs, cattrs, tabulate'", f"{baseline:,.0f}", "", ""])
    say(
        table(
            f"Peak memory (child process ru_maxrss; {case_info['stances']:,} stances)",
            ["child", "MB", "budget", "result"],
            rows,
        )
    )
    res.data["memory_mb"] = {"library": library, "cli_json": cli, "import_floor": baseline}


def level_loading(res: Results, folder: Path) -> None:
    """Loading scales of 2,000 and 20,000 levels and 50,000 options (bench/levels.py)."""
    table_rows, seconds, growth = levels.report(levels.measure(folder, timed))
    ok_time, ok_growth = seconds <= levels.SECONDS, growth <= levels.GROWTH
    say(
        table(
            "Loading many levels (in-process, median; one party per 100 values)",
            ["scale", "load ms", "µs per value", "vs 2,000 levels"],
            table_rows,
        )
    )
    say(f"  growth per value, 20,000 / 2,000 levels: {growth:.2f}x (linear: 1x)\n")
    res.budget("load of 20,000 levels", f"{seconds:.2f} s", f"<= {levels.SECONDS} s", ok_time)
    res.budget(
        "loading linear in levels (per value, 20k / 2k)",
        f"{growth:.2f}x",
        f"<= {levels.GROWTH}x",
        ok_growth,
    )
    res.data["levels"] = {"growth": growth, "load_20k_levels_s": seconds}


def timeline_and_report(res: Results, case_info: JSON, folder: Path, quick: bool) -> None:
    """The timeline and the HTML report on the largest case, as ratios against its load, and
    the timeline on a case of many dates against statuses recomputed at every date
    (bench/views.py)."""
    repeat = 3 if quick else 5
    large = views.measure(case_info["path"], timed_run, repeat)
    parties, issues = (10, 150) if quick else (20, 400)
    params = generate.Params(
        parties=parties, issues=issues, dates=views.MANY_DATES, preconditions=200, seed=1
    )
    many = folder / f"case-{parties}x{issues}-{views.MANY_DATES}-dates.json"
    generate.write(params, many)
    dated = views.measure(many, timed_run, repeat)
    for result in (large, dated):
        say(
            table(
                f"Timeline and report (in-process, median; {result['stances']:,} stances, "
                f"{result['dates']} dates; the page is {result['html_bytes'] / 1e6:.1f} MB)",
                ["operation", "wall ms", "vs load", "CPU ms", "CPU vs load"],
                views.rows(result),
            )
        )
    rows = []
    for name, ratio, limit in views.budgets(large):
        ok = None if quick else ratio <= limit
        rows.append([name, f"{ratio:.2f}x", f"<= {limit}x", verdict(ok)])
        res.budget(name, f"{ratio:.2f}x", f"<= {limit}x", ok)
    say(table("Timeline and report budgets", ["budget", "measured", "limit", "result"], rows))
    share = dated["figures"]["timeline"].cpu / (
        dated["figures"]["statuses from scratch at every date"].cpu
    )
    say(f"  on {dated['dates']} dates the timeline takes {share:.2f}x the CPU of from scratch\n")
    res.data["views"] = {
        name: {
            "stances": r["stances"],
            "dates": r["dates"],
            "html_bytes": r["html_bytes"],
            **{f"{op}_s": run.wall for op, run in r["figures"].items()},
            **{f"{op}_cpu_s": run.cpu for op, run in r["figures"].items()},
        }
        for name, r in (("large", large), ("many_dates", dated))
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a fast, smaller run")
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    parser.add_argument("--keep", metavar="DIR", help="write the generated cases to DIR")
    parser.add_argument(
        "--only",
        choices=("startup", "scale", "e2e", "peer", "memory", "levels", "views"),
        action="append",
        help="run only these parts (repeatable)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget fails")
    args = parser.parse_args(argv)
    quick: bool = args.quick
    parts = set(args.only or ("startup", "scale", "e2e", "peer", "memory", "levels", "views"))

    res = Results()
    env = environment(quick)
    env["load_average_start"] = load_average()
    res.data["environment"] = env
    say(
        f"positions {env['positions']} benchmarks ({env['mode']}), {env['date']}\n"
        f"Python {env['python']} ({env['implementation']}) on {env['platform']}, "
        f"{env['cpus']} CPUs; attrs {env['attrs']}, cattrs {env['cattrs']}, "
        f"deepdiff {env['deepdiff'] or 'not installed'}\n"
        f"command: {env['positions_command']}\n"
        f"load average at the start: {env['load_average_start']}\n"
    )
    if quick:
        say("Quick run: the absolute budgets (3 s, 400 MB) are for the 48k-stance case: n/a.\n")

    global ENV
    with tempfile.TemporaryDirectory(prefix="positions-bench-") as tmp:
        ENV = child_env(Path(tmp) / "pycache")
        if "startup" in parts:
            startup(res, 5 if quick else 15)
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if "levels" in parts:
            level_loading(res, folder)
        if parts & {"scale", "e2e", "peer", "memory", "views"}:
            sizes = QUICK_SIZES if quick else FULL_SIZES
            say("Generating cases ...")
            cases = make_cases(folder, sizes)
            for c in cases:
                say(
                    f"  {c['path'].name}: {c['stances']:,} stances, "
                    f"{c['precondition_records']:,} preconditions, {c['bytes'] / 1e6:.1f} MB"
                )
            say()
            largest = cases[-1]
            if "scale" in parts:
                say("Scale ...")
                scale(res, cases, 3 if quick else 5, 1)
            if "e2e" in parts:
                end_to_end(res, largest, 1 if quick else 3, quick)
            if "peer" in parts:
                peer(res, largest, 3 if quick else 5)
            if "memory" in parts:
                memory(res, largest, quick)
            if "views" in parts:
                timeline_and_report(res, largest, folder, quick)

    env["load_average_end"] = load_average()
    say(f"load average at the end: {env['load_average_end']}\n")
    budgets = res.data["budgets"]
    say(
        table(
            "Budgets",
            ["budget", "measured", "limit", "result"],
            [[b["budget"], b["measured"], b["limit"], b["result"]] for b in budgets],
        )
    )
    failed = [b for b in budgets if b["result"] == "FAIL"]
    say(f"{len(failed)} of {len(budgets)} budgets fail.")
    if args.json:
        Path(args.json).write_text(json.dumps(res.data, indent=2, default=str) + "\n")
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
