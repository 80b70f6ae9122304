"""The HTML report's style sheet: `STYLE`, the CSS written inline into the page's `<style>`.

One palette for each status, verdict and precondition status, in light and dark (the reader's
`prefers-color-scheme` on screen; paper is always light); the classes the SVG drawings of
`_report/svg.py` use for their colours; and the A4 print layout, where a table keeps to the
page's width and the explanations follow it. Nothing is fetched: no font, no image.
"""

__all__ = ["STYLE"]

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
