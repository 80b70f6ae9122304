"""Decoding a file's text: TOML or JSON, syntax errors with line and column, and what JSON lets
through that no case may hold (duplicate keys, NaN, lone surrogates)."""

import re
import sys
from decimal import Decimal
from typing import Any

from positions._io.common import Format, Parts, short
from positions.errors import CaseError, Problem

# ---------------------------------------------------------------------------------------------
# decoding text


def line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def decode(data: bytes | str, fmt: Format, file: str) -> Any:
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
            raise CaseError(
                file,
                [
                    Problem(
                        message=f"the file is not UTF-8 text (byte 0x{data[e.start]:02x} cannot be "
                        "decoded); save it as UTF-8",
                        line=line,
                        column=col,
                    )
                ],
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    if "\x00" in text:
        line, col = line_col(text, text.index("\x00"))
        raise CaseError(
            file,
            [
                Problem(
                    message=f"the file holds a NUL byte: it is binary, not a {fmt.upper()} case",
                    line=line,
                    column=col,
                )
            ],
        )
    if not text or text.isspace():  # (as `not text.strip()`, without copying the text)
        raise CaseError(
            file,
            [
                Problem(
                    message=f"the file is empty; expected a {fmt.upper()} case "
                    "with at least a [case] table"
                )
            ],
        )
    if fmt == "toml":
        import tomllib  # only for TOML files: JSON cases do not pay for it

        syntax: type[Exception] | tuple[()] = tomllib.TOMLDecodeError
    else:
        syntax = ()  # (no TOML syntax error in a JSON file)
    try:
        if fmt == "toml":
            toml = tomllib.loads(text, parse_float=Decimal)
            return Suspect(toml) if SURROGATE.search(text) else toml
        import json  # only for JSON files: TOML cases do not pay for it

        hooks = JsonHooks()
        try:
            raw = json.loads(
                text,
                object_pairs_hook=hooks.pairs,
                parse_constant=hooks.constant,
                parse_float=Decimal,
            )
        except json.JSONDecodeError as e:
            raise CaseError(
                file,
                [Problem(message=f"JSON syntax error: {e.msg}", line=e.lineno, column=e.colno)],
            ) from None
        if isinstance(data, str) and SURROGATE.search(text):
            hooks.refused = True  # text given as str may hold lone surrogates as they are
        if hooks.refused or ("\\u" in text and SURROGATE_ESCAPE.search(text)):
            return Suspect(raw)
        return raw
    except syntax as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            msg = msg[: m.start()].strip()
            raise CaseError(
                file,
                [Problem(message=f"TOML syntax error: {msg}", line=int(m[1]), column=int(m[2]))],
            ) from None
        m = re.search(r"\(at end of document\)", msg)
        line, col = line_col(text, len(text))
        raise CaseError(
            file,
            [Problem(message=f"TOML syntax error: {msg.split(' (at')[0]}", line=line, column=col)],
        ) from None
    except CaseError:
        raise
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        limit = sys.get_int_max_str_digits()
        m = re.search(rf"\d{{{limit + 1},}}", text)
        line, col = line_col(text, m.start()) if m else (1, 1)
        raise CaseError(
            file,
            [
                Problem(
                    message=f"a number has more than {limit} digits: write a shorter one",
                    line=line,
                    column=col,
                )
            ],
        ) from None
    except RecursionError:
        raise CaseError(file, [Problem(message="the file nests too deeply to be a case")]) from None


class Refused:
    """A JSON value no case may hold, left in place so that it is reported at its path."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


class JsonHooks:
    """json.loads hooks that leave a `Refused` where a duplicate key or NaN/Infinity stood,
    and remember whether they did (so that only then is the document walked for them)."""

    def __init__(self) -> None:
        self.refused = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) == len(pairs):
            return out
        self.refused = True
        out = {}
        for key, value in pairs:
            if key in out:
                value = Refused(f"duplicate key {short(key)} in one object: keep one")
            out[key] = value
        return out

    def constant(self, name: str) -> Any:
        self.refused = True
        return Refused(f"{name} is not a number in a case file; write a finite number")


SURROGATE = re.compile("[\ud800-\udfff]")


def refused(raw: Any) -> list[tuple[Parts, str]]:
    """What decoding let through but no case may hold: refused JSON values, lone surrogates."""
    found: list[tuple[Parts, str]] = []
    stack: list[tuple[Parts, Any]] = [((), raw)]
    while stack:  # not recursive: the document may nest as deep as the decoder allows
        parts, node = stack.pop()
        if isinstance(node, Refused):
            found.append((parts, node.message))
        elif isinstance(node, str) and SURROGATE.search(node):
            found.append((parts, surrogate_message(node)))
        elif isinstance(node, dict):
            for key in node:
                if SURROGATE.search(key):
                    found.append(((*parts, key), "the key " + surrogate_message(key)))
            stack.extend(((*parts, k), v) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(((*parts, i), v) for i, v in reversed(list(enumerate(node))))
    return found


SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class Suspect:
    """A decoded document that may hold refused values or lone surrogates: walk it."""

    __slots__ = ("raw",)

    def __init__(self, raw: Any) -> None:
        self.raw = raw


def surrogate_message(text: str) -> str:
    return (
        f"{short(text)} holds a lone surrogate (a \\u escape from \\ud800 to \\udfff "
        "without its pair), which is not a character: write the character itself"
    )
