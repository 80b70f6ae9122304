"""The one-file HTML report: a case's positions, breaches, packages, preconditions, sequencing
graph and timeline in one self-contained page, to attach to an email or drop into a CMS.

Self-contained: the styles are inline, the drawings inline SVG laid out by `_report/svg.py`,
there is no script and nothing to fetch (no font, no image, no CDN), and a strict
Content-Security-Policy says so to the browser. The same case gives the same bytes: no clock,
no random ids.

Every string that comes from the case file (names, titles, labels, quotes, notes, URLs, ids)
is written through `esc`, the one escaping function; only http(s) URLs become links (`href`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from positions._report.compare import (
    breach_sentence,
    explain,
    gap_words,
    status_words,
    zone_words,
)
from positions._report.safe import visible
from positions._report.sequencing import broken_words, chain_words
from positions._report.svg import GraphEdge, GraphNode, Strip, graph_svg, strip_svg
from positions._report.timeline import cell_status
from positions._report.words import (
    Notes,
    Wording,
    basis_mark,
    conditions_words,
    issue_name,
    node_words,
    party_name,
    party_names,
    source_words,
    stance_words,
)
from positions._version import __version__
from positions.model import Case, Precondition, Stance

if TYPE_CHECKING:
    from positions.engine.compare import Comparison, IssueComparison
    from positions.engine.evaluate import Evaluation
    from positions.engine.sequencing import Edge, Sequencing
    from positions.engine.timeline import Timeline

__all__ = ["CSP", "esc", "html_report", "safe_url"]

#: nothing may load or run: styles inline, images only as data: URLs, no scripts at all
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)

#: a graph with more nodes than this shows only its deadlocks and the milestones
MAX_GRAPH_NODES = 60
#: the party columns a printed table holds with words whole (more: see `_many`)
PRINT_PARTIES = 6
#: the breaches of one issue spelled out (a case of many parties has hundreds per issue)
BREACHES_PER_ISSUE = 12

STATUS_MEANING = {
    "agreed": "some outcome satisfies every deciding party's demand",
    "overlap": "the red lines meet (the zone), the demands differ",
    "open": "undecided: a red line is unknown or a deciding party is silent",
    "conflict": "no outcome lies inside every known red line",
    "one-sided": "only one deciding party has a stance",
    "silent": "no deciding party has a stance",
}
SHORT_STATUS = {
    "agreed": "agr",
    "overlap": "ovl",
    "open": "open",
    "conflict": "conf",
    "one-sided": "1-s",
    "silent": "sil",
}


def esc(text: str) -> str:
    """Author text made safe for HTML (element content and quoted attribute values alike):
    one line with control characters and bidi overrides shown as escapes (`safe.visible`),
    then `& < > " '` as character references. The one place the report escapes."""
    return html.escape(visible(text), quote=True)


_HTTP = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f\"'<>\\`]+", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """`url` when it is a plain http(s) URL, else None: `javascript:`, `data:` and every
    other scheme never become a link."""
    if url is None or not _HTTP.fullmatch(url):
        return None
    return url


def _link(url: str | None, text: str) -> str:
    target = safe_url(url)
    if target is None:
        shown = esc(text)
        return f'{shown} <span class="url">({esc(url)})</span>' if url else shown
    return f'<a href="{esc(target)}" rel="noopener noreferrer">{esc(text)}</a>'


def _date(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


# --------------------------------------------------------------------------------------------
# claims: words, basis, hover and footnote


class _Claims:
    """Words a claim in a cell, with its basis marked, its source and quote on hover, and its
    footnote number (notes numbered in the order the page cites them)."""

    def __init__(self, case: Case, as_of: dt.date) -> None:
        self.case = case
        self.as_of = as_of
        self.notes = Notes(case)
        self.words = Wording(case=case, labels=True, as_of=as_of)
        self._sources: dict[str, tuple[str, str]] = {}  # id -> (words, escaped link)
        self._anchored: set[int] = set()  # the notes whose first citation holds the anchor

    def source(self, ident: str) -> tuple[str, str]:
        """A source in words, and as a link to it (escaped), computed once per source."""
        found = self._sources.get(ident)
        if found is None:
            words = source_words(self.case, ident)
            src = self.case.source(ident)
            link = f'<a href="#source-{esc(src.id)}">source</a>: {_link(src.url, words)}'
            found = self._sources[ident] = (words, link)
        return found

    def basis(self, claim: Stance | Precondition) -> str:
        if isinstance(claim, Precondition):
            return claim.basis
        if claim.demand is not None and claim.red_line is not None:
            if claim.demand_basis != claim.red_line_basis:
                return f"demand {claim.demand_basis}, red line {claim.red_line_basis}"
        elif claim.red_line is not None:
            return claim.red_line_basis
        elif claim.demand is not None:
            return claim.demand_basis
        return claim.basis

    def hover(self, claim: Stance | Precondition) -> str:
        parts = [f"{party_name(self.case, claim.party)}, {self.basis(claim)}"]
        if claim.source is not None:
            parts.append(f"source: {self.source(claim.source)[0]}")
        if claim.quote:
            parts.append(f"“{claim.quote}”")
        if claim.note:
            parts.append(f"note: {claim.note}")
        return "; ".join(parts)

    def tail(self, claim: Stance | Precondition) -> str:
        """The basis mark, the date of an older claim, and the footnote number."""
        basis = self.basis(claim)
        out = f' <span class="basis b-{esc(basis.split(" ")[-1])}">{esc(basis)}</span>'
        if claim.as_of < self.as_of:
            out += f' <span class="date">({_date(claim.as_of)})</span>'
        n = self.notes.number(claim)
        anchor = "" if n in self._anchored else f' id="cite-{n}"'
        self._anchored.add(n)
        return out + f'<sup><a href="#note-{n}"{anchor}>{n}</a></sup>'

    def stance(self, s: Stance, branch: bool = False) -> str:
        text = "no stance" if s.retracted else stance_words(s, True)
        mark = basis_mark(s)
        if mark and text.endswith(mark):
            text = text[: -len(mark)]
        if branch:
            if s.when:
                text += f", while {conditions_words(self.case, s.when, True)}"
            else:
                text = f"otherwise {text}"
        return f'<span class="claim" title="{esc(self.hover(s))}">{esc(text)}{self.tail(s)}</span>'

    def position(self, branches: Sequence[Stance]) -> str:
        ordered = [b for b in branches if b.when] + [b for b in branches if not b.when]
        return "<br>".join(self.stance(b, branch=True) for b in ordered)


# --------------------------------------------------------------------------------------------
# sections


def _head(case: Case, day: dt.date) -> str:
    title = f"{case.title} — positions as of {day.isoformat()}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f'<meta name="generator" content="positions {__version__}">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
    )


def _header(case: Case, day: dt.date, comparison: Comparison) -> str:
    out = [
        "<header>",
        f"<h1>{esc(case.title)}</h1>",
        f'<p class="asof">Positions as of {_date(day)}.</p>',
    ]
    if case.summary:
        out.append(f'<p class="summary">{esc(case.summary)}</p>')
    out.append('<section id="parties"><h2>Parties</h2><ul>')
    for p in case.parties:
        role = p.role + (f", {p.kind}" if p.kind else "")
        deciding = " (decides statuses)" if p.id in comparison.deciding else ""
        out.append(f"<li><strong>{esc(p.name)}</strong> — {esc(role)}{deciding}</li>")
    out.append('</ul></section><section id="sources"><h2>Sources</h2><ol>')
    for s in case.sources:
        details = ", ".join(
            [*([esc(s.publisher)] if s.publisher else []), *([_date(s.date)] if s.date else [])]
        )
        out.append(
            f'<li id="source-{esc(s.id)}">{_link(s.url, s.title)}'
            + (f" — {details}" if details else "")
            + "</li>"
        )
    if not case.sources:
        out.append("<li>No sources are listed.</li>")
    out.append("</ol></section></header>")
    return "\n".join(out)


def _legend() -> str:
    items = "".join(
        f'<li><span class="badge s-{s}">{s}</span> {esc(meaning)}</li>'
        for s, meaning in STATUS_MEANING.items()
    )
    return f'<ul class="legend">{items}</ul>'


def _party_header(case: Case, party: str, deciding: Sequence[str]) -> str:
    p = case.party(party)
    role = "" if p.role == "principal" and party in deciding else f" ({p.role})"
    return f'<th scope="col">{esc(p.name)}{esc(role)}</th>'


def _many(parties: Sequence[str]) -> str:
    """' class="many"' for a table of more party columns than an A4 page holds whole words
    for: printed, its columns share the page equally and long words break."""
    return ' class="many"' if len(parties) > PRINT_PARTIES else ""


def _matrix(case: Case, comparison: Comparison, claims: _Claims) -> str:
    deciding = comparison.deciding or comparison.parties
    out = [
        '<section id="positions"><h2>Positions</h2>',
        f"<p>Each row is an issue, each column a party: its demand and red line, the basis of "
        f"each claim, and a footnote with its source and quote (also shown on hover). Statuses "
        f"are decided by {esc(party_names(case, deciding))}; silence is never agreement.</p>",
        _legend(),
        f'<div class="scroll"><table id="matrix"{_many(comparison.parties)}><thead><tr>'
        '<th scope="col">Issue</th>',
        *(_party_header(case, p, deciding) for p in comparison.parties),
        '<th scope="col">Status</th><th scope="col">Zone / gap</th>'
        '<th scope="col">Explanation</th></tr></thead><tbody>',
    ]
    for row in comparison.issues:
        out.append(_matrix_row(case, row, comparison, claims))
    out.append("</tbody></table></div>")
    # on paper the explanations follow the table, which keeps to the page's width without them
    out.append('<ol class="explanations print-only">')
    for row in comparison.issues:
        out.append(
            f"<li><strong>{esc(case.issue(row.issue).title)}</strong>: "
            f"{esc(explain(case, row, deciding, True))}</li>"
        )
    out.append("</ol></section>")
    return "\n".join(out)


def _matrix_row(case: Case, row: IssueComparison, comparison: Comparison, claims: _Claims) -> str:
    deciding = comparison.deciding or comparison.parties
    held = dict(row.stances)
    conditional = dict(row.branches)
    cells = []
    for p in comparison.parties:
        if p in conditional:
            cells.append(f"<td>{claims.position(conditional[p])}</td>")
        elif p in held:
            cells.append(f"<td>{claims.stance(held[p])}</td>")
        else:
            cells.append('<td class="none">— <span class="sr">no stance</span></td>')
    zone = (
        gap_words(case, row.gap, True) if row.status == "conflict" else zone_words(case, row, True)
    )
    status = status_words(row)
    issue = case.issue(row.issue)
    return (
        f'<tr class="s-{row.status}" data-issue="{esc(row.issue)}" data-status="{row.status}">'
        f'<th scope="row">{esc(issue.title)}</th>{"".join(cells)}'
        f'<td class="status"><span class="badge s-{row.status}">{esc(status)}</span></td>'
        f"<td>{esc(zone)}</td><td>{esc(explain(case, row, deciding, True))}</td></tr>"
    )


def _breaches(case: Case, comparison: Comparison) -> str:
    items = []
    for row in comparison.issues:
        title = esc(case.issue(row.issue).title)
        for b in row.breaches[:BREACHES_PER_ISSUE]:
            items.append(
                f"<li><strong>{title}</strong>: {esc(breach_sentence(case, b, True))}.</li>"
            )
        rest = len(row.breaches) - BREACHES_PER_ISSUE
        if rest > 0:
            items.append(
                f"<li><strong>{title}</strong>: and {rest} more breaches "
                "(<code>positions compare --format json</code> lists every one).</li>"
            )
    body = f"<ul>{''.join(items)}</ul>" if items else "<p>No demand breaches a known red line.</p>"
    return (
        '<section id="breaches"><h2>Breaches</h2><p>A breach: one party\'s demand lies wholly '
        f"outside another party's known red line.</p>{body}</section>"
    )


def _package(case: Case, ev: Evaluation, claims: _Claims) -> str:
    pkg = ev.package
    label = pkg.label or pkg.id
    verdicts = {(v.issue, v.party): v for v in ev.verdicts}
    issues = [i for i in case.issues if pkg.outcome(i.id) is not None]
    out = [
        f'<section class="package" id="package-{esc(pkg.id)}">'
        f'<h3>{esc(label)} <span class="kind">{esc(pkg.kind)}</span></h3>',
        "<p>"
        + "; ".join(
            f"{what}: {esc(party_names(case, who)) if who else '—'}"
            for what, who in (
                ("Acceptable to", ev.acceptable_to),
                ("breached by", ev.breached_by),
                ("undetermined for", ev.undetermined),
            )
        )
        + ".</p>",
        f'<div class="scroll"><table class="verdicts{" many" if _many(ev.parties) else ""}">'
        '<thead><tr><th scope="col">Issue</th><th scope="col">Package</th>',
        *(f'<th scope="col">{esc(party_name(case, p))}</th>' for p in ev.parties),
        "</tr></thead><tbody>",
    ]
    for issue in issues:
        outcome = pkg.outcome(issue.id)
        assert outcome is not None
        cells = []
        for p in ev.parties:
            v = verdicts.get((issue.id, p))
            if v is None:
                continue
            word = v.verdict
            hover = claims.hover(v.stance) if v.stance is not None else "no stance"
            if v.depends_on:
                hover = "depends on " + " and ".join(node_words(case, n) for n in v.depends_on)
            cells.append(
                f'<td class="v-{word}" title="{esc(hover)}"><span class="badge v-{word}">'
                f"{word}</span></td>"
            )
        out.append(
            f'<tr data-issue="{esc(issue.id)}"><th scope="row">{esc(issue.title)}</th>'
            f"<td>{esc(claims.words.value(issue.id, outcome))}</td>{''.join(cells)}</tr>"
        )
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


def _packages(case: Case, evaluations: Sequence[Evaluation], claims: _Claims) -> str:
    if not evaluations:
        body = "<p>The case holds no proposal or reference package.</p>"
    else:
        body = "\n".join(_package(case, ev, claims) for ev in evaluations)
    return (
        '<section id="packages"><h2>Packages</h2><p>Each proposal and reference package against '
        "every party's stances: <em>demand-met</em>, <em>acceptable</em> (inside the red line), "
        f"<em>breach</em>, or <em>unknown</em>.</p>{body}</section>"
    )


def _preconditions(case: Case, seq: Sequencing, claims: _Claims) -> str:
    out = ['<section id="preconditions"><h2>Preconditions</h2>']
    bypassed = [s for s in seq.preconditions if s.status == "bypassed"]
    if bypassed:
        settled = {id(e.precondition): e.settled for e in seq.edges if e.precondition}
        out.append('<div class="callout"><strong>Set aside in practice</strong><ul>')
        for s in bypassed:
            p = s.precondition
            day = settled.get(id(p))
            when = f" on {_date(day)}" if day is not None else ""
            before = esc(node_words(case, p.before))
            out.append(
                f"<li>{esc(party_name(case, p.party))} required "
                f"<em>{esc(claims.words.requirement(p.requires))}</em> before "
                f"<em>{before}</em>; <em>{before}</em> went ahead{when} without it "
                "(bypassed).</li>"
            )
        out.append("</ul></div>")
    if not seq.preconditions:
        out.append("<p>No precondition is in force.</p>")
    else:
        out.append(
            '<div class="scroll"><table id="precondition-table"><thead><tr>'
            '<th scope="col">Party</th><th scope="col">Requires</th><th scope="col">Before</th>'
            '<th scope="col">Status</th></tr></thead><tbody>'
        )
        for s in seq.preconditions:
            p = s.precondition
            out.append(
                f'<tr class="p-{s.status}"><td>{esc(party_name(case, p.party))}</td>'
                f'<td><span class="claim" title="{esc(claims.hover(p))}">'
                f"{esc(claims.words.requirement(p.requires))}{claims.tail(p)}</span></td>"
                f"<td>{esc(node_words(case, p.before))}</td>"
                f'<td><span class="badge p-{s.status}">{s.status}</span></td></tr>'
            )
        out.append("</tbody></table></div>")
    out.append(_deadlocks(case, seq))
    out.append("</section>")
    return "\n".join(out)


def _deadlocks(case: Case, seq: Sequencing) -> str:
    if not seq.deadlocks:
        return "<h3>Deadlocks</h3><p>No cycle: some order of the steps satisfies everyone.</p>"
    items = []
    for d in seq.deadlocks:
        broken = broken_words(case, d)
        items.append(
            f"<li>{esc(chain_words(case, d))}"
            + (f' <span class="broken">{esc(broken)}</span>' if broken else "")
            + "</li>"
        )
    return (
        "<h3>Deadlocks</h3><p>As stated, no step on a cycle can go first.</p>"
        f"<ol>{''.join(items)}</ol>"
    )


def short_party(case: Case, party: str) -> str:
    """A party's name, or for a long name its shortest alias (a graph's label)."""
    p = case.party(party)
    if len(p.name) <= 16 or not p.aliases:
        return p.name
    return min(p.aliases, key=len)


def _edge_label(case: Case, e: Edge) -> str:
    label = short_party(case, e.party) if e.party is not None else "then"
    if e.status in ("bypassed", "met"):
        label += f" ({e.status})"
    return label


def _graph(case: Case, seq: Sequencing) -> str:
    on_cycle = {n for d in seq.deadlocks for n in d.nodes}
    hot = {(e.source, e.target) for d in seq.deadlocks for e in d.edges}
    used = {n for e in seq.edges for n in (e.source, e.target)}
    shown = [n for n in seq.nodes if n in used or case.has_milestone(n)]
    note = ""
    if len(shown) > MAX_GRAPH_NODES:
        shown = [n for n in seq.nodes if n in on_cycle or case.has_milestone(n)]
        note = (
            f"<p>The graph has {len(used)} steps with preconditions; it shows the "
            f"{len(shown)} on a deadlock and the milestones.</p>"
        )
        shown = shown[:MAX_GRAPH_NODES]
    keep = set(shown)
    nodes = [
        GraphNode(
            id=n,
            label=node_words(case, n),
            milestone=case.has_milestone(n),
            reached=(
                d.isoformat()
                if n in seq.reached and (d := case.milestone(n).reached) is not None
                else None
            ),
        )
        for n in shown
    ]
    edges = [
        GraphEdge(
            source=e.source,
            target=e.target,
            label=_edge_label(case, e),
            deadlock=(e.source, e.target) in hot,
            bypassed=e.status == "bypassed",
            inferred=e.basis == "inferred",
        )
        for e in seq.edges
        if e.source in keep and e.target in keep
    ]
    if not edges:
        return (
            '<section id="sequencing"><h2>Sequencing graph</h2>'
            "<p>No precondition or milestone order to draw.</p></section>"
        )
    svg = graph_svg(nodes, edges, esc, f"Sequencing graph of {case.title}")
    return (
        '<section id="sequencing"><h2>Sequencing graph</h2>'
        f'{note}<figure><div class="scroll">{svg}</div><figcaption>An arrow X → Y: X before Y, '
        "labelled with the party that requires it (a long name by its shortest alias; "
        "<em>then</em>: milestone order). Boxes are "
        "issues, rounded boxes milestones; a milestone reached is outlined and says so. Thick "
        "arrows marked <em>(deadlock)</em> lie on a cycle; dotted arrows were bypassed in "
        "practice; dashed arrows are inferred.</figcaption></figure></section>"
    )


def _timeline(case: Case, line: Timeline) -> str:
    dates = [d.isoformat() for d in line.dates]
    strips = [
        Strip(
            label=issue_name(case, row.issue, short=True),
            title=case.issue(row.issue).title,
            statuses=tuple(
                cell_status(s, p) for s, p in zip(row.statuses, row.provisional, strict=True)
            ),
            short=tuple(
                SHORT_STATUS[s] + ("*" if p else "")
                for s, p in zip(row.statuses, row.provisional, strict=True)
            ),
        )
        for row in line.issues
    ]
    title = f"Statuses of {case.title} at each date the record changes"
    svg = strip_svg(dates, strips, esc, title)
    legend = ", ".join(f"{short} {status}" for status, short in SHORT_STATUS.items())
    head = "".join(f'<th scope="col">{d}</th>' for d in dates)
    body = "".join(
        f'<tr data-issue="{esc(row.issue)}"><th scope="row">{esc(strip.title)}</th>'
        + "".join(
            f'<td class="s-{s}">{esc(words)}</td>'
            for s, words in zip(row.statuses, strip.statuses, strict=True)
        )
        + "</tr>"
        for row, strip in zip(line.issues, strips, strict=True)
    )
    return (
        '<section id="timeline"><h2>Timeline</h2><p>Each issue\'s status at every date on '
        f"which the record changes up to {dates[-1]} ({len(dates)} "
        f'{"date" if len(dates) == 1 else "dates"}).</p><figure><div class="scroll">{svg}'
        f"</div><figcaption>Short forms: {esc(legend)}; * provisional.</figcaption></figure>"
        '<details><summary>The timeline as a table</summary><div class="scroll">'
        f'<table id="timeline-table"><thead><tr><th scope="col">Issue</th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></details></section>"
    )


def _notes(case: Case, claims: _Claims) -> str:
    items = []
    for n, c in enumerate(claims.notes.cited, 1):
        if isinstance(c, Stance):
            what = f"{party_name(case, c.party)} on {case.issue(c.issue).title}"
        else:
            what = (
                f"{party_name(case, c.party)}: {node_words(case, c.requires.node)} before "
                f"{node_words(case, c.before)}"
            )
        parts = [f"{esc(what)} ({_date(c.as_of)}), {esc(claims.basis(c))}"]
        if c.source is not None:
            parts.append(claims.source(c.source)[1])
        if c.quote:
            parts.append(f"<q>{esc(c.quote)}</q>")
        if c.note:
            parts.append(f'<span class="note">Note: {esc(c.note)}</span>')
        items.append(
            f'<li id="note-{n}"><a href="#cite-{n}" class="back">↑</a> {"; ".join(parts)}</li>'
        )
    return f'<section id="notes"><h2>Notes</h2><ol>{"".join(items)}</ol></section>'


def _page(parts: Iterable[str]) -> str:
    return "\n".join(parts) + "\n"


def html_report(case: Case, as_of: dt.date | None = None) -> str:
    """The whole report as one HTML document (a str), as of `as_of` (default: the case's)."""
    from positions.engine.args import need_case, need_date
    from positions.engine.compare import compare
    from positions.engine.evaluate import evaluate
    from positions.engine.sequencing import preconditions
    from positions.engine.timeline import timeline

    need_case(case)
    day = need_date(as_of, "as_of") or case.as_of
    comparison = compare(case, as_of=day)
    seq = preconditions(case, as_of=day)
    evaluations = [
        evaluate(case, p, as_of=day) for p in case.packages if p.kind in ("proposal", "reference")
    ]
    line = timeline(case, end=day)
    claims = _Claims(case, day)
    sections = [
        _matrix(case, comparison, claims),
        _breaches(case, comparison),
        _packages(case, evaluations, claims),
        _preconditions(case, seq, claims),
        _graph(case, seq),
        _timeline(case, line),
    ]
    return _page(
        [
            _head(case, day),
            "<body>",
            _header(case, day, comparison),
            "<main>",
            *sections,
            _notes(case, claims),
            "</main>",
            f'<footer><p>Made with positions {__version__} from the case "{esc(case.id)}". '
            "Statuses, zones and verdicts are defined in the positions documentation "
            "(concepts).</p></footer>",
            "</body>\n</html>",
        ]
    )


STYLE = """
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --alt: #f6f8fa;
  --link: #0a58ca;
  --agreed-bg: #dcf5e3; --agreed-fg: #0f5323;
  --overlap-bg: #dbeafb; --overlap-fg: #0b3d70;
  --open-bg: #fdf1cc; --open-fg: #5e4300;
  --conflict-bg: #fbdcd8; --conflict-fg: #7d1616;
  --one-sided-bg: #ece5f7; --one-sided-fg: #43286e;
  --silent-bg: #eeeff1; --silent-fg: #3d4349;
  --bad: #c62828; --good: #1f7a3a;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #15181c; --fg: #e6e8eb; --muted: #a4adb6; --line: #3a4149; --alt: #1e2228;
    --link: #7db4ff;
    --agreed-bg: #143822; --agreed-fg: #a9eebc;
    --overlap-bg: #13314f; --overlap-fg: #a9d0fb;
    --open-bg: #3d3110; --open-fg: #f6dc8c;
    --conflict-bg: #4a1b1b; --conflict-fg: #ffb9b1;
    --one-sided-bg: #2e2346; --one-sided-fg: #d5c4f5;
    --silent-bg: #2a2e33; --silent-fg: #c9ced4;
    --bad: #ff7a70; --good: #6fd08c;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
  max-width: 1500px; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem;
  margin-top: 2rem; }
h3 { font-size: 1.08rem; }
a { color: var(--link); }
.asof, .summary { color: var(--muted); margin: .2rem 0; }
#parties ul { columns: 24rem auto; column-gap: 3rem; }
#sources ol { columns: 30rem auto; column-gap: 3rem; font-size: .9em; }
#parties li, #sources li { break-inside: avoid; }
.url { color: var(--muted); overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .6rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
thead th { background: var(--alt); }
#matrix td, #matrix th[scope=row] { min-width: 7rem; }
#matrix td:last-child { min-width: 16rem; }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: .7rem;
  padding: 0 .5rem; font-size: .85em; font-weight: 600; white-space: nowrap; }
.s-agreed { background: var(--agreed-bg); color: var(--agreed-fg); }
.s-overlap { background: var(--overlap-bg); color: var(--overlap-fg); }
.s-open { background: var(--open-bg); color: var(--open-fg); }
.s-conflict { background: var(--conflict-bg); color: var(--conflict-fg); }
.s-one-sided { background: var(--one-sided-bg); color: var(--one-sided-fg); }
.s-silent { background: var(--silent-bg); color: var(--silent-fg); }
tr[class^="s-"] a { color: inherit; }
.v-demand-met, .p-met { background: var(--agreed-bg); color: var(--agreed-fg); }
.v-acceptable { background: var(--overlap-bg); color: var(--overlap-fg); }
.v-breach, .p-bypassed { background: var(--conflict-bg); color: var(--conflict-fg); }
.v-unknown, .p-unmet { background: var(--silent-bg); color: var(--silent-fg); }
.basis { font-size: .78em; border: 1px solid currentColor; border-radius: .25rem;
  padding: 0 .25rem; opacity: .85; white-space: nowrap; }
.b-inferred { border-style: dashed; }
.date { font-size: .85em; opacity: .85; }
.claim[title] { text-decoration: underline dotted; text-underline-offset: .2em; }
.none { opacity: .8; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem;
  font-size: .9em; }
.kind { font-size: .75em; color: var(--muted); font-weight: normal; text-transform: uppercase; }
.callout { border-left: 4px solid var(--bad); background: var(--conflict-bg);
  color: var(--conflict-fg); padding: .5rem 1rem; margin: .6rem 0; }
.callout ul { margin: .3rem 0; }
.broken { color: var(--good); font-weight: 600; }
figure { margin: .6rem 0; }
figcaption { color: var(--muted); font-size: .9em; max-width: 60rem; }
svg { font: 12px system-ui, sans-serif; }
svg text { fill: var(--fg); }
.node rect { fill: var(--alt); stroke: var(--muted); stroke-width: 1.2; }
.node.reached rect { stroke: var(--good); stroke-width: 3; }
.node .reached-mark { fill: var(--good); font-weight: 600; }
.edge { fill: none; stroke: var(--muted); stroke-width: 1.5; }
.edge.inferred { stroke-dasharray: 7 4; }
.edge.deadlock { stroke: var(--bad); stroke-width: 3.2; }
.edge.bypassed { stroke: var(--muted); stroke-dasharray: 2 4; stroke-width: 2; }
.arrow path { fill: var(--muted); }
.arrow.deadlock path { fill: var(--bad); }
.edge-label { font-size: 11px; paint-order: stroke; stroke: var(--bg); stroke-width: 4px;
  stroke-linejoin: round; }
.edge-label.deadlock { fill: var(--bad); font-weight: 600; }
.strip .date { font-size: 11px; fill: var(--muted); }
.strip .issue { font-size: 12px; }
.band rect { stroke: currentColor; stroke-width: .6; }
.band.s-agreed rect { fill: var(--agreed-bg); } .band.s-agreed text { fill: var(--agreed-fg); }
.band.s-overlap rect { fill: var(--overlap-bg); }
.band.s-overlap text { fill: var(--overlap-fg); }
.band.s-open rect { fill: var(--open-bg); } .band.s-open text { fill: var(--open-fg); }
.band.s-conflict rect { fill: var(--conflict-bg); }
.band.s-conflict text { fill: var(--conflict-fg); }
.band.s-one-sided rect { fill: var(--one-sided-bg); }
.band.s-one-sided text { fill: var(--one-sided-fg); }
.band.s-silent rect { fill: var(--silent-bg); } .band.s-silent text { fill: var(--silent-fg); }
.band text { font-size: 11px; }
#notes ol { font-size: .9em; }
#notes li { margin: .25rem 0; }
.note { color: var(--muted); }
.print-only { display: none; }
.back { text-decoration: none; }
footer { color: var(--muted); font-size: .85em; margin-top: 2rem;
  border-top: 1px solid var(--line); }
@page { size: A4; margin: 12mm; }
@media print {
  html, body { background: #fff; color: #000; }
  body { font-size: 8.5pt; max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  table { width: 100%; font-size: 7.5pt; }
  th, td { overflow-wrap: break-word; padding: .15rem .25rem; }
  thead th { overflow-wrap: anywhere; }
  table.many { table-layout: fixed; font-size: 6.5pt; }
  table.many th, table.many td { overflow-wrap: anywhere; }
  #matrix td:last-child, #matrix th:last-child { display: none; }
  .print-only { display: block; }
  .explanations { font-size: 8pt; }
  #matrix td, #matrix th[scope=row], #matrix td:last-child { min-width: 0; }
  thead { display: table-header-group; }
  tr, figure, .callout, #notes li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  svg { max-width: 100%; height: auto; }
  details { display: none; }
  .badge, .basis { white-space: normal; }
}
"""
