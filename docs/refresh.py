"""Run the examples in the documentation, and rewrite the outputs they show.

    python docs/refresh.py           rewrite every shown command output in docs/*.md and README.md
    python docs/refresh.py --check   only compare; exit 1 if any shown output differs

The conventions, which tests/test_docs.py enforces:

- A ```console block holds commands, each on a line starting with `$ positions`, and below each
  one its exact output (stdout and stderr, as a terminal shows them). Commands are split like a
  shell would split them, but run without a shell, through `positions.cli.main`.
- A ```python block with `>>>` lines is a doctest; other ```python blocks are run as they are.
  The blocks of one page share their names, in page order.
- A block whose info string carries `file=NAME` (```toml file=northland.toml) is written to NAME
  in a scratch folder before the page's examples run there, so they can load it.
- A ```mermaid block repeats the output of the last `--graph mermaid` command above it.

Trailing whitespace at the end of lines, and blank lines at the end of an output, are ignored.
"""

from __future__ import annotations

import argparse
import contextlib
import doctest
import io
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def doc_files() -> list[Path]:
    """The Markdown files whose examples are run: docs/*.md, then README.md."""
    files = sorted(DOCS.glob("*.md"))
    readme = ROOT / "README.md"
    if readme.is_file():
        files.append(readme)
    return files


@dataclass
class Block:
    """A fenced code block: its info string and its lines (0-based indexes into the page)."""

    lang: str
    info: str
    start: int  # the first line inside the fence
    lines: list[str]

    @property
    def file(self) -> str | None:
        m = re.search(r"\bfile=(\S+)", self.info)
        return m[1] if m else None


@dataclass
class Command:
    """One `$ positions ...` line of a console block and the output shown below it."""

    line: int  # 0-based index of the `$` line in the page
    text: str  # the command as written, without the `$ `
    shown: list[str]
    end: int  # index just past the shown output
    argv: list[str] = field(default_factory=list)


def blocks(lines: list[str]) -> list[Block]:
    """Every fenced code block of a page, in order."""
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m["fence"], m["info"].strip()
        j = i + 1
        while j < len(lines) and not (
            lines[j].startswith(fence[0] * len(fence)) and not lines[j].strip(fence[0]).strip()
        ):
            j += 1
        lang = info.split()[0] if info else ""
        found.append(Block(lang=lang, info=info, start=i + 1, lines=lines[i + 1 : j]))
        i = j + 1
    return found


def commands(block: Block) -> list[Command]:
    """The commands of a console block, each with the output shown below it."""
    found: list[Command] = []
    for k, text in enumerate(block.lines):
        if text.startswith("$ "):
            if found:
                found[-1].end = block.start + k
            words = shlex.split(text[2:])
            if not words or words[0] != "positions":
                raise ValueError(
                    f"line {block.start + k + 1}: a console block runs `positions` commands only; "
                    "show other commands in a ```sh block"
                )
            found.append(
                Command(line=block.start + k, text=text[2:], shown=[], end=0, argv=words[1:])
            )
        elif found:
            found[-1].shown.append(text)
        elif text.strip():
            raise ValueError(f"line {block.start + k + 1}: output before any `$ positions` line")
    if found:
        found[-1].end = block.start + len(block.lines)
    return found


def tidy(lines: list[str]) -> list[str]:
    """Lines without trailing whitespace, and without blank lines at the end."""
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def run(argv: list[str]) -> list[str]:
    """Run `positions ARGV` in-process; its stdout and stderr, as lines."""
    from positions.cli import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        code = main(argv)
    if code == 70:
        raise RuntimeError(f"positions {shlex.join(argv)} failed:\n{buffer.getvalue()}")
    return tidy(buffer.getvalue().splitlines())


@contextlib.contextmanager
def scratch(page: list[Block]) -> Iterator[Path]:
    """A scratch folder holding the page's `file=NAME` blocks, as the working directory."""
    with tempfile.TemporaryDirectory() as folder:
        for block in page:
            if block.file is not None:
                text = "\n".join(block.lines) + "\n"
                (Path(folder) / block.file).write_text(text, encoding="utf-8")
        with contextlib.chdir(folder):
            yield Path(folder)


@dataclass
class Problem:
    """A shown output that differs from the real one, or an example that fails."""

    file: str
    line: int  # 1-based
    message: str
    fixable: bool = False  # a rewrite puts the real output in its place

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def _diff(shown: list[str], actual: list[str]) -> str:
    import difflib

    return "\n".join(
        difflib.unified_diff(shown, actual, "shown", "actual", lineterm="", n=1)
    ).rstrip()


def examine(path: Path, rewrite: bool = False) -> tuple[list[Problem], str]:
    """Run every example of one page, in order; the problems, and the page with real outputs."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    problems: list[Problem] = []
    edits: list[tuple[int, int, list[str]]] = []  # replace lines[a:b] with new lines
    page = blocks(lines)
    globs: dict[str, object] = {"__name__": "__docs__"}
    last_graph: list[str] | None = None
    with scratch(page):
        for block in page:
            if block.lang == "console":
                try:
                    found = commands(block)
                except ValueError as e:
                    problems.append(Problem(name, block.start, str(e)))
                    continue
                for c in found:
                    actual = run(c.argv)
                    if "--graph" in c.argv and "mermaid" in c.argv:
                        last_graph = actual
                    if tidy(c.shown) != actual:
                        problems.append(
                            Problem(
                                name,
                                c.line + 1,
                                f"`{c.text}` shows other output:\n{_diff(tidy(c.shown), actual)}",
                                fixable=True,
                            )
                        )
                        gap = [""] if c.end < block.start + len(block.lines) else []
                        edits.append((c.line + 1, c.end, actual + gap))
            elif block.lang == "mermaid":
                if last_graph is None:
                    problems.append(
                        Problem(name, block.start, "a mermaid block with no --graph mermaid above")
                    )
                elif tidy(block.lines) != last_graph:
                    problems.append(
                        Problem(
                            name,
                            block.start + 1,
                            "the mermaid block differs from the --graph mermaid output above:\n"
                            + _diff(tidy(block.lines), last_graph),
                            fixable=True,
                        )
                    )
                    edits.append((block.start, block.start + len(block.lines), last_graph))
            elif block.lang in ("python", "pycon"):
                problems.extend(_python(name, block, globs))
    for a, b, new in sorted(edits, reverse=True):
        lines[a:b] = new
    return problems, "\n".join(lines) if rewrite else text


def _python(name: str, block: Block, globs: dict[str, object]) -> list[Problem]:
    source = "\n".join(block.lines) + "\n"
    if not any(line.lstrip().startswith(">>>") for line in block.lines):
        try:
            exec(compile(source, f"{name}:{block.start + 1}", "exec"), globs)
        except Exception as e:
            return [Problem(name, block.start + 1, f"the python block raises {e!r}")]
        return []
    parser = doctest.DocTestParser()
    test = parser.get_doctest(source, globs, name, name, block.start)
    report = io.StringIO()
    runner = doctest.DocTestRunner(verbose=False)
    runner.run(test, out=report.write, clear_globs=False)
    globs.update(test.globs)
    if runner.failures:
        return [Problem(name, block.start + 1, report.getvalue().rstrip())]
    return []


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the file, then rename over it: an interrupted run never leaves half a page."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a drift")
    parser.add_argument("files", nargs="*", type=Path, help="pages (default: all)")
    args = parser.parse_args(argv)
    worst = 0
    for path in args.files or doc_files():
        problems, new = examine(path.resolve(), rewrite=not args.check)
        for p in problems:
            if args.check or not p.fixable:
                print(p, file=sys.stderr)
        if args.check:
            worst = max(worst, 1 if problems else 0)
            continue
        if new != path.read_text(encoding="utf-8"):
            _write_atomically(path, new)
            print(f"rewrote {path}", file=sys.stderr)
        if not all(p.fixable for p in problems):
            worst = 1  # what a rewrite cannot fix: a failing doctest, a malformed block
    return worst


if __name__ == "__main__":
    sys.exit(main())
