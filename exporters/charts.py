"""Inline SVG charts, drawn in Python: no JavaScript, no fonts or images from the network.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (read by screen readers),
each point or bar has its own ``<title>`` (the tooltip), and colours come from the Okabe-Ito palette
(distinguishable with colour-blindness); series are also told apart by marker shape and dash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "")
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square", "diamond", "triangle")
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"


@dataclass
class Series:
    name: str
    values: list[float | None]  # aligned with the chart's x labels; None = not published
    labels: list[str] | None = None  # printed text per point (tooltips), optional
    emphasis: bool = False


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * exp:
            return step * exp
    return 10 * exp


def _ticks(top: float, n: int = 5) -> list[float]:
    step = top / n
    return [round(step * i, 10) for i in range(n + 1)]


def _fmt(v: float, unit: str) -> str:
    if unit == "percent":
        return f"{v:.1f}%".replace(".0%", "%") if abs(v - round(v)) < 1e-9 else f"{v:.1f}%"
    if unit == "percentage_points":
        return f"{v:+.1f} pts"
    return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else f"{v:,.1f}"


def _marker(shape: str, x: float, y: float, color: str, tip: str) -> str:
    t = f"<title>{escape(tip)}</title>"
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{color}">{t}</rect>'
    if shape == "diamond":
        return (f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} L{x - 5:.1f} {y:.1f} Z" '
                f'fill="{color}">{t}</path>')
    if shape == "triangle":
        return (f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 4:.1f} L{x - 5:.1f} {y + 4:.1f} Z" '
                f'fill="{color}">{t}</path>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}">{t}</circle>'


def _open(uid: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px;{FONT}" aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(series: list[Series], x0: float, y0: float, width: float) -> tuple[list[str], float]:
    parts, x, y = [], x0, y0
    for i, s in enumerate(series):
        w = 34 + 7.2 * len(s.name)
        if x + w > x0 + width and x > x0:
            x, y = x0, y + 20
        color = PALETTE[i % len(PALETTE)]
        dash = f' stroke-dasharray="{DASHES[i % len(DASHES)]}"' if DASHES[i % len(DASHES)] else ""
        parts.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 22:.1f}" y2="{y:.1f}" stroke="{color}" stroke-width="3"{dash}/>')
        parts.append(_marker(MARKERS[i % len(MARKERS)], x + 11, y, color, s.name))
        parts.append(f'<text x="{x + 28:.1f}" y="{y + 4:.1f}" font-size="12" fill="#222">{escape(s.name)}</text>')
        x += w
    return parts, y - y0 + 20


def line_chart(uid: str, x_labels: list[str], series: list[Series], unit: str, title: str, desc: str,
               width: int = 720, height: int = 340) -> str:
    """Lines over time (x = periods in order). Gaps where a value is not published."""
    values = [v for s in series for v in s.values if v is not None]
    top = _nice_max(max(values) * 1.1 if values else 1.0)
    left, right, top_pad = 56, 64, 16
    legend, legend_h = _legend(series, left, 0, width - left - right)
    n = max(len(x_labels), 1)
    plot_w = width - left - right
    spacing = plot_w / n
    longest = max((len(x) for x in x_labels), default=0)
    rotate = longest * 6.3 > spacing * 0.95
    axis_h = (min(longest, 28) * 4.6 + 16) if rotate else 24
    height = max(height, int(top_pad + 200 + axis_h + legend_h + 8))
    bottom = axis_h + legend_h + 8
    plot_h = height - top_pad - bottom
    xs = [left + spacing * (i + 0.5) for i in range(n)]

    def y_of(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    out = _open(uid, width, height, title, desc)
    for t in _ticks(top):
        y = y_of(t)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#444">{escape(_fmt(t, unit))}</text>')
    base = top_pad + plot_h
    out.append(f'<line x1="{left}" y1="{base:.1f}" x2="{width - right}" y2="{base:.1f}" stroke="#666"/>')
    for x, label in zip(xs, x_labels):
        text = label if len(label) <= 28 else label[:27] + "…"
        if rotate:
            out.append(f'<text x="{x:.1f}" y="{base + 12:.1f}" font-size="11" text-anchor="end" fill="#444" '
                       f'transform="rotate(-35 {x:.1f} {base + 12:.1f})">{escape(text)}</text>')
        else:
            out.append(f'<text x="{x:.1f}" y="{base + 16:.1f}" font-size="11" text-anchor="middle" fill="#444">{escape(text)}</text>')
    end_labels = []
    for i, s in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        dash = f' stroke-dasharray="{DASHES[i % len(DASHES)]}"' if DASHES[i % len(DASHES)] else ""
        width_px = 3.5 if s.emphasis else 2.5
        run: list[str] = []
        for j, v in enumerate(s.values + [None]):
            if v is not None:
                run.append(f"{xs[j]:.1f},{y_of(v):.1f}")
            elif run:
                if len(run) > 1:
                    out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" stroke-width="{width_px}"{dash}/>')
                run = []
        for j, v in enumerate(s.values):
            if v is None:
                continue
            text = (s.labels[j] if s.labels and s.labels[j] else _fmt(v, unit))
            out.append(_marker(MARKERS[i % len(MARKERS)], xs[j], y_of(v), color, f"{s.name}, {x_labels[j]}: {text}"))
        last = max((j for j, v in enumerate(s.values) if v is not None), default=None)
        if last is not None and len(series) <= 4:
            end_labels.append([y_of(s.values[last]) + 4, xs[last] + 8, _fmt(s.values[last], unit), color])
    # end-of-line labels, nudged apart so they never overlap
    end_labels.sort(key=lambda e: e[0])
    for k in range(1, len(end_labels)):
        if end_labels[k][0] - end_labels[k - 1][0] < 13:
            end_labels[k][0] = end_labels[k - 1][0] + 13
    for y, x, text, color in end_labels:
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" font-weight="bold" fill="{color}">{escape(text)}</text>')
    out += [f'<g transform="translate(0,{height - legend_h + 2})">', *legend, "</g>", "</svg>"]
    return "\n".join(out)


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return lines[:3]


def bar_chart(uid: str, categories: list[str], series: list[Series], unit: str, title: str, desc: str,
              width: int = 720, max_value: float | None = None, notes: list[str] | None = None) -> str:
    """Horizontal grouped bars: one group per category, one bar per series (e.g. Sefton, England).
    ``notes`` (one per category) is printed at the end of the group (e.g. the gap to national)."""
    values = [v for s in series for v in s.values if v is not None]
    top = max_value or _nice_max(max(values) * 1.05 if values else 1.0)
    wrap_at = 34
    wrapped = [_wrap(c, wrap_at) for c in categories]
    label_w = int(min(wrap_at, max((len(l) for w in wrapped for l in w), default=10)) * 6.6 + 16)
    right = 130
    bar_h, gap = 14, 12
    group_h = max(bar_h * len(series) + gap, 14 * max((len(w) for w in wrapped), default=1) + gap)
    legend, legend_h = _legend(series, label_w, 0, width - label_w - right)
    plot_top = 10
    plot_h = group_h * len(categories)
    height = int(plot_top + plot_h + 30 + legend_h)
    plot_w = width - label_w - right

    def x_of(v: float) -> float:
        return label_w + plot_w * max(v, 0) / top

    out = _open(uid, width, height, title, desc)
    for t in _ticks(top, 4):
        x = x_of(t)
        out.append(f'<line x1="{x:.1f}" y1="{plot_top}" x2="{x:.1f}" y2="{plot_top + plot_h}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{x:.1f}" y="{plot_top + plot_h + 14}" font-size="11" text-anchor="middle" fill="#444">{escape(_fmt(t, unit))}</text>')
    for c, category in enumerate(categories):
        y0 = plot_top + c * group_h
        lines = wrapped[c]
        first_y = y0 + (group_h - gap) / 2 - (len(lines) - 1) * 7 + 4
        spans = "".join(f'<tspan x="{label_w - 8}" y="{first_y + k * 14:.1f}">{escape(line)}</tspan>'
                        for k, line in enumerate(lines))
        out.append(f'<text font-size="12" text-anchor="end" fill="#222">{spans}</text>')
        for i, s in enumerate(series):
            v = s.values[c]
            y = y0 + i * bar_h
            color = PALETTE[i % len(PALETTE)]
            if v is None:
                text = s.labels[c] if s.labels and s.labels[c] else "not published"
                out.append(f'<text x="{label_w + 4}" y="{y + bar_h - 3:.1f}" font-size="10" fill="#666">{escape(text)}</text>')
                continue
            text = s.labels[c] if s.labels and s.labels[c] else _fmt(v, unit)
            out.append(f'<rect x="{label_w}" y="{y:.1f}" width="{max(x_of(v) - label_w, 1):.1f}" height="{bar_h - 2}" fill="{color}">'
                       f'<title>{escape(f"{s.name}, {category}: {text}")}</title></rect>')
            out.append(f'<text x="{x_of(v) + 4:.1f}" y="{y + bar_h - 4:.1f}" font-size="10" fill="#222">{escape(text)}</text>')
        if notes and notes[c]:
            out.append(f'<text x="{width - 4}" y="{y0 + (group_h - gap) / 2 + 4:.1f}" font-size="11" text-anchor="end" fill="#222" font-weight="bold">{escape(notes[c])}</text>')
    out.append(f'<line x1="{label_w}" y1="{plot_top}" x2="{label_w}" y2="{plot_top + plot_h}" stroke="#666"/>')
    out += [f'<g transform="translate(0,{height - legend_h + 4})">', *legend, "</g>", "</svg>"]
    return "\n".join(out)
