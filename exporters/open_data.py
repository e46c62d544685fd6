"""``open_data/``: every observation in the DfE Explore Education Statistics (EES) tidy-data layout.

One data file per metric domain (``sefton_<domain>.csv``) with its EES metadata file
(``sefton_<domain>.meta.csv``), plus a provenance file per domain (``sefton_<domain>.provenance.csv``:
which observation, report and printed line each value comes from; not part of the EES upload).

Data file columns, in order:

* time: ``time_period`` (``202223`` for an academic or financial year, ``2023`` for a calendar year or
  a month) and ``time_identifier`` ('Academic year', 'Financial year', 'Calendar year',
  'Autumn term' / 'Spring term' / 'Summer term', or a month name for a month or an "as at" date);
* geography: ``geographic_level`` ('National', 'Regional', 'Local authority') with ``country_code``,
  ``country_name``, ``region_code``, ``region_name``, ``new_la_code``, ``old_la_code``, ``la_name``;
* filters: ``cohort``, ``phase``, ``breakdown``, ``statistic``, ``period`` (the period exactly as the
  report states it, e.g. "Summer 1 2022/23", which a half term or a year to date needs), ``source_report``;
* indicators: one column per metric (its ``metric_id``).

Indicator cells hold the published value, or an EES symbol: ``c`` suppressed (disclosure control),
``x`` not available (the report prints N/a, Currently Unavailable or a blank), ``z`` not applicable
(the metric is not measured for that row).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from . import warehouse
from .config import UNAVAILABLE_MARKER
from .context import load

FOLDER = "open_data"
PREFIX = "sefton_"
NOT_APPLICABLE = "z"

TIME_GEO = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
            "region_code", "region_name", "new_la_code", "old_la_code", "la_name"]
FILTERS = {
    "cohort": ("Pupil group", "The children or pupils the figure covers (all pupils, EHCP, SEN support, FSM, ...)"),
    "phase": ("Phase or school type", "School phase or setting (all, primary, secondary, special, ...)"),
    "breakdown": ("Breakdown", "A further split as printed (e.g. setting=mainstream, first language, Ofsted grade)"),
    "statistic": ("Statistic", "level: the figure itself; change: a difference between periods; "
                               "multi_year_average: an average over several years"),
    "period": ("Period as reported", "The period exactly as the report states it (half term, year to date, ...)"),
    "source_report": ("Source report", "The committee report the figure is published in"),
}
META_COLUMNS = ["col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp",
                "filter_hint", "filter_grouping_column"]
UNITS = {"percent": "%", "percentage_points": "pp", "gbp_m": "£m", "gbp": "£"}
UNIT_SUFFIX = {"percent": "pct", "percentage_points": "pp", "count": "n", "gbp_m": "gbp_m", "gbp": "gbp"}
GROUPING = {"percent": "Percentages", "percentage_points": "Changes (percentage points)", "count": "Numbers",
            "gbp_m": "Money", "gbp": "Money"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
_NUM = re.compile(r"-?[0-9][0-9,]*(?:\.([0-9]+))?")


def export_open_data(db_path: Path, out_dir: Path) -> list[Path]:
    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"{PREFIX}*.csv"):
        stale.unlink()  # files of a domain that no longer exists
    with warehouse.connect(db_path) as con:
        data = load(con, db_path=db_path)
        areas = warehouse.read(con, warehouse.MARTS, "dim_area")
    obs = data.observations
    if obs is None or obs.empty:
        return []
    metrics = data.metrics if data.metrics is not None else pd.DataFrame(columns=["metric_id"])
    meta_of = {r["metric_id"]: r for r in warehouse.records(metrics)}
    tidy = _tidy(obs, data, areas, meta_of)

    written: list[Path] = []
    by_domain: dict[str, list[dict]] = {}
    for row in tidy:
        by_domain.setdefault(row["domain"], []).append(row)
    for domain in sorted(by_domain):
        rows = by_domain[domain]
        name = PREFIX + re.sub(r"[^a-z0-9]+", "_", str(domain).lower()).strip("_")
        data_path, meta_path, prov_path = (folder / f"{name}.csv", folder / f"{name}.meta.csv",
                                           folder / f"{name}.provenance.csv")
        header, wide, provenance = _pivot(rows)
        _write_csv(data_path, header, wide)
        _write_csv(meta_path, META_COLUMNS, _meta(rows, header, meta_of))
        _write_csv(prov_path, PROVENANCE_COLUMNS, provenance)
        written += [data_path, meta_path, prov_path]
    return written


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


# ------------------------------------------------------------------------------------------- rows

def _tidy(obs: pd.DataFrame, data, areas: pd.DataFrame | None, meta_of: dict) -> list[dict]:
    area_of = {r["area_name"]: r for r in warehouse.records(areas)} if areas is not None else {}
    rows = []
    for o in warehouse.records(obs):
        metric = o.get("metric_id")
        m = meta_of.get(metric, {})
        report = data.report_row(o.get("report_id"))
        time_period, time_identifier = time_columns(o, report)
        geo = geography(o.get("area_name"), o.get("area_code"), area_of)
        value = _indicator_value(o)
        unit = o.get("unit")
        indicator = metric if not m.get("unit") or unit == m.get("unit") else f"{metric}_{UNIT_SUFFIX.get(unit, unit)}"
        rows.append({
            "domain": m.get("domain") or "other",
            "time_period": time_period,
            "time_identifier": time_identifier,
            **geo,
            "cohort": _text(o.get("cohort")) or "all",
            "phase": _text(o.get("phase")) or "all",
            "breakdown": _text(o.get("breakdown")) or "total",
            "statistic": _text(o.get("statistic")) or "level",
            "period": _text(o.get("period_label")) or "not stated",
            "source_report": _report_label(report),
            "indicator": indicator,
            "metric_id": metric,
            "value": value,
            "unit": o.get("unit"),
            "dp": printed_decimals(o),
            "observation_id": o.get("observation_id"),
            "report_id": o.get("report_id"),
            "source_locator": o.get("source_locator"),
            "printed_text": "c" if o.get("suppressed") else o.get("printed_text"),
            "value_status": o.get("value_status"),
            "source_line": o.get("source_line"),
            "_order": (0 if isinstance(o.get("source_table"), str) else 1),
        })
    return rows


def _indicator_value(o: dict) -> str:
    if o.get("suppressed"):
        return "c"
    v = o.get("value")
    if v is None or pd.isna(v):
        return UNAVAILABLE_MARKER
    return format_number(float(v))


def format_number(v: float) -> str:
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v)))
    return f"{v:.6f}".rstrip("0").rstrip(".")


def printed_decimals(o: dict) -> int:
    """Decimals the report prints the value with (0 when not printed)."""
    text, v = o.get("printed_text"), o.get("value")
    if not isinstance(text, str) or v is None or pd.isna(v):
        return 0
    for m in _NUM.finditer(text):
        try:
            if abs(float(m.group(0).replace(",", "")) - float(v)) < 1e-9:
                return len(m.group(1) or "")
        except ValueError:
            continue
    return len(format_number(float(v)).partition(".")[2])


def _text(v) -> str:
    return v.strip() if isinstance(v, str) else ""


def _report_label(report: dict) -> str:
    title = report.get("title") or report.get("report_id") or "unknown"
    when = report.get("report_date")
    if when is not None and not pd.isna(when):
        return f"{title} ({pd.Timestamp(when):%d %b %Y})"
    return str(title)


# ------------------------------------------------------------------------------------ time and place

def _academic(year: int) -> str:
    return f"{year}{(year + 1) % 100:02d}"


def _academic_start(d: pd.Timestamp) -> int:
    return d.year if d.month >= 9 else d.year - 1


def time_columns(o: dict, report: dict) -> tuple[str, str]:
    """EES time_period and time_identifier for an observation's period."""
    kind = o.get("period_type") or ""
    start = _ts(o.get("period_start"))
    end = _ts(o.get("period_end"))
    ref = start or end or _ts(report.get("report_date")) or _ts(report.get("meeting_date"))
    if ref is None:
        return "0000", "Calendar year"
    if kind == "financial_year":
        y = ref.year if ref.month >= 4 else ref.year - 1
        return _academic(y), "Financial year"
    if kind == "calendar_year":
        return str(ref.year), "Calendar year"
    if kind in ("term", "half_term") and start is not None:
        season = "Autumn term" if start.month >= 9 else ("Spring term" if start.month <= 3 else "Summer term")
        return _academic(_academic_start(start)), season
    if kind in ("month", "as_at"):
        d = end or ref
        return str(d.year), MONTHS[d.month - 1]
    if kind == "year_to_date" and start is not None and start.month == 1:
        return str(start.year), "Calendar year"
    if kind in ("multi_year", "change") and end is not None:
        return _academic(_academic_start(end)), "Academic year"
    # academic years, years to date from September, date ranges
    return _academic(_academic_start(start or ref)), "Academic year"


def _ts(v) -> pd.Timestamp | None:
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return pd.Timestamp(v)


def geography(area_name, area_code, area_of: dict) -> dict:
    a = area_of.get(area_name, {})
    level = a.get("geographic_level")
    out = {k: "" for k in TIME_GEO[2:]}
    country_code = _text(a.get("country_code")) or "E92000001"
    country_name = _text(a.get("country_name")) or "England"
    if level == "National" or (not a and area_name in ("England", "National")):
        out.update(geographic_level="National", country_code=_text(a.get("area_code")) or country_code,
                   country_name=_text(area_name) or country_name)
    elif level == "Regional":
        out.update(geographic_level="Regional", country_code=country_code, country_name=country_name,
                   region_code=_text(a.get("region_code")) or _text(a.get("area_code")),
                   region_name=_text(a.get("region_name")) or _text(area_name))
    else:
        # a local authority (every other area the reports name is Sefton or a neighbouring authority)
        la_number = a.get("la_number")
        out.update(geographic_level="Local authority", country_code=country_code, country_name=country_name,
                   region_code=_text(a.get("region_code")), region_name=_text(a.get("region_name")),
                   new_la_code=_text(a.get("area_code")) or _text(area_code),
                   old_la_code=str(int(la_number)) if la_number is not None and not pd.isna(la_number) else "",
                   la_name=_text(area_name) or "Sefton")
    return out


# ------------------------------------------------------------------------------------------ pivot

PROVENANCE_COLUMNS = TIME_GEO + list(FILTERS) + ["indicator", "value", "observation_id", "report_id",
                                                  "source_locator", "printed_text", "value_status"]


def _pivot(rows: list[dict]) -> tuple[list[str], list[list], list[list]]:
    """(header, data rows, provenance rows): one data row per time, place and filters, one indicator
    column per metric."""
    keys = TIME_GEO + list(FILTERS)

    def order(r: dict):
        line = r["source_line"]
        return (r["_order"], line if line is not None and not pd.isna(line) else 10**9, str(r["observation_id"]))

    rows = sorted(rows, key=order)
    table: dict[tuple, dict[str, str]] = {}
    provenance = []
    for r in rows:
        k = tuple(r[c] for c in keys)
        cell = table.setdefault(k, {})
        if r["indicator"] in cell and cell[r["indicator"]] != r["value"]:
            # the same report stating one figure twice, differently: keep both, the later one with its line
            line = r["source_line"]
            r = {**r, "period": f"{r['period']} [line {int(line) if line is not None and not pd.isna(line) else '?'}]"}
            k = tuple(r[c] for c in keys)
            cell = table.setdefault(k, {})
        cell.setdefault(r["indicator"], r["value"])
        provenance.append([*k, r["indicator"], r["value"], r["observation_id"], r["report_id"], r["source_locator"],
                           r["printed_text"], r["value_status"]])
    indicators = sorted({r["indicator"] for r in rows}, key=str)
    header = keys + indicators
    wide = [[*k, *[cells.get(i, NOT_APPLICABLE) for i in indicators]] for k, cells in sorted(table.items(), key=_sort_key)]
    provenance.sort(key=lambda p: (_sort_key((tuple(p[:len(keys)]), None)), str(p[len(keys)])))
    return header, wide, provenance


def _sort_key(item) -> tuple:
    return tuple("" if v is None else str(v) for v in item[0])


def _meta(rows: list[dict], header: list[str], meta_of: dict) -> list[list]:
    out = []
    for col, (label, hint) in FILTERS.items():
        out.append([col, "Filter", label, "", "", "", hint, ""])
    for ind in header[len(TIME_GEO) + len(FILTERS):]:
        mine = [r for r in rows if r["indicator"] == ind]
        metric = mine[0]["metric_id"] if mine else ind
        m = meta_of.get(metric, {})
        units = [r["unit"] for r in mine if isinstance(r["unit"], str)]
        unit = max(set(units), key=units.count) if units else (m.get("unit") or "")
        label = m.get("metric_name") or metric
        if ind != metric:
            label = f"{label} ({ {'percentage_points': 'change, percentage points', 'percent': '%', 'count': 'number'}.get(unit, unit) })"
        dp = max((r["dp"] for r in mine), default=0)
        out.append([ind, "Indicator", label, GROUPING.get(unit, "Other"), UNITS.get(unit, ""), dp, "", ""])
    return out
