"""Case files <-> `Case`: the only module that knows file formats.

Loading runs in three steps. The text is decoded (TOML or JSON; syntax errors carry line and
column). A tolerant first pass reads what later steps need from the raw document (each issue's
scale, the default date) and checks every id and reference. Then one cattrs converter, with strict
hooks, structures the document into the model; its errors are collected with their paths. Every
problem found, from any step, is reported at once, in file order, in one `CaseError`.
"""

import contextlib
import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import attrs

from positions._io.common import (
    FORMATS,
    Format,
    Parts,
    file_order,
    format_path,
    short,
)
from positions._io.common import SLUG as SLUG  # what an id may be, for other modules
from positions._io.convert import Document, collect, converter
from positions._io.decode import Suspect, decode, refused
from positions._io.firstpass import Pass, first_pass, ready_package
from positions.errors import CaseError, Problem, UsageError
from positions.model import (
    Case,
    Package,
)
from positions.outcomes import (
    Scale,
    describe_value,
)

__all__ = [
    "FORMATS",
    "case_document",
    "converter",
    "dumps",
    "format_of",
    "load",
    "load_package",
    "loads",
    "read_raw",
]


# ---------------------------------------------------------------------------------------------
# the public functions


def read_raw(data: bytes | str, fmt: Format, file: str) -> dict[str, Any]:
    """Decode a case file's text into its raw document (a dict); raises CaseError."""
    raw = decode(data, fmt, file)
    suspect = isinstance(raw, Suspect)
    if suspect:
        raw = raw.raw
    if not isinstance(raw, dict):
        raise CaseError(
            file,
            [
                Problem(
                    message="expected an object at the top of the file "
                    f"(the case), got {describe_value(raw)}"
                )
            ],
        )
    found = refused(raw) if suspect else []
    if found:
        found.sort(key=lambda pm: file_order(raw, pm[0]))
        raise CaseError(file, _problems(found, fmt, data))
    return raw


def _problems(
    items: list[tuple[Parts, str]], fmt: Format, data: bytes | str | None
) -> list[Problem]:
    """The problems at their paths; given the file's text, each also at its line and column
    (looked up only now, on the error path: loading a valid file never pays for it)."""
    if data is None:
        return [Problem(message=m, path=format_path(pp)) for pp, m in items]
    from positions._io.locate import problems

    return problems(items, fmt, data)


def _structure(
    raw: dict[str, Any], fmt: Format, file: str, data: bytes | str | None = None
) -> Case:
    try:
        doc, first = first_pass(raw, fmt)
    except RecursionError:
        raise CaseError(file, [Problem(message="the file nests too deeply to be a case")]) from None
    problems = list(first.problems)
    document: Document | None = None
    if not problems:
        with contextlib.suppress(Exception):  # whatever it is, the detailed pass says it below
            document = converter(fmt, detailed=False).structure(doc, Document)
    if document is None:
        try:
            document = converter(fmt).structure(doc, Document)
        except RecursionError:
            problems.append(((), "the file nests too deeply to be a case"))
        except Exception as e:
            collect(e, (), problems)
    if problems:
        seen: set[tuple[Parts, str]] = set()
        unique = []
        for item in sorted(problems, key=lambda pm: file_order(raw, pm[0])):
            if item not in seen:
                seen.add(item)
                unique.append(item)
        raise CaseError(file, _problems(unique, fmt, data))
    assert document is not None
    header = document.case
    return Case(
        id=header.id,
        title=header.title,
        summary=header.summary,
        as_of=header.as_of,
        sources=document.source,
        parties=document.party,
        issues=document.issue,
        milestones=document.milestone,
        packages=document.package,
        stances=document.stance,
        preconditions=document.precondition,
        single_undertaking=header.single_undertaking,
    )


def format_of(path: str | Path) -> Format:
    suffix = Path(path).suffix.lower()
    if suffix == ".toml":
        return "toml"
    if suffix == ".json":
        return "json"
    raise CaseError(
        str(path),
        [
            Problem(
                message=f"unknown file type {suffix or '(none)'!r}: a case "
                "file ends in .toml or .json"
            )
        ],
    )


def _read(path: str | Path) -> bytes:
    name = str(path)
    try:
        os.stat(name)  # the name as given: a Path drops the '/' of 'case.toml/'
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CaseError(name, [Problem(message="no such file")]) from None
    except NotADirectoryError:
        message = "not a directory: the path goes on past a file (as 'case.toml/' does)"
        raise CaseError(name, [Problem(message=message)]) from None
    except IsADirectoryError:
        raise CaseError(name, [Problem(message="is a directory, not a case file")]) from None
    except PermissionError:
        raise CaseError(name, [Problem(message="cannot be read: permission denied")]) from None
    except OSError as e:
        raise CaseError(name, [Problem(message=f"cannot be read: {e.strerror}")]) from None


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading builds many objects and frees none, so the
    collector's passes over them are pure cost (a third of the time on large cases). And build
    through the trusted path: the loader has checked every value, so the model's constructors
    need not check their types again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        with attrs.validators.disabled():
            yield
    finally:
        if enabled:
            gc.enable()


def load(path: str | Path) -> Case:
    """Load a case file (.toml or .json); raises CaseError naming the file and every problem."""
    fmt = format_of(path)
    data = _read(path)
    with _no_collection():
        return _structure(read_raw(data, fmt, str(path)), fmt, str(path), data)


def load_package(path: str | Path, case: Case) -> Package:
    """Load a file holding one [[package]] in the case format, resolved against `case`."""
    name = str(path)
    fmt = format_of(path)
    data = _read(path)
    raw = read_raw(data, fmt, name)
    problems: list[tuple[Parts, str]] = []
    for key in raw:
        if key not in ("format", "package"):
            problems.append(
                (
                    (key,),
                    f"unknown key {short(key)}: a proposal file holds one "
                    "[[package]] (and optionally format)",
                )
            )
    items = raw.get("package")
    if not isinstance(items, list) or len(items) != 1 or not isinstance(items[0], dict):
        got = (
            "nothing"
            if items is None
            else (f"{len(items)} packages" if isinstance(items, list) else describe_value(items))
        )
        problems.append((("package",), f"expected exactly one [[package]] table, got {got}"))
        raise CaseError(name, _problems(problems, fmt, data))
    scales: dict[str, Scale | None] = {i.id: i.scale for i in case.issues}
    first = Pass(raw, fmt)  # the rules of a case's packages, from the same code
    first.ids("package")
    item = ready_package(first, ("package", 0), items[0], [s.id for s in case.sources], scales)
    problems.extend(first.problems)
    package: Package | None = None
    try:
        with attrs.validators.disabled():
            package = converter(fmt).structure(item, Package)
    except Exception as e:
        collect(e, ("package", 0), problems)
    if problems:
        ordered = sorted(problems, key=lambda pm: file_order(raw, pm[0]))
        raise CaseError(name, _problems(ordered, fmt, data))
    assert package is not None
    return package


def loads(text: str | bytes, format: Format = "toml", *, file: str = "<string>") -> Case:
    """Load a case from text in `format` ("toml" or "json")."""
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r} (formats: toml, json)")
    if not isinstance(text, str | bytes):
        raise UsageError(f"expected the case's text (str or bytes), got {describe_value(text)}")
    with _no_collection():
        return _structure(read_raw(text, format, file), format, file, text)


def case_document(case: Case) -> dict[str, Any]:
    """The case as the data of a JSON case file (dates as strings, sets as written)."""
    conv = converter("json")
    doc: dict[str, Any] = {"format": 1, "case": {"id": case.id, "title": case.title}}
    if case.summary is not None:
        doc["case"]["summary"] = case.summary
    doc["case"]["as_of"] = case.as_of.isoformat()
    if case.single_undertaking is not None:
        doc["case"]["single_undertaking"] = case.single_undertaking
    for key, values in (
        ("source", case.sources),
        ("party", case.parties),
        ("issue", case.issues),
        ("milestone", case.milestones),
        ("package", case.packages),
        ("stance", case.stances),
        ("precondition", case.preconditions),
    ):
        if values:
            doc[key] = [conv.unstructure(v) for v in values]
    return doc


def dumps(case: Case, format: Literal["json"] = "json") -> str:
    """The case as a JSON case file that loads back into an equal `Case`. A case built by hand
    that loading would refuse (a reference to nothing, two ids alike, a set on another issue's
    scale) raises `CaseError` with the reasons, and nothing is written."""
    if format != "json":
        raise UsageError(f"unknown format {format!r}: cases are written as json")
    from positions._report.render import render_json
    from positions.engine.args import need_case
    from positions.engine.check import references

    broken = references(need_case(case))
    if broken:
        raise CaseError(
            f"<case {case.id!r}>", [Problem(message=f.message, path=f.path) for f in broken]
        )

    return render_json(case_document(case), indent=True)
