"""The `positions` command: the only module that reads argv, prints, or picks an exit code.

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

from positions._version import __version__

# `positions --help` should cost little more than starting Python: what only annotations need
# is not imported at run time (typing, datetime, pathlib, the model), nor cattrs and tabulate.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any, NoReturn, TextIO

    from positions._report.words import Wording
    from positions.model import Case
    from positions.report import Table

__all__ = ["build_parser", "main"]

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


class _Usage(Exception):
    """A usage error found after parsing; reported like argparse's own."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise _Usage(message)


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
        choices=(*_SHEETS, "all"),
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


_SHEETS = ("stances", "preconditions", "issues", "parties", "sources", "milestones")


# --------------------------------------------------------------------------------------------


def _load_case(arg: str | None) -> Case:
    from positions import _bundled
    from positions.io import load

    if arg is None:
        return _bundled.bundled()
    from pathlib import Path

    path = Path(arg)
    if path.suffix.lower() in (".toml", ".json") or os.sep in arg or _exists(path):
        return load(arg)  # as given: Path("case.toml/") would drop the '/'
    if arg in _bundled.bundled_ids():
        return _bundled.bundled(arg)
    from positions._echo import short

    raise _Usage(
        f"no case file or bundled case {short(arg)} (bundled: "
        f"{', '.join(_bundled.bundled_ids())}); a case file ends in .toml or .json"
    )


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long for the system, say: not a file, so maybe a bundled id
        return False


def _check_format(fmt: str) -> None:
    if fmt in ("json", "csv"):
        return  # ours: no need to import tabulate to know them
    from positions.report import table_formats

    formats = table_formats()
    if fmt not in formats:
        raise _Usage(f"unknown --format {fmt!r} (choose from: {', '.join(formats)})")


def _emit(
    out: TextIO,
    args: argparse.Namespace,
    tables: Callable[[], list[Table]],
    data: Callable[[], dict[str, Any]],
) -> None:
    from positions import report

    if args.format == "json":
        from positions._report.render import write_json

        write_json(out, data())  # a record at a time
    else:
        out.write(report.render(tables(), args.format, raw_csv=args.csv_raw, width=_width(args)))


def _width(args: argparse.Namespace) -> int | None:
    """The width to fit tables to: --width, else the terminal's when standard output is one
    (the only place that looks at the terminal); None for pipes and files: never wrapped."""
    given: int | None = getattr(args, "width", None)
    if given is not None:
        return given
    try:
        if sys.stdout is None or not sys.stdout.isatty():
            return None
    except (AttributeError, OSError, ValueError):  # closed or unusual: not a terminal
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _wording(case: Case, args: argparse.Namespace, as_of: dt.date | None = None) -> Wording:
    """How the tables word things: labels except in CSV (ids for programs), old stances
    dated against `as_of`, and footnotes with --notes."""
    from positions._report.words import Notes, Wording

    return Wording(
        case=case,
        labels=args.format != "csv",
        as_of=as_of,
        notes=Notes(case) if getattr(args, "notes", False) else None,
    )


def _cmd_cases(args: argparse.Namespace, out: TextIO) -> int:
    from positions import _bundled, report

    rows = []
    for ident in _bundled.bundled_ids():
        case = _bundled.bundled(ident)
        rows.append(
            (
                ident,
                case.title,
                case.as_of.isoformat(),
                str(len(case.parties)),
                str(len(case.issues)),
                str(len(case.stances)),
            )
        )
    table = report.Table(
        title="Bundled cases",
        headers=("Id", "Title", "As of", "Parties", "Issues", "Stances"),
        rows=tuple(rows),
    )
    _emit(
        out,
        args,
        lambda: [table],
        lambda: {"cases": [{"id": r[0], "title": r[1], "as_of": r[2]} for r in rows]},
    )
    return 0


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report
    from positions.engine.snapshot import snapshot

    case = _load_case(args.case)
    stances, pres = list(case.stances), list(case.preconditions)
    if args.as_of is not None:
        snap = snapshot(case, args.as_of)
        held = {id(b) for group in snap.branches.values() for b in group if not b.retracted}
        stances = [s for s in case.stances if id(s) in held]
        pres = [p for p in case.preconditions if snap.preconditions.get(p.key) is p]
    _emit(
        out,
        args,
        lambda: report.show_tables(case, args.what, stances, pres, labels=args.format != "csv"),
        lambda: report.show_json(case, args.what, stances, pres),
    )
    return 0


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report
    from positions.engine.check import check
    from positions.errors import CaseError

    targets: list[str | None] = list(args.cases) or [None]
    tables: list[Table] = []
    findings_json: list[dict[str, Any]] = []
    worst = 0
    for target in targets:
        try:
            case = _load_case(target)
        except CaseError as e:
            _print_case_error(e)
            worst = 2
            continue
        label = target if target is not None else case.id
        findings = [
            f for f in check(case) if not (f.severity == "warning" and f.code in args.ignore)
        ]
        if any(f.severity == "error" for f in findings):
            worst = max(worst, 1)
        tables.extend(report.check_tables(label, findings))
        findings_json.extend({"file": label, **report.finding_json(f)} for f in findings)
    if tables:
        _emit(out, args, lambda: tables, lambda: {"findings": findings_json})
    return worst


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report
    from positions.engine.compare import compare

    case = _load_case(args.case)
    result = compare(
        case,
        parties=args.parties,
        as_of=args.as_of,
        min_basis=args.min_basis,
        pairwise=args.pairwise,
    )
    _emit(
        out,
        args,
        lambda: report.compare_tables(case, result, _wording(case, args, result.as_of)),
        lambda: report.compare_json(case, result, stream=True),
    )
    failing = {"conflict": {"conflict"}, "open": {"conflict", "open"}}.get(args.fail_on, set())
    return 1 if any(row.status in failing for row in result.issues) else 0


def _cmd_evaluate(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report
    from positions.engine.evaluate import evaluate
    from positions.io import load_package

    case = _load_case(args.case)
    if args.package is not None:
        if not case.has_package(args.package):
            known = ", ".join(p.id for p in case.packages) or "none"
            raise _Usage(f"unknown package {args.package!r} (packages: {known})")
        package = case.package(args.package)
    else:
        package = load_package(args.proposal, case)
    result = evaluate(
        case, package, as_of=args.as_of, min_basis=args.min_basis, parties=args.parties
    )
    _emit(
        out,
        args,
        lambda: report.evaluate_tables(case, result, _wording(case, args, result.as_of)),
        lambda: report.evaluate_json(case, result),
    )
    return 0


def _cmd_preconditions(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report
    from positions.engine.sequencing import preconditions

    case = _load_case(args.case)
    result = preconditions(case, as_of=args.as_of, min_basis=args.min_basis)
    if args.graph == "mermaid":
        out.write(report.mermaid(case, result))
    elif args.graph == "dot":
        out.write(report.dot(case, result))
    else:
        _emit(
            out,
            args,
            lambda: report.preconditions_tables(case, result, _wording(case, args, result.as_of)),
            lambda: report.preconditions_json(case, result),
        )
    return 0


def _cmd_deals(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report
    from positions.engine.deals import deals

    case = _load_case(args.case)
    result = deals(
        case,
        parties=args.parties,
        as_of=args.as_of,
        min_basis=args.min_basis,
        issues=args.issues,
        top=args.top,
        limit=args.limit,
    )
    _emit(
        out,
        args,
        lambda: report.deals_tables(case, result, _wording(case, args, result.as_of)),
        lambda: report.deals_json(case, result),
    )
    return 0


def _cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report
    from positions.engine.history import history

    case = _load_case(args.case)
    result = history(case, args.start, args.end)
    if result.start > result.end:
        raise _Usage(f"--from {result.start} is after --to {result.end}")
    _emit(
        out,
        args,
        lambda: report.history_tables(case, result, _wording(case, args)),
        lambda: report.history_json(case, result, stream=True),
    )
    return 0


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report
    from positions.engine.timeline import timeline

    case = _load_case(args.case)
    result = timeline(
        case,
        parties=args.parties,
        start=args.start,
        end=args.end,
        min_basis=args.min_basis,
        by_party=args.by == "party",
    )
    _emit(
        out,
        args,
        lambda: report.timeline_tables(case, result, _wording(case, args)),
        lambda: report.timeline_json(case, result),
    )
    return 0


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report

    case = _load_case(args.case)
    text = report.html_report(case, as_of=args.as_of)
    target = args.output if args.output is not None else f"{case.id}.html"
    if target == "-":
        out.write(text)
        return 0
    _write_atomically(target, text)
    from positions._report.safe import visible

    out.write(f"wrote {visible(target)}\n")
    return 0


def _write_atomically(target: str, text: str | bytes, *, overwrite: bool = True) -> None:
    """Write `text` to `target` whole or not at all: into a temporary file beside it, then
    renamed over it (without `overwrite`, linked to it, which fails if it exists). A missing
    folder or an unwritable path is a usage error naming the path; no partial file is left
    behind."""
    import contextlib
    from pathlib import Path

    from positions._report.safe import visible

    path = Path(target)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as e:
        raise _Usage(f"cannot write {visible(target)}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
            os.unlink(tmp)
    except FileExistsError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _Usage(f"{visible(target)} exists already: not overwritten") from None
    except BaseException as e:  # a full disk, a directory in the way, Ctrl-C: no partial file
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise _Usage(f"cannot write {visible(target)}: {e.strerror or e}") from None
        raise


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from positions import report
    from positions.schema import case_schema

    out.write(report.render_json(case_schema(), indent=True))
    return 0


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from positions._io.merge import describe, run_import
    from positions._report.safe import visible
    from positions.errors import SheetError

    if args.into is not None and (args.id is not None or args.title is not None):
        raise _Usage("--id and --title name a new case; with --into, the case has its own")
    try:
        text, imported = run_import(
            args.sheets, into=args.into, output=args.output, case_id=args.id, title=args.title
        )
    except SheetError as e:
        for problem in e.problems:
            _say(f"positions: error: {visible(str(problem))}")
        return 2
    target = args.output if args.output is not None else args.into
    if target is None or target == "-":
        out.write(text)
        return 0
    _write_atomically(target, text)
    out.write(f"imported {describe(imported)} into {visible(target)}\n")
    return 0


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from positions._io.sheet import csv_text, xlsx_bytes
    from positions._io.sheetout import sheet_rows
    from positions._report.safe import visible

    case = _load_case(args.case)
    output = args.output if args.output != "-" else None
    fmt = args.sheet_format or (
        "xlsx" if output is not None and output.lower().endswith(".xlsx") else "csv"
    )
    what = args.what or ("all" if fmt == "xlsx" else "stances")
    if fmt == "csv":
        if what == "all":
            raise _Usage("--what all writes a workbook: add --format xlsx (a CSV is one sheet)")
        text = csv_text(*sheet_rows(case, what))
        if output is None:
            out.write(text)
            return 0
        _write_atomically(output, text)
    else:
        if output is None:
            raise _Usage("--format xlsx writes a workbook: give its file with -o FILE.xlsx")
        names = _SHEETS if what == "all" else (what,)
        _write_atomically(output, xlsx_bytes([(n, *sheet_rows(case, n)) for n in names]))
    out.write(f"wrote {visible(output)}\n")
    return 0


def _cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    from positions._io.common import SLUG
    from positions._io.template import skeleton
    from positions._report.safe import visible

    if not SLUG.match(args.case_id):
        raise _Usage(
            f"{args.case_id!r} is not a slug id: use lowercase letters, digits and '-' "
            "(e.g. north-south-2030)"
        )
    target = args.output if args.output is not None else f"{args.case_id}.toml"
    if target == "-":
        out.write(skeleton(args.case_id))
        return 0
    if os.path.lexists(target):
        raise _Usage(f"{visible(target)} exists already: not overwritten")
    _write_atomically(target, skeleton(args.case_id), overwrite=False)
    out.write(f"wrote {visible(target)}\n")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "cases": _cmd_cases,
    "show": _cmd_show,
    "check": _cmd_check,
    "compare": _cmd_compare,
    "evaluate": _cmd_evaluate,
    "preconditions": _cmd_preconditions,
    "deals": _cmd_deals,
    "history": _cmd_history,
    "timeline": _cmd_timeline,
    "report": _cmd_report,
    "schema": _cmd_schema,
    "import": _cmd_import,
    "export": _cmd_export,
    "new": _cmd_new,
}


def _print_case_error(e: Exception) -> None:
    from positions._report.safe import visible
    from positions.errors import CaseError

    assert isinstance(e, CaseError)
    for problem in e.problems:  # the file's name as typed may hold control characters too
        _say(f"positions: error: {problem.in_file(visible(e.file))}")


def _say(line: str) -> None:
    """One line on standard error, if there is one to write to."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # closed, full or gone: nowhere to say it
        pass


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
        _say(f"positions: error: cannot write to standard output: {reason}")
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
        except _Usage as e:
            _say(f"positions: error: {e}")
            return 2
        except SystemExit as e:  # --help, --version: what argparse printed must get out too
            return _write_out("", e.code if isinstance(e.code, int) else 0)
        if getattr(args, "format", "simple") != "simple":
            _check_format(args.format)
        if getattr(args, "csv_raw", False) and args.format != "csv":
            raise _Usage("--csv-raw goes with --format csv")
        buffer = _Spool()
        code = COMMANDS[args.command](args, buffer)
        return _write_out(buffer.rest(), code)
    except _Unwritable:
        return 2
    except KeyboardInterrupt:
        if debug:
            raise
        _say("positions: interrupted")
        return 130
    except BrokenPipeError:
        _discard_stdout()  # the reader went away (e.g. `| head -1`): stop quietly
        return 0
    except Exception as e:
        if debug:
            raise
        from positions.errors import CaseError, PositionsError

        if isinstance(e, CaseError):
            _print_case_error(e)
            return 2
        if isinstance(e, _Usage | PositionsError):
            _say(f"positions: error: {e}")
            return 2
        _say(
            f"positions: internal error: {type(e).__name__}: {e} "
            "(run with --debug for the traceback)"
        )
        return 70
