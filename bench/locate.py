"""What line numbers in load errors cost: loading a valid file (which must not get slower) and
loading the same file with one mistake in its last stance (the error path, which now scans the
text for the mistake's line).

    python bench/locate.py                       # this tree: valid and error-path loads
    python bench/locate.py --against OTHER/src   # also the valid load with another tree's code

`--against` runs the same valid-file timing in a child Python whose `positions` comes from
OTHER/src (say, a copy of src/ with io.py and errors.py as they were before line numbers), in
turns with this tree's, and prints the ratio. Times are medians; see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/generate.py, next to this file)

TIMING = """
import gc, statistics, sys, time
import positions
path = sys.argv[1]
runs = []
for _ in range(int(sys.argv[2])):
    gc.collect()
    start = time.perf_counter()
    positions.load(path)
    runs.append(time.perf_counter() - start)
print(statistics.median(runs))
"""


def median_load(path: Path, repeat: int, src: str | None) -> float:
    """The median seconds of `positions.load(path)` in a fresh child Python (code from `src`,
    else the installed positions)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src
    done = subprocess.run(
        [sys.executable, "-c", TIMING, str(path), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return float(done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--against", metavar="SRC", help="another tree's src/ to compare with")
    parser.add_argument("--parties", type=int, default=20)
    parser.add_argument("--issues", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=9, help="loads per child (default: 9)")
    parser.add_argument("--turns", type=int, default=5, help="children per tree (default: 5)")
    args = parser.parse_args(argv)
    import positions

    with tempfile.TemporaryDirectory() as folder:
        valid = Path(folder) / "case.json"
        params = generate.Params(parties=args.parties, issues=args.issues, seed=1)
        doc = generate.write(params, valid)
        broken = Path(folder) / "broken.json"
        doc["stance"][-1]["demand"] = "not-a-level"
        broken.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        size = valid.stat().st_size / 1e6
        print(f"case: {len(doc['stance']):,} stances, {size:.1f} MB (JSON)")

        here: list[float] = []
        other: list[float] = []
        for _ in range(args.turns):  # in turns, so that drift on the machine hits both alike
            here.append(median_load(valid, args.repeat, None))
            if args.against:
                other.append(median_load(valid, args.repeat, args.against))
        print(f"valid load, this tree: {statistics.median(here) * 1000:,.1f} ms")
        if other:
            ratio = statistics.median(here) / statistics.median(other)
            print(f"valid load, {args.against}: {statistics.median(other) * 1000:,.1f} ms")
            print(f"ratio (this / other): {ratio:.3f} (budget: <= 1.10)")

        runs = []
        line = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            try:
                positions.load(broken)
            except positions.CaseError as e:
                line = e.problems[0].in_file("broken.json")
            runs.append(time.perf_counter() - start)
        print(f"load with one mistake in the last stance: {statistics.median(runs) * 1000:,.1f} ms")
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
