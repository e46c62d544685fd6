"""``scorecard.html``: the headline figures for councillors and parents, as one static page.

Self-contained: inline CSS and inline SVG charts drawn in Python (``charts.py``); no scripts, fonts or
images from anywhere. Each chart sits in ``<figure class="chart" data-metric="<metric_id>">`` with an
``<svg role="img">`` carrying ``<title>``/``<desc>``, a caption, the figures as a table (the
accessible fallback), the direction of travel (from ``dim_metric.polarity``), the gap to national and
regional comparators where the reports give them, and a footnote naming each report used.

Public: counts suppressed by disclosure control are shown as 'c' and left out of the charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from . import charts, warehouse
from .context import PublicData, load

FILENAME = "scorecard.html"
SEFTON = "Sefton"
COMPARATORS = ("England", "North West")
LEVEL = "level"
NO_CHANGE = 0.05  # a change smaller than this (in the printed unit) is "no change"

COHORT_LABELS = {
    ("all pupils", "all"): "All pupils", ("EHCP", "all"): "Pupils with an EHCP",
    ("SEN support", "all"): "SEN support pupils", ("looked after children", "all"): "Looked-after children",
    ("all pupils", "primary"): "Primary schools", ("all pupils", "secondary"): "Secondary schools",
    ("all pupils", "special"): "Special schools",
}


@dataclass
class Section:
    metric: str
    heading: str
    question: str  # one plain sentence: what this shows
    svg: str
    caption: str
    table: str
    travel: str = ""
    comparison: str = ""
    notes: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)


def export_scorecard_html(db_path: Path, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with warehouse.connect(db_path) as con:
        data = load(con, db_path=db_path)
        marts = {name: warehouse.read(con, warehouse.MARTS, name)
                 for name in ("mart_ehcp_timeliness", "mart_ofsted")}
    obs = data.observations if data.observations is not None else pd.DataFrame()
    sections = [
        _trend_section(data, obs, "absence_rate", "Absence",
                       "How much school time pupils missed: the share of possible sessions missed through absence."),
        _trend_section(data, obs, "persistent_absence_rate", "Persistent absence",
                       "How many pupils missed 10% or more of their possible sessions."),
        _trend_section(data, obs, "fixed_term_exclusion_rate", "Fixed-term exclusions",
                       "The share of pupils who missed one or more sessions because of a fixed-term exclusion."),
        _placement_section(data, obs),
        _timeliness_section(data, obs, marts["mart_ehcp_timeliness"]),
        _ofsted_section(data, marts["mart_ofsted"]),
        _attainment_section(data, obs),
    ]
    sections = [s for s in sections if s is not None]
    path = out_dir / FILENAME
    path.write_text(_page(data, sections), encoding="utf-8")
    return [path]


# ------------------------------------------------------------------------------------------ helpers

def _metric(data: PublicData, metric_id: str) -> dict:
    return data.metric_row(metric_id)


def _polarity(data: PublicData, metric_id: str) -> str:
    return str(_metric(data, metric_id).get("polarity") or "neutral")


def _fmt(v: float | None, unit: str = "percent") -> str:
    if v is None or pd.isna(v):
        return "not published"
    if unit == "percent":
        return f"{v:.1f}%" if abs(v * 10 - round(v * 10)) < 1e-9 else f"{v:.2f}%"
    if unit == "percentage_points":
        return f"{v:+.1f} percentage points"
    return f"{v:,.0f}"


def _points(a: float, b: float) -> str:
    d = abs(a - b)
    return f"{d:.1f} percentage point{'s' if round(d, 1) != 1 else ''}"


def _report_label(data: PublicData, report_id: str) -> str:
    r = data.report_row(report_id)
    title = r.get("title") or report_id
    parts = [str(title)]
    if r.get("committee") and isinstance(r.get("committee"), str):
        parts.append(r["committee"])
    when = r.get("report_date")
    if when is not None and not pd.isna(when):
        parts.append(pd.Timestamp(when).strftime("%-d %B %Y"))
    return ", ".join(parts)


def _reports_of(df: pd.DataFrame) -> list[str]:
    if df is None or df.empty or "report_id" not in df.columns:
        return []
    order = df.sort_values("report_date") if "report_date" in df.columns else df
    return list(dict.fromkeys(order["report_id"].dropna()))


def _cohort_label(cohort, phase) -> str:
    key = (cohort if isinstance(cohort, str) else "all pupils", phase if isinstance(phase, str) else "all")
    if key in COHORT_LABELS:
        return COHORT_LABELS[key]
    label = key[0] if key[1] == "all" else f"{key[0]}, {key[1]}"
    return label[:1].upper() + label[1:]


def _usable(df: pd.DataFrame) -> pd.DataFrame:
    """Published figures that may be shown: not suppressed, with a value."""
    if df.empty:
        return df
    keep = df["value"].notna()
    if "suppressed" in df.columns:
        keep &= ~df["suppressed"].fillna(False).astype(bool)
    return df[keep]


def direction(data: PublicData, metric_id: str, earlier: float, later: float) -> str:
    """improving / worsening / no change (or 'up' / 'down' for a neutral metric)."""
    change = later - earlier
    if abs(change) < NO_CHANGE:
        return "no change"
    polarity = _polarity(data, metric_id)
    if polarity == "higher_is_better":
        return "improving" if change > 0 else "worsening"
    if polarity == "lower_is_better":
        return "improving" if change < 0 else "worsening"
    return "up" if change > 0 else "down"


def _travel_sentence(data: PublicData, metric_id: str, series_label: str, p0: str, v0: float, p1: str, v1: float,
                     unit: str = "percent") -> str:
    word = direction(data, metric_id, v0, v1)
    polarity = _polarity(data, metric_id)
    better = {"higher_is_better": "higher is better", "lower_is_better": "lower is better"}.get(polarity, "")
    moved = "no change" if word == "no change" else ("up" if v1 > v0 else "down") + f" {_points(v0, v1)}"
    badge = f'<strong class="travel travel-{word.replace(" ", "-")}">{escape(word.capitalize())}</strong>'
    tail = f" ({better})" if better else ""
    return (f"{badge}: {escape(series_label)} {escape(_fmt(v1, unit))} in {escape(p1)}, {escape(moved)} from "
            f"{escape(_fmt(v0, unit))} in {escape(p0)}{escape(tail)}.")


def _table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = []
    for r in rows:
        cells = [f'<th scope="row">{escape(r[0])}</th>'] + [f"<td>{escape(c)}</td>" for c in r[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<details class="data"><summary>Show the figures as a table</summary><table><caption>{escape(caption)}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></details>")


def _cell(row: pd.Series | None, unit: str = "percent") -> str:
    if row is None:
        return "–"
    if bool(row.get("suppressed", False)):
        return "c"
    v = row.get("value")
    if v is None or pd.isna(v):
        text = row.get("printed_text")
        return text if isinstance(text, str) and text else "not available"
    star = "*" if row.get("value_status") == "provisional" else ""
    return _fmt(v, unit) + star


def _period_order(df: pd.DataFrame) -> list[str]:
    d = df.copy()
    d["_end"] = pd.to_datetime(d["period_end"], errors="coerce")
    d["_start"] = pd.to_datetime(d["period_start"], errors="coerce")
    d = d.sort_values(["_end", "_start"], na_position="last")
    return list(dict.fromkeys(d["period_label"]))


# ---------------------------------------------------------------------------------------- sections

def _trend_section(data: PublicData, obs: pd.DataFrame, metric_id: str, heading: str, question: str) -> Section | None:
    """A rate by cohort over the years (scorecard table), with national / regional comparators if stated."""
    if obs.empty:
        return None
    rows = obs[(obs["metric_id"] == metric_id) & (obs.get("statistic", LEVEL).fillna(LEVEL) == LEVEL)]
    sefton = rows[(rows["area_name"] == SEFTON) & rows["source_table"].notna()]
    if sefton.empty:
        return None
    main_table = sefton["source_table"].value_counts().index[0]  # the scorecard table: most figures
    sefton = sefton[sefton["source_table"] == main_table]
    periods = _period_order(sefton)
    groups = list(dict.fromkeys(zip(sefton["cohort"], sefton["phase"])))
    by_key = {(r["cohort"], r["phase"], r["period_label"]): r for r in warehouse.records(sefton)}
    series = []
    for cohort, phase in groups:
        vals, labels = [], []
        for p in periods:
            r = by_key.get((cohort, phase, p))
            ok = r is not None and pd.notna(r["value"]) and not bool(r.get("suppressed", False))
            vals.append(float(r["value"]) if ok else None)
            labels.append(_cell(r) if r is not None else "")
        label = _cohort_label(cohort, phase)
        series.append(charts.Series(label, vals, labels, emphasis=(label == "All pupils")))
    comp_rows = _usable(rows[rows["area_name"].isin(COMPARATORS) & rows["period_label"].isin(periods)])
    for area in COMPARATORS:
        part = comp_rows[(comp_rows["area_name"] == area) & (comp_rows["cohort"].fillna("all pupils").isin(["all pupils", "all"]))]
        if len(part):
            vals = [next((float(v) for p2, v in zip(part["period_label"], part["value"]) if p2 == p), None) for p in periods]
            series.append(charts.Series(area, vals))
    name = _metric(data, metric_id).get("metric_name") or heading
    svg = charts.line_chart(f"chart-{metric_id}", periods, series, "percent", f"{name}, Sefton, by pupil group",
                            f"Line chart of the {name.lower()} for each pupil group across {', '.join(periods)}.")
    # direction of travel: all pupils, the last two full academic years
    travel = ""
    main = next((s for s in series if s.name == "All pupils"), series[0])
    full = [(p, v) for p, v, pt in zip(periods, main.values, _period_types(sefton, periods)) if v is not None and pt == "academic_year"]
    if len(full) >= 2:
        (p0, v0), (p1, v1) = full[-2], full[-1]
        travel = _travel_sentence(data, metric_id, main.name, p0, v0, p1, v1)
    latest_partial = [(p, v) for p, v, pt in zip(periods, main.values, _period_types(sefton, periods))
                      if v is not None and pt != "academic_year"]
    notes = []
    if latest_partial:
        p, v = latest_partial[-1]
        notes.append(f"{p}: {_fmt(v)} so far this year (part of a year, so not compared with the full years).")
    comparison = _comparison_sentence(rows, sefton, periods)
    neighbours = _neighbour_sentence(rows[rows["source_table"] != main_table])
    if neighbours:
        comparison += " " + neighbours
    table = _table(f"{name} by pupil group (Sefton)", ["Pupil group", *periods],
                   [[s.name, *[lbl or "–" for lbl in (s.labels or [""] * len(periods))]] for s in series if s.labels])
    reports = _reports_of(pd.concat([sefton, comp_rows, rows[(rows["source_table"] != main_table) & rows["source_table"].notna()]]))
    return Section(metric_id, heading, question, svg, f"{name} in Sefton by pupil group, {periods[0]} to {periods[-1]}.",
                   table, travel, comparison, notes, reports)


def _neighbour_sentence(other: pd.DataFrame) -> str:
    """Figures for Sefton and neighbouring authorities from another table (e.g. a first-term comparison)."""
    other = _usable(other[other["area_name"].notna() & ~other["area_name"].isin(COMPARATORS)])
    if other.empty or other["area_name"].nunique() < 2:
        return ""
    latest = other.sort_values("period_end")["period_label"].iloc[-1]
    part = other[other["period_label"] == latest]
    sentences = []
    for phase in dict.fromkeys(part["phase"]):
        ph = part[part["phase"] == phase]
        mine = ph[ph["area_name"] == SEFTON]
        if mine.empty:
            continue
        others = ", ".join(f"{a} {_fmt(v)}" for a, v in zip(ph["area_name"], ph["value"]) if a != SEFTON)
        label = _cohort_label(mine["cohort"].iloc[0], phase)
        sentences.append(f"{label}: Sefton {_fmt(float(mine['value'].iloc[0]))} ({others})")
    if not sentences:
        return ""
    return f"Compared with neighbouring authorities in {latest}: " + "; ".join(sentences) + "."


def _period_types(df: pd.DataFrame, periods: list[str]) -> list[str]:
    kinds = dict(zip(df["period_label"], df["period_type"]))
    return [kinds.get(p, "") for p in periods]


def _comparison_sentence(rows: pd.DataFrame, sefton: pd.DataFrame, periods: list[str]) -> str:
    """The gap between Sefton (all pupils) and each comparator in the latest period both are given for."""
    out = []
    main = _usable(sefton[sefton["cohort"].fillna("all pupils").isin(["all pupils", "all"]) & (sefton["phase"].fillna("all") == "all")])
    for area in COMPARATORS:
        comp = _usable(rows[(rows["area_name"] == area)])
        common = [p for p in periods if p in set(comp["period_label"]) and p in set(main["period_label"])]
        if not common:
            continue
        p = common[-1]
        s = float(main[main["period_label"] == p]["value"].iloc[0])
        c = float(comp[comp["period_label"] == p]["value"].iloc[0])
        rel = "the same as" if abs(s - c) < NO_CHANGE else ("above" if s > c else "below")
        gap = "" if rel == "the same as" else f"{_points(s, c)} "
        out.append(f"In {p} Sefton ({_fmt(s)}) was {gap}{rel} {area} ({_fmt(c)}).")
    if not out:
        return "The reports give no national or regional figure for this measure."
    return " ".join(out)


def _placement_section(data: PublicData, obs: pd.DataFrame) -> Section | None:
    if obs.empty:
        return None
    all_rows = obs[obs["metric_id"] == "ehcp_placement_share"]
    rows = all_rows[(all_rows["area_name"] == SEFTON) & all_rows["source_table"].notna()]
    if rows.empty:
        return None
    main_table = rows["source_table"].value_counts().index[0]
    rows = rows[rows["source_table"] == main_table]
    others = _usable(all_rows[all_rows["source_table"] != main_table])
    counts = obs[(obs["metric_id"] == "ehcp_placement_count") & obs["source_table"].notna()]
    count_of = {(r["source_table"], r["source_line"], r["source_column"]): r for r in warehouse.records(counts)}
    rows = rows.assign(_end=pd.to_datetime(rows["period_end"]))
    # one point per snapshot date: the annual column repeats the last half term's snapshot
    rows = rows.sort_values(["_end", "period_type"]).drop_duplicates(["breakdown", "_end", "value"], keep="last")
    periods = _period_order(rows)
    settings = list(dict.fromkeys(rows["breakdown"]))
    series, table_rows = [], []
    for b in settings:
        part = rows[rows["breakdown"] == b]
        by_p = {r["period_label"]: r for r in warehouse.records(part)}
        vals, labels = [], []
        for p in periods:
            r = by_p.get(p)
            ok = r is not None and pd.notna(r["value"]) and not bool(r.get("suppressed", False))
            vals.append(float(r["value"]) if ok else None)
            c = count_of.get((r["source_table"], r["source_line"], r["source_column"])) if r is not None else None
            n = _cell(c, "count") if c is not None else ""
            labels.append(f"{_cell(r)} ({n} young people)" if r is not None and n else (_cell(r) if r is not None else "–"))
        name = str(b).split("=", 1)[-1]
        name = name[:1].upper() + name[1:]
        series.append(charts.Series(name, vals, labels))
        table_rows.append([name, *labels])
    svg = charts.line_chart("chart-ehcp-placement", periods, series, "percent",
                            "Where young people with an EHCP maintained by Sefton go to school",
                            "Line chart of the share of young people with an EHCP in mainstream provision, Sefton special "
                            "schools and out-of-borough schools at each snapshot.")
    main = series[0]
    known = [(p, v) for p, v in zip(periods, main.values) if v is not None]
    travel = ""
    if len(known) >= 2:
        (p0, v0), (p1, v1) = known[-2], known[-1]
        travel = _travel_sentence(data, "ehcp_placement_share", main.name.lower(), p0, v0, p1, v1)
        if _polarity(data, "ehcp_placement_share") == "neutral":
            travel += " The council does not set a better direction for this measure; it describes where plans are placed."
    return Section("ehcp_placement_share", "Where children with an EHCP go to school",
                   "The share of young people with an Education, Health and Care Plan (EHCP) maintained by Sefton who attend "
                   "mainstream provision, Sefton special schools or schools out of the borough.",
                   svg, "EHCP placements by setting at each snapshot (share of all young people with a Sefton EHCP).",
                   _table("EHCP placements by setting", ["Setting", *periods], table_rows), travel,
                   _placement_comparison(others),
                   ["Snapshots are taken on a single day towards the end of each period; the annual figure repeats the "
                    "last snapshot of the year, so it is shown once."], _reports_of(pd.concat([rows, others])))


def _placement_comparison(others: pd.DataFrame) -> str:
    """National comparisons stated elsewhere (e.g. the SEND plan's January 2022 figures)."""
    out = []
    for (period, breakdown), g in others.groupby(["period_label", "breakdown"], sort=False):
        s = g[g["area_name"] == SEFTON]
        e = g[g["area_name"] == "England"]
        if len(s) and len(e):
            sv, ev = float(s["value"].iloc[0]), float(e["value"].iloc[0])
            rel = "above" if sv > ev else ("below" if sv < ev else "the same as")
            out.append(f"{breakdown}: Sefton {_fmt(sv)}, England {_fmt(ev)} ({_points(sv, ev)} {rel} national)")
    if not out:
        return "The reports give no national or regional figure for these snapshots."
    period = others["period_label"].iloc[0]
    return (f"The scorecard gives no national figure, but the SEND plan compares the share of pupils with an EHCP "
            f"in each kind of school in {period}: " + "; ".join(out) + ".")


def _short_period(r: pd.Series) -> str:
    kind, start, end = r.get("period_type"), pd.to_datetime(r.get("period_start")), pd.to_datetime(r.get("period_end"))
    if kind == "month" and pd.notna(start):
        return start.strftime("%b %Y")
    if kind == "as_at" and pd.notna(end):
        return end.strftime("%-d %b %Y")
    if kind == "year_to_date" and pd.notna(end):
        return f"{end:%Y} to {end:%b}"
    if kind == "calendar_year" and pd.notna(start):
        return f"{start:%Y}"
    label = str(r.get("period_label") or "")
    return label if len(label) <= 18 else label[:16] + "…"


def _timeliness_section(data: PublicData, obs: pd.DataFrame, mart: pd.DataFrame | None) -> Section | None:
    metric = "ehcp_20_week_compliance"
    src = mart if mart is not None else obs
    if src is None or src.empty:
        return None
    rows = src[(src["metric_id"] == metric)].copy()
    if rows.empty:
        return None
    if "suppressed" not in rows.columns and "observation_id" in rows.columns and not obs.empty:
        rows["suppressed"] = rows["observation_id"].map(dict(zip(obs["observation_id"], obs["suppressed"])))
    rows["_when"] = pd.to_datetime(rows["period_end"]).fillna(pd.to_datetime(rows["report_date"]))
    rows = rows.sort_values(["_when", "report_date"] + (["sequence_in_series"] if "sequence_in_series" in rows else []))
    rows["_x"] = [_short_period(r) for r in warehouse.records(rows)]
    x_labels = list(dict.fromkeys(rows["_x"]))
    series, table_rows = [], []
    kinds = [("Sefton, monthly", (rows["area_name"] == SEFTON) & (rows["period_type"] == "month")),
             ("Sefton, year to date or average", (rows["area_name"] == SEFTON) & (rows["period_type"] != "month")),
             ("England", rows["area_name"] == "England")]
    for name, mask in kinds:
        part = rows[mask]
        if part.empty:
            continue
        vals, labels = [None] * len(x_labels), [""] * len(x_labels)
        for r in warehouse.records(part):
            i = x_labels.index(r["_x"])
            if pd.notna(r["value"]) and not bool(r.get("suppressed", False)) and vals[i] is None:
                vals[i] = float(r["value"])
                labels[i] = f"{_cell(r)} ({r['period_label']}; {_report_label(data, r['report_id'])})"
        series.append(charts.Series(name, vals, labels, emphasis=name.startswith("Sefton, monthly")))
    for r in warehouse.records(rows):
        table_rows.append([str(r["period_label"]), str(r["area_name"]), _cell(r), _report_label(data, r["report_id"])])
    svg = charts.line_chart("chart-ehcp-20-week", x_labels, series, "percent",
                            "EHC plans issued within 20 weeks, as each report states it",
                            "Points and lines, in time order, of the share of new EHC plans issued within the 20-week "
                            "legal time limit, monthly and for the year to date, from every report that gives it.",
                            width=760)
    monthly = rows[(rows["area_name"] == SEFTON) & (rows["period_type"] == "month")]
    complete = ~monthly["breakdown"].fillna("").str.contains("running|incomplete", case=False)
    monthly = _usable(monthly[complete].drop_duplicates(["period_label"], keep="last"))
    travel = ""
    if len(monthly) >= 2:
        a, b = monthly.iloc[-2], monthly.iloc[-1]
        travel = _travel_sentence(data, metric, "monthly compliance", str(a["period_label"]), float(a["value"]),
                                  str(b["period_label"]), float(b["value"]))
    comparison = "The reports do not give a national figure for this measure."
    eng = _usable(rows[rows["area_name"] == "England"])
    ytd = _usable(rows[(rows["area_name"] == SEFTON) & (rows["period_type"] == "year_to_date")])
    if len(eng) and len(ytd):
        e, s = eng.iloc[-1], ytd.iloc[-1]
        rel = "above" if s["value"] > e["value"] else "below"
        comparison = (f"The latest year-to-date figure ({_fmt(s['value'])}, {s['period_label']}) is "
                      f"{_points(float(s['value']), float(e['value']))} {rel} the national rate the same report quotes "
                      f"({_fmt(e['value'])}).")
    target = src[src["metric_id"] == "ehcp_20_week_compliance_target"] if "metric_id" in src else pd.DataFrame()
    notes = ["Figures are as each report states them; months are not always complete and some reports give a "
             "year-to-date average instead."]
    if len(_usable(target)):
        t = _usable(target).iloc[-1]
        notes.append(f"Target: {_fmt(t['value'])} ({t['period_label']}).")
    return Section(metric, "EHC plans issued on time",
                   "The share of new Education, Health and Care Plans issued within the 20-week legal time limit.",
                   svg, "EHC plans issued within 20 weeks, in time order across every report that states it.",
                   _table("EHC plans issued within 20 weeks", ["Period (as stated)", "Area", "Share", "Report"], table_rows),
                   travel, comparison, notes, _reports_of(rows))


def _ofsted_section(data: PublicData, mart: pd.DataFrame | None) -> Section | None:
    if mart is None or mart.empty:
        return None
    pupils = mart[mart["basis"] == "pupils"]
    if data.observations is not None and "observation_id" in pupils.columns:
        hidden = set(data.observations.loc[data.observations["suppressed"], "observation_id"])
        pupils = pupils.assign(count_value=pupils["count_value"].where(~pupils["observation_id"].isin(hidden)))
    if pupils.empty:
        return None
    governances = [g for g in ("all schools", "maintained", "academies") if g in set(pupils["governance"])]
    types = list(dict.fromkeys(pupils.sort_values("source_locator")["school_type"]))
    type_label = {t: ("All Sefton schools" if str(t).lower() in ("all", "sefton schools", "all schools") else str(t)) for t in types}
    series, table_rows, notes_per = [], [], []
    shares: dict[tuple[str, str], float | None] = {}
    for gov in governances:
        vals, labels = [], []
        for st in types:
            part = pupils[(pupils["governance"] == gov) & (pupils["school_type"] == st)]
            total = part[part["grade"] == "all grades"]["count_value"]
            good = part[part["is_good_or_better"].fillna(False).astype(bool)]["count_value"]
            t = float(total.iloc[0]) if len(total) and pd.notna(total.iloc[0]) else 0.0
            hidden_count = bool(good.isna().any() or (len(total) and pd.isna(total.iloc[0])))
            share = round(100.0 * float(good.sum()) / t, 1) if t > 0 and not hidden_count else None
            shares[(gov, st)] = share
            vals.append(share)
            labels.append(f"{share:.1f}% of {t:,.0f} pupils" if share is not None
                          else ("c (suppressed)" if hidden_count else "no schools of this type"))
        name = {"all schools": "All schools", "maintained": "Maintained schools", "academies": "Academies"}[gov]
        series.append(charts.Series(name, vals, labels))
    for st in types:
        table_rows.append([type_label[st], *[(f"{shares[(g, st)]:.1f}%" if shares[(g, st)] is not None else "–") for g in governances]])
    svg = charts.bar_chart("chart-ofsted-pupils", [type_label[t] for t in types], series, "percent",
                           "Pupils in schools judged good or outstanding, by type of school",
                           "Bar chart of the share of pupils attending a school whose latest Ofsted judgement is good or "
                           "outstanding, for each type of school, for all schools, maintained schools and academies.",
                           max_value=100)
    overall = next((shares.get(("all schools", t)) for t in types if type_label[t] == "All Sefton schools"), None)
    as_at = pupils["period_label"].dropna().iloc[0] if pupils["period_label"].notna().any() else ""
    travel = ('<strong class="travel travel-no-change">No trend</strong>: the scorecard gives one snapshot '
              f"({escape(str(as_at))}), so there is nothing to compare it with yet.")
    if overall is not None:
        travel += f" Across all Sefton schools, {overall:.1f}% of pupils attend a good or outstanding school."
    return Section("ofsted_good_or_better_pupils", "Pupils in good or outstanding schools",
                   "The share of pupils whose school was judged good or outstanding at its latest Ofsted inspection.",
                   svg, "Share of pupils in schools judged good (grade 2) or outstanding (grade 1), by type of school.",
                   _table("Pupils in good or outstanding schools", ["Type of school", *[s.name for s in series]], table_rows),
                   travel, "The reports give no national or regional figure for this measure.",
                   ["Calculated from the printed numbers of pupils by grade (grades 1 and 2 over the total); the "
                    "report's own percentages are rounded, so they may differ by a point. Pupil numbers are from the "
                    "January 2023 census."], _reports_of(pupils))


ATTAINMENT_ORDER = ("eyfs_good_level_of_development", "phonics_year1_expected_standard",
                    "phonics_end_year2_expected_standard", "ks1_reading_expected_standard",
                    "ks1_writing_expected_standard", "ks1_maths_expected_standard", "ks2_reading_expected_standard",
                    "ks2_writing_expected_standard", "ks2_maths_expected_standard", "ks2_rwm_expected_standard")


def _attainment_section(data: PublicData, obs: pd.DataFrame) -> Section | None:
    """Sefton against England for every attainment measure the scorecard prints (all pupils, latest year);
    the gap is Sefton minus England in percentage points, derived from the two printed figures."""
    if obs.empty:
        return None
    domains = {m: str(data.metric_row(m).get("domain") or "") for m in obs["metric_id"].dropna().unique()}
    wanted = [m for m in obs["metric_id"].dropna().unique()
              if m in ATTAINMENT_ORDER or (domains.get(m) in ("attainment", "early_years") and m.endswith(("_expected_standard", "_development")))]
    lv = obs[obs["metric_id"].isin(wanted) & (obs["statistic"].fillna(LEVEL) == LEVEL)
             & (obs["cohort"] == "all pupils") & obs["source_table"].notna()]
    sefton = lv[lv["area_name"] == SEFTON]
    england = lv[lv["area_name"] == "England"]
    if sefton.empty:
        return None
    eng = {(r["metric_id"], r["period_label"], r["source_line"]): r for r in warehouse.records(england)}
    metrics = sorted(set(sefton["metric_id"]), key=lambda m: (ATTAINMENT_ORDER.index(m) if m in ATTAINMENT_ORDER else 99, m))
    names, s_vals, e_vals, notes, travel_parts, table_rows, used = [], [], [], [], [], [], []
    for m in metrics:
        part = sefton[sefton["metric_id"] == m].assign(_end=lambda d: pd.to_datetime(d["period_end"])).sort_values("_end")
        name = str(data.metric_row(m).get("metric_name") or m)
        pairs = []
        for r in warehouse.records(part):
            e = eng.get((m, r["period_label"], r["source_line"]))
            sv = None if pd.isna(r["value"]) or r.get("suppressed") else float(r["value"])
            ev = None if e is None or pd.isna(e["value"]) or e.get("suppressed") else float(e["value"])
            pairs.append((r, sv, ev))
            prov = "*" if r.get("value_status") == "provisional" else ""
            table_rows.append([name, f"{r['period_label']}{prov}", _cell(r), _cell(e) if e is not None else "–",
                               f"{sv - ev:+.1f}" if sv is not None and ev is not None else "–"])
            used.append(r)
            if e is not None:
                used.append(e)
        latest = [p for p in pairs if p[1] is not None]
        if not latest:
            continue
        r, sv, ev = latest[-1]
        prov = "*" if r.get("value_status") == "provisional" else ""
        names.append(f"{name} ({r['period_label']}{prov})")
        s_vals.append(sv)
        e_vals.append(ev)
        notes.append(f"{sv - ev:+.1f} pts" if ev is not None else "")
        if len(latest) >= 2:
            (a, av, _), (b, bv, _) = latest[-2], latest[-1]
            word = direction(data, m, av, bv)
            travel_parts.append(f"{name}: {word} ({_fmt(av)} in {a['period_label']} to {_fmt(bv)} in {b['period_label']})")
    if not names:
        return None
    series = [charts.Series("Sefton", s_vals), charts.Series("England", e_vals)]
    svg = charts.bar_chart("chart-attainment", names, series, "percent",
                           "Sefton and England: pupils reaching the expected level, latest year",
                           "Bar chart comparing Sefton with England for each early years, phonics and key stage measure "
                           "in the latest year; the gap in percentage points is written at the end of each pair.",
                           max_value=100, notes=notes)
    pairs = [(a, b) for a, b in zip(s_vals, e_vals) if a is not None and b is not None]
    above = sum(1 for a, b in pairs if a - b >= NO_CHANGE)
    below = sum(1 for a, b in pairs if b - a >= NO_CHANGE)
    comparison = (f"In the latest year Sefton was above the national figure on {above} of {len(pairs)} measures and "
                  f"below it on {below}. The gap (Sefton minus England, in percentage points) is shown beside each pair.")
    travel = ('<strong class="travel">Since the year before</strong>: ' + escape("; ".join(travel_parts)) + "."
              if travel_parts else "")
    return Section("attainment_vs_national", "Attainment: Sefton against England",
                   "The share of children reaching the expected level at each stage, for all pupils, compared with England.",
                   svg, "Sefton and England, all pupils, latest year (* provisional).",
                   _table("Attainment, all pupils: Sefton, England and the gap",
                          ["Measure", "Year", "Sefton", "England", "Gap (points)"], table_rows),
                   travel, comparison,
                   ["* 2023 figures were provisional when the scorecard was published.",
                    "The gap is calculated here from the two published figures (Sefton minus England)."],
                   _reports_of(pd.DataFrame(used)))


# --------------------------------------------------------------------------------------------- page

CSS = """
:root{--ink:#1d1d1b;--muted:#505a5f;--line:#d8dde0;--accent:#0b3d6b;--good:#00703c;--bad:#a8000f}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:var(--ink);line-height:1.5;background:#fff}
header,main,footer{max-width:980px;margin:0 auto;padding:1rem 1.25rem}
header{border-bottom:4px solid var(--accent)}
h1{font-size:2rem;margin:.5rem 0}
h2{font-size:1.5rem;margin:2.5rem 0 .5rem;border-top:1px solid var(--line);padding-top:1.5rem}
.intro{font-size:1.1rem;max-width:46em}
nav ul{columns:2;padding-left:1.2rem}
.question{font-size:1.05rem;color:var(--muted);margin-top:0}
figure.chart{margin:1rem 0;padding:0}
figure.chart svg{display:block;height:auto}
figcaption{color:var(--muted);font-size:.95rem;margin-top:.4rem}
.travel{display:inline-block;padding:0 .4rem;border-radius:3px;background:#eef2f5}
.travel-improving{background:#dcefe3;color:var(--good)}
.travel-worsening{background:#f6dcdc;color:var(--bad)}
details.data{margin:.5rem 0 1rem}
summary{cursor:pointer;color:var(--accent);text-decoration:underline}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:right;vertical-align:top}
th[scope=row],thead th:first-child{text-align:left}
thead th{background:#f3f2f1}
.footnote{font-size:.85rem;color:var(--muted)}
footer{border-top:1px solid var(--line);font-size:.9rem;color:var(--muted)}
a{color:var(--accent)}
a:focus,summary:focus{outline:3px solid #ffbf47}
@media print{details.data{display:block}details.data>summary{display:none}}
"""


def _page(data: PublicData, sections: list[Section]) -> str:
    main_report = data.report_row("osc_2023_11_scorecard")
    intro = (
        "This page shows the main figures from Sefton Council's Education Scorecard and the reports to the "
        "Overview and Scrutiny Committee (Children's Services and Safeguarding): school absence, exclusions, "
        "support for children with special educational needs, school inspections and how well children do at "
        "school. Each chart says whether things are getting better or worse and, where the reports give one, how "
        "Sefton compares with England and the North West. Every figure is as the council published it."
    )
    toc = "".join(f'<li><a href="#{escape(s.metric)}">{escape(s.heading)}</a></li>' for s in sections)
    body = []
    footnotes: list[str] = []
    for s in sections:
        refs = []
        for rid in s.reports:
            label = _report_label(data, rid)
            if label not in footnotes:
                footnotes.append(label)
            refs.append(footnotes.index(label) + 1)
        sources = "; ".join(f'<a href="#source-{n}">[{n}]</a> {escape(footnotes[n - 1])}' for n in refs)
        notes = "".join(f"<li>{escape(n)}</li>" for n in s.notes)
        body.append(f"""
<section id="{escape(s.metric)}" aria-labelledby="{escape(s.metric)}-heading">
<h2 id="{escape(s.metric)}-heading">{escape(s.heading)}</h2>
<p class="question">{escape(s.question)}</p>
{f'<p>{s.travel}</p>' if s.travel else ''}
<p>{escape(s.comparison)}</p>
<figure class="chart" data-metric="{escape(s.metric)}" aria-labelledby="{escape(s.metric)}-caption">
{s.svg}
<figcaption id="{escape(s.metric)}-caption">{escape(s.caption)}</figcaption>
{s.table}
</figure>
{f'<ul class="footnote">{notes}</ul>' if notes else ''}
<p class="footnote">Source: {sources or 'the warehouse'}.</p>
</section>""")
    sources_list = "".join(f'<li id="source-{i}">{escape(label)}</li>' for i, label in enumerate(footnotes, start=1))
    disclosure = ""
    if data.config.enabled:
        disclosure = (f"<p>To protect children's privacy, numbers of 1 to {data.config.threshold} children, and "
                      "figures that would reveal them, are shown as 'c' and left out of the charts.</p>")
    title = "Sefton Education Scorecard"
    subtitle = _report_label(data, "osc_2023_11_scorecard") if main_report.get("title") else ""
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
<h1>{escape(title)}</h1>
<p class="intro">{escape(intro)}</p>
{f'<p class="footnote">Main source: {escape(subtitle)}.</p>' if subtitle else ''}
<nav aria-label="Contents"><h2 style="border:0;margin-top:1rem;padding:0;font-size:1.1rem">On this page</h2><ul>{toc}</ul></nav>
</header>
<main>
{''.join(body)}
</main>
<footer>
<h2 style="font-size:1.1rem">About these figures</h2>
<p>Figures are copied from the council's published reports and checked against them; a few are calculated
from published figures and say so. Percentages are as printed (rounded). "Improving" and "worsening" use the
direction that is better for each measure (for example, lower absence is better).</p>
{disclosure}
<h2 style="font-size:1.1rem">Sources</h2>
<ol class="footnote">{sources_list}</ol>
</footer>
</body>
</html>
"""
