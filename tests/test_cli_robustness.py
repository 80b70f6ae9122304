"""The command line under stress: closed pipes, Ctrl-C, --debug, hash seeds, no network."""

from __future__ import annotations

import errno
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import positions
from positions import CaseError, cli
from positions.cli import main

SEED = Path(__file__).parent.parent / "seeds" / "syria-israel-2026.toml"
BAD = Path(__file__).parent / "bad"
COMMANDS = [
    ["compare"],
    ["evaluate", "--package", "talks-aim"],
    ["preconditions"],
    ["show"],
    ["check"],
]


def python(*args: str, hash_seed: str = "0", **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Runs this interpreter with `args`, UTF-8 output and the given PYTHONHASHSEED."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
        **kwargs,
    )


def big_case(tmp_path: Path) -> Path:
    """A valid case whose `show` output is far larger than a pipe's buffer."""
    parties = "".join(
        f'[[party]]\nid = "party-{i}"\nname = "Party number {i} with a longish name"\n\n'
        for i in range(5000)
    )
    path = tmp_path / "big.toml"
    path.write_text(
        f'[case]\nid = "big"\ntitle = "Big"\nas_of = 2030-01-01\n\n{parties}', encoding="utf-8"
    )
    return path


@pytest.mark.skipif(shutil.which("head") is None, reason="needs head(1)")
@pytest.mark.parametrize("big", [False, True], ids=["seed", "larger-than-pipe"])
def test_cli_closed_pipe_exits_quietly(big: bool, tmp_path: Path) -> None:
    """`positions show | head -1` prints one line; positions exits 0 with nothing on stderr."""
    argv = [sys.executable, "-m", "positions", "show"]
    if big:
        argv.append(str(big_case(tmp_path)))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    writer = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert writer.stdout is not None and writer.stderr is not None
    reader = subprocess.Popen(["head", "-1"], stdin=writer.stdout, stdout=subprocess.PIPE)
    writer.stdout.close()  # only head holds the pipe now: when it exits, the pipe closes
    head_out, _ = reader.communicate(timeout=120)
    err = writer.stderr.read()
    writer.stderr.close()
    code = writer.wait(timeout=120)
    assert 1 == len(head_out.splitlines())
    assert (0, b"") == (code, err)


class _ClosedPipe(io.StringIO):
    """A stdout whose reader has gone away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


def test_main_broken_pipe_returns_0_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """When stdout's reader has gone away, main stops quietly: exit 0, nothing on stderr."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert 0 == main(["show"])
    assert "" == capsys.readouterr().err


def test_cli_debug_shows_the_traceback_of_an_invalid_case() -> None:
    """With --debug, an invalid case ends in the CaseError's traceback; without, in one line."""
    path = str(BAD / "unknown-level.toml")
    debug = python("-m", "positions", "--debug", "show", path)
    assert 0 != debug.returncode
    assert "Traceback (most recent call last)" in debug.stderr
    assert "positions.errors.CaseError" in debug.stderr
    plain = python("-m", "positions", "show", path)
    assert 2 == plain.returncode
    assert "Traceback" not in plain.stderr
    assert plain.stderr.startswith(f"positions: error: {path}:56:10: unknown level 'ful'")


def test_main_debug_raises_case_error() -> None:
    """main(["--debug", ...]) lets the CaseError out instead of printing it."""
    with pytest.raises(CaseError):
        main(["--debug", "show", str(BAD / "unknown-level.toml")])


def test_main_ctrl_c_returns_130_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C during a command makes main return 130 and say so in one line, no traceback."""

    def interrupted(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "show", interrupted)
    assert 130 == main(["show"])
    out, err = capsys.readouterr()
    assert ("", "positions: interrupted\n") == (out, err)


SCRIPT = """
import sys
from positions.cli import main
for argv in {commands!r}:
    for fmt in ("simple", "json"):
        print("=====", *argv, fmt, flush=True)
        print("exit", main([*argv, "--format", fmt]), flush=True)
"""


def test_cli_output_is_identical_across_runs_and_hash_seeds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """compare, evaluate, preconditions, show and check print byte-identical output every run."""
    script = SCRIPT.format(commands=COMMANDS)
    runs = [python("-c", script, hash_seed=seed) for seed in ("0", "1", "4242", "0")]
    assert all("" == r.stderr for r in runs), [r.stderr for r in runs]
    assert 1 == len({r.stdout for r in runs})
    # and the same as this process prints
    here = []
    for argv in COMMANDS:
        for fmt in ("simple", "json"):
            code = main([*argv, "--format", fmt])
            here.append(f"===== {' '.join(argv)} {fmt}\n{capsys.readouterr().out}exit {code}\n")
    assert "".join(here) == runs[0].stdout
    assert 10 == runs[0].stdout.count("=====")


def test_load_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading a case and running a command open no socket and resolve no name."""

    def no_network(*_: object, **__: object) -> Any:
        raise AssertionError("positions tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    case = positions.load(SEED)
    assert "syria-israel-2026" == case.id
    assert case == positions.loads(positions.dumps(case), format="json")
    assert 0 == main(["compare", str(SEED), "--format", "json"])


# --------------------------------------------------------------------------------------------
# output that cannot be written, a bug, and Ctrl-C twice

WRITE_ERROR = "positions: error: cannot write to standard output: "


class _FullDisk(io.StringIO):
    """A stdout on a full disk."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    ("stdout", "reason"),
    [(_FullDisk(), "No space left on device"), (None, "it is closed")],
    ids=["full", "closed"],
)
def test_main_unwritable_stdout_is_one_error_exit_2(
    stdout: io.StringIO | None,
    reason: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A stdout that cannot take the output (full, or closed) makes main say so in one line
    naming standard output, and return 2: not an internal error."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", stdout)
    assert 2 == main(["compare"])
    assert f"{WRITE_ERROR}{reason}\n" == capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["compare"], ["--help"]], ids=" ".join)
def test_cli_full_disk_exits_2_with_one_line(argv: list[str]) -> None:
    """`positions compare > /dev/full` (or --help) exits 2 with one line naming standard output,
    and nothing more when the interpreter exits."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "positions", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    assert (2, f"{WRITE_ERROR}No space left on device\n") == (done.returncode, done.stderr)


def python_without_stdout(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs this interpreter with `args` and standard output closed (a shell's `>&-`)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" >&-', sys.executable, *args],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_cli_closed_stdout_exits_2_with_one_line() -> None:
    """`positions compare >&-` exits 2 with one line, not a traceback or an internal error."""
    done = python_without_stdout("-m", "positions", "compare")
    assert (2, f"{WRITE_ERROR}it is closed\n") == (done.returncode, done.stderr)


def test_main_bug_is_internal_error_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real bug (an exception positions did not mean to raise) is still exit 70."""

    def broken(*_: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "show", broken)
    assert 70 == main(["show"])
    assert capsys.readouterr().err.startswith("positions: internal error: RuntimeError: a bug")


SLOW = """
import signal, sys, time
from positions import cli

class SlowStderr:
    # a terminal slow to take the last words: a second Ctrl-C arrives while they are written
    def write(self, text):
        sys.__stderr__.write(text)
        sys.__stderr__.flush()
        if "interrupted" in text:
            time.sleep(1.5)
    def flush(self):
        sys.__stderr__.flush()

def slow(args, out):
    sys.stderr.write("ready\\n")
    time.sleep(60)
    return 0

cli.COMMANDS["show"] = slow
sys.stderr = SlowStderr()
sys.exit(cli.main(["show"]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name == "nt", reason="needs POSIX signals")
def test_cli_double_ctrl_c_exits_130_without_traceback() -> None:
    """Ctrl-C twice (the second while positions stops) exits 130 with one line, no traceback."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stderr is not None
    assert "ready\n" == child.stderr.readline()
    child.send_signal(signal.SIGINT)
    assert "positions: interrupted\n" == child.stderr.readline()
    child.send_signal(signal.SIGINT)  # while the slow terminal takes the line
    out, err = child.communicate(timeout=60)
    assert (130, "", "") == (child.returncode, out, err)
