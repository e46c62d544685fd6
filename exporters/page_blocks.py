"""The building blocks of a scorecard page section: the section itself, its tables (the accessible
alternative to every chart, each in a box that scrolls sideways on its own), the key beside a chart,
and the narrow/wide pair of layouts a chart is drawn in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from . import charts


@dataclass
class Section:
    metric: str  # data-metric of the figure
    heading: str
    question: str  # what the measure is (the metric's definition)
    chart: str  # the chart's HTML: svg layouts or a grid of panels
    caption: str
    tables: list[str]
    key: str = ""
    travel: list[str] = field(default_factory=list)  # HTML sentences
    comparison: list[str] = field(default_factory=list)  # HTML sentences
    flags: list[str] = field(default_factory=list)  # plain text: reports that disagree
    notes: list[str] = field(default_factory=list)  # plain text
    reports: list[str] = field(default_factory=list)  # report ids, in the order cited


def table(caption: str, header: list[str], rows: list[list[str]], note: str = "") -> str:
    """A table whose first column names each row; wrapped in a box that scrolls sideways by itself."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = []
    for r in rows:
        cells = [f'<th scope="row">{escape(r[0])}</th>'] + [f"<td>{escape(c)}</td>" for c in r[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    tail = f'<p class="table-note">{escape(note)}</p>' if note else ""
    return (f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(caption)}">'
            f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>{tail}")


def key(entries: list[tuple[str, str]]) -> str:
    """entries: (swatch svg, text)."""
    if not entries:
        return ""
    items = "".join(f"<li>{swatch}<span>{escape(label)}</span></li>" for swatch, label in entries)
    return f'<ul class="key" aria-label="Key">{items}</ul>'


def layouts(draw: Callable[[int, str], str]) -> str:
    """The chart drawn once per layout width; CSS shows the one that fits the screen."""
    return "\n".join(draw(width, f"layout-{name}") for name, width in charts.LAYOUTS.items())


def panels(items: list[tuple[str, str, str]]) -> str:
    """Small multiples: (heading, svg, caption html) per panel, in a grid that reflows with the screen."""
    out = ['<div class="panels">']
    for heading, svg, caption in items:
        out.append(f'<div class="panel"><h3>{escape(heading)}</h3>{svg}'
                   + (f'<p class="panel-note">{caption}</p>' if caption else "") + "</div>")
    out.append("</div>")
    return "\n".join(out)


def figure(s: Section) -> str:
    flags = "".join(f'<p class="flag" role="note"><strong>!</strong> {escape(f)}</p>' for f in s.flags)
    tables = "".join(s.tables)
    return f"""<figure class="chart" data-metric="{escape(s.metric)}" aria-labelledby="{escape(s.metric)}-caption">
<figcaption id="{escape(s.metric)}-caption">{escape(s.caption)}</figcaption>
{s.key}
{s.chart}
{flags}
<details class="data"><summary>The figures as a table</summary>
{tables}
</details>
</figure>"""
