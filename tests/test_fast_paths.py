"""The fast paths taken for large cases say exactly what the plain computations say.

Each test pins one shortcut against the straightforward computation it replaced: breaches
found per value or by sorted bounds, kept compact and read as `Breach` values; intersections
made once; outcome sets read once per load; JSON written a record at a time; a long result
leaving the command line in parts.
"""

from __future__ import annotations

import io
import json
import random
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions import cli
from positions._report.render import Encoded, Records, json_chunks, render_json
from positions.engine.compare import Breach, Breaches, compare
from positions.io import loads
from positions.model import Case
from positions.outcomes import INFINITY, Number, OutcomeSet, Scale, disjoint_masks, intersect_all
from positions.testing import cases, outcome_sets, scales

many = settings(max_examples=200)

groups = scales().flatmap(
    lambda s: st.tuples(
        st.lists(outcome_sets(s), max_size=6), st.lists(outcome_sets(s), max_size=6)
    )
)


def _plain_disjoint(left: list[OutcomeSet], right: list[OutcomeSet]) -> list[int]:
    return [sum(1 << j for j, b in enumerate(right) if not a.overlaps(b)) for a in left]


@many
@given(groups)
def test_disjoint_masks_is_not_overlaps_pairwise(pair: tuple[list[OutcomeSet], ...]) -> None:
    """Bit j of a left set's mask is set exactly when it shares no outcome with right[j]."""
    left, right = pair
    assert _plain_disjoint(left, right) == disjoint_masks(left, right)


def test_disjoint_masks_empty_and_unbounded_intervals() -> None:
    """Empty sets are disjoint from everything; unbounded and touching intervals are not."""
    scale = Scale(kind="numeric", unit="km")
    rng = random.Random(7)
    points: list[Number] = [0, 1, 2, Decimal("2.5"), Decimal("2.50"), 3, 5]

    def drawn() -> OutcomeSet:
        if rng.random() < 0.15:
            return OutcomeSet(scale=scale)
        lo, hi = sorted(rng.sample(points, 2))
        low: Number = -INFINITY if rng.random() < 0.2 else lo
        high: Number = INFINITY if rng.random() < 0.2 else hi
        return OutcomeSet(scale=scale, low=low, high=high)

    for _ in range(500):
        left = [drawn() for _ in range(rng.randint(0, 5))]
        right = [drawn() for _ in range(rng.randint(0, 5))]
        assert _plain_disjoint(left, right) == disjoint_masks(left, right)


def test_disjoint_masks_on_a_scale_of_many_options() -> None:
    """Past 64 options the pairwise path gives the same masks."""
    n = 80
    scale = Scale(kind="categorical", values=tuple(f"o{i}" for i in range(n)), labels=(None,) * n)
    rng = random.Random(3)
    sets = [OutcomeSet(scale=scale, mask=rng.getrandbits(n) & rng.getrandbits(n)) for _ in range(9)]
    assert _plain_disjoint(sets[:5], sets[4:]) == disjoint_masks(sets[:5], sets[4:])


@many
@given(scales().flatmap(lambda s: st.lists(outcome_sets(s), min_size=1, max_size=5)))
def test_intersect_all_is_pairwise_intersection(sets: list[OutcomeSet]) -> None:
    """The intersection made in one step equals intersecting pairwise, bound for bound."""
    pairwise = sets[0]
    for s in sets[1:]:
        pairwise = pairwise.intersect(s)
    one = intersect_all(sets)
    assert (pairwise.mask, pairwise.low, pairwise.high) == (one.mask, one.low, one.high)
    assert "set" == one.form


@settings(max_examples=100)
@given(cases(max_parties=4, max_issues=4))
def test_breaches_read_as_every_breach_in_order(case: Case) -> None:
    """A row's compact breaches read as the `Breach` of every (A, B), A != B, whose demand has
    no outcome in B's red line, by A then B in the row's order; they index, slice, compare and
    hash as that tuple."""
    for row in compare(case).issues:
        held = list(row.stances)
        expected = tuple(
            Breach(party=a, red_line_of=b, demand=sa.wants, red_line=sb.red_line)
            for a, sa in held
            if sa.wants is not None
            for b, sb in held
            if sb.red_line is not None and a != b and not sa.wants.overlaps(sb.red_line)
        )
        found = row.breaches
        assert isinstance(found, Breaches)
        assert expected == tuple(found)
        assert found == expected and expected == found and hash(expected) == hash(found)
        assert len(expected) == len(found)
        assert expected[:3] == found[:3] and expected[1:] == found[1:]
        assert [(b.party, b.red_line_of) for b in expected] == list(found.pairs())
        if expected:
            assert expected[-1] == found[-1] and expected[0] == found[0]
        with pytest.raises(IndexError):
            found[len(expected)]


def test_json_chunks_write_what_render_json_writes() -> None:
    """Records and Encoded values are written as the lists and values they stand for."""
    rows: list[dict[str, object]] = [
        {"a": 1, "b": [Decimal("0.1"), Decimal("1.00000000000000000001")]},
        {"a": "\u2028"},
    ]
    plain = {"case": "x", "rows": rows, "empty": [], "n": Decimal("2.5"), "mixed": [1, {"a": 2}]}

    def lazy() -> dict[str, object]:
        return {**plain, "rows": Records(iter(rows)), "empty": Records(iter([]))}

    assert render_json(plain) == "".join(json_chunks(lazy())) == render_json(lazy())
    assert render_json({}) == "{\n\n}\n"
    encoded = {"rows": [{"b": Encoded(json.dumps([{"p": "q"}], separators=(", ", ": ")))}]}
    assert render_json({"rows": [{"b": [{"p": "q"}]}]}) == render_json(encoded)


def test_outcome_sets_read_once_per_load_equal_fresh_reads() -> None:
    """Stances writing the same set share one `OutcomeSet`, equal to reading it afresh in the
    same form; sets written differently (1, 1.0, "1") stay apart."""
    text = """
[case]
id = "c"
title = "C"
as_of = 2030-01-01
[[party]]
id = "a"
name = "A"
[[party]]
id = "b"
name = "B"
[[issue]]
id = "n"
title = "N"
scale = { kind = "numeric", unit = "km" }
[[issue]]
id = "o"
title = "O"
scale = { kind = "ordinal", levels = ["x", "y", "z"] }
[[stance]]
party = "a"
issue = "o"
basis = "inferred"
demand = { at_least = "y" }
red_line = { at_least = "y" }
[[stance]]
party = "b"
issue = "o"
basis = "inferred"
demand = "y"
red_line = { at_least = "y" }
[[stance]]
party = "a"
issue = "n"
basis = "inferred"
demand = 1
red_line = { at_least = 1.0 }
[[stance]]
party = "b"
issue = "n"
basis = "inferred"
demand = { is = 1 }
red_line = { at_least = 1 }
"""
    case = loads(text)
    a_o, b_o, a_n, b_n = case.stances
    assert a_o.red_line is b_o.red_line  # one set, shared
    assert a_o.demand is not None and a_o.demand.form == "at_least"
    assert b_o.demand is not None and b_o.demand.form == "value"
    assert a_n.red_line is not None and b_n.red_line is not None
    assert a_n.red_line is not b_n.red_line  # 1.0 and 1 are written apart
    assert Decimal("1.0") == a_n.red_line.to_data()["at_least"]
    assert isinstance(b_n.red_line.to_data()["at_least"], int)
    assert (a_n.demand is not None and b_n.demand is not None) and (
        (a_n.demand.form, b_n.demand.form) == ("value", "is")
    )


def test_long_output_leaves_in_parts_and_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A result longer than the spool's limit is written in parts, byte for byte the same."""
    assert 0 == cli.main(["compare", "--format", "json"])
    whole = capsys.readouterr().out
    writes: list[str] = []
    real = cli._write_out

    def counted(text: str, code: int) -> int:
        writes.append(text)
        return real(text, code)

    monkeypatch.setattr(cli._Spool, "LIMIT", 10)
    monkeypatch.setattr(cli, "_write_out", counted)
    assert 0 == cli.main(["compare", "--format", "json"])
    assert whole == capsys.readouterr().out == "".join(writes)
    assert len(writes) > 3


def test_output_that_cannot_be_written_midway_is_one_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When standard output fails after a first part went out: one error line, exit 2."""

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            if self.tell() > 0:
                raise OSError(28, "No space left on device")
            return super().write(text)

    monkeypatch.setattr(cli._Spool, "LIMIT", 200)
    monkeypatch.setattr(cli, "_discard_stdout", lambda: None)
    monkeypatch.setattr("sys.stdout", Full())
    assert 2 == cli.main(["compare", "--format", "json"])
    err = capsys.readouterr().err
    assert "positions: error: cannot write to standard output: No space left on device\n" == err


def test_bundled_case_compares_alike_after_fresh_load() -> None:
    """Loading twice gives equal cases, and equal comparisons (memos do not leak between loads)."""
    one, two = positions.bundled(), positions.bundled()
    assert one == two
    assert compare(one) == compare(two)


_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ019 |-_:.,;!?()[]{}<>&\"'\\/*+=#%$@^~`")
        + list("—–éüß中文かな한\u0301\u00a0\u2003😀ﾊﾟ\t\n\x1b")
    ),
    max_size=10,
) | st.sampled_from(["", "True", "False", "1", "2.5", "-3", "1,000", "nan", " x ", "  "])


@settings(max_examples=300)
@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda n: st.tuples(
            st.lists(_TEXT, min_size=n, max_size=n),
            st.lists(st.lists(_TEXT, min_size=n, max_size=n), min_size=1, max_size=6),
        )
    ),
    st.sampled_from(sorted(__import__("tabulate").tabulate_formats)),
)
def test_tables_laid_out_as_tabulate_lays_them_out(
    table: tuple[list[str], list[list[str]]], fmt: str
) -> None:
    """Columns aligned before tabulate lays the table out give tabulate's own table, in every
    format, with wide and combining characters, blanks, and cells tabulate must judge itself
    (line breaks, tabs, escapes)."""
    from tabulate import tabulate

    from positions._report.render import _tabulate

    headers, rows = table
    expected = tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)
    assert expected == _tabulate(rows, headers, fmt)


@settings(max_examples=100)
@given(cases(max_parties=4, max_issues=4))
def test_streamed_json_is_the_json(case: Case) -> None:
    """compare's and history's JSON written a record at a time (rows made as they are written,
    breaches written per party, sets written once) is the JSON of their documents."""
    from positions import report
    from positions.engine.history import history

    result = compare(case, pairwise=True)
    whole = render_json(report.compare_json(case, result))
    assert whole == "".join(json_chunks(report.compare_json(case, result, stream=True)))
    changes = history(case)
    whole = render_json(report.history_json(case, changes))
    assert whole == "".join(json_chunks(report.history_json(case, changes, stream=True)))


@settings(max_examples=200)
@given(cases(max_parties=4, max_issues=4, max_milestones=3), st.data())
def test_snapshot_advanced_from_an_earlier_one_is_the_snapshot(
    case: Case, data: st.DataObject
) -> None:
    """A snapshot made from an earlier one by folding in only the later records equals the
    snapshot taken afresh; the positions it says changed are those whose branches differ."""
    from positions.engine.snapshot import advance, snapshot

    dates = case.dates()
    first = data.draw(st.sampled_from(dates))
    second = data.draw(st.sampled_from([d for d in dates if d >= first]))
    earlier = snapshot(case, first)
    later, moved = advance(case, earlier, second)
    assert snapshot(case, second) == later
    differ = {k for k in {*earlier.branches, *later.branches}
              if earlier.branches.get(k) != later.branches.get(k)}  # fmt: skip
    assert differ == set(moved)


_ODD = st.sampled_from([None, 1, 1.5, True, "", "x", [], {}, "stated", "high", "2030-01-02"])


def _mostly(valid: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Valid values, and now and then one of the wrong type or shape."""
    return st.integers(min_value=0, max_value=7).flatmap(lambda k: _ODD if k == 0 else valid)


_STANCE_FIELDS = {
    "party": _mostly(st.sampled_from(["a", "b", "c"])),
    "issue": _mostly(st.sampled_from(["w", "w", "w", "n"])),
    "basis": _mostly(st.sampled_from(["stated", "reported", "inferred"])),
    "as_of": _mostly(st.sampled_from(["2030-01-01", "2030-02-01"])),
    "demand": _mostly(st.sampled_from(["full", "none", {"at_least": "partial"}, ["none"], 5])),
    "red_line": _mostly(st.sampled_from([{"at_least": "none"}, "full", {"at_most": 50}])),
    "source": _mostly(st.just("wire")),
    "quote": _mostly(st.text(max_size=3)),
    "note": _mostly(st.text(max_size=3)),
    "priority": _mostly(st.sampled_from(["low", "medium", "high"])),
    "retracted": _mostly(st.just(False) | st.booleans()),
    "demand_basis": _mostly(st.sampled_from(["stated", "inferred"])),
    "red_line_basis": _mostly(st.sampled_from(["reported", "inferred"])),
    "when": _mostly(st.sampled_from([{"issue": "n", "at_least": 5}, {"milestone": "m"}, []])),
    "extra": _ODD,
}


def _assert_plain_is_detailed(doc: dict[str, object]) -> None:
    """Loading `doc` gives the same case (or the same problems) through the plain converter,
    tried first, as through the detailed converter alone."""
    from positions import io as pio
    from positions.errors import CaseError

    text = json.dumps(doc)

    def outcome() -> object:
        try:
            case = loads(text, "json")
        except CaseError as e:
            return [str(p) for p in e.problems]
        return case, pio.dumps(case)

    at_once = outcome()
    real = pio.converter
    try:
        pio.converter = lambda fmt, detailed=True: real(fmt, True)  # type: ignore[assignment]
        alone = outcome()
    finally:
        pio.converter = real  # type: ignore[assignment]
    assert alone == at_once


@settings(max_examples=300)
@given(
    st.lists(
        st.fixed_dictionaries(
            {k: v for k, v in _STANCE_FIELDS.items() if k in ("party", "issue", "basis")},
            optional={
                k: v for k, v in _STANCE_FIELDS.items() if k not in ("party", "issue", "basis")
            },
        ),
        min_size=1,
        max_size=3,
    )
)
def test_stances_read_at_once_are_those_the_detailed_converter_makes(
    stances: list[dict[str, object]],
) -> None:
    """The plain converter reads a stance in one step (`plain.ready_stance`) only when the
    detailed converter, field by field, would make the same one: the same case, or the same
    problems, as with the detailed converter alone."""
    doc = {
        "case": {"id": "c", "title": "C", "as_of": "2030-03-01"},
        "source": [{"id": "wire", "title": "Wire"}],
        "party": [{"id": p, "name": p.upper()} for p in ("a", "b", "c")],
        "issue": [
            {"id": "w", "title": "W", "scale": {"kind": "ordinal", "levels": ["none", "partial", "full"]}},
            {"id": "n", "title": "N", "scale": {"kind": "numeric", "unit": "km", "max": 60}},
        ],
        "milestone": [{"id": "m", "label": "M"}],
        "stance": stances,
    }  # fmt: skip
    _assert_plain_is_detailed(doc)


_PRECONDITION_FIELDS = {
    "party": _mostly(st.sampled_from(["a", "b"])),
    "requires": _mostly(
        st.sampled_from([{"issue": "w", "at_least": "partial"}, {"milestone": "m"}, {"issue": "n"}])
    ),
    "before": _mostly(st.sampled_from(["m", "w", "n"])),
    "as_of": _mostly(st.sampled_from(["2030-01-01", "2030-02-01"])),
    "basis": _mostly(st.sampled_from(["stated", "reported", "inferred"])),
    "source": _mostly(st.just("wire")),
    "quote": _mostly(st.text(max_size=3)),
    "note": _mostly(st.text(max_size=3)),
    "retracted": _mostly(st.booleans()),
    "extra": _ODD,
}


@settings(max_examples=200)
@given(
    st.lists(
        st.fixed_dictionaries(
            {k: v for k, v in _PRECONDITION_FIELDS.items() if k in ("party", "requires", "before")},
            optional={
                k: v
                for k, v in _PRECONDITION_FIELDS.items()
                if k not in ("party", "requires", "before")
            },
        ),
        min_size=1,
        max_size=3,
    )
)
def test_preconditions_read_at_once_are_those_the_detailed_converter_makes(
    preconditions: list[dict[str, object]],
) -> None:
    """As for stances: the plain converter's one-step precondition is the detailed one's."""
    doc = {
        "case": {"id": "c", "title": "C", "as_of": "2030-03-01"},
        "source": [{"id": "wire", "title": "Wire"}],
        "party": [{"id": p, "name": p.upper()} for p in ("a", "b")],
        "issue": [
            {"id": "w", "title": "W", "scale": {"kind": "ordinal", "levels": ["none", "partial"]}},
            {"id": "n", "title": "N", "scale": {"kind": "numeric"}},
        ],
        "milestone": [{"id": "m", "label": "M"}],
        "precondition": preconditions,
    }
    _assert_plain_is_detailed(doc)


@settings(max_examples=50)
@given(cases())
def test_trusted_makers_make_what_the_attrs_init_makes(case: Case) -> None:
    """A stance or precondition made by filling its slots (`plain.new_stance`,
    `plain.new_precondition`, the load's path) equals, hashes, prints and evolves as the one
    its attrs `__init__` makes from the same fields."""
    from positions._io import plain

    made_pairs = [
        (s, plain.new_stance(*(getattr(s, n) for n in plain.STANCE_FIELDS))) for s in case.stances
    ] + [
        (p, plain.new_precondition(*(getattr(p, n) for n in plain.PRECONDITION_FIELDS)))
        for p in case.preconditions
    ]
    for original, made in made_pairs:
        assert type(original) is type(made)
        assert original == made
        assert hash(original) == hash(made)
        assert repr(original) == repr(made)
        assert attrs.evolve(made) == original


@settings(max_examples=100)
@given(cases(max_parties=4, max_issues=4))
def test_stance_texts_are_the_stance_tables_encoded(case: Case) -> None:
    """A stance joined from its written pieces (`StanceTexts`, compare's streamed JSON) is the
    text its table encodes to; a stance it cannot write so gives None."""
    from positions._report.render import compact
    from positions._report.words import StanceTexts, stance_json

    texts = StanceTexts()
    for s in case.stances:
        text = texts.stance(s)
        if text is not None:
            assert compact(stance_json(s)) == text
        else:
            assert s.when or s.demand_basis != s.basis or s.red_line_basis != s.basis


def test_stance_texts_leave_exact_numbers_to_the_document() -> None:
    """A number that is written exactly through a placeholder of the document (not a float's
    shortest form) is not written ahead: the stance goes as its table, and the streamed JSON
    is still the document's."""
    from casebuilder import case as make_case
    from casebuilder import stance
    from positions import report
    from positions._report.words import StanceTexts

    case = make_case(
        stance("a", "km", demand="0.10000000000000000000000001") + stance("b", "km", demand="0.5")
    )
    texts = StanceTexts()
    assert texts.stance(case.stances[0]) is None
    assert texts.stance(case.stances[1]) is not None
    result = compare(case)
    streamed = "".join(json_chunks(report.compare_json(case, result, stream=True)))
    assert render_json(report.compare_json(case, result)) == streamed
    assert '{"is": 0.10000000000000000000000001, "unit": "km"}' in streamed


_leaves = st.one_of(
    st.text(), st.integers(), st.booleans(), st.none(), st.decimals(allow_nan=False)
)
_plain = st.one_of(
    _leaves,
    st.lists(st.one_of(st.text(), _leaves), max_size=4),
    st.dictionaries(st.text(), st.one_of(_leaves, st.lists(st.text(), max_size=3)), max_size=4),
)


@many
@given(_plain)
def test_plain_compact_is_compact(value: object) -> None:
    """An outcome set's data written without an encoder (`plain_compact`: strings of any
    characters, whole numbers, lists of strings, tables of those) is what the encoder writes;
    anything else it leaves to the encoder."""
    from positions._report.render import compact, plain_compact

    written = plain_compact(value)
    if type(value) in (str, int):
        assert written is not None
    if written is not None:
        assert compact(value) == written
