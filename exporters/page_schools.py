"""Sections about schools: pupils by the Ofsted grade of their school (one snapshot), and attainment
against the national figure (the latest year both are printed for).

Ofsted: one stacked bar per type of school, its parts the printed numbers of pupils by grade (drawn as
their share of the type's printed total, labelled with the printed percentage); nothing is computed
for display except the number of pupils in good or outstanding schools (grades 1 and 2 added up).
Attainment: the authority and the national figure side by side for each measure, the year as the
report's column prints it ('2023*'), with the gap in points (the difference of the two printed figures).
"""

from __future__ import annotations

from html import escape

import pandas as pd

from scorecard import duck

from . import charts
from .page_blocks import Section, key, layouts, table
from .page_data import PageData, blank, day, drawable, shown, signed_gap, text

OFSTED_METRIC = "ofsted_good_or_better_pupils"
ATTAINMENT_METRIC = "attainment_vs_national"
ATTAINMENT_DOMAINS = ("attainment", "early_years")
ALL_PUPILS = "all pupils"


GRADE_COLOURS = ("#005A8C", "#56B4E9", "#E69F00", "#C0392B")  # dark to light blue for the better grades


def _swatches(names: list[str], colors: tuple[str, ...] = charts.PALETTE) -> str:
    return key([(f'<svg class="swatch" aria-hidden="true" width="18" height="14" viewBox="0 0 18 14">'
                 f'<rect x="1" y="1" width="16" height="12" fill="{colors[i % len(colors)]}"/></svg>', n)
                for i, n in enumerate(names)])


def ofsted_section(data: PageData) -> Section | None:
    mart = data.marts.ofsted
    if mart is None or not len(mart):
        return None
    pupils = mart[mart["basis"] == "pupils"]
    if not len(pupils):
        return None
    cells = data.marts.printed_cells
    pairs = cells[cells["share_observation_id"].notna() & cells["count_observation_id"].notna()]
    share_of = dict(zip(pairs["count_observation_id"], pairs["share_observation_id"]))
    recs = []
    for r in duck.records(pupils):
        o = data.record(r["observation_id"]) or {}
        recs.append({**r, "rec": o, "line": o.get("source_line", 0), "share": data.record(share_of.get(r["observation_id"], ""))})
    totals = [r for r in recs if r["grade"] == "all grades"]
    size = {}
    for r in totals:
        size[r["governance"]] = size.get(r["governance"], 0) + (0 if blank(r["count_value"]) else r["count_value"])
    governances = sorted(size, key=lambda g: -size[g])
    main_gov = governances[0]
    types = list(dict.fromkeys(r["school_type"] for r in sorted(recs, key=lambda r: r["line"])))
    grades = sorted({r["grade"] for r in recs if r["grade"] != "all grades"})
    at = {(r["school_type"], r["governance"], r["grade"]): r for r in recs}
    label = {t: data.row_label(at[(t, main_gov, "all grades")]["rec"], t) if (t, main_gov, "all grades") in at else t
             for t in types}
    series, notes = [], []
    for g in grades:
        vals, labels = [], []
        for t in types:
            part, total = at.get((t, main_gov, g)), at.get((t, main_gov, "all grades"))
            ok = (part is not None and total is not None and drawable(part["rec"]) and drawable(total["rec"])
                  and total["count_value"] > 0)
            vals.append(100.0 * part["count_value"] / total["count_value"] if ok else None)
            labels.append(shown(part["share"]) if ok and part["share"] is not None else "")
        series.append((g, vals, labels))
    for t in types:
        total = at.get((t, main_gov, "all grades"))
        if total is None or not drawable(total["rec"]):
            notes.append("c (suppressed)" if total is not None and total["rec"].get("is_suppressed") else "not published")
        elif total["count_value"] == 0:
            notes.append("no pupils")
        else:
            notes.append(f"{shown(total['rec'])} pupils")
    as_at = text(pupils["period_label"].dropna().iloc[0]) if pupils["period_label"].notna().any() else ""
    cats = [label[t] for t in types]
    desc = (f"Stacked bars: for each type of school in {data.authority} ({main_gov}), the pupils in schools of each "
            f"Ofsted grade, {as_at}. " + "; ".join(
                f"{label[t]}: " + ", ".join(f"{g} {series[i][2][k] or 'no share printed'}" for i, g in enumerate(grades)
                                            if series[i][1][k] is not None) for k, t in enumerate(types)) + ".")

    def draw(width: int, css: str) -> str:
        return charts.bar_chart(f"chart-ofsted-{css}", cats, series, "percent",
                                f"Pupils by the Ofsted grade of their school, {data.authority}", desc, width,
                                notes=notes, stacked=True, top=100, css_class=css, colors=GRADE_COLOURS)

    rows = []
    for t in types:
        for gov in governances:
            cells_ = []
            for g in grades + ["all grades"]:
                r = at.get((t, gov, g))
                if r is None:
                    cells_.append("–")
                    continue
                count = shown(r["rec"]) if r["rec"] else text(r.get("printed_text"))
                if r.get("count_status") == "derived" and text(r.get("printed_text")):
                    count = text(r.get("printed_text"))  # printed '-', read as none
                share = f" ({shown(r['share'])})" if r["share"] is not None and not r["rec"].get("is_suppressed") else ""
                cells_.append(count + share)
            rows.append([f"{label[t]} – {gov}", *cells_])
    tab = table(f"Pupils by the Ofsted grade of their school, {as_at}", ["Type of school", *grades, "All grades"], rows)
    travel = [f'<strong class="travel travel-no-change">No trend</strong>: the reports give one snapshot '
              f"({escape(as_at)}), so there is nothing to compare it with yet."]
    overall = types[-1] if types else None
    good = [at.get((overall, main_gov, g)) for g in grades
            if at.get((overall, main_gov, g)) is not None and at[(overall, main_gov, g)].get("is_good_or_better")]
    total = at.get((overall, main_gov, "all grades"))
    if good and total is not None and all(drawable(r["rec"]) for r in good + [total]):
        n = sum(r["count_value"] for r in good)
        travel.append(escape(f"{label[overall]}: {n:,.0f} of {shown(total['rec'])} pupils attend a school judged "
                             f"{' or '.join(g.split(' ', 1)[-1].lower() for g in grades if at[(overall, main_gov, g)] in good)} "
                             "(the printed numbers for those grades added up)."))
    reports = list(dict.fromkeys(pupils["report_id"].dropna()))
    return Section(
        OFSTED_METRIC, "Pupils in good or outstanding schools",
        text(data.metric("ofsted_grade_pupils_share").get("definition")), layouts(draw),
        f"Pupils in {data.authority} by the Ofsted grade of their school, by type of school ({main_gov}), {as_at}.",
        [tab], _swatches(grades, GRADE_COLOURS), travel, ["The reports give no national or regional figure for this measure."],
        [], ["Bar lengths are the printed numbers of pupils as a share of the printed total for the type of "
             "school; the labels are the printed percentages."], reports)


def attainment_section(data: PageData) -> Section | None:
    obs = data.obs
    if not len(obs):
        return None
    domain = {m: text(data.metric(m).get("domain")) for m in obs["metric_id"].dropna().unique()}
    lv = obs[obs["metric_id"].map(domain).isin(ATTAINMENT_DOMAINS) & (obs["statistic"].fillna("level") == "level")
             & (obs["cohort"] == ALL_PUPILS) & obs["source_table"].notna()]
    national = next((a for a in data.national if a in set(lv["area_name"])), None)
    mine = lv[lv["area_name"] == data.authority]
    if national is None or not len(mine):
        return None
    theirs = {(r["metric_id"], r["source_table"], r["period_label"]): r
              for r in duck.records(lv[lv["area_name"] == national])}
    order = lambda m: (data.metric(m).get("sort_order") or 0, m)  # noqa: E731
    cats, mine_v, nat_v, mine_l, nat_l, gaps_, rows, travel_parts, used = [], [], [], [], [], [], [], [], []
    above = below = 0
    for m in sorted(mine["metric_id"].unique(), key=order):
        name = data.metric_name(m)
        recs = sorted(duck.records(mine[mine["metric_id"] == m]), key=lambda r: day(r["period_end"]) or pd.Timestamp.max)
        pairs = []
        for r in recs:
            e = theirs.get((m, r["source_table"], r["period_label"]))
            gap = signed_gap(r, e) if e is not None and drawable(r) and drawable(e) else "–"
            rows.append([name, data.printed_period(r), shown(r), shown(e) if e is not None else "–", gap])
            used += [r] + ([e] if e is not None else [])
            if gap != "–":
                pairs.append((r, e))
        if not pairs:
            continue
        r, e = pairs[-1]
        cats.append(f"{name} ({data.printed_period(r)})")
        mine_v.append(float(r["value"]))
        nat_v.append(float(e["value"]))
        mine_l.append(shown(r))
        nat_l.append(shown(e))
        gaps_.append(f"Gap {signed_gap(r, e)} points")
        above += float(r["value"]) > float(e["value"])
        below += float(r["value"]) < float(e["value"])
        full = [x for x in recs if drawable(x) and x.get("period_type") == r.get("period_type")]
        if len(full) >= 2:
            a, b = full[-2], full[-1]
            travel_parts.append(f"{name}: {data.direction(m, float(a['value']), float(b['value']))} "
                                f"({shown(a)} in {data.printed_period(a)} to {shown(b)} in {data.printed_period(b)})")
    if not cats:
        return None
    series = [(data.authority, mine_v, mine_l), (national, nat_v, nat_l)]
    desc = (f"Bars comparing {data.authority} with {national} for each measure, all pupils, in the latest year printed: "
            + "; ".join(f"{c}: {a} against {b}" for c, a, b in zip(cats, mine_l, nat_l)) + ".")

    def draw(width: int, css: str) -> str:
        return charts.bar_chart(f"chart-attainment-{css}", cats, series, "percent",
                                f"{data.authority} and {national}: pupils reaching the expected level", desc, width,
                                notes=gaps_, css_class=css)

    tab = table(f"Attainment, all pupils: {data.authority}, {national} and the gap",
                ["Measure", "Year (as printed)", data.authority, national, f"{data.authority} minus {national} (points)"],
                rows)
    travel = ['<strong class="travel">Since the year before</strong><ul class="travel-list">'
              + "".join(f"<li>{escape(t)}</li>" for t in travel_parts) + "</ul>"] if travel_parts else []
    comparison = [escape(f"In the latest year {data.authority} was above {national} on {above} of {len(cats)} measures "
                         f"and below on {below}. The gap ({data.authority} minus {national}, in percentage points) "
                         "is written under each pair of bars.")]
    notes = ["Years are as the report's columns print them; * marks figures provisional when published.",
             f"The gap is the difference of the two printed figures ({data.authority} minus {national})."]
    return Section(
        ATTAINMENT_METRIC, f"Attainment: {data.authority} against {national}",
        "The share of children reaching the expected level at each stage, for all pupils, compared with the national figure.",
        layouts(draw), f"{data.authority} and {national}, all pupils, the latest year printed for each measure.",
        [tab], _swatches([data.authority, national]), travel, comparison, [], notes,
        list(dict.fromkeys(r["report_id"] for r in used)))
