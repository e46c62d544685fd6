"""Inline SVG charts, drawn in Python: no JavaScript, no fonts or images from the network.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>``, sized in CSS pixels with a
viewBox of the same size, so its text is drawn at its font size (never below 12 px) and never scaled
down with the chart. A page shows a narrow layout (320 px wide) on phones and a wide one on larger
screens (see ``LAYOUTS``); small multiples are 320 px panels in a grid. Each point or bar has its own
``<title>`` (the tooltip). Colours are Okabe-Ito (safe with colour-blindness); series are also told apart
by marker shape. Data series sit in ``<g class="series">``; lines joining figures are ``polyline``s.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from .page_time import Series, TimePoint, TimeScale, arrange, line_kind, nice_top

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
FONT = 12  # px; every text of every chart
FLAG = "#B00020"
LAYOUTS = {"narrow": 320, "wide": 680}
FONT_FAMILY = "system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"


def text_width(s: str, size: float = FONT, bold: bool = False) -> float:
    """A generous estimate of the width of ``s`` in px (system sans-serif)."""
    if bold:
        return text_width(s, size) * 1.12
    w = 0.0
    for ch in s:
        if ch in " ":
            w += 0.30
        elif ch in "il.,:;'!|/()[]ftj-":
            w += 0.36
        elif ch.isdigit() or ch in "%*+−–":
            w += 0.58
        elif ch.isupper() or ch in "mwMW":
            w += 0.72
        else:
            w += 0.56
    return w * size


def ink_on(color: str) -> str:
    """Black or white text, whichever reads better on ``color`` (#rrggbb)."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "#fff"


def fmt_axis(v: float, unit: str) -> str:
    s = f"{v:,.2f}".rstrip("0").rstrip(".")
    return s + "%" if unit == "percent" else s


def wrap(s: str, width_px: float, size: float = FONT, bold: bool = False) -> list[str]:
    lines, line = [], ""
    for word in s.split():
        trial = f"{line} {word}".strip()
        if line and text_width(trial, size, bold) > width_px:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + ([line] if line else [])


def open_svg(uid: str, width: int, height: int, title: str, desc: str, css_class: str = "") -> list[str]:
    cls = f' class="{css_class}"' if css_class else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img"{cls} width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}" font-size="{FONT}" '
        f'aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
    ]


def txt(x: float, y: float, s: str, anchor: str = "start", fill: str = "#333", weight: str = "", cls: str = "") -> str:
    extra = (f' font-weight="{weight}"' if weight else "") + (f' class="{cls}"' if cls else "")
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{extra}>{escape(s)}</text>')


class Labels:
    """Places value labels without overlapping each other or the axes; skips those that do not fit
    (the table has every figure)."""

    def __init__(self, left: float, right: float, top: float, bottom: float):
        self.boxes: list[tuple[float, float, float, float]] = []
        self.bounds = (left, right, top, bottom)

    def block(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.boxes.append((x0, y0, x1, y1))

    def place(self, x: float, y: float, s: str, color: str) -> str:
        w, h = text_width(s), FONT + 2
        left, right, top, bottom = self.bounds
        for dx, dy, anchor in ((0, -9, "middle"), (0, 17, "middle"), (11, 4, "start"), (-11, 4, "end"),
                               (-6, -9, "end"), (6, -9, "start"), (-6, 17, "end"), (6, 17, "start")):
            tx, ty = x + dx, y + dy
            x0 = tx - w / 2 if anchor == "middle" else (tx if anchor == "start" else tx - w)
            box = (x0, ty - FONT + 1, x0 + w, ty - FONT + 1 + h)
            if box[0] < left or box[2] > right or box[1] < top or box[3] > bottom:
                continue
            if any(not (box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3]) for b in self.boxes):
                continue
            self.boxes.append(box)
            return txt(tx, ty, s, anchor, color, cls="value")
        return ""


def marker(p: TimePoint, x: float, y: float, color: str) -> str:
    attrs = (f'class="point" data-x="{x:.1f}" data-y="{y:.1f}" data-value="{p.value:g}" data-period="{escape(p.label)}" '
             f'data-period-type="{escape(p.period_type)}" data-style="{p.style}" data-observation="{escape(p.observation_id)}"')
    tip = f"<title>{escape(p.tip)}</title>"
    if p.style == "snapshot":
        return (f'<rect {attrs} x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#fff" '
                f'stroke="{color}" stroke-width="2.5">{tip}</rect>')
    if p.style == "span":
        pts = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}"
        return f'<polygon {attrs} points="{pts}" fill="#fff" stroke="{color}" stroke-width="2.5">{tip}</polygon>'
    fill = color if p.style == "line" else "#fff"
    return f'<circle {attrs} cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{fill}" stroke="{color}" stroke-width="2.5">{tip}</circle>'


def key_swatch(style: str, color: str = PALETTE[0]) -> str:
    """A small inline SVG showing a mark style, for the HTML key beside a chart (hidden from screen
    readers: the key's text says the same)."""
    p = TimePoint(pd.Timestamp("2000-01-01"), pd.Timestamp("2000-01-01"), 0, "", "", "", "", "", style=style)
    parts = ['<svg class="swatch" aria-hidden="true" width="34" height="16" viewBox="0 0 34 16">']
    if style in ("line", "dashed"):
        dash = ' stroke-dasharray="5 3"' if style == "dashed" else ""
        parts.append(f'<line x1="1" y1="8" x2="33" y2="8" stroke="{color}" stroke-width="2.5"{dash}/>')
    if style == "span":
        parts.append(f'<line x1="3" y1="8" x2="31" y2="8" stroke="{color}" stroke-width="5" stroke-opacity="0.3"/>')
    if style == "flag":
        parts.append(f'<circle cx="17" cy="8" r="7" fill="none" stroke="{FLAG}" stroke-width="2"/>')
        parts.append(f'<circle cx="17" cy="8" r="3.5" fill="{color}"/>')
    else:
        parts.append(marker(p, 17, 8, color).replace('class="point" ', ""))
    parts.append("</svg>")
    return "".join(parts)


def time_chart(uid: str, series: list[Series], unit: str, title: str, desc: str, width: int,
               scale_points: list[TimePoint] | None = None, top: tuple[float, float] | None = None,
               axis_labels: str = "auto", height: int = 200, css_class: str = "") -> str:
    """Figures over real time. ``scale_points`` (default: this chart's) fixes the time axis and ``top``
    the value axis, so small multiples share both. ``axis_labels``: 'printed' (the printed labels of
    the main kind of period, where they fit), 'years', or 'auto'."""
    arrange(series)
    pts = [p for s in series for p in s.points]
    top_v, step = top or nice_top([p.value for p in pts])
    y_labels = [fmt_axis(step * i, unit) for i in range(int(round(top_v / step)) + 1)]
    left = 10 + max(text_width(s) for s in y_labels)
    right = width - 12
    plot_top, plot_bottom = 14, height - 26
    axis_points = scale_points or pts
    scale = TimeScale(axis_points, left + 4, right - 4)

    def y_of(v: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * v / top_v

    out = open_svg(uid, width, height, title, desc, css_class)
    out.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>')
    for i, label in enumerate(y_labels):
        y = y_of(step * i)
        stroke = "#888" if i == 0 else "#e3e3e3"
        out.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="{stroke}"/>')
        out.append(txt(left - 5, y + 4, label, "end", "#444", cls="ytick"))
    labels = Labels(left, width, 0, height)
    labels.block(0, plot_bottom, width, height)  # the x axis labels' band
    out.extend(_x_axis(scale, axis_points, line_kind(axis_points), plot_bottom, axis_labels, left, right))
    for i, s in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        out.append(f'<g class="series" data-series="{escape(s.name)}">')
        for p in s.points:  # the stretch of time a part-year figure covers
            if p.style in ("span", "dashed") and not any(p in r for r in s.runs) and p.days > 1:
                y = y_of(p.value)
                x0, x1 = scale.x(p.start), scale.x(p.end)
                out.append(f'<line class="period" x1="{x0:.1f}" y1="{y:.1f}" x2="{max(x1, x0 + 2):.1f}" y2="{y:.1f}" '
                           f'stroke="{color}" stroke-width="6" stroke-opacity="0.3"/>')
        for run in s.runs:
            coords = " ".join(f"{scale.x(p.at):.1f},{y_of(p.value):.1f}" for p in run)
            dash = ' stroke-dasharray="5 3"' if run[0].style == "dashed" else ""
            out.append(f'<polyline class="trend" points="{coords}" fill="none" stroke="{color}" stroke-width="2.5"{dash}/>')
        for p in s.points:
            x, y = scale.x(p.at), y_of(p.value)
            if p.flagged:
                out.append(f'<circle class="flag" cx="{x:.1f}" cy="{y:.1f}" r="9" fill="none" stroke="{FLAG}" stroke-width="2"/>')
                out.append(txt(x + 8, y - 10, "!", "start", FLAG, "bold", "flag-mark"))
                labels.block(x + 7, y - 22, x + 16, y - 8)
            out.append(marker(p, x, y, color))
            labels.block(x - 6, y - 6, x + 6, y + 6)
        out.append("</g>")
    for i, s in enumerate(series):  # value labels last, so they avoid every mark
        color = PALETTE[i % len(PALETTE)]
        for p in sorted(s.points, key=lambda p: (not p.flagged, p.style != "line", -p.at.value)):
            out.append(labels.place(scale.x(p.at), y_of(p.value), p.text, color))
    out.append("</svg>")
    return "\n".join(o for o in out if o)


def _x_axis(scale: TimeScale, points: list[TimePoint], main: str | None, base: float, mode: str,
            left: float, right: float) -> list[str]:
    """Ticks under the plot: the printed labels of the main kind of period, at the middle of each
    period, when they all fit; otherwise 1 January of each year."""
    out = []
    printed: dict[tuple, TimePoint] = {}
    for p in points:
        if p.kind == main:
            printed.setdefault((p.start, p.end), p)
    ticks = sorted(((scale.x(p.at), p.label) for p in printed.values()), key=lambda t: t[0])
    fits = all(b[0] - a[0] >= (text_width(a[1]) + text_width(b[1])) / 2 + 3 for a, b in zip(ticks, ticks[1:]))
    fits = fits and all(x - text_width(t) / 2 >= left - 12 and x + text_width(t) / 2 <= right + 10 for x, t in ticks)
    if mode == "years" or not (fits and ticks):
        ticks = scale.year_ticks()
        if len(ticks) <= 4:  # short axes: a small tick at the start of each quarter
            for x in scale.quarter_ticks():
                out.append(f'<line x1="{x:.1f}" y1="{base:.1f}" x2="{x:.1f}" y2="{base + 3:.1f}" stroke="#aaa"/>')
        for x, label in ticks:
            out.append(f'<line x1="{x:.1f}" y1="{base:.1f}" x2="{x:.1f}" y2="{base + 5:.1f}" stroke="#888"/>')
            out.append(txt(x, base + 18, label, "middle", "#444", cls="tick"))
        return out
    for x, label in ticks:
        out.append(f'<line x1="{x:.1f}" y1="{base:.1f}" x2="{x:.1f}" y2="{base + 5:.1f}" stroke="#888"/>')
        out.append(txt(x, base + 18, label, "middle", "#444", cls="tick"))
    return out


def bar_chart(uid: str, categories: list[str], series: list[tuple[str, list[float | None], list[str]]], unit: str,
              title: str, desc: str, width: int, notes: list[str] | None = None, stacked: bool = False,
              top: float | None = None, css_class: str = "", colors: tuple[str, ...] = PALETTE) -> str:
    """Horizontal bars, one group per category. Grouped: one bar per series, value written after it.
    Stacked: the series' parts of one bar (values in the axis unit), labels inside where they fit.
    ``series`` = [(name, values, labels)]; ``notes`` (one per category) are written under the group.
    On a narrow layout the category label sits above its bars; on a wide one, to their left."""
    narrow = width < 480
    values = [v for _, vals, _ in series for v in vals if v is not None]
    if stacked:
        values = [sum(v or 0 for _, vals, _ in series for v in [vals[c]]) for c in range(len(categories))]
    top_v, step = (top, top / 4) if top else nice_top(values)
    label_w = 0.0 if narrow else min(230.0, max(text_width(c) for c in categories) + 12)
    value_w = 0 if stacked else 58
    x0, x1 = label_w + 4, width - value_w - 8
    bar_h, gap = (18 if stacked else 14), 12
    rows, y = [], 8.0
    for c, cat in enumerate(categories):
        lines = wrap(cat, (width - 12) if narrow else label_w - 8, bold=narrow)
        head = len(lines) * (FONT + 3) + 2 if narrow else 0
        bars = bar_h if stacked else bar_h * len(series)
        note_h = (FONT + 4) if notes and notes[c] else 0
        body = max(bars + note_h, 0 if narrow else len(lines) * (FONT + 3))
        rows.append((c, y, lines, head, body))
        y += head + body + gap
    height = int(y + 22)

    def x_of(v: float) -> float:
        return x0 + (x1 - x0) * max(v, 0) / top_v

    out = open_svg(uid, width, height, title, desc, css_class)
    out.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>')
    n_ticks = int(round(top_v / step))
    for i in range(n_ticks + 1):
        x = x_of(step * i)
        out.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 20}" stroke="#e3e3e3"/>')
        anchor = "start" if i == 0 else ("end" if i == n_ticks else "middle")
        out.append(txt(x, height - 6, fmt_axis(step * i, unit), anchor, "#444", cls="tick"))
    groups = [[] for _ in series]
    for c, y0, lines, head, _body in rows:
        for k, line in enumerate(lines):
            if narrow:
                out.append(txt(x0, y0 + FONT + k * (FONT + 3), line, "start", "#222", "bold"))
            else:
                out.append(txt(label_w - 4, y0 + FONT + k * (FONT + 3), line, "end", "#222"))
        yb, acc = y0 + head, 0.0
        for i, (name, vals, labels) in enumerate(series):
            v, label = vals[c], (labels[c] if labels else "")
            color = colors[i % len(colors)]
            yy = yb if stacked else yb + i * bar_h
            if v is None:
                if not stacked:
                    groups[i].append(txt(x0 + 2, yy + bar_h - 3, label or "not published", "start", "#555"))
                continue
            start = x_of(acc) if stacked else x0
            end = x_of(acc + v) if stacked else x_of(v)
            acc += v if stacked else 0
            tip = f"{name}, {categories[c]}: {label}"
            groups[i].append(f'<rect class="bar" x="{start:.1f}" y="{yy:.1f}" width="{max(end - start, 1):.1f}" '
                             f'height="{bar_h - 2}" fill="{color}"><title>{escape(tip)}</title></rect>')
            if stacked:
                if label and text_width(label) + 6 <= end - start:
                    groups[i].append(txt((start + end) / 2, yy + bar_h - 5, label, "middle", ink_on(color), "bold"))
            else:
                groups[i].append(txt(end + 4, yy + bar_h - 3, label, "start", "#222"))
        if notes and notes[c]:
            nb = yb + (bar_h if stacked else bar_h * len(series))
            out.append(txt(x0, nb + FONT + 1, notes[c], "start", "#222", "bold"))
    for i, (name, _, _) in enumerate(series):
        out.append(f'<g class="series" data-series="{escape(name)}">')
        out.extend(groups[i])
        out.append("</g>")
    out.append(f'<line x1="{x0:.1f}" y1="4" x2="{x0:.1f}" y2="{height - 20}" stroke="#888"/>')
    out.append("</svg>")
    return "\n".join(out)
