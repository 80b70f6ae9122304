"""Where a problem is in the file's text: a path such as `$.stance[26].demand` mapped to the line
and column of its value (of its table's header for a path to a table, as when a key is missing).

Only the error path comes here: loading a valid file never scans its text twice. tomllib and json
give no positions, so two small scanners walk the text (already known to be valid TOML or JSON)
and note where each wanted path starts; they stop once every wanted path is found. A path that
cannot be found is left without a line: a place is never guessed.
"""

import contextlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from positions._io.common import Format, Parts, format_path
from positions.errors import Problem

__all__ = ["locate", "problems"]


def problems(
    items: Sequence[tuple[Parts, str]], fmt: Format, data: bytes | str | None
) -> list[Problem]:
    """Problems for (path, message) items, each with the line and column of its path in `data`
    (the file's text) where it can be found. A duplicate id's message also gets the line of the
    first definition it names."""
    related: dict[int, Parts] = {}
    for n, (_, message) in enumerate(items):
        m = FIRST_DEFINED.search(message)
        if m:
            related[n] = (m["key"], int(m["index"]), "id")
    wanted = [pp for pp, _ in items if pp] + list(related.values())
    text = _text(data) if data is not None and wanted else None
    places = locate(text, fmt, wanted) if text is not None else {}
    out: list[Problem] = []
    for n, (parts, message) in enumerate(items):
        first = places.get(related[n]) if n in related else None
        if first is not None:
            m = FIRST_DEFINED.search(message)
            assert m is not None
            cut = m.end() - 1  # before the closing parenthesis
            message = f"{message[:cut]}, line {first[0]}, column {first[1]}{message[cut:]}"
        line, column = places.get(parts, (None, None)) if parts else (None, None)
        out.append(Problem(message=message, path=format_path(parts), line=line, column=column))
    return out


FIRST_DEFINED = re.compile(r"\(first defined at \$\.(?P<key>[a-z]+)\[(?P<index>\d+)\]\)")


def _text(data: bytes | str) -> str | None:
    if isinstance(data, bytes):
        try:
            return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            return None
    return data.removeprefix("\ufeff")


def locate(text: str, fmt: Format, paths: Iterable[Parts]) -> dict[Parts, tuple[int, int]]:
    """The (line, column) of each of `paths` found in `text`, both counted from 1."""
    wanted = {tuple(p) for p in paths}
    if not wanted:
        return {}
    found: dict[Parts, int] = {}
    scanner = (
        _TomlScanner(text, wanted, found) if fmt == "toml" else _JsonScanner(text, wanted, found)
    )
    # all found, or text the scanner does not follow: what it found up to there stands
    with contextlib.suppress(_Done, IndexError, ValueError, RecursionError):
        scanner.run()
    starts = [m.end() for m in re.finditer("\n", text)]
    out: dict[Parts, tuple[int, int]] = {}
    for path, offset in found.items():
        line = bisect_right(starts, offset)
        out[path] = (line + 1, offset - (starts[line - 1] if line else 0) + 1)
    return out


class _Done(Exception):
    """Every wanted path is found."""


class _Scanner:
    def __init__(self, text: str, wanted: set[Parts], found: dict[Parts, int]) -> None:
        self.text = text
        self.wanted = wanted
        self.found = found

    def note(self, path: Parts, offset: int) -> None:
        if path in self.wanted and path not in self.found:
            self.found[path] = offset
            if len(self.found) == len(self.wanted):
                raise _Done

    def run(self) -> None:
        raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# TOML

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*""""{0,2}', re.DOTALL)
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*''''{0,2}", re.DOTALL)
_SCALAR = re.compile(r"[^\s,\]}#]+(?: \d{2}:\d{2}[^\s,\]}#]*)?")
_SPACE = re.compile(r"[ \t]*")
_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")


class _TomlScanner(_Scanner):
    """Follows table headers ([x], [[x]] and how often each array of tables was opened), dotted
    keys, inline tables and arrays, noting where each value (and each table) starts."""

    def __init__(self, text: str, wanted: set[Parts], found: dict[Parts, int]) -> None:
        super().__init__(text, wanted, found)
        self.i = 0
        self.arrays: dict[Parts, int] = {}  # array-of-tables path -> tables opened so far

    def space(self) -> None:
        self.i = _SPACE.match(self.text, self.i).end()  # type: ignore[union-attr]

    def blank(self) -> None:
        self.i = _BLANK.match(self.text, self.i).end()  # type: ignore[union-attr]

    def key(self) -> str:
        text, i = self.text, self.i
        if text.startswith('"', i):
            m = _BASIC.match(text, i)
            if m is None:
                raise ValueError("unterminated key")
            self.i = m.end()
            import tomllib

            return str(tomllib.loads(f"k = {m[0]}")["k"])  # TOML's own escapes
        if text.startswith("'", i):
            m = _LITERAL.match(text, i)
            if m is None:
                raise ValueError("unterminated key")
            self.i = m.end()
            return m[0][1:-1]
        m = _BARE.match(text, i)
        if m is None:
            raise ValueError("not a key")
        self.i = m.end()
        return m[0]

    def keys(self) -> list[tuple[str, int]]:
        """A dotted key: each part, with where it starts."""
        out = []
        while True:
            self.space()
            out.append((self.i, self.key()))
            self.space()
            if not self.text.startswith(".", self.i):
                return [(k, at) for at, k in out]
            self.i += 1

    def run(self) -> None:
        text = self.text
        table: Parts = ()
        while True:
            self.blank()
            if self.i >= len(text):
                return
            start = self.i
            if text.startswith("[[", start):
                self.i += 2
                keys = self.keys()
                parent = self.resolve([k for k, _ in keys[:-1]], start)
                array = (*parent, keys[-1][0])
                count = self.arrays.get(array, 0)
                self.arrays[array] = count + 1
                table = (*array, count)
                self.note(array, start)
                self.note(table, start)
                self.i = text.index("]]", self.i) + 2
            elif text.startswith("[", start):
                self.i += 1
                table = self.resolve([k for k, _ in self.keys()], start)
                self.i = text.index("]", self.i) + 1
            else:
                self.pair(table)

    def resolve(self, keys: list[str], at: int) -> Parts:
        """The path of a header's keys: an array of tables stands for its latest table."""
        path: Parts = ()
        for k in keys:
            path = (*path, k)
            self.note(path, at)
            if path in self.arrays:
                path = (*path, self.arrays[path] - 1)
                self.note(path, at)
        return path

    def pair(self, table: Parts) -> None:
        """key = value, inside `table`."""
        keys = self.keys()
        path = self.dotted(table, keys)
        self.space()
        if not self.text.startswith("=", self.i):
            raise ValueError("expected '='")
        self.i += 1
        self.space()
        self.value(path)

    def dotted(self, table: Parts, keys: list[tuple[str, int]]) -> Parts:
        """The path of a dotted key in `table`; the tables it opens start where first named
        (the key itself is noted where its value starts)."""
        path = table
        for n, (k, at) in enumerate(keys):
            path = (*path, k)
            if n < len(keys) - 1:
                self.note(path, at)
        return path

    def value(self, path: Parts) -> None:
        text, i = self.text, self.i
        self.note(path, i)
        char = text[i]
        if char == "[":
            self.i += 1
            index = 0
            while True:
                self.blank()
                if text.startswith("]", self.i):
                    self.i += 1
                    return
                self.value((*path, index))
                index += 1
                self.blank()
                if text.startswith(",", self.i):
                    self.i += 1
        elif char == "{":
            self.i += 1
            while True:
                self.space()
                if text.startswith("}", self.i):
                    self.i += 1
                    return
                inner = self.dotted(path, self.keys())
                self.space()
                self.i += 1  # '='
                self.space()
                self.value(inner)
                self.space()
                if text.startswith(",", self.i):
                    self.i += 1
        else:
            pattern = {'"': _BASIC, "'": _LITERAL}.get(char, _SCALAR)
            if text.startswith('"""', i):
                pattern = _ML_BASIC
            elif text.startswith("'''", i):
                pattern = _ML_LITERAL
            m = pattern.match(text, i)
            if m is None:
                raise ValueError("not a value")
            self.i = m.end()


# ---------------------------------------------------------------------------------------------
# JSON

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


class _JsonScanner(_Scanner):
    """Follows the tokens of a JSON text with a stack of open objects and arrays (no recursion:
    the text may nest as deep as the decoder allowed). A key given twice in one object is noted
    where it is given last (the duplicate, which is what a problem there is about); so a path is
    settled only once the object holding it has closed."""

    def run(self) -> None:
        import json

        stack: list[tuple[Parts, bool, int]] = []  # (path, is an object, index in an array)
        expect_key = False
        at: Parts = ()  # the path of the next value
        settled = 0  # the depth below which every found path is settled
        for m in _JSON_TOKEN.finditer(self.text):
            token = m[0]
            if token == ":":
                continue
            if token == ",":
                path, is_object, index = stack[-1]
                if is_object:
                    expect_key = True
                else:
                    stack[-1] = (path, False, index + 1)
                    at = (*path, index + 1)
                continue
            if token in "}]":
                stack.pop()
                expect_key = False  # (an empty object)
                if len(self.found) == len(self.wanted) and len(stack) < settled:
                    return
                continue
            if expect_key:
                key = token[1:-1] if "\\" not in token else json.loads(token)
                at = (*stack[-1][0], key)
                expect_key = False
                continue
            if at in self.wanted:
                self.found[at] = m.start()
                settled = min(settled, len(stack)) if settled else len(stack)
            if token == "{":
                stack.append((at, True, 0))
                expect_key = True
            elif token == "[":
                stack.append((at, False, 0))
                at = (*at, 0)
