"""Fuzzing the loader: any mutation of a valid case ends in a Case or a CaseError, nothing else.

Each example takes the raw document of the bundled Syria–Israel seed (or of the small valid case
of tests/bad, which has the numeric and categorical scales the seed lacks), applies a few random
mutations (drop a key, rename a key, change a value's type, duplicate an id, insert garbage,
delete list items), writes it as JSON and loads it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions import CaseError

SEED = Path(__file__).parent.parent / "seeds" / "syria-israel-2026.toml"
KEYS = [
    "format", "case", "source", "party", "issue", "milestone", "package", "stance", "precondition",
    "id", "title", "name", "member", "scale", "kind", "levels", "options", "min", "max", "unit",
    "label", "reached", "follows", "outcomes", "date", "party", "issue", "as_of", "demand",
    "red_line", "basis", "source", "retracted", "requires", "before", "milestone", "is", "one_of",
    "none_of", "at_least", "at_most", "nme", "red_lines", "stances",
]  # fmt: skip
LISTS = ("source", "party", "issue", "milestone", "package", "stance", "precondition")


def _plain(value: Any) -> Any:
    """TOML values as JSON values (dates become ISO strings)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


RAWS: list[dict[str, Any]] = [
    _plain(tomllib.loads(SEED.read_text(encoding="utf-8"))),
    json.loads((Path(__file__).parent / "bad" / "bom.json").read_text(encoding="utf-8-sig")),
]

TEXT = st.text(st.characters(exclude_categories=()), max_size=12)  # surrogates included
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),  # NaN and infinities included
    TEXT,
    st.sampled_from(
        ["", "full", "yes", "no", "syria", "talks", "NaN", "2026-01-05", "2026-02-30", "2026-1-5"]
    ),
    st.sampled_from([10**400, -(10**400), 2**64, 1e308, -0.0]),
)
GARBAGE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXT), inner, max_size=3),
    ),
    max_leaves=6,
)


def _walk(data: st.DataObject, doc: Any) -> list[tuple[tuple[Any, ...], Any]]:
    """A random walk down from the root: every (path, value) passed, the root first.

    Walking (rather than picking among all nodes) gives every level a fair chance: a key of
    [case] is as likely to be hit as a key of one of the many stances.
    """
    trail: list[tuple[tuple[Any, ...], Any]] = [((), doc)]
    path: tuple[Any, ...] = ()
    node = doc
    while isinstance(node, dict | list) and node and data.draw(st.integers(0, 3)) > 0:
        step = data.draw(
            st.sampled_from(list(node) if isinstance(node, dict) else range(len(node)))
        )
        path, node = (*path, step), node[step]
        trail.append((path, node))
    return trail


def _mutate(data: st.DataObject, doc: dict[str, Any]) -> None:
    """Applies one random mutation to `doc`, in place."""
    trail = _walk(data, doc)
    tables = [v for _, v in trail if isinstance(v, dict) and v]
    lists = [v for _, v in trail if isinstance(v, list) and v]
    kind = data.draw(
        st.sampled_from(["drop", "rename", "retype", "duplicate-id", "insert", "delete-item"])
    )
    if kind in ("drop", "rename") and tables:
        table = tables[-1]
        key = data.draw(st.sampled_from(list(table)))
        value = table.pop(key)
        if kind == "rename":
            table[data.draw(st.one_of(st.sampled_from(KEYS), TEXT))] = value
    elif kind == "retype" and len(trail) > 1:
        path = trail[-1][0]
        parent = trail[-2][1]
        parent[path[-1]] = data.draw(GARBAGE)
    elif kind == "duplicate-id":
        key = data.draw(st.sampled_from(LISTS))
        items = doc.get(key)
        if isinstance(items, list) and items:
            items.append(copy.deepcopy(data.draw(st.sampled_from(items))))
    elif kind == "insert":
        container = [v for _, v in trail if isinstance(v, dict | list)][-1]
        if isinstance(container, dict):
            container[data.draw(st.one_of(st.sampled_from(KEYS), TEXT))] = data.draw(GARBAGE)
        else:
            container.insert(data.draw(st.integers(0, len(container))), data.draw(GARBAGE))
    elif kind == "delete-item" and lists:
        items = lists[-1]
        del items[data.draw(st.integers(0, len(items) - 1))]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_loads_mutated_json_gives_case_or_case_error(data: st.DataObject) -> None:
    """Any mutation of a valid case loads into a Case or raises CaseError, never anything else."""
    doc = copy.deepcopy(data.draw(st.sampled_from(RAWS)))
    for _ in range(data.draw(st.integers(1, 4))):
        _mutate(data, doc)
    text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()))
    try:
        case = positions.loads(text, format="json")
    except CaseError as e:
        assert e.problems, "a CaseError lists at least one problem"
        assert all(p.message for p in e.problems)
        return
    # a file that loads is whole: it writes back to JSON and loads into an equal case
    assert case == positions.loads(positions.dumps(case), format="json")


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_loads_damaged_toml_text_gives_case_or_case_error(data: st.DataObject) -> None:
    """Random bytes written over the seed's TOML text load or raise CaseError, nothing else."""
    text = bytearray(SEED.read_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        text[at : at + data.draw(st.integers(0, 8))] = data.draw(st.binary(max_size=8))
    try:
        positions.loads(bytes(text), format="toml")
    except CaseError as e:
        assert e.problems
