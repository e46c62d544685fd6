"""``scorecard.html``: the headline figures for councillors and parents, as one static page.

Self-contained: inline CSS and inline SVG charts drawn in Python (``charts.py``); no scripts, fonts or
images from anywhere. Reads the marts only, through ``exporters.marts.load``; the authority it is about
is the area of the reports (``dim_report.area_name``).

One section per headline measure, each with ``<figure class="chart" data-metric="<id>">`` holding the
chart (``<svg role="img">`` with ``<title>``/``<desc>``), a caption, a key, the figures as a table (the
accessible alternative), and, at the chart, a note wherever two reports print the same figure
differently (``fct_reconciliation``, check ``cross_report``). Around it: the direction of travel (from
``dim_metric.polarity``), the gap to comparators where the reports give one, and the reports cited.

Reads well from 360 px to a desktop: nothing is wider than the screen (tables scroll inside their own
box), charts are drawn in CSS pixels, so their text is never shrunk: a narrow and a wide layout of each
chart, switched by a media query, and small multiples in a grid that reflows. The sections' builders:
``page_trends`` (measures by group over time), ``page_ehcp`` (20-week timeliness), ``page_schools``
(Ofsted, attainment); time axes: ``page_time``; figures and labels: ``page_data``.

Public: figures suppressed by disclosure control (``is_suppressed``) show as 'c' and are not drawn.
When the warehouse was not checked against the source reports, a banner says so at the top.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from . import charts
from .marts import load
from .page_blocks import Section, figure
from .page_data import PageData, text
from .page_ehcp import timeliness_section
from .page_schools import attainment_section, ofsted_section
from .page_trends import plain_group, pupil_group, setting, trend_section, with_count

FILENAME = "scorecard.html"
NARROW_BELOW = charts.LAYOUTS["wide"] + 80  # px of screen width: below this, the narrow layout


def export_scorecard_html(db_path: Path, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILENAME
    path.write_text(render(PageData(load(Path(db_path)))), encoding="utf-8")
    return [path]


def sections(data: PageData) -> list[Section]:
    groups = pupil_group(data)
    built = [
        trend_section(data, "absence_rate", "Absence", groups, "pupil group", other_group=plain_group),
        trend_section(data, "persistent_absence_rate", "Persistent absence", groups, "pupil group", other_group=plain_group),
        trend_section(data, "fixed_term_exclusion_rate", "Fixed-term exclusions", groups, "pupil group", other_group=plain_group),
        trend_section(data, "ehcp_placement_share", "Where children with an EHC plan go to school", setting(data),
                      "setting", cell_of=with_count(data),
                      extra_notes=["Each figure is the share of all young people with an EHC plan; the number of "
                                   "young people is in brackets in the table."]),
        timeliness_section(data),
        ofsted_section(data),
        attainment_section(data),
    ]
    return [s for s in built if s is not None]


def render(data: PageData) -> str:
    parts = sections(data)
    footnotes: list[str] = []
    body = []
    for s in parts:
        refs = []
        for rid in s.reports:
            label = data.report_label(rid)
            if label not in footnotes:
                footnotes.append(label)
            refs.append(footnotes.index(label) + 1)
        body.append(_section(s, refs, footnotes))
    return _page(data, parts, body, footnotes)


def _section(s: Section, refs: list[int], footnotes: list[str]) -> str:
    sid = escape(s.metric)
    sources = "; ".join(f'<a href="#source-{n}">[{n}]</a> {escape(footnotes[n - 1])}' for n in refs)
    travel = "".join(f'<div class="said">{t}</div>' for t in s.travel)
    comparison = "".join(f'<p class="comparison">{c}</p>' for c in s.comparison)
    notes = "".join(f"<li>{escape(n)}</li>" for n in s.notes)
    return f"""
<section id="{sid}" aria-labelledby="{sid}-heading">
<h2 id="{sid}-heading">{escape(s.heading)}</h2>
<p class="question">{escape(s.question)}</p>
{travel}
{comparison}
{figure(s)}
{f'<ul class="footnote">{notes}</ul>' if notes else ''}
<p class="footnote">Source: {sources or 'the warehouse'}.</p>
</section>"""


CSS = """
:root{--ink:#1d1d1b;--muted:#4b5559;--line:#d8dde0;--accent:#0b3d6b;--good:#00703c;--bad:#a8000f}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:var(--ink);
 line-height:1.5;background:#fff;overflow-wrap:break-word}
header,main,footer{max-width:1040px;margin:0 auto;padding:.75rem 16px}
header{border-bottom:4px solid var(--accent)}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.35rem;line-height:1.3;margin:2rem 0 .5rem;border-top:1px solid var(--line);padding-top:1.25rem}
h3{font-size:1rem;margin:.25rem 0}
main>section:first-child>h2{border-top:0}
.intro{font-size:1.05rem;max-width:46em}
nav ul{padding-left:1.2rem;margin:.25rem 0}
nav h2{border:0;margin:1rem 0 0;padding:0;font-size:1.1rem}
.question{color:var(--muted);margin-top:0}
.banner{background:#fff4e5;border:3px solid #b35c00;padding:.75rem 1rem;margin:.75rem 0}
.banner strong{display:block;font-size:1.15rem}
figure.chart{margin:1rem 0;padding:0;min-width:0}
figure.chart svg[role=img]{display:block;max-width:100%;height:auto;margin:.25rem 0}
.layout-wide{display:none!important}
@media (min-width:""" + str(NARROW_BELOW) + """px){.layout-wide{display:block!important}.layout-narrow{display:none!important}
 h1{font-size:2rem}}
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:.75rem 1.25rem}
.panel{min-width:0}
.panel-note{font-size:.9rem;margin:.25rem 0 0}
figcaption{color:var(--muted);font-size:.95rem;margin:.25rem 0}
ul.key{list-style:none;padding:0;margin:.5rem 0;font-size:.9rem}
ul.key li{display:flex;align-items:flex-start;gap:.4rem;margin:.15rem 0}
ul.key svg{flex:none;margin-top:.2rem}
.flag{border-left:4px solid #b00020;background:#fdecee;padding:.4rem .6rem;margin:.5rem 0}
.flag strong{color:#b00020}
.said{margin:.75rem 0}
.travel-list{margin:.25rem 0;padding-left:1.2rem}
.travel{display:inline-block;padding:0 .4rem;border-radius:3px;background:#eef2f5}
.travel-improving{background:#dcefe3;color:var(--good)}
.travel-worsening{background:#f6dcdc;color:var(--bad)}
details.data{margin:.5rem 0 1rem}
summary{cursor:pointer;color:var(--accent);text-decoration:underline;padding:.25rem 0}
.table-scroll{overflow-x:auto;max-width:100%;margin:.5rem 0}
.table-scroll:focus{outline:3px solid #ffbf47}
table{border-collapse:collapse;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0;caption-side:top}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:right;vertical-align:top}
th[scope=row],thead th:first-child{text-align:left}
thead th{background:#f3f2f1}
.footnote,.table-note{font-size:.85rem;color:var(--muted)}
footer{border-top:1px solid var(--line);font-size:.9rem;color:var(--muted)}
footer h2{font-size:1.1rem}
a{color:var(--accent)}
a:focus,summary:focus{outline:3px solid #ffbf47}
@media print{details.data>summary{display:none}details.data{display:block}}
"""


def _page(data: PageData, parts: list[Section], body: list[str], footnotes: list[str]) -> str:
    main_id = data.main_report()
    title = f"{data.authority}: children's services scorecard"
    intro = (f"The main figures about children and schools in {data.authority} from the council's published reports: "
             "school absence, exclusions, support for children with an education, health and care (EHC) plan, school "
             "inspections and how well children do at school. Each chart says whether things are getting better or "
             "worse and, where the reports give one, how the figures compare with other areas. Every figure is as "
             "the council published it.")
    toc = "".join(f'<li><a href="#{escape(s.metric)}">{escape(s.heading)}</a></li>' for s in parts)
    banner = ""
    if not data.marts.checked:
        note = text(data.marts.publication.get("provenance_note"))
        banner = (f'<div class="banner" role="alert"><strong>Not checked against the source reports</strong>'
                  f"{escape(note)}</div>")
    threshold = data.marts.suppression_threshold
    disclosure = (f"<p>To protect children's privacy, numbers of 1 to {threshold} children, and figures that would "
                  "reveal them, are shown as 'c' and left out of the charts.</p>") if threshold > 0 else ""
    checked = ("Figures are copied from the council's published reports and checked against them"
               if data.marts.checked else "Figures are copied from the council's published reports")
    sources = "".join(f'<li id="source-{i}">{escape(label)}</li>' for i, label in enumerate(footnotes, start=1))
    main_source = f'<p class="footnote">Main source: {escape(data.report_label(main_id))}.</p>' if main_id else ""
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
{banner}
<h1>{escape(title)}</h1>
<p class="intro">{escape(intro)}</p>
{main_source}
<nav aria-label="Contents"><h2>On this page</h2><ul>{toc}</ul></nav>
</header>
<main>
{''.join(body)}
</main>
<footer>
<h2>About these figures</h2>
<p>{checked}; a few are calculated from published figures and say so. Figures keep the precision they were
printed with. "Improving" and "worsening" use the direction that is better for each measure (for example,
lower absence is better). Charts place each figure by the dates it covers: a line joins only figures for
periods that follow each other, and part-year figures are drawn apart.</p>
{disclosure}
<h2>Sources</h2>
<ol class="footnote">{sources}</ol>
</footer>
</body>
</html>
"""
