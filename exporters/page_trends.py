"""Sections showing one measure over time for each printed group (pupil group, school phase, setting):
small multiples, one 320 px panel per group, sharing one time axis and one value axis.

Used for absence, persistent absence, fixed-term exclusions and EHCP placements. The chart shows the
authority's figures from the printed table that holds most of them; the measure's other figures
(another report's, a neighbouring authority's) go in a second table and a comparison sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import pandas as pd

from scorecard import duck

from . import charts
from .page_blocks import Section, key, panels, table
from .page_data import PageData, blank, day, drawable, provisional, shown, signed_gap, text
from .page_time import Series, TimePoint, arrange, gaps, kind_word, line_kind, nice_top

GroupOf = Callable[[dict], str]


def to_point(data: PageData, rec: dict, kind: str | None = None, what: str = "") -> TimePoint:
    start, end = day(rec["period_start"]), day(rec.get("period_end")) or day(rec["period_start"])
    label = text(rec.get("period_label"))
    tip = f"{what + ', ' if what else ''}{label}: {shown(rec)}{' (provisional)' if provisional(rec) else ''} – " \
          f"{data.report_short(rec['report_id'])}"
    flagged = rec["observation_id"] in data.disagreements
    if flagged:
        tip += " – another report gives a different figure"
    return TimePoint(start, end, float(rec["value"]), label, text(rec.get("period_type")),
                     kind or text(rec.get("period_type")), shown(rec), tip, rec["observation_id"], flagged)


def plottable(data: PageData, rec: dict) -> bool:
    return drawable(rec) and data.dated(rec)


def period_columns(records: list[dict]) -> list[str]:
    """Period labels in time order (by end, then start); undated periods last, in printed order."""
    seen: dict[str, tuple] = {}
    for r in records:
        end, start = day(r.get("period_end")), day(r.get("period_start"))
        k = (end is None, end or pd.Timestamp.max, start or pd.Timestamp.max)
        seen.setdefault(text(r.get("period_label")), k)
    return sorted(seen, key=lambda p: seen[p])


def cell(rec: dict | None) -> str:
    return "–" if rec is None else shown(rec) + ("*" if provisional(rec) else "")


def key_entries(series: list[Series], main: str | None) -> list[tuple[str, str]]:
    """The key: what each kind of mark means, with part years named as printed."""
    styles: dict[str, list[TimePoint]] = {}
    for s in series:
        for p in s.points:
            styles.setdefault(p.style, []).append(p)
    out = []
    if "line" in styles:
        out.append((charts.key_swatch("line"), f"{kind_word(main or '')}s: a line joins each to the next; "
                                               "it breaks where a period has no figure"))
    joined = {p.kind for s in series for run in s.runs for p in run}
    for style, words in (("dashed", "a dashed line joins one to the next" if any(
            p.kind in joined for p in styles.get("dashed", [])) else "drawn apart, never joined to the others"),
                         ("span", "drawn apart at the end of the time it covers (the pale bar), never joined to the others"),
                         ("snapshot", "on a single day, drawn apart")):
        pts = styles.get(style, [])
        if not pts:
            continue
        kinds = list(dict.fromkeys(kind_word(p.kind) for p in pts))
        labels = list(dict.fromkeys(p.label for p in pts))
        what = "; ".join(f"“{lbl}”" for lbl in labels) + f" ({', '.join(kinds)})" if len(labels) <= 3 else ", ".join(kinds)
        out.append((charts.key_swatch(style), f"{what}: {words}"))
    if any(p.flagged for pts in styles.values() for p in pts):
        out.append((charts.key_swatch("flag"), "! two reports give different figures for this period (see the note)"))
    return out


def last_two(data: PageData, points: list[TimePoint], kind: str | None) -> tuple[dict, dict] | None:
    same = sorted((p for p in points if p.kind == kind and not p.flagged), key=lambda p: p.start)
    if len(same) < 2:
        return None
    return data.record(same[-2].observation_id), data.record(same[-1].observation_id)


def trend_section(data: PageData, metric_id: str, heading: str, group_of: GroupOf, group_title: str,
                  cell_of: Callable[[dict], str] = cell, extra_notes: list[str] | None = None,
                  other_group: GroupOf | None = None) -> Section | None:
    """``group_of`` names the chart's groups (a panel each); ``other_group`` the groups of the measure's
    other figures (default: ``group_of``), matched between areas for the gap."""
    rows = data.figures(metric_id)
    if not len(rows):
        return None
    mine = rows[(rows["area_name"] == data.authority) & rows["source_table"].notna()]
    if not len(mine):
        return None
    main_table = mine["source_table"].value_counts().index[0]
    chart_rows = mine[mine["source_table"] == main_table].sort_values(["source_line", "period_end"])
    records = duck.records(chart_rows)
    groups: dict[str, list[dict]] = {}
    for r in records:
        groups.setdefault(group_of(r), []).append(r)
    name = data.metric_name(metric_id, heading)
    unit = text(data.metric(metric_id).get("unit"), "percent")
    series = {g: Series(g, [to_point(data, r, what=g) for r in rs if plottable(data, r)]) for g, rs in groups.items()}
    series = {g: s for g, s in series.items() if s.points}
    if not series:
        return None
    every = [p for s in series.values() for p in s.points]
    top = nice_top([p.value for p in every])
    main = line_kind(every)
    items, travel, gap_notes = [], [], []
    for n, (g, s) in enumerate(series.items()):
        arrange([s])
        desc = f"{name}, {g}, {data.authority}: " + "; ".join(
            f"{p.label} {p.text}{'' if p.style in ('line', 'dashed') else ' (' + kind_word(p.kind) + ', drawn apart)'}"
            for p in sorted(s.points, key=lambda p: p.start)) + "."
        svg = charts.time_chart(f"chart-{metric_id}-{n}", [s], unit, f"{name}: {g}", desc, charts.LAYOUTS["narrow"],
                                scale_points=every, top=top, axis_labels="auto")
        pair = last_two(data, s.points, main)
        sentence = data.travel(metric_id, g, *pair) if pair else ""
        items.append((g, svg, sentence))
        if n == 0 and sentence:
            travel.append(sentence)
        for a, b in gaps([s], main):
            note = f"No figure is published between {a.label} and {b.label}, so the line breaks there."
            if note not in gap_notes:
                gap_notes.append(note)
    parts = [p for s in series.values() for p in s.points if p.style not in ("line", "dashed")]
    for label in dict.fromkeys(p.label for p in parts):
        kind = kind_word(next(p.kind for p in parts if p.label == label))
        travel.append(f"“{escape(label)}” is a part-year figure ({escape(kind)}): it is drawn apart and not compared "
                      f"with the {escape(kind_word(main or ''))} figures.")
    columns = period_columns(records)
    by_cell = {(group_of(r), text(r.get("period_label"))): r for r in records}
    main_tab = table(f"{name}, {data.authority}, by {group_title}", [group_title.capitalize(), *columns],
                     [[g, *[cell_of(by_cell[(g, c)]) if (g, c) in by_cell else "–" for c in columns]] for g in groups])
    others = rows[~rows["observation_id"].isin(chart_rows["observation_id"])]
    other_tab, comparison, other_reports = other_figures(data, others, records, other_group or group_of, group_title)
    drawn = [p.observation_id for p in every]
    notes = gap_notes + (extra_notes or [])
    if any(provisional(r) for r in records):
        notes.append("* provisional when published.")
    reports = list(dict.fromkeys([r["report_id"] for r in records] + other_reports))
    return Section(
        metric_id, heading, text(data.metric(metric_id).get("definition")), panels(items),
        f"{name} in {data.authority}, one chart per {group_title}, all on the same scale "
        f"(0 to {charts.fmt_axis(top[0], unit)}).",
        [main_tab] + ([other_tab] if other_tab else []), key(key_entries(list(series.values()), main)),
        travel, comparison or ["The reports give no national or regional figure for this measure."],
        data.disagreement_notes(drawn), notes, reports)


def other_figures(data: PageData, others: pd.DataFrame, chart_records: list[dict],
                  group_of: GroupOf, group_title: str) -> tuple[str, list[str], list[str]]:
    """The measure's figures outside the chart: a table, comparison sentences (the authority against
    each other area in the same report and period, with the gap in points), and their reports."""
    shown_already = {(text(r.get("period_label")), group_of(r), r["report_id"], shown(r)) for r in chart_records}
    recs = [r for r in duck.records(others)
            if (text(r.get("period_label")), group_of(r), r["report_id"], shown(r)) not in shown_already]
    if not recs:
        return "", [], []
    recs.sort(key=lambda r: (day(r.get("period_end")) or pd.Timestamp.max, r["report_id"],
                             r["area_name"] != data.authority, text(r.get("area_name")), group_of(r)))
    mine = {(r["report_id"], text(r.get("period_label")), group_of(r)): r for r in recs
            if r["area_name"] == data.authority}
    rows, sentences = [], {}
    for r in recs:
        own = mine.get((r["report_id"], text(r.get("period_label")), group_of(r)))
        gap = ""
        if r["area_name"] != data.authority and own is not None and drawable(own) and drawable(r):
            gap = signed_gap(own, r)
            key_ = (r["report_id"], text(r.get("period_label")))
            sentences.setdefault(key_, {}).setdefault(group_of(r), [own]).append(r)
        rows.append([text(r.get("area_name")), group_of(r), text(r.get("period_label")), cell(r), gap,
                     data.report_short(r["report_id"])])
    comparison = []
    for (report_id, period), by_group in sentences.items():
        parts = []
        for g, (own, *theirs) in by_group.items():
            vs = ", ".join(f"{t['area_name']} {shown(t)}" for t in theirs)
            parts.append(f"{g}: {data.authority} {shown(own)} ({vs})")
        comparison.append(escape(f"{period}, as given in {data.report_short(report_id)}: " + "; ".join(parts) + "."))
    tab = table("Other figures for this measure in the reports",
                ["Area", group_title.capitalize(), "Period (as printed)", "Figure",
                 f"{data.authority} minus this area (points)", "Report"], rows)
    return tab, comparison, list(dict.fromkeys(r["report_id"] for r in recs))


def pupil_group(data: PageData) -> GroupOf:
    """The printed row label of a figure (e.g. 'EHCP pupils'), with the cohort added when the label
    does not say it (e.g. 'LAC (looked after children)')."""
    def group(rec: dict) -> str:
        cohort, phase = text(rec.get("cohort")), text(rec.get("phase"))
        words = [w for w in (cohort, "" if phase in ("", "all") else phase) if w]
        label = data.row_label(rec)
        if not label:
            return " – ".join(words).capitalize() or "All"
        missing = [w for w in words if w.lower() not in label.lower()]
        if missing and not (phase not in ("", "all") and phase.lower() in label.lower()):
            return f"{label} ({', '.join(missing)})"
        return label
    return group


def plain_group(rec: dict) -> str:
    """A group named by its cohort or school phase (for figures from tables laid out differently)."""
    cohort, phase = text(rec.get("cohort")), text(rec.get("phase"))
    word = phase if phase not in ("", "all") else cohort
    return (word[:1].upper() + word[1:]) if word else "All"


def setting(data: PageData) -> GroupOf:
    def group(rec: dict) -> str:
        b = text(rec.get("breakdown"))
        b = b.split("=", 1)[-1] if "=" in b else b
        return (b[:1].upper() + b[1:]) if b else data.row_label(rec, "All")
    return group


def with_count(data: PageData) -> Callable[[dict], str]:
    """A placement share with the printed number of young people beside it (both under disclosure
    control): '30.1% (685)'."""
    cells = data.marts.printed_cells
    pairs = cells[cells["share_observation_id"].notna() & cells["count_observation_id"].notna()]
    count_of = dict(zip(pairs["share_observation_id"], pairs["count_observation_id"]))

    def show(rec: dict) -> str:
        c = data.record(count_of.get(rec["observation_id"], ""))
        return cell(rec) + (f" ({shown(c)})" if c is not None and not blank(c.get("value")) else "")
    return show
