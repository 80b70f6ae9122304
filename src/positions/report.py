"""Results -> rows -> text: tables (tabulate), JSON, CSV, Mermaid and DOT.

Every function here returns a string or plain data; nothing prints. Sentences are written here,
from result data, deterministically: the same input gives byte-identical output.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from positions.model import Case, Precondition, Requirement, Stance
from positions.outcomes import OutcomeSet, Value, as_table

if TYPE_CHECKING:  # the engines' result types, for annotations only: a report imports one
    from positions.engine.check import Finding
    from positions.engine.compare import Breach, Comparison, Gap, IssueComparison
    from positions.engine.evaluate import Evaluation
    from positions.engine.history import Change, History
    from positions.engine.sequencing import Deadlock, Edge, Sequencing

__all__ = [
    "Table",
    "describe",
    "render",
    "render_json",
    "table_formats",
]

JSON = dict[str, Any]


@attrs.frozen(kw_only=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def table_formats() -> list[str]:
    """Every output format: tabulate's, then json and csv."""
    import tabulate

    return [*sorted(set(tabulate.tabulate_formats) - _RAW_FORMATS), "csv", "json"]


# formats that pass markup through unescaped: hostile text in a name would become live markup
_RAW_FORMATS = {"unsafehtml", "latex_raw"}


# --------------------------------------------------------------------------------------------
# rendering

_PIPE_FORMATS = {
    "pipe",
    "github",
    "jira",
    "orgtbl",
    "presto",
    "psql",
    "textile",
    "moinmoin",
    "youtrack",
    "pretty",
    "outline",
    "simple_outline",
    "rounded_outline",
    "heavy_outline",
    "mixed_outline",
    "double_outline",
    "fancy_outline",
}


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _cell(text: str, fmt: str) -> str:
    if _CONTROLS.search(text):  # line breaks and tabs become spaces; other controls are shown
        text = _CONTROLS.sub(lambda m: f"\\x{ord(m[0]):02x}", " ".join(text.split()))
    if fmt in _PIPE_FORMATS:
        text = text.replace("\\", "\\\\").replace("|", "\\|")
    elif fmt == "mediawiki":
        text = text.replace("|", "&#124;")
    return text


def render(tables: Sequence[Table], fmt: str) -> str:
    """Tables in a tabulate format, or CSV; several tables are separated by a blank line."""
    if fmt == "csv":
        parts = []
        for t in tables:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(t.headers)
            writer.writerows(t.rows)
            parts.append(buf.getvalue())
        return "\n".join(parts)
    from tabulate import tabulate

    out = []
    for t in tables:
        rows = [[_cell(c, fmt) for c in row] for row in t.rows]
        headers = [_cell(h, fmt) for h in t.headers]
        body = tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)
        title = _cell(t.title, "plain") if fmt not in ("html", "unsafehtml") else ""
        if fmt == "html" and t.title:
            import html

            title = f"<h2>{html.escape(t.title)}</h2>"
        out.append(f"{title}\n\n{body}\n" if title else f"{body}\n")
    return "\n".join(out)


def render_json(data: JSON, *, indent: bool = False) -> str:
    """One JSON object, a key per line and a record per line: lists of objects (issue rows,
    verdicts, changes, findings) put each object, compact, on a line of its own. Readable and
    diffable, and fast on large cases (the compact encoder is C; the indenting one is not).
    With `indent`, fully indented instead (for small nested documents such as the schema)."""
    import json  # only for JSON output

    if indent:
        return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=2) + "\n"

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))

    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            rows = ",\n    ".join(compact(v) for v in value)
            lines.append(f"  {compact(key)}: [\n    {rows}\n  ]")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


# --------------------------------------------------------------------------------------------
# words


def number(v: Value) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _with_unit(v: Value, s: OutcomeSet) -> str:
    text = v if isinstance(v, str) else number(v)
    return f"{text} {s.scale.unit}" if s.scale.unit and not isinstance(v, str) else text


def _or(words: Sequence[str]) -> str:
    if len(words) <= 2:
        return " or ".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def describe(s: OutcomeSet | None) -> str:
    """An outcome set in words, in the form it was written: 'full', 'at least partial',
    'un or joint', 'anything but none', '5 to 20 km'. Computed sets are worded canonically."""
    if s is None:
        return "unknown"
    if s.is_empty():
        return "nothing"
    scale = s.scale
    form = s.form
    if form in ("list", "one_of") or (
        form == "set"
        and scale.finite
        and not s.is_single()
        and (not scale.ordered or not s.is_interval())
    ):
        return _or(list(s.members()))
    if form == "none_of":
        excluded = [v for v in scale.values if not s.contains(v)]
        return "anything but " + _or(excluded).replace(" or ", " and ")
    if form in ("value", "is") or (form == "set" and s.is_single()):
        return _with_unit(s.bounds()[0] if scale.ordered else s.members()[0], s)
    lo, hi = s.bounds()
    if form == "set":
        if scale.finite:
            lo_open, hi_open = lo == scale.values[0], hi == scale.values[-1]
        else:
            lo_open = lo == -math.inf or (scale.min is not None and lo == scale.min)
            hi_open = hi == math.inf or (scale.max is not None and hi == scale.max)
        if lo_open and hi_open and lo == -math.inf and hi == math.inf:
            return "anything"
        form = (
            "at_least"
            if hi_open and lo != -math.inf
            else ("at_most" if lo_open and hi != math.inf else "range")
        )
    if form == "at_least":
        return f"at least {_with_unit(lo, s)}"
    if form == "at_most":
        return f"at most {_with_unit(hi, s)}"
    if scale.finite:
        return f"{lo} to {hi}"
    return f"{number(lo)} to {_with_unit(hi, s)}"


def set_json(s: OutcomeSet | None) -> Any:
    """An outcome set as JSON: as written, numeric ones as a table with their unit."""
    if s is None:
        return None
    data = s.to_data()
    if not s.scale.finite and s.scale.unit is not None:
        if not isinstance(data, dict):
            data = {"is": data}
        data = {**data, "unit": s.scale.unit}
    return data


def _name(case: Case, party: str) -> str:
    return case.party(party).name


def _names(case: Case, parties: Iterable[str], conj: str = "and") -> str:
    names = [_name(case, p) for p in parties]
    if len(names) <= 2:
        return f" {conj} ".join(names)
    return ", ".join(names[:-1]) + f" {conj} " + names[-1]


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


# --------------------------------------------------------------------------------------------
# compare


def breach_sentence(case: Case, b: Breach) -> str:
    return (
        f"{_possessive(_name(case, b.party))} demand ({describe(b.demand)}) breaches "
        f"{_possessive(_name(case, b.red_line_of))} red line ({describe(b.red_line)})"
    )


#: an explanation spells out this many breaches; JSON lists them all
BREACHES_SPELLED_OUT = 3


def _breach_sentences(case: Case, breaches: Sequence[Breach]) -> str:
    shown = [breach_sentence(case, b) for b in breaches[:BREACHES_SPELLED_OUT]]
    rest = len(breaches) - len(shown)
    if rest:
        shown.append(f"and {rest} more breach{'es' if rest > 1 else ''}")
    return "; ".join(shown)


def gap_words(gap: Gap | None) -> str:
    if gap is None or gap.distance is None:
        return ""
    unit = gap.unit if gap.unit else ("step" if gap.distance == 1 else "steps")
    if gap.unit is None and isinstance(gap.lower, str):
        return f"gap {number(gap.distance)} {unit} ({gap.lower} to {gap.upper})"
    low = number(gap.lower) if gap.lower is not None else ""
    high = number(gap.upper) if gap.upper is not None else ""
    tail = f" {gap.unit}" if gap.unit else ""
    return f"gap {number(gap.distance)}{tail} ({low} to {high}{tail})"


def explain(case: Case, row: IssueComparison) -> str:
    """One line saying why the issue has its status."""
    parts: list[str] = []
    with_stance = [p for p, _ in row.stances]
    if row.status == "silent":
        parts.append("no selected party has a stance")
    elif row.status == "one-sided":
        parts.append(f"only {_name(case, with_stance[0])} has a stance")
    elif row.status == "conflict":
        gap = row.gap
        if gap is not None and gap.distance is not None:
            assert gap.lower_party is not None and gap.upper_party is not None
            lower = _possessive(_name(case, gap.lower_party))
            upper = _possessive(_name(case, gap.upper_party))
            low_s = gap.lower if isinstance(gap.lower, str) else number(gap.lower or 0)
            high_s = gap.upper if isinstance(gap.upper, str) else number(gap.upper or 0)
            unit = f" {gap.unit}" if gap.unit else ""
            parts.append(
                f"red lines do not meet: {lower} goes up to {low_s}{unit}, {upper} starts at "
                f"{high_s}{unit}"
            )
        else:
            parts.append("no outcome lies inside every red line")
    elif row.status == "agreed":
        wants = [s.wants for _, s in row.stances if s.wants is not None]
        common = wants[0]
        for w in wants[1:]:
            common = common.intersect(w)
        parts.append(
            f"{_names(case, with_stance)} all accept {describe(common)}"
            if len(with_stance) > 2
            else f"{_names(case, with_stance)} both accept {describe(common)}"
        )
    elif row.status == "overlap":
        parts.append(f"red lines meet at {describe(row.zone)}; demands differ")
    elif row.breaches:
        parts.append(_breach_sentences(case, row.breaches))
    else:
        parts.append("demands differ")
    if row.status in ("open",) and row.unknown_red_lines:
        lines = "red line" if len(row.unknown_red_lines) == 1 else "red lines"
        parts.append(f"{lines} unknown for {_names(case, row.unknown_red_lines)}")
    if row.status in ("conflict", "overlap", "agreed") and row.breaches:
        parts.append(_breach_sentences(case, row.breaches))
    if row.silent and row.status != "silent":
        parts.append(f"no stance from {_names(case, row.silent, 'or')}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def stance_words(s: Stance | None) -> str:
    if s is None:
        return "—"
    if s.demand is None:
        text = f"red line: {describe(s.red_line)}"
    elif s.red_line is None:
        text = describe(s.demand)
    elif describe(s.red_line) == describe(s.demand):
        text = f"{describe(s.demand)} (red line)"
    else:
        text = f"{describe(s.demand)}; red line: {describe(s.red_line)}"
    if s.basis == "inferred":
        text += " [inferred]"
    return text


def compare_tables(case: Case, result: Comparison) -> list[Table]:
    names = [_name(case, p) for p in result.parties]
    rows = []
    for row in result.issues:
        held = dict(row.stances)
        zone_gap = ""
        if row.status == "conflict":
            zone_gap = gap_words(row.gap)
        elif row.zone is not None:
            zone_gap = ("zone so far: " if row.status == "open" else "zone: ") + describe(row.zone)
        rows.append(
            (
                case.issue(row.issue).title,
                *(stance_words(held.get(p)) for p in result.parties),
                row.status,
                zone_gap,
                explain(case, row),
            )
        )
    tables = [
        Table(
            title=f"{case.title} — positions as of {result.as_of.isoformat()}",
            headers=("Issue", *names, "Status", "Zone / gap", "Explanation"),
            rows=tuple(rows),
        )
    ]
    if result.pairs is not None:
        tables.append(
            Table(
                title="Pairwise: issues both parties have a stance on, by status",
                headers=("Party A", "Party B", "agreed", "overlap", "open", "conflict"),
                rows=tuple(
                    (
                        _name(case, p.a),
                        _name(case, p.b),
                        str(p.agreed),
                        str(p.overlap),
                        str(p.open),
                        str(p.conflict),
                    )
                    for p in result.pairs
                ),
            )
        )
    return tables


def _gap_json(gap: Gap | None) -> JSON | None:
    if gap is None:
        return None
    data: JSON = {
        "lower_party": gap.lower_party,
        "lower": gap.lower,
        "upper_party": gap.upper_party,
        "upper": gap.upper,
        "distance": gap.distance,
        "unit": gap.unit
        if gap.unit is not None
        else ("steps" if isinstance(gap.lower, str) else None),
        "sets": {p: set_json(s) for p, s in gap.sets},
    }
    return data


def stance_json(s: Stance) -> JSON:
    return {
        "demand": set_json(s.demand),
        "red_line": set_json(s.red_line),
        "basis": s.basis,
        "as_of": s.as_of.isoformat(),
        "source": s.source,
    }


def compare_json(case: Case, result: Comparison) -> JSON:
    data: JSON = {
        "case": result.case,
        "as_of": result.as_of.isoformat(),
        "parties": list(result.parties),
        "issues": [
            {
                "issue": row.issue,
                "status": row.status,
                "explanation": explain(case, row),
                "stances": {p: stance_json(s) for p, s in row.stances},
                "silent": list(row.silent),
                "zone": set_json(row.zone),
                "unknown_red_lines": list(row.unknown_red_lines),
                "gap": _gap_json(row.gap),
                "breaches": [
                    {"party": b.party, "red_line_of": b.red_line_of} for b in row.breaches
                ],
            }
            for row in result.issues
        ],
    }
    if result.pairs is not None:
        data["pairs"] = [
            {
                "a": p.a,
                "b": p.b,
                "agreed": p.agreed,
                "overlap": p.overlap,
                "open": p.open,
                "conflict": p.conflict,
            }
            for p in result.pairs
        ]
    return data


# --------------------------------------------------------------------------------------------
# evaluate


def _value(v: Value) -> str:
    return v if isinstance(v, str) else number(v)


def evaluate_tables(case: Case, result: Evaluation) -> list[Table]:
    pkg = result.package
    label = pkg.label or pkg.id
    rows = []
    for v in result.verdicts:
        scale = case.issue(v.issue).scale
        outcome = _value(v.outcome) + (f" {scale.unit}" if scale.unit else "")
        rows.append(
            (
                case.issue(v.issue).title,
                outcome,
                _name(case, v.party),
                v.verdict,
                stance_words(v.stance),
            )
        )
    summary = Table(
        title="Summary",
        headers=("Acceptable to", "Breached by"),
        rows=(
            (_names(case, result.acceptable_to) or "—", _names(case, result.breached_by) or "—"),
        ),
    )
    return [
        Table(
            title=f"{label} — against each party's stances as of {result.as_of.isoformat()}",
            headers=("Issue", "Package", "Party", "Verdict", "Party's stance"),
            rows=tuple(rows),
        ),
        summary,
    ]


def evaluate_json(case: Case, result: Evaluation) -> JSON:
    return {
        "case": result.case,
        "as_of": result.as_of.isoformat(),
        "package": result.package.id,
        "verdicts": [
            {"party": v.party, "issue": v.issue, "verdict": v.verdict, "outcome": v.outcome}
            for v in result.verdicts
        ],
        "acceptable_to": list(result.acceptable_to),
        "breached_by": list(result.breached_by),
    }


# --------------------------------------------------------------------------------------------
# preconditions


def requirement_words(case: Case, r: Requirement) -> str:
    if r.milestone is not None:
        return case.milestone(r.milestone).label
    assert r.issue is not None
    return f"{case.issue(r.issue).title}: {describe(r.outcomes)}"


def node_words(case: Case, node: str) -> str:
    if case.has_milestone(node):
        return case.milestone(node).label
    return case.issue(node).title


def requirement_json(r: Requirement) -> JSON:
    if r.milestone is not None:
        return {"milestone": r.milestone}
    return {"issue": r.issue, **as_table(set_json(r.outcomes))}


def _edge_words(case: Case, e: Edge) -> str:
    who = (
        f"{_name(case, e.party)} requires it first ({e.basis})"
        if e.party is not None
        else "milestone order"
    )
    return f"{node_words(case, e.source)} before {node_words(case, e.target)}: {who}"


def chain_words(case: Case, d: Deadlock) -> str:
    return " → ".join([*(node_words(case, n) for n in d.cycle), node_words(case, d.cycle[0])])


def preconditions_tables(case: Case, result: Sequencing) -> list[Table]:
    rows = tuple(
        (
            _name(case, s.precondition.party),
            requirement_words(case, s.precondition.requires),
            node_words(case, s.precondition.before),
            s.status,
            s.precondition.basis,
        )
        for s in result.preconditions
    )
    tables = [
        Table(
            title=f"{case.title} — preconditions as of {result.as_of.isoformat()}",
            headers=("Party", "Requires", "Before", "Status", "Basis"),
            rows=rows,
        )
    ]
    dead_rows = []
    for n, d in enumerate(result.deadlocks, 1):
        for i, e in enumerate(d.edges):
            dead_rows.append((str(n) if i == 0 else "", _edge_words(case, e)))
    tables.append(
        Table(
            title=f"Deadlocks: {len(result.deadlocks)}"
            + ("" if not result.deadlocks else " (each cycle, step by step)"),
            headers=("#", "Step"),
            rows=tuple(dead_rows),
        )
    )
    return tables


def _edge_json(e: Edge) -> JSON:
    return {"from": e.source, "to": e.target, "party": e.party, "basis": e.basis, "source": e.cited}


def preconditions_json(case: Case, result: Sequencing) -> JSON:
    return {
        "case": result.case,
        "as_of": result.as_of.isoformat(),
        "preconditions": [
            {
                "party": s.precondition.party,
                "requires": requirement_json(s.precondition.requires),
                "before": s.precondition.before,
                "status": s.status,
                "basis": s.precondition.basis,
                "source": s.precondition.source,
            }
            for s in result.preconditions
        ],
        "deadlocks": [
            {
                "cycle": list(d.cycle),
                "nodes": list(d.nodes),
                "edges": [_edge_json(e) for e in d.edges],
            }
            for d in result.deadlocks
        ],
    }


def _deadlock_edges(result: Sequencing) -> set[tuple[str, str]]:
    return {(e.source, e.target) for d in result.deadlocks for e in d.edges}


def _mermaid_label(text: str) -> str:
    """Text for a quoted Mermaid label: quotes and markup as entity codes, one line."""
    text = " ".join(text.split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text


def mermaid(case: Case, result: Sequencing) -> str:
    """The sequencing graph as a Mermaid flowchart: inferred edges dashed, deadlocks in red."""
    ids = {n: f"n{i}" for i, n in enumerate(result.nodes)}
    lines = ["flowchart LR"]
    for n in result.nodes:
        label = _mermaid_label(node_words(case, n))
        shape = f'(["{label}"])' if case.has_milestone(n) else f'["{label}"]'
        lines.append(f"  {ids[n]}{shape}")
    hot = _deadlock_edges(result)
    styled = []
    for i, e in enumerate(result.edges):
        label = _mermaid_label(_name(case, e.party)) if e.party else "then"
        arrow = "-.->" if e.basis == "inferred" else "-->"
        lines.append(f'  {ids[e.source]} {arrow}|"{label}"| {ids[e.target]}')
        if (e.source, e.target) in hot:
            styled.append(str(i))
    if styled:
        lines.append(f"  linkStyle {','.join(styled)} stroke:#d00,stroke-width:3px")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def dot(case: Case, result: Sequencing) -> str:
    """The sequencing graph in Graphviz DOT: inferred edges dashed, deadlocks in red."""
    lines = [f"digraph {_dot_quote(case.id)} {{", "  rankdir=LR;"]
    for n in result.nodes:
        shape = "ellipse" if case.has_milestone(n) else "box"
        lines.append(f"  {_dot_quote(n)} [label={_dot_quote(node_words(case, n))}, shape={shape}];")
    hot = _deadlock_edges(result)
    for e in result.edges:
        attrs_ = [f"label={_dot_quote(_name(case, e.party) if e.party else 'then')}"]
        if e.basis == "inferred":
            attrs_.append("style=dashed")
        if (e.source, e.target) in hot:
            attrs_.append('color="#d00000"')
            attrs_.append("penwidth=2")
        lines.append(f"  {_dot_quote(e.source)} -> {_dot_quote(e.target)} [{', '.join(attrs_)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# history


def _record_words(case: Case, r: Stance | Precondition | None) -> str:
    if r is None:
        return "—"
    if isinstance(r, Stance):
        return stance_words(r)
    return requirement_words(case, r.requires)


def _record_json(r: Stance | Precondition | None) -> JSON | None:
    if r is None:
        return None
    if isinstance(r, Stance):
        return stance_json(r)
    return {
        "requires": requirement_json(r.requires),
        "before": r.before,
        "basis": r.basis,
        "as_of": r.as_of.isoformat(),
        "source": r.source,
    }


def _subject_words(case: Case, c: Change) -> str:
    if c.kind == "stance":
        return case.issue(c.subject).title
    source, target = c.subject.split("->", 1)
    return f"{node_words(case, source)} before {node_words(case, target)}"


def history_tables(case: Case, result: History) -> list[Table]:
    rows = tuple(
        (
            _name(case, c.party),
            c.kind,
            _subject_words(case, c),
            c.change + (f" ({c.direction})" if c.direction else ""),
            _record_words(case, c.before),
            _record_words(case, c.after),
        )
        for c in result.changes
    )
    tables = [
        Table(
            title=f"{case.title} — changes from {result.start.isoformat()} to "
            f"{result.end.isoformat()}",
            headers=("Party", "Kind", "Subject", "Change", "Before", "After"),
            rows=rows,
        )
    ]
    tables.append(
        Table(
            title="Issues whose status changed",
            headers=("Issue", "Before", "After"),
            rows=tuple(
                (case.issue(s.issue).title, s.before, s.after) for s in result.status_changes
            ),
        )
    )
    return tables


def history_json(case: Case, result: History) -> JSON:
    return {
        "case": result.case,
        "from": result.start.isoformat(),
        "to": result.end.isoformat(),
        "changes": [
            {
                "kind": c.kind,
                "party": c.party,
                "subject": c.subject,
                "change": c.change,
                "direction": c.direction,
                "before": _record_json(c.before),
                "after": _record_json(c.after),
            }
            for c in result.changes
        ],
        "status_changes": [
            {"issue": s.issue, "before": s.before, "after": s.after} for s in result.status_changes
        ],
    }


# --------------------------------------------------------------------------------------------
# check and show


def check_tables(file: str, findings: Sequence[Finding]) -> list[Table]:
    return [
        Table(
            title=f"{file}: {_count(findings, 'error')}, {_count(findings, 'warning')}",
            headers=("Severity", "Code", "Message", "Path"),
            rows=tuple((f.severity, f.code, f.message, f.path) for f in findings),
        )
    ]


def _count(findings: Sequence[Finding], severity: str) -> str:
    n = sum(1 for f in findings if f.severity == severity)
    return f"{n} {severity}{'' if n == 1 else 's'}"


def finding_json(f: Finding) -> JSON:
    return {"severity": f.severity, "code": f.code, "message": f.message, "path": f.path}


def _opt(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, tuple):
        return ", ".join(str(x) for x in v)
    return str(v)


def scale_words(case: Case, issue_id: str) -> str:
    scale = case.issue(issue_id).scale
    if scale.kind == "numeric":
        bounds = ""
        if scale.min is not None or scale.max is not None:
            lo = number(scale.min) if scale.min is not None else "…"
            hi = number(scale.max) if scale.max is not None else "…"
            bounds = f" {lo}–{hi}"
        return f"numeric{bounds}{' ' + scale.unit if scale.unit else ''}"
    sep = " < " if scale.ordered else " | "
    return f"{scale.kind}: {sep.join(scale.values)}"


def show_tables(
    case: Case, what: str, stances: Sequence[Stance], preconditions: Sequence[Precondition]
) -> list[Table]:
    tables: dict[str, Table] = {}
    if what in ("summary", "parties"):
        tables["parties"] = Table(
            title=f"{case.title} — parties",
            headers=("Id", "Name", "Role", "Kind", "Aliases"),
            rows=tuple((p.id, p.name, p.role, _opt(p.kind), _opt(p.aliases)) for p in case.parties),
        )
    if what in ("summary", "members"):
        tables["members"] = Table(
            title="Delegations and leaders",
            headers=("Party", "Name", "Title", "Role", "Note"),
            rows=tuple(
                (p.name, m.name, _opt(m.title), _opt(m.role), _opt(m.note))
                for p in case.parties
                for m in p.members
            ),
        )
    if what == "issues":
        tables["issues"] = Table(
            title=f"{case.title} — issues",
            headers=("Id", "Title", "Scale"),
            rows=tuple((i.id, i.title, scale_words(case, i.id)) for i in case.issues),
        )
    if what == "stances":
        tables["stances"] = Table(
            title=f"{case.title} — stances",
            headers=("Party", "Issue", "As of", "Demand", "Red line", "Basis", "Source", "Quote"),
            rows=tuple(
                (
                    _name(case, s.party),
                    s.issue,
                    s.as_of.isoformat(),
                    describe(s.demand) if s.demand else "",
                    describe(s.red_line) if s.red_line else "",
                    s.basis + (" (retracted)" if s.retracted else ""),
                    _opt(s.source),
                    _opt(s.quote),
                )
                for s in stances
            ),
        )
    if what == "preconditions":
        tables["preconditions"] = Table(
            title=f"{case.title} — preconditions",
            headers=("Party", "Requires", "Before", "As of", "Basis", "Source", "Quote"),
            rows=tuple(
                (
                    _name(case, p.party),
                    requirement_words(case, p.requires),
                    node_words(case, p.before),
                    p.as_of.isoformat(),
                    p.basis + (" (retracted)" if p.retracted else ""),
                    _opt(p.source),
                    _opt(p.quote),
                )
                for p in preconditions
            ),
        )
    if what == "milestones":
        tables["milestones"] = Table(
            title=f"{case.title} — milestones",
            headers=("Id", "Label", "Reached", "Follows"),
            rows=tuple(
                (m.id, m.label, m.reached.isoformat() if m.reached else "", _opt(m.follows))
                for m in case.milestones
            ),
        )
    if what == "packages":
        tables["packages"] = Table(
            title=f"{case.title} — packages",
            headers=("Id", "Kind", "Label", "Date", "Outcomes"),
            rows=tuple(
                (
                    p.id,
                    p.kind,
                    _opt(p.label),
                    p.date.isoformat() if p.date else "",
                    "; ".join(f"{i} = {_value(v)}" for i, v in p.outcomes),
                )
                for p in case.packages
            ),
        )
    if what == "sources":
        tables["sources"] = Table(
            title=f"{case.title} — sources",
            headers=("Id", "Title", "Publisher", "Date", "URL"),
            rows=tuple(
                (
                    s.id,
                    s.title,
                    _opt(s.publisher),
                    s.date.isoformat() if s.date else "",
                    _opt(s.url),
                )
                for s in case.sources
            ),
        )
    return list(tables.values())


def show_json(
    case: Case, what: str, stances: Sequence[Stance], preconditions: Sequence[Precondition]
) -> JSON:
    from positions.io import converter

    conv = converter("json")
    data: JSON = {"case": case.id, "title": case.title, "as_of": case.as_of.isoformat()}
    if what == "summary":
        data["summary"] = case.summary
    chosen = {
        "parties": case.parties,
        "members": case.parties,
        "issues": case.issues,
        "stances": stances,
        "preconditions": preconditions,
        "milestones": case.milestones,
        "packages": case.packages,
        "sources": case.sources,
    }
    keys = ("parties",) if what == "summary" else (what,)
    for key in keys:
        data[key] = [conv.unstructure(v) for v in chosen[key]]
    return data
