"""report: words for outcome sets, safe output formats, and graph labels."""

from __future__ import annotations

import positions
from casebuilder import case
from positions.outcomes import Scale, intersect_all, parse_outcomes
from positions.report import describe, mermaid, table_formats

HALF_OPEN = Scale(kind="numeric", unit="km", min=0)


def test_describe_written_forms() -> None:
    """Each written form reads as it was written."""
    ordinal = Scale(kind="ordinal", values=("none", "partial", "full"), labels=(None,) * 3)
    assert "at least full" == describe(parse_outcomes({"at_least": "full"}, ordinal, "w"))
    assert "partial or full" == describe(parse_outcomes(["partial", "full"], ordinal, "w"))
    assert "anything but none" == describe(parse_outcomes({"none_of": ["none"]}, ordinal, "w"))
    assert "5 to 20 km" == describe(parse_outcomes({"at_least": 5, "at_most": 20}, HALF_OPEN, "w"))


def test_computed_half_open_numeric_set_is_written_without_infinity() -> None:
    """A computed set running to an unbounded end is written and worded without 'inf'."""
    s = intersect_all([parse_outcomes({"at_least": 0}, HALF_OPEN, "w")])
    assert {"at_least": 0} == s.to_data()
    assert "at least 0 km" == describe(s)


def test_table_formats_leave_out_raw_markup_formats() -> None:
    """Formats that pass markup through unescaped are not offered."""
    formats = table_formats()
    assert "html" in formats and "github" in formats and "json" in formats
    assert "unsafehtml" not in formats and "latex_raw" not in formats


def test_mermaid_labels_escape_quotes_and_markup() -> None:
    """Quotes, # and angle brackets in names become Mermaid entity codes."""
    c = case(
        '[[milestone]]\nid = "m"\nlabel = "Say \\"<b>hi</b>\\" #1"\n'
        '[[precondition]]\nparty = "a"\nrequires = { milestone = "m" }\nbefore = "w"\n'
        'as_of = 2030-01-01\nbasis = "inferred"\nnote = "n"\n'
    )
    out = mermaid(c, positions.preconditions(c))
    assert '(["Say #quot;#lt;b#gt;hi#lt;/b#gt;#quot; #35;1"])' in out
    assert "<b>" not in out
