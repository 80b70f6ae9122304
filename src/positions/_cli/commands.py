"""The commands: each reads its arguments, runs the library, and writes its result to the
output it is given (the caller decides where that goes and which exit code it becomes)."""

from __future__ import annotations

import argparse
import os
import sys

from positions._cli.common import Usage, print_case_error, say
from positions._cli.parser import SHEETS

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any, TextIO

    from positions._report.words import Wording
    from positions.model import Case
    from positions.report import Table

__all__ = ["COMMANDS", "check_format"]


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

    raise Usage(
        f"no case file or bundled case {short(arg)} (bundled: "
        f"{', '.join(_bundled.bundled_ids())}); a case file ends in .toml or .json"
    )


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long for the system, say: not a file, so maybe a bundled id
        return False


def check_format(fmt: str) -> None:
    if fmt in ("json", "csv"):
        return  # ours: no need to import tabulate to know them
    from positions.report import table_formats

    formats = table_formats()
    if fmt not in formats:
        raise Usage(f"unknown --format {fmt!r} (choose from: {', '.join(formats)})")


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
            print_case_error(e)
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
            raise Usage(f"unknown package {args.package!r} (packages: {known})")
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
        raise Usage(f"--from {result.start} is after --to {result.end}")
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
        raise Usage(f"cannot write {visible(target)}: {e.strerror or e}") from None
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
        raise Usage(f"{visible(target)} exists already: not overwritten") from None
    except BaseException as e:  # a full disk, a directory in the way, Ctrl-C: no partial file
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise Usage(f"cannot write {visible(target)}: {e.strerror or e}") from None
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
        raise Usage("--id and --title name a new case; with --into, the case has its own")
    try:
        text, imported = run_import(
            args.sheets, into=args.into, output=args.output, case_id=args.id, title=args.title
        )
    except SheetError as e:
        for problem in e.problems:
            say(f"positions: error: {visible(str(problem))}")
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
            raise Usage("--what all writes a workbook: add --format xlsx (a CSV is one sheet)")
        text = csv_text(*sheet_rows(case, what))
        if output is None:
            out.write(text)
            return 0
        _write_atomically(output, text)
    else:
        if output is None:
            raise Usage("--format xlsx writes a workbook: give its file with -o FILE.xlsx")
        names = SHEETS if what == "all" else (what,)
        _write_atomically(output, xlsx_bytes([(n, *sheet_rows(case, n)) for n in names]))
    out.write(f"wrote {visible(output)}\n")
    return 0


def _cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    from positions._io.common import SLUG
    from positions._io.template import skeleton
    from positions._report.safe import visible

    if not SLUG.match(args.case_id):
        raise Usage(
            f"{args.case_id!r} is not a slug id: use lowercase letters, digits and '-' "
            "(e.g. north-south-2030)"
        )
    target = args.output if args.output is not None else f"{args.case_id}.toml"
    if target == "-":
        out.write(skeleton(args.case_id))
        return 0
    if os.path.lexists(target):
        raise Usage(f"{visible(target)} exists already: not overwritten")
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
