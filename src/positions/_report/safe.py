"""Text from a case file made safe for each kind of output: the one place that knows what each
output must not receive from a case's author.

A case's names, titles, labels, quotes and notes are the author's text. Written as they are, a
terminal escape (`ESC [2J`) would clear the reader's screen, an OSC 8 sequence would plant a
hyperlink, a bidirectional override (U+202E) would show `abc<U+202E>txt.exe` as `abcexe.txt`,
a cell starting with `=` would run as a spreadsheet formula, and a quote or `%%{` would add
nodes or directives to a graph. Each output gets one function here:

- `visible` for table cells, titles and graph labels: one line; every other control character
  and every bidi embedding, override or isolate shown as an escape (`\\x1b`, `\\u202e`);
  right-to-left text itself (Arabic, Hebrew) is left as it is.
- `csv_cell` for CSV: the same escapes (line breaks and tabs are CSV's to quote), and a cell that
  a spreadsheet would read as a formula gets a leading `'` (OWASP's advice on CSV injection).
- `json_text` for JSON: the characters that JSON allows raw but that harm a reader (DEL, C1
  controls, U+2028/U+2029, bidi controls) written as `\\uXXXX`; the parsed value is unchanged.
- `mermaid_label` and `dot_quote` for the sequencing graph.
"""

from __future__ import annotations

import re

__all__ = ["csv_cell", "dot_quote", "json_text", "mermaid_label", "visible"]

#: the bidirectional embeddings, overrides and isolates: they reorder the text around them
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"

_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")
_CSV_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")  # json escapes C0 itself


def _code(match: re.Match[str]) -> str:
    n = ord(match[0])
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def visible(text: str) -> str:
    """Text on one line with no control working: line breaks and tabs become spaces, other
    control characters and bidi controls are shown as escapes (`\\x1b`, `\\u202e`)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_code, " ".join(text.split()))


# a spreadsheet reads a cell starting with one of these as a formula (with the full-width forms
# some spreadsheets also accept)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")


def csv_cell(text: str) -> str:
    """A CSV cell that opens safely in a spreadsheet: controls other than line breaks and tabs
    shown as escapes, and a leading `'` on a cell that would be read as a formula (`=1+2`,
    `+1`, `@SUM(A1)`, `-2+3`), except a plain number (`-3`, `12.5`)."""
    if _CSV_UNSAFE.search(text):
        text = _CSV_UNSAFE.sub(_code, text)
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def json_text(text: str) -> str:
    """JSON text (as json.dumps writes it, with ensure_ascii=False) with DEL, C1 controls, the
    line and paragraph separators and bidi controls written as `\\uXXXX`. Outside strings JSON
    is ASCII, so every such character is inside a string, where the escape means the same."""
    if text.isascii() and "\x7f" not in text:  # the common case, at memory speed
        return text
    if not _JSON_UNSAFE.search(text):
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


# Mermaid's entity codes (#quot; and #35; are Mermaid's, decoded when it draws): a quote would end
# the label, '%' could start a directive (%%{init: ...}%%) anywhere in the text, and brackets,
# braces, bars and backticks have meanings of their own in a flowchart
_MERMAID = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#38;",
        "%": "#37;",
        "{": "#123;",
        "}": "#125;",
        "[": "#91;",
        "]": "#93;",
        "|": "#124;",
        "`": "#96;",
    }
)


def mermaid_label(text: str) -> str:
    """Text for a quoted Mermaid label (`["..."]`, `|"..."|`): one line, controls visible,
    and every character that could end the label or start markup as an entity code."""
    return visible(text).translate(_MERMAID)


def dot_quote(text: str) -> str:
    """A Graphviz DOT quoted string (an id, a label, the graph's name): one line, controls
    visible, backslashes and quotes escaped (so `\\N`, `\\l` and the like stay literal)."""
    return '"' + visible(text).replace("\\", "\\\\").replace('"', '\\"') + '"'
