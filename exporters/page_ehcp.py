"""The EHC plan timeliness section: the share of new plans issued within 20 weeks, as each report
states it, placed in real time.

Monthly figures are joined only where months follow each other; a running (incomplete) month, a
snapshot on one day and year-to-date figures are drawn apart and labelled as printed. Figures the
reports give without dates ('previous years', 'now (average)') and a comparator quoted with no period
are not placed on the time axis: they are in the table and the text. Two reports giving different
figures for one month are both drawn and flagged.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from scorecard import duck

from . import charts
from .page_blocks import Section, key, layouts, table
from .page_data import PageData, day, drawable, shown, text
from .page_time import Series, arrange, kind_word
from .page_trends import cell, key_entries, last_two, plottable, to_point

METRIC = "ehcp_20_week_compliance"


def _kind(rec: dict) -> str:
    breakdown = text(rec.get("breakdown"))
    return text(rec.get("period_type")) + (f": {breakdown}" if breakdown else "")


def _order(rec: dict) -> tuple:
    end = day(rec.get("period_end"))
    return (end is None, end or pd.Timestamp.max, day(rec.get("report_date")) or pd.Timestamp.max)


def timeliness_section(data: PageData, metric_id: str = METRIC) -> Section | None:
    rows = data.figures(metric_id)
    if not len(rows):
        return None
    records = sorted(duck.records(rows), key=_order)
    name = data.metric_name(metric_id)
    unit = text(data.metric(metric_id).get("unit"), "percent")
    areas = [data.authority] + [a for a in dict.fromkeys(r["area_name"] for r in records) if a != data.authority]
    series = []
    for area in areas[:4]:
        pts = [to_point(data, r, _kind(r), area) for r in records if r["area_name"] == area and plottable(data, r)]
        if pts:
            series.append(Series(area, pts))
    if not series:
        return None
    main = arrange(series)
    mine = series[0] if series[0].name == data.authority else None
    every = [p for s in series for p in s.points]
    desc = (f"{name} in {data.authority}, placed by the dates each figure covers: "
            + "; ".join(f"{p.label}: {p.text} ({kind_word(p.kind)})" for p in sorted(every, key=lambda p: p.start)) + ".")

    def draw(width: int, css: str) -> str:
        return charts.time_chart(f"chart-{metric_id}-{css}", series, unit, f"{name}, {data.authority}, as each report states it",
                                 desc, width, axis_labels="auto", height=250, css_class=css)

    travel = []
    if mine:
        pair = last_two(data, mine.points, main)
        if pair:
            travel.append(data.travel(metric_id, f"{kind_word(main)}ly figure" if main == "month" else kind_word(main or ""),
                                      *pair))
        like = _like_for_like(data, mine)
        if like:
            travel.append(data.travel(metric_id, "year to date", *like))
    placed = {p.observation_id: p for p in every}
    undated = [r for r in records if r["observation_id"] not in placed]
    comparison, notes = [], []
    for r in undated:
        if r["area_name"] != data.authority:
            comparison.append(escape(
                f"{data.report_short(r['report_id'])} quotes the {r['area_name']} rate as {shown(r)} "
                f"(“{text(r.get('period_label'))}”); with no period of its own it is not placed on the time axis."))
            same = [p for p in (mine.points if mine else []) if data.record(p.observation_id)["report_id"] == r["report_id"]]
            if same:
                own = max(same, key=lambda p: p.end)
                comparison.append(escape(f"The same report gives {data.authority} {own.text} (“{own.label}”)."))
    own_undated = [r for r in undated if r["area_name"] == data.authority]
    if own_undated:
        notes.append("Not placed on the time axis because the report gives no dates: " + "; ".join(
            f"“{text(r.get('period_label'))}” {shown(r)} ({data.report_short(r['report_id'])})" for r in own_undated) + ".")
    target = data.figures(f"{metric_id}_target", statistic="target")
    for r in duck.records(target):
        if drawable(r):
            notes.append(f"Target: {shown(r)} (“{text(r.get('period_label'))}”, {data.report_short(r['report_id'])}).")
    if not comparison:
        comparison = ["The reports give no national or regional figure for this measure."]

    def placed_as(r: dict) -> str:
        p = placed.get(r["observation_id"])
        if p is None:
            return "not placed: no dates" if drawable(r) or r.get("is_suppressed") else "not drawn"
        joined = any(p in run for s in series for run in s.runs)
        return f"{kind_word(p.kind)}, " + ("joined to the next" if joined else "drawn apart")

    tab = table(f"{name}: every figure the reports give",
                ["Period (as printed)", "Area", "Figure", "On the chart", "Report"],
                [[text(r.get("period_label")), r["area_name"], cell(r), placed_as(r), data.report_short(r["report_id"])]
                 for r in records])
    return Section(
        metric_id, "EHC plans issued within 20 weeks", text(data.metric(metric_id).get("definition")),
        layouts(draw), f"{name} in {data.authority}, as each report states it, placed by the dates it covers.",
        [tab], key(key_entries(series, main)), travel, comparison,
        data.disagreement_notes(placed), notes, list(dict.fromkeys(r["report_id"] for r in records)))


def _like_for_like(data: PageData, s: Series):
    """The latest two year-to-date figures covering the same stretch of two years (e.g. January to
    September 2023 and January to September 2024)."""
    spans = sorted((p for p in s.points if p.period_type == "year_to_date"), key=lambda p: p.end)
    for b in reversed(spans):
        for a in reversed(spans):
            if (a.start + pd.DateOffset(years=1), a.end + pd.DateOffset(years=1)) == (b.start, b.end):
                return data.record(a.observation_id), data.record(b.observation_id)
    return None
