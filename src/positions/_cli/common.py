"""What every part of the command line shares: the usage error, and one line on standard
error."""

from __future__ import annotations

import sys


class Usage(Exception):
    """A usage error found after parsing; reported like argparse's own."""


def say(line: str) -> None:
    """One line on standard error, if there is one to write to."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # closed, full or gone: nowhere to say it
        pass


def print_case_error(e: Exception) -> None:
    """A case's problems, one line each, with the file's name made safe to show."""
    from positions._report.safe import visible
    from positions.errors import CaseError

    assert isinstance(e, CaseError)
    for problem in e.problems:  # the file's name as typed may hold control characters too
        say(f"positions: error: {problem.in_file(visible(e.file))}")
