"""The command line's parser: every command, its options and their help, and the checks of
option values (dates, party ids, counts, finding codes) that argparse runs while parsing."""

from __future__ import annotations

import argparse
import sys

from positions._cli.common import Usage
from positions._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from typing import Any, NoReturn

__all__ = ["SHEETS", "build_parser"]

FORMAT_HELP = (
    "output format: any tabulate format (simple, plain, github, pipe, grid, rounded_grid, html, "
    "latex, orgtbl, rst, tsv, ...), csv, or json (default: simple)"
)


CSV_RAW_HELP = (
    "with --format csv: write every cell exactly as it is, for programs. Unsafe to open in a "
    "spreadsheet: by default a cell that a spreadsheet would run as a formula (one starting "
    "with = + - @) gets a leading ', and control characters are shown as escapes"
)


WIDTH_HELP = (
    "fit tables to N columns, wrapping the widest cells (and using issues' short labels); "
    "default: the terminal's width when writing to a terminal. Pipes and files are never "
    "wrapped, nor csv, json, markdown (github, pipe, ...), html or latex output"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise Usage(message)


def _date(text: str) -> dt.date:
    import datetime as dt

    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD (e.g. 2026-01-05), got {text!r}"
        ) from None


def _parties(text: str) -> list[str]:
    names = [p.strip() for p in text.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"expected party ids separated by commas, got {text!r}")
    return names


def _ids(text: str) -> list[str]:
    names = [p.strip() for p in text.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"expected ids separated by commas, got {text!r}")
    return names


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _codes(text: str) -> tuple[str, ...]:
    from positions.engine.check import CODES

    codes = tuple(c.strip() for c in text.split(","))
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown finding code {unknown[0]!r} (codes: {', '.join(CODES)})"
        )
    return codes


def _only(command: str) -> type[_Parser]:
    """The parser class for the commands of a run of `command`: its parser takes every option,
    the others none (they are listed, name and help, but not run: what setting up their
    options costs is saved)."""

    class Parser(_Parser):
        def __init__(self, **kwargs: Any) -> None:
            self.unused = str(kwargs.get("prog")).rsplit(" ", 1)[-1] != command
            super().__init__(**kwargs)

        def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
            if self.unused:
                return argparse.Action(option_strings=[], dest=argparse.SUPPRESS)
            return super().add_argument(*args, **kwargs)

    return Parser


def build_parser(run: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `run`, a command's name, only that command's options
    are set up (every command is still listed): what one run needs, in a fraction of the
    time."""
    parser = _Parser(
        prog="positions",
        description="Compare the positions of parties in a negotiation: demands, red lines, "
        "preconditions, and how they move.",
        epilog="CASE is a case file (.toml or .json) or a bundled case id (see `positions "
        "cases`); the default is the bundled Syria–Israel case.",
    )
    parser.add_argument("--version", action="version", version=f"positions {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        parser_class=_Parser if run is None else _only(run),
    )
    sub.required = True

    def command(name: str, help: str, case: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        if case:
            p.add_argument("case", nargs="?", metavar="CASE", help="a case file or bundled id")
        p.add_argument("--format", default="simple", metavar="FORMAT", help=FORMAT_HELP)
        p.add_argument("--csv-raw", action="store_true", help=CSV_RAW_HELP)
        p.add_argument("--width", type=_count, metavar="N", help=WIDTH_HELP)
        return p

    def as_of(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--as-of",
            type=_date,
            metavar="DATE",
            help="the snapshot date (default: the case's as_of)",
        )

    def min_basis(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--min-basis",
            choices=("stated", "reported", "inferred"),
            help="leave out claims (and parts of stances) weaker than this "
            "(stated > reported > inferred)",
        )

    def notes(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--notes",
            action="store_true",
            help="number each claim and add a table of notes: its basis, source, quote and "
            "the analyst's note (why an inferred claim was inferred)",
        )

    def parties(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument(
            "--parties",
            type=_parties,
            metavar="A,B,...",
            help=f"{what} only these parties (ids, comma-separated)",
        )

    command("cases", "list the bundled cases", case=False)

    p = command("show", "show a case: parties, members, issues, stances, ...")
    from_show = (
        "summary",
        "parties",
        "members",
        "issues",
        "stances",
        "preconditions",
        "milestones",
        "packages",
        "sources",
    )
    p.add_argument(
        "--what",
        choices=from_show,
        default="summary",
        help="what to show (default: summary = parties and members)",
    )
    as_of(p)

    p = sub.add_parser(
        "check",
        help="check cases for consistency",
        description="check cases for consistency; exit 1 if any error is found",
    )
    p.add_argument("cases", nargs="*", metavar="CASE", help="case files or bundled ids")
    p.add_argument("--format", default="simple", metavar="FORMAT", help=FORMAT_HELP)
    p.add_argument("--csv-raw", action="store_true", help=CSV_RAW_HELP)
    p.add_argument("--width", type=_count, metavar="N", help=WIDTH_HELP)
    p.add_argument(
        "--ignore",
        type=_codes,
        metavar="CODE,...",
        default=(),
        help="leave out warnings with these codes (comma-separated; errors are never left out)",
    )

    p = command("compare", "where the parties overlap and conflict, issue by issue")
    parties(p, "compare")
    as_of(p)
    min_basis(p)
    notes(p)
    p.add_argument("--pairwise", action="store_true", help="also count statuses per pair")
    p.add_argument(
        "--fail-on",
        choices=("conflict", "open"),
        help="exit 1 if any issue is in conflict (or, with 'open', open or in conflict)",
    )

    p = command("evaluate", "test a package against every party's demands and red lines")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--package", metavar="ID", help="a package of the case")
    which.add_argument(
        "--proposal", metavar="FILE", help="a file holding one [[package]] in the case format"
    )
    parties(p, "give verdicts of")
    as_of(p)
    min_basis(p)
    notes(p)

    p = command("preconditions", "who requires what before what, and where sequencing locks")
    as_of(p)
    min_basis(p)
    notes(p)
    p.add_argument(
        "--graph",
        choices=("mermaid", "dot"),
        help="print the sequencing graph as a Mermaid flowchart or Graphviz DOT",
    )

    p = command(
        "deals",
        "packages across all issues that breach no known red line; if none, what blocks them",
    )
    parties(p, "search for")
    as_of(p)
    min_basis(p)
    p.add_argument(
        "--issues",
        type=_ids,
        metavar="A,B,...",
        help="search over these issues only (ids, comma-separated; default: all)",
    )
    p.add_argument(
        "--top",
        type=_count,
        default=5,
        metavar="N",
        help="show the N best packages (default: 5)",
    )
    p.add_argument(
        "--limit",
        type=_count,
        default=10,
        metavar="N",
        help="when no package exists, list at most N blocking sets of red lines (default: 10)",
    )

    p = command("history", "what moved between two dates")
    p.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar="DATE",
        help="the earlier date (default: the case's earliest)",
    )
    p.add_argument(
        "--to",
        dest="end",
        type=_date,
        metavar="DATE",
        help="the later date (default: the case's latest)",
    )

    p = command("timeline", "each issue's status at every date on which the record changes")
    parties(p, "follow")
    p.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar="DATE",
        help="the first column: the state at this date (default: the first change)",
    )
    p.add_argument(
        "--to",
        dest="end",
        type=_date,
        metavar="DATE",
        help="the last date to show (default: the last change)",
    )
    min_basis(p)
    p.add_argument(
        "--by",
        choices=("issue", "party"),
        default="issue",
        help="'party': under each issue, each party's stance at each date (default: issue)",
    )

    p = sub.add_parser(
        "report",
        help="write a one-file HTML report: positions, breaches, packages, preconditions, "
        "the sequencing graph and the timeline",
        description="write a self-contained HTML report of a case (no network needed to view "
        "it, no scripts): the position matrix with sources, breaches, every proposal and "
        "reference package evaluated, preconditions, the sequencing graph and the timeline",
    )
    p.add_argument("case", nargs="?", metavar="CASE", help="a case file or bundled id")
    as_of(p)
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write (default: CASE-ID.html in the current folder; '-' for "
        "standard output); written whole or not at all",
    )

    sub.add_parser(
        "schema",
        help="print the JSON Schema of the case file format",
        description="print the JSON Schema (draft 2020-12) of the case file format, for editors "
        "and other programs; it checks structure only, loading a case checks the rest",
    )

    _sheet_commands(sub)
    return parser


def _sheet_commands(sub: Any) -> None:
    """The authoring commands: import, export, new."""
    p = sub.add_parser(
        "import",
        help="read stances and preconditions from a spreadsheet (CSV or XLSX) into a case",
        description="read a spreadsheet's rows (one per stance or precondition; new parties, "
        "issues, sources and milestones on sheets of their own) into a new, commented TOML case, "
        "or add them to an existing case with --into. Every mistake is reported with its sheet, "
        "row and column, and nothing is written unless every row is valid (see "
        "docs/spreadsheet.md)",
    )
    p.add_argument(
        "sheets",
        nargs="+",
        metavar="SHEET",
        help="a .csv file (one kind of sheet each) or an .xlsx workbook (a sheet per kind)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the case file to write (default: standard output; with --into, CASE itself); "
        "written whole or not at all",
    )
    p.add_argument(
        "--into",
        metavar="CASE",
        help="a case file (.toml or .json) to add the rows to: they may name its parties, "
        "issues, sources and milestones; a TOML file keeps its text and comments",
    )
    p.add_argument("--id", metavar="ID", help="a new case's id (default: from the file names)")
    p.add_argument("--title", metavar="TEXT", help="a new case's title")

    p = sub.add_parser(
        "export",
        help="write a case's stances, preconditions or issues as a sheet (CSV or XLSX)",
        description="write a case's records in the long format `positions import` reads back "
        "(one row per stance, precondition, level of an issue, party, source or milestone), "
        "for spreadsheets, pandas and Datawrapper; importing the export gives the same records",
    )
    p.add_argument("case", nargs="?", metavar="CASE", help="a case file or bundled id")
    p.add_argument(
        "--what",
        choices=(*SHEETS, "all"),
        help="which sheet (default: stances; all: every sheet, in one workbook, with --format "
        "xlsx, which is its default)",
    )
    p.add_argument(
        "--format",
        dest="sheet_format",
        choices=("csv", "xlsx"),
        help="csv (default) or xlsx (needs -o; default when -o ends in .xlsx). CSV opens safely "
        "in a spreadsheet: a cell that would run as a formula gets a leading ', which import "
        "takes off",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write (default: standard output); written whole or not at all",
    )

    p = sub.add_parser(
        "new",
        help="write a commented skeleton case to start from",
        description="write a commented skeleton case: every key of the format with one example "
        "each, ready to edit; it loads, and `positions check` finds only the warnings it "
        "explains. Never overwrites a file",
    )
    p.add_argument("case_id", metavar="CASE-ID", help="the new case's id (a slug)")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="the file to write (default: CASE-ID.toml)"
    )


SHEETS = ("stances", "preconditions", "issues", "parties", "sources", "milestones")
