"""The `positions` command: where argv is read, results reach standard output and the exit
code is picked (the parser, the commands and what they share are in `positions._cli`).

Exit codes: 0 ok; 1 `check` found an error, or `--fail-on` matched; 2 a usage error, a file
that is not a valid case, or output that cannot be written (a full disk, a closed standard
output); 130 interrupted; 70 a bug in positions (an internal error: please report it).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys

from positions._cli.commands import COMMANDS, check_format
from positions._cli.common import Usage, print_case_error, say
from positions._cli.parser import build_parser

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["COMMANDS", "build_parser", "main"]

# `positions --help` should cost little more than starting Python: what only annotations need
# is not imported at run time (typing, datetime, pathlib, the model), nor cattrs and tabulate;
# the commands import what they use when they run.


def _discard_stdout() -> None:
    """Point standard output at the null device, so that nothing left in its buffer fails
    again when the interpreter flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass


def _write_out(text: str, code: int) -> int:
    """Write the result to standard output and return `code`; or, when standard output cannot
    take it (a full disk, a closed descriptor), say so in one line and return 2. A reader that
    went away (BrokenPipeError) is left to main, which stops quietly."""
    try:
        if sys.stdout is None:  # started with standard output closed (`>&-`)
            raise ValueError("it is closed")
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:
        reason = (e.strerror if isinstance(e, OSError) else None) or "it is closed"
        _discard_stdout()
        say(f"positions: error: cannot write to standard output: {reason}")
        return 2
    return code


class _Unwritable(Exception):
    """Standard output could not take a part of a long result (said already): exit 2."""


class _Spool(io.StringIO):
    """Where a command writes its result. A short result is held until the command is done,
    so that an error leaves nothing on standard output; a long one (over `LIMIT` characters:
    a large case's JSON) goes out in parts as it is made, so that it is never held whole."""

    LIMIT = 1 << 20

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size > self.LIMIT and _write_out(self.rest(), 0):
            raise _Unwritable
        return len(text)

    def rest(self) -> str:
        """What is held and not yet written (and forget it)."""
        text = "".join(self._parts)
        self._parts.clear()
        self._size = 0
        return text


def _on_interrupt(signum: int, frame: object) -> None:
    """Ctrl-C: stop the command. A second Ctrl-C while it stops is ignored: it would break into
    the clean-up (or the interpreter's own) and print a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _catch_interrupts() -> Callable[[], None]:
    """Route Ctrl-C through `_on_interrupt` when Python's default handler is in place (and
    this is the main thread); returns what puts the default back unless Ctrl-C was pressed
    (then the process is ending, and further presses stay ignored)."""
    import signal

    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return lambda: None
    try:
        signal.signal(signal.SIGINT, _on_interrupt)
    except ValueError:  # not the main thread: signals are not ours to handle
        return lambda: None

    def restore() -> None:
        if signal.getsignal(signal.SIGINT) is _on_interrupt:
            signal.signal(signal.SIGINT, signal.default_int_handler)

    return restore


def _command_of(words: Sequence[str]) -> str | None:
    """The command a command line runs (its first word that is not an option), when it names
    one; None when it asks for the top-level help or version, or names none."""
    for word in words:
        if word in ("-h", "--help", "--version"):
            return None
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    # A short-lived process that builds many objects and frees few: the cyclic collector's
    # passes over a large case cost a third of the run and reclaim nothing worth having.
    gc.disable()
    for stream in (sys.stdout, sys.stderr):  # a terminal that is not UTF-8 gets \u escapes
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_of(words))
    debug = "--debug" in words
    restore = _catch_interrupts()
    try:
        return _run(parser, argv, debug)
    finally:
        restore()


def _run(parser: argparse.ArgumentParser, argv: Sequence[str] | None, debug: bool) -> int:
    try:
        try:
            args = parser.parse_args(argv)
        except Usage as e:
            say(f"positions: error: {e}")
            return 2
        except SystemExit as e:  # --help, --version: what argparse printed must get out too
            return _write_out("", e.code if isinstance(e.code, int) else 0)
        if getattr(args, "format", "simple") != "simple":
            check_format(args.format)
        if getattr(args, "csv_raw", False) and args.format != "csv":
            raise Usage("--csv-raw goes with --format csv")
        buffer = _Spool()
        code = COMMANDS[args.command](args, buffer)
        return _write_out(buffer.rest(), code)
    except _Unwritable:
        return 2
    except KeyboardInterrupt:
        if debug:
            raise
        say("positions: interrupted")
        return 130
    except BrokenPipeError:
        _discard_stdout()  # the reader went away (e.g. `| head -1`): stop quietly
        return 0
    except Exception as e:
        if debug:
            raise
        from positions.errors import CaseError, PositionsError

        if isinstance(e, CaseError):
            print_case_error(e)
            return 2
        if isinstance(e, Usage | PositionsError):
            say(f"positions: error: {e}")
            return 2
        say(
            f"positions: internal error: {type(e).__name__}: {e} "
            "(run with --debug for the traceback)"
        )
        return 70
