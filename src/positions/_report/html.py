"""The one-file HTML report: a case's positions, breaches, packages, preconditions, sequencing
graph and timeline in one self-contained page, to attach to an email or drop into a CMS.

Self-contained: the styles are inline (`_report/html_style.py`), the drawings inline SVG
(the graph and timeline sections in `_report/html_pictures.py`, laid out by `_report/svg.py`),
there is no script and nothing to fetch (no font, no image, no CDN), and a strict
Content-Security-Policy says so to the browser. The same case gives the same bytes: no clock,
no random ids.

Every string that comes from the case file (names, titles, labels, quotes, notes, URLs, ids)
is written through `esc` (`_report/html_escape.py`), the one escaping function; only http(s)
URLs become links (`href`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from positions._report.compare import (
    breach_sentence,
    explain,
    gap_words,
    status_words,
    zone_words,
)
from positions._report.html_escape import esc, safe_url
from positions._report.html_pictures import _graph, _timeline
from positions._report.html_style import STYLE
from positions._report.sequencing import broken_words, chain_words
from positions._report.words import (
    Notes,
    Wording,
    basis_mark,
    conditions_words,
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
    from positions.engine.sequencing import Sequencing

__all__ = ["CSP", "esc", "html_report", "safe_url"]

#: nothing may load or run: styles inline, images only as data: URLs, no scripts at all
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)

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
