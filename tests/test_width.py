"""Tables that fit the terminal: long cells wrap to a width; pipes, files and markup never wrap."""

from __future__ import annotations

import io
from collections import Counter

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import positions
from positions import report
from positions._report.render import Table, column_caps, render
from positions.cli import main


class _Terminal(io.StringIO):
    """Standard output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch, columns: int | None) -> str:
    """Run the command line with standard output a terminal of `columns` (None: a pipe)."""
    out = _Terminal() if columns is not None else io.StringIO()
    if columns is not None:
        monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr("sys.stdout", out)
    assert 0 == main(argv)
    return out.getvalue()


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def _characters(text: str) -> Counter[str]:
    """The characters of a table's cells (without spaces and the rule under the headers)."""
    kept = [line for line in text.splitlines() if set(line) - {"-", " "}]
    return Counter("".join("".join(kept).split()))


def test_width_terminal_wraps_to_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal of 100 columns, compare's table fits in 100 columns (it is ~230 wide)."""
    wide = _run(["compare"], monkeypatch, None)
    assert _widest(wide) > 200
    fitted = _run(["compare"], monkeypatch, 100)
    assert _widest(fitted) <= 100
    assert fitted != wide


def test_width_pipe_is_never_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Written to a pipe or a file, a table keeps its natural width whatever COLUMNS says."""
    monkeypatch.setenv("COLUMNS", "60")
    assert _run(["compare"], monkeypatch, None) == _run(["compare", "--width", "1000"],
                                                         monkeypatch, None)  # fmt: skip


def test_width_option_overrides_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """--width N fits tables to N columns, to a pipe as on a terminal."""
    piped = _run(["compare", "--width", "120"], monkeypatch, None)
    assert _widest(piped) <= 120
    assert piped == _run(["compare", "--width", "120"], monkeypatch, 80)


@pytest.mark.parametrize("fmt", ["github", "pipe", "html", "latex", "csv", "json", "rst", "psql"])
def test_width_markup_and_data_formats_never_wrap(fmt: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """csv, json, markdown-like, html and latex output is the same whatever the width."""
    plain = _run(["compare", "--format", fmt], monkeypatch, None)
    assert plain == _run(["compare", "--format", fmt, "--width", "40"], monkeypatch, None)
    assert plain == _run(["compare", "--format", fmt], monkeypatch, 40)


@pytest.mark.parametrize("fmt", ["simple", "plain", "grid", "rounded_grid", "fancy_grid"])
def test_width_wrapping_loses_no_text(fmt: str) -> None:
    """Wrapped, every character of every cell is still there, once."""
    case = positions.bundled()
    tables = [
        attrs.evolve(t, short=())  # titles kept whole, to compare
        for t in report.compare_tables(case, positions.compare(case))
    ]
    wide = render(tables, fmt)
    fitted = render(tables, fmt, width=150)
    assert _widest(wide) > 200
    assert _widest(fitted) <= 150
    boxes = str.maketrans("", "", "+=|│─╭╮╰╯├┤┬┴┼═╒╕╘╛╞╡╤╧╪")
    assert _characters(wide.translate(boxes)) == _characters(fitted.translate(boxes))


def test_width_short_labels_when_titles_do_not_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A narrow table names issues by their short labels; a wide one by their titles."""
    case = positions.bundled()
    issue = case.issue("israeli-withdrawal")
    assert issue.short is not None
    wide = _run(["compare"], monkeypatch, None)
    narrow = _run(["compare", "--width", "100"], monkeypatch, None)
    assert issue.title in wide
    assert issue.title not in narrow
    assert any(line.startswith(issue.short + " ") for line in narrow.splitlines())
    fits = _run(["compare", "--width", "400"], monkeypatch, None)
    assert wide == fits  # room enough: nothing changes


def test_width_wrapped_rows_are_set_apart() -> None:
    """In the simple format, the rows of a wrapped table are separated by a blank line."""
    t = Table(
        title="T",
        headers=("A", "B"),
        rows=(("one two three four five six", "x"), ("seven", "y")),
    )
    out = render([t], "simple", width=20)
    assert "\n\nseven" in out
    assert _widest(out) <= 20


def test_width_title_wraps_too() -> None:
    """A title longer than the width is wrapped at words."""
    t = Table(title="a long title " * 8, headers=("A",), rows=(("x",),))
    out = render([t], "simple", width=30)
    assert _widest(out) <= 30


@given(
    natural=st.lists(st.integers(1, 300), min_size=1, max_size=12),
    room=st.integers(0, 600),
)
def test_column_caps_fit_the_room_widest_first(natural: list[int], room: int) -> None:
    """Caps never widen a column, keep every column at least its floor, add up to the room
    when the floors allow it, and narrow only columns wider than every untouched one."""
    floors = [min(n, 8) for n in natural]
    caps = column_caps(natural, room, floors)
    assert all(f <= c <= n for f, c, n in zip(floors, caps, natural, strict=True))
    if sum(natural) <= room:
        assert caps == natural
    elif sum(floors) <= room:
        assert sum(caps) <= room
    narrowed = [i for i, (c, n) in enumerate(zip(caps, natural, strict=True)) if c < n]
    kept = [n for c, n in zip(caps, natural, strict=True) if c == n]
    assert all(natural[i] >= max(kept, default=0) for i in narrowed)


def test_width_a_large_case_fits(tmp_path: pytest.TempPathFactory) -> None:
    """A case of many issues with long titles and explanations fits a 120-column terminal."""
    case = positions.bundled("northern-ireland-1994-1998")
    tables = report.compare_tables(case, positions.compare(case))
    assert _widest(render(tables, "simple")) > 300
    assert _widest(render(tables, "simple", width=160)) <= 160
