"""positions report: one self-contained HTML file, checked by parsing it and in a real browser.

The browser tests run Debian's chromium headless (tests/headless.py drives it over the DevTools
protocol): the page loads with no console error and no request but its own, the DOM holds one
row per issue with compare's statuses, a screenshot is written, and a case whose names hold
markup and `javascript:` URLs executes nothing, with the page's Content-Security-Policy and
without it. Without chromium they skip, saying why.
"""

from __future__ import annotations

import datetime as dt
import errno
import html.parser
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import positions
from headless import Chromium, clip_of, find_chromium
from positions._report.html import CSP, esc, html_report, safe_url
from positions.cli import main

NI = "northern-ireland-1994-1998"

HOSTILE = """
[case]
id = "hostile"
title = "</title><script>window.__pwned = 'title'</script>"
as_of = 2030-06-01
summary = "<img src=x onerror=\\"window.__pwned = 'summary'\\"> \\u202eevil"

[[source]]
id = "js"
title = "<script>window.__pwned = 'source'</script>"
publisher = "\\"><svg onload=\\"window.__pwned = 'publisher'\\">"
url = "javascript:window.__pwned = 'url'"
date = 2030-01-01

[[source]]
id = "js2"
title = "Mixed-case scheme"
url = "JaVaScRiPt:window.__pwned = 'url2'"

[[source]]
id = "spaced"
title = "Leading space"
url = " javascript:window.__pwned = 'url3'"

[[source]]
id = "data"
title = "Data URL"
url = "data:text/html,<script>window.__pwned = 'data'</script>"

[[source]]
id = "ok"
title = "A real source"
url = "https://example.org/report?a=1&b=2"

[[party]]
id = "a"
name = "<script>window.__pwned = 'party'</script>"

[[party]]
id = "b"
name = "<img src=x onerror=\\"window.__pwned = 'img'\\">"
aliases = ["<b onmouseover=\\"window.__pwned = 'alias'\\">B</b>"]

[[issue]]
id = "w"
title = "<iframe src=\\"javascript:window.__pwned = 'issue'\\"></iframe>"
short = "<svg><script>window.__pwned = 'short'</script></svg>"
scale = { kind = "ordinal", levels = [
  "none",
  { id = "full", label = "<img src=x onerror=\\"window.__pwned = 'level'\\">" },
] }

[[issue]]
id = "v"
title = "Plain issue"
scale = { kind = "binary" }

[[milestone]]
id = "talks"
label = "<svg onload=\\"window.__pwned = 'milestone'\\"></svg>"
reached = 2030-03-01
source = "ok"

[[package]]
id = "draft"
kind = "proposal"
label = "<script>window.__pwned = 'package'</script>"
outcomes = { w = "full", v = "yes" }

[[stance]]
party = "a"
issue = "w"
as_of = 2030-01-01
demand = "full"
red_line = "full"
basis = "stated"
source = "js"
quote = "</q><script>window.__pwned = 'quote'</script>"

[[stance]]
party = "b"
issue = "w"
as_of = 2030-02-01
demand = "none"
basis = "inferred"
source = "js2"
note = "<style>body { display: none }</style><a href=\\"javascript:window.__pwned = 'note'\\">x</a>"

[[stance]]
party = "b"
issue = "v"
as_of = 2030-02-01
demand = "yes"
basis = "reported"
source = "data"
quote = "' onmouseover='window.__pwned = 1"

[[precondition]]
party = "a"
requires = { issue = "w", at_least = "full" }
before = "talks"
basis = "reported"
source = "spaced"
quote = "<script>window.__pwned = 'precondition'</script>"
"""

# what the page may hold: markup of its own making, nothing that loads or runs
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section",
    "div", "h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "span", "a", "sup", "q",
    "br", "time", "code", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption",
    "details", "summary", "svg", "defs", "marker", "path", "g", "rect", "text",
}  # fmt: skip


class _Page(html.parser.HTMLParser):
    """The tags, attributes and text of a page, as an HTML parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture(scope="module")
def hostile() -> positions.Case:
    return positions.loads(HOSTILE)


# --------------------------------------------------------------------------------------------
# the file itself


def test_report_same_case_same_bytes(tmp_path: Path) -> None:
    """Two runs write byte-identical files: no clock, no random ids."""
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert 0 == main(["report", NI, "-o", str(first)])
    assert 0 == main(["report", NI, "-o", str(second)])
    assert first.read_bytes() == second.read_bytes()
    assert html_report(positions.bundled(NI)) == first.read_text(encoding="utf-8")


def test_report_loads_nothing_and_runs_nothing() -> None:
    """No script, no stylesheet link, no image or frame: styles and drawings are inline; the
    Content-Security-Policy forbids the rest."""
    page = parse(html_report(positions.bundled(NI)))
    tags = {tag for tag, _ in page.tags}
    assert set() == tags - ALLOWED_TAGS
    assert [] == [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    assert [] == [
        a for _, attrs in page.tags for a in attrs if a in ("src", "srcset", "xlink:href")
    ]
    policies = [
        attrs.get("content")
        for tag, attrs in page.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert [CSP] == policies
    assert "default-src 'none'" in CSP and "script-src" not in CSP


def test_report_one_row_per_issue_with_compare_statuses() -> None:
    """The matrix has one row per issue, in file order, with compare's status written."""
    case = positions.bundled(NI)
    page = parse(html_report(case))
    rows = [
        (attrs["data-issue"], attrs["data-status"])
        for tag, attrs in page.tags
        if tag == "tr" and attrs.get("class", "").startswith("s-") and "data-status" in attrs
    ]
    expected = [(r.issue, r.status) for r in positions.compare(case).issues]
    assert expected == rows


def test_report_as_of_a_date(tmp_path: Path) -> None:
    """--as-of reports the snapshot at that date: statuses and the timeline stop there."""
    case = positions.bundled(NI)
    day = dt.date(1996, 1, 24)
    text = html_report(case, as_of=day)
    assert 'Positions as of <time datetime="1996-01-24">' in text
    page = parse(text)
    statuses = [a["data-status"] for t, a in page.tags if t == "tr" and "data-status" in a]
    assert [r.status for r in positions.compare(case, as_of=day).issues] == statuses
    head = text[
        text.index('id="timeline-table"') : text.index(
            "</thead>", text.index('id="timeline-table"')
        )
    ]
    columns = re.findall(r"\d{4}-\d{2}-\d{2}", head)
    assert columns and max(columns) == day.isoformat()


def test_report_hostile_text_stays_text(hostile: positions.Case) -> None:
    """Markup in names, titles, labels, quotes and notes is shown as text, never parsed."""
    page = parse(html_report(hostile))
    assert set() == {tag for tag, _ in page.tags} - ALLOWED_TAGS
    assert [] == [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    text = "".join(page.text)
    for shown in (
        "<script>window.__pwned = 'party'</script>",
        "<img src=x onerror=\"window.__pwned = 'img'\">",
        "</title><script>window.__pwned = 'title'</script>",
        "<svg onload=\"window.__pwned = 'milestone'\"></svg>",
        "</q><script>window.__pwned = 'quote'</script>",
        "\\u202eevil",  # a bidi override is shown, not obeyed
    ):
        assert shown in text
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs.get("href")]
    assert all(h.startswith("#") or h.startswith("https://") for h in hrefs), hrefs
    assert "https://example.org/report?a=1&b=2" in hrefs


def test_report_ids_unique_and_links_resolve(hostile: positions.Case) -> None:
    """Every id on the page is unique, and every in-page link points at one of them."""
    for case in (positions.bundled(NI), positions.bundled(), hostile):
        page = parse(html_report(case))
        ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
        assert len(ids) == len(set(ids))
        targets = {
            (attrs.get("href") or "")[1:]
            for tag, attrs in page.tags
            if tag == "a" and (attrs.get("href") or "").startswith("#")
        }
        assert set() == targets - set(ids)


def test_report_breaches_spelled_out_then_counted() -> None:
    """Every breach of an issue is written out up to twelve; beyond, the rest are counted."""
    parties = "".join(f'[[party]]\nid = "p{i}"\nname = "P{i}"\n' for i in range(6))
    stances = "".join(
        f'[[stance]]\nparty = "p{i}"\nissue = "w"\ndemand = "{"yes" if i % 2 else "no"}"\n'
        f'red_line = "{"yes" if i % 2 else "no"}"\nbasis = "inferred"\nnote = "n"\n'
        for i in range(6)
    )
    issue = '[[issue]]\nid = "w"\ntitle = "W"\nscale = { kind = "binary" }\n'
    case = positions.loads(
        '[case]\nid = "c"\ntitle = "C"\nas_of = 2030-01-01\n' + parties + issue + stances
    )
    [row] = positions.compare(case).issues
    assert 18 == len(row.breaches)  # three demands of each side against the other's red lines
    text = html_report(case)
    start = text.index('<section id="breaches">')
    section = text[start : text.index("</section>", start)]
    assert 12 == section.count("breaches P")
    assert "and 6 more breaches" in section


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ('https://example.org/"onmouseover="alert(1)', False),
        ("//example.org/x", False),
        ("ftp://example.org/x", False),
        ("", False),
    ],
)
def test_report_only_http_urls_become_links(url: str, link: bool) -> None:
    """Only a plain http(s) URL is a link; every other scheme is shown as text."""
    assert (safe_url(url) is not None) == link


def test_report_escape_is_total() -> None:
    """The escaping function leaves no character that could open markup or end an attribute."""
    text = esc("<a href='x' title=\"y\">&amp;\x1b[2J\u202e</a>")
    assert not set("<>\"'\x1b\u202e") & set(text)


# --------------------------------------------------------------------------------------------
# the command: where it writes, and how it fails


def test_report_default_file_is_the_case_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """Without -o the report is CASE-ID.html in the current folder, and the command says so."""
    monkeypatch.chdir(tmp_path)
    assert 0 == main(["report"])
    assert "wrote syria-israel-2026.html\n" == capsys.readouterr().out
    assert ["syria-israel-2026.html"] == sorted(p.name for p in tmp_path.iterdir())


def test_report_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    """-o - writes the page to standard output."""
    assert 0 == main(["report", NI, "-o", "-"])
    assert html_report(positions.bundled(NI)) == capsys.readouterr().out


def _bad(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert 2 == main(argv)
    captured = capsys.readouterr()
    assert "" == captured.out
    return captured.err


def test_report_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o into a folder that does not exist: exit 2 naming the path, nothing written."""
    target = tmp_path / "no-such-folder" / "report.html"
    err = _bad(["report", "-o", str(target)], capsys)
    assert f"cannot write {target}: No such file or directory" in err
    assert [] == list(tmp_path.iterdir())


def test_report_onto_a_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o naming a folder: exit 2 naming it; no temporary file is left beside it."""
    target = tmp_path / "folder"
    target.mkdir()
    err = _bad(["report", "-o", str(target)], capsys)
    assert f"cannot write {target}:" in err
    assert ["folder"] == sorted(p.name for p in tmp_path.iterdir())
    assert [] == list(target.iterdir())


def test_report_under_a_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o whose folder is a file: exit 2 naming the path."""
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    target = tmp_path / "plain" / "report.html"
    err = _bad(["report", "-o", str(target)], capsys)
    assert f"cannot write {target}: Not a directory" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere: no unwritable folder")
def test_report_unwritable_folder_exits_2(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """-o into a folder without write permission: exit 2 naming the path, nothing written."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        err = _bad(["report", "-o", str(folder / "r.html")], capsys)
        assert f"cannot write {folder / 'r.html'}: Permission denied" in err
        assert [] == list(folder.iterdir())
    finally:
        folder.chmod(0o700)


def test_report_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """A disk that fills up mid-write: exit 2, the previous report untouched, no partial or
    temporary file left."""
    target = tmp_path / "report.html"
    target.write_text("the previous report", encoding="utf-8")
    real_fdopen = os.fdopen

    class Full:  # a file that takes a first part, then finds the disk full
        def __init__(self, fd: int, *args: object, **kwargs: object) -> None:
            self.file = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, text: str) -> int:
            self.file.write(text[:1000])
            self.file.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", Full)
    err = _bad(["report", "-o", str(target)], capsys)
    assert f"cannot write {target}: No space left on device" in err
    assert "the previous report" == target.read_text(encoding="utf-8")
    assert ["report.html"] == sorted(p.name for p in tmp_path.iterdir())


# --------------------------------------------------------------------------------------------
# in the browser

CHROMIUM, MISSING = find_chromium()
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason=MISSING)


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    assert CHROMIUM is not None
    with (
        tempfile.TemporaryDirectory(prefix="positions-chromium-") as profile,
        Chromium(CHROMIUM, Path(profile)) as chromium,
    ):
        yield chromium


NO_CODE = """(() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  active: document.querySelectorAll('script, iframe, object, embed, img, link, base').length,
  handlers: [...document.querySelectorAll('*')].flatMap(
      e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => a.name)),
  links: [...document.links].map(a => a.protocol + ' ' + a.getAttribute('href')),
  visible: document.body.innerText.length,
}))()"""


def _report_file(case: positions.Case, folder: Path, name: str, policy: bool = True) -> str:
    text = html_report(case)
    if not policy:
        meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        assert meta in text
        text = text.replace(meta, "")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path.as_uri()


@needs_browser
@pytest.mark.parametrize("seed", ["syria-israel-2026", NI])
def test_browser_bundled_report(seed: str, browser: Chromium, tmp_path: Path) -> None:
    """The bundled report loads with no console error and no request but itself; its matrix
    holds one row per issue with compare's statuses; a screenshot is written."""
    case = positions.bundled(seed)
    url = _report_file(case, tmp_path, "report.html")
    page = browser.open(url)
    assert [] == page.problems()
    assert [url] == page.requests()
    rows = page.evaluate(
        "[...document.querySelectorAll('#matrix tbody tr')].map(r => "
        "[r.dataset.issue, r.querySelector('.status').innerText.trim()])"
    )
    expected = [[r.issue, r.status] for r in positions.compare(case).issues]
    assert expected == rows
    drawn = page.evaluate("document.querySelectorAll('#sequencing svg .node').length")
    assert drawn > 0
    bands = page.evaluate("document.querySelectorAll('#timeline svg .band').length")
    assert bands >= len(case.issues)
    shot = page.screenshot(tmp_path / "report.png")
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert shot.stat().st_size > 20_000
    dark = page.screenshot(tmp_path / "report-dark.png", dark=True)
    assert dark.read_bytes() != shot.read_bytes()


@needs_browser
@pytest.mark.parametrize("policy", [True, False], ids=["with-csp", "escaping-alone"])
def test_browser_hostile_case_executes_nothing(
    policy: bool, hostile: positions.Case, browser: Chromium, tmp_path: Path
) -> None:
    """Names holding <script>, <img onerror> and javascript: URLs run nothing in the browser,
    with the page's policy and (escaping alone) without it: no code ran, no element that
    loads or runs exists, no handler attribute, no javascript: link, no request."""
    url = _report_file(hostile, tmp_path, "hostile.html", policy=policy)
    page = browser.open(url)
    found = page.evaluate(NO_CODE)
    assert None is found["pwned"]
    assert 0 == found["active"]
    assert [] == found["handlers"]
    assert all(link.split(" ")[0] in ("https:", "file:") for link in found["links"])
    assert all(not link.split(" ")[1].startswith("file:") for link in found["links"])
    assert found["visible"] > 500  # a <style> in a note did not hide the page
    assert [] == page.problems()
    assert [url] == page.requests()
    shown = page.evaluate("document.querySelector('#matrix thead').innerText")
    assert "<script>window.__pwned = 'party'</script>" in shown


@needs_browser
def test_browser_policy_blocks_a_missed_escape(browser: Chromium, tmp_path: Path) -> None:
    """Were an escape ever missed, the Content-Security-Policy would still run nothing: an
    inline script and an onerror handler planted in the report are refused (and reported)."""
    text = html_report(positions.bundled())
    planted = text.replace(
        "<main>",
        "<main><script>window.__pwned = 'script'</script>"
        "<img src=x onerror=\"window.__pwned = 'img'\">",
        1,
    )
    path = tmp_path / "planted.html"
    path.write_text(planted, encoding="utf-8")
    page = browser.open(path.as_uri())
    assert None is page.evaluate("window.__pwned === undefined ? null : window.__pwned")
    assert any("Content Security Policy" in p for p in page.problems())


def _many_parties(n: int) -> positions.Case:
    """A case of `n` principals with long names and long words, all on record."""
    levels = ", ".join(
        f'{{ id = "l{i}", label = "internationalisation{i} of the counterproposals" }}'
        for i in range(4)
    )
    parts = ['[case]\nid = "many"\ntitle = "Many parties"\nas_of = 2030-01-01\n']
    parts += [
        f'[[party]]\nid = "p{i}"\nname = "Plenipotentiaries{i} of the Republic"\n' for i in range(n)
    ]
    for k in range(3):
        parts.append(
            f'[[issue]]\nid = "i{k}"\ntitle = "Question {k} with a fairly long title"\n'
            f'scale = {{ kind = "ordinal", levels = [{levels}] }}\n'
        )
        for i in range(n):
            parts.append(
                f'[[stance]]\nparty = "p{i}"\nissue = "i{k}"\ndemand = "l{i % 4}"\n'
                f'red_line = {{ at_least = "l{i % 2}" }}\nbasis = "inferred"\n'
                'note = "Read from the delegation\'s opening statement."\n'
            )
    parts.append('[[package]]\nid = "d"\nkind = "proposal"\noutcomes = { i0 = "l1", i1 = "l2" }\n')
    return positions.loads("".join(parts))


@needs_browser
@pytest.mark.parametrize("which", [NI, "ten-parties"])
def test_browser_print_fits_a4(which: str, browser: Chromium, tmp_path: Path) -> None:
    """Printed (A4, 12 mm margins), no table or drawing is wider than the page: nothing cut,
    for six parties (words kept whole) as for ten (columns shared equally)."""
    case = positions.bundled(NI) if which == NI else _many_parties(10)
    url = _report_file(case, tmp_path, "report.html")
    page = browser.open(url, width=703)  # 186 mm at 96 dpi: A4 less the margins
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    overflow = page.evaluate(
        "[...document.querySelectorAll('table, svg')].filter("
        "e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".map(e => e.id || e.className.baseVal || e.tagName)"
    )
    assert [] == overflow
    hidden = page.evaluate(
        "getComputedStyle(document.querySelector('#matrix td:last-child')).display"
    )
    assert "none" == hidden  # the explanations print as a list under the table instead
    assert page.evaluate("document.querySelector('.explanations').offsetHeight") > 0
    assert page.print_pdf(tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


@needs_browser
def test_browser_sequencing_graph_marks(browser: Chromium, tmp_path: Path) -> None:
    """The drawn graph highlights the deadlock's edges and says which milestones were reached."""
    url = _report_file(positions.bundled(), tmp_path, "syria.html")
    page = browser.open(url)
    reached = page.evaluate(
        "[...document.querySelectorAll('#sequencing .node.reached')].map("
        "n => n.textContent.replace(/\\s+/g, ' ').trim())"
    )
    assert ["US-mediated security talks resume in Paris ✓ reached 2026-01-05"] == reached
    deadlock = page.evaluate(
        "[...document.querySelectorAll('#sequencing path.edge.deadlock')].map("
        "p => getComputedStyle(p).strokeWidth)"
    )
    assert 3 == len(deadlock)  # the cycle: withdrawal -> talks -> pact -> withdrawal
    clip = clip_of(page, "#sequencing svg")
    assert clip["width"] <= 1400
