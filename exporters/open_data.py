"""``open_data/``: the observations in DfE Explore Education Statistics (EES) open data files.

Reads only ``exporters.marts.load(db_path)`` (``fct_metric_observations`` with ``is_suppressed`` and
``printed_decimals``, ``dim_metric``, ``dim_area``, ``dim_report``) and writes, per data file
``<area>_<domain>_<time family>[_by_<filters>].csv`` (area from the reports' ``area_name``):

* the data file: ``time_period``, ``time_identifier`` (one family, ``ees_time``), ``geographic_level``
  and the geography columns of its levels (``ees_geography``), the filters that split its indicators
  (``ees_filters``, ``Total`` for aggregates), one column per indicator (``ees_tables``);
* ``<name>.meta.csv``: the EES metadata (``ees_meta``);
* ``<name>.provenance.csv`` (not part of an EES upload): for every published value, its cell (the
  key columns and indicator), the observation, report, period as reported and printed line. A
  suppressed value is ``c`` in its value and printed text.

``open_data/excluded.csv`` lists every observation left out, with the reason (``ees_selection``).
Cells hold the value as the warehouse stores it, or an EES symbol: ``c`` suppressed (decided in dbt,
``is_suppressed``), ``x`` not available, ``z`` not applicable. ``exporters/OPEN_DATA.md`` describes the
files.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd

from . import ees_filters, marts
from .ees_geography import Geography
from .ees_meta import META_COLUMNS, meta_rows
from .ees_selection import excluded, reason_text
from .ees_tables import NOT_AVAILABLE, SUPPRESSED, Figure, Table, build_table, cluster, group_indicators, row_of
from .ees_time import Exclusion, ees_time
from .safe_text import csv_cell

FOLDER = "open_data"
EXCLUDED = "excluded.csv"
UNIT_SUFFIX = {"percent": "pct", "percentage_points": "pp", "count": "n", "gbp_m": "gbp_m", "gbp": "gbp",
               "days": "days", "ratio": "ratio"}
PROVENANCE_TAIL = ["indicator", "value", "observation_id", "metric_id", "report_id", "source_report", "period",
                   "period_type", "source_locator", "printed_text", "value_status", "derivation"]
EXCLUDED_COLUMNS = ["observation_id", "metric_id", "area_name", "period", "period_type", "statistic", "report_id",
                    "source_locator", "reason_code", "reason"]


def export_open_data(db_path: Path, out_dir: Path) -> list[Path]:
    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.csv"):
        stale.unlink()  # files of a domain or period type that no longer has figures
    data = marts.load(db_path)
    if data.observations is None or data.observations.empty:
        return []
    figures, left_out = place(data)
    tables, superseded = build_tables(figures)
    left_out += superseded
    metrics = {r["metric_id"]: r for r in _records(data.metrics)}

    written: list[Path] = []
    for table in tables:
        data_path = folder / f"{table.name}.csv"
        meta_path = folder / f"{table.name}.meta.csv"
        prov_path = folder / f"{table.name}.provenance.csv"
        _write(data_path, table.columns, [[_cell(r[c], c in table.indicators) for c in table.columns]
                                          for r in table.rows])
        _write(meta_path, META_COLUMNS, meta_rows(table, metrics))
        prov_columns = table.columns[:len(table.columns) - len(table.indicators)] + PROVENANCE_TAIL
        _write(prov_path, prov_columns, [[csv_cell(p.get(c, "")) for c in prov_columns]
                                         for p in provenance(table, data)])
        written += [data_path, meta_path, prov_path]
    excluded_path = folder / EXCLUDED
    _write(excluded_path, EXCLUDED_COLUMNS, [[csv_cell(x.get(c, "")) for c in EXCLUDED_COLUMNS]
                                             for x in _excluded_rows(left_out)])
    written.append(excluded_path)
    return written


# --------------------------------------------------------------------------------------- placing

def _records(df: pd.DataFrame | None) -> list[dict]:
    if df is None or not len(df):
        return []
    cols = list(df.columns)
    return [dict(zip(cols, row)) for row in zip(*(df[c].tolist() for c in cols))]


def slug(text) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def _missing(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def format_number(value: float) -> str:
    """The stored value, in full (shortest text that reads back as the same number; never rounded)."""
    v = float(value)
    if v.is_integer():
        return str(int(v))
    return np.format_float_positional(v, trim="-")


# eesyscreener check_col_ind_smushed fails an indicator whose name holds a typical filter item
FILTER_WORDS = ("northern irish", "female", "male", "asian", "chinese", "indian", "pakistani", "bangladeshi",
                "black", "african", "caribbean", "white", "roma", "irish", "english", "british", "scottish",
                "welsh", "arab")


def column_name(name: str) -> str:
    """An indicator's column: its id, with any word the screener reads as a filter item cut to its first
    three letters (``first_language_other_than_english_share`` -> ``..._eng_share``). The label and the
    provenance's metric_id keep the full name."""
    out = name
    changed = True
    while changed:
        changed = False
        for word in FILTER_WORDS:
            at = out.lower().find(word.replace(" ", "_"))
            if at >= 0:
                out = out[:at] + word[:3] + out[at + len(word):]
                changed = True
    return out


def indicator_id(o: dict, metric: dict) -> str:
    metric_id = str(o.get("metric_id"))
    out = column_name(metric_id)
    unit, metric_unit = o.get("unit"), metric.get("unit")
    if isinstance(unit, str) and isinstance(metric_unit, str) and unit != metric_unit:
        out += "_" + UNIT_SUFFIX.get(unit, slug(unit))
    if o.get("statistic") == "target" and "target" not in metric_id:
        out += "_target"
    return out


def place(data: marts.Marts) -> tuple[list[Figure], list[tuple[dict, Exclusion]]]:
    """(figures the open data carries, (observation, why left out) for the others)."""
    geography = Geography(data.areas)
    figures: list[Figure] = []
    left: list[tuple[dict, Exclusion]] = []
    for o in _records(data.observations):
        why = excluded(o)
        slot = ees_time(o) if why is None else why
        if isinstance(slot, Exclusion):
            left.append((o, slot))
            continue
        geo = geography.of(o.get("area_name"))
        area = data.report(o.get("report_id")).get("area_name")
        if geo is None or _missing(area) or not slug(area):
            left.append((o, Exclusion("unknown_area" if geo is None else "report_area_unknown")))
            continue
        metric = data.metric(o.get("metric_id"))
        filters, keys = ees_filters.filter_values(o)
        value = o.get("value")
        cell = SUPPRESSED if o.get("is_suppressed") else (NOT_AVAILABLE if _missing(value) else format_number(value))
        decimals = o.get("printed_decimals")
        sort_order = metric.get("sort_order")
        figures.append(Figure(
            obs=o, area=slug(area), domain=slug(metric.get("domain") or "other") or "other", slot=slot, geo=geo,
            indicator=indicator_id(o, metric), metric_id=str(o.get("metric_id")), unit=str(o.get("unit") or ""),
            filters=filters, keys=keys, cell=cell, decimals=None if _missing(decimals) else int(decimals),
            sort_order=int(sort_order) if not _missing(sort_order) else 10**6))
    return figures, left


def build_tables(figures: list[Figure]) -> tuple[list[Table], list[tuple[dict, Exclusion]]]:
    units: dict[tuple, list[Figure]] = {}
    for f in figures:
        units.setdefault((f.area, f.domain, f.slot.family), []).append(f)
    tables, left = [], []
    for (area, domain, family) in sorted(units):
        mine = units[(area, domain, family)]
        groups = group_indicators(mine)
        base = f"{area}_{domain}_{family}"
        files = []
        for splits in sorted(groups, key=lambda s: (len(s), s)):
            members = [f for f in mine if f.indicator in set(groups[splits])]
            files += [(splits, c, members) for c in cluster(members, splits)]
        for splits, indicators, members in files:
            name = base
            if len(files) > 1 and splits:
                name += "_by_" + "_".join(splits)
            if sum(1 for s, _, _ in files if s == splits) > 1:
                name += "_" + indicators[0]  # several files split alike: name each after its lead indicator
            table, superseded = build_table(name, [f for f in members if f.indicator in set(indicators)], splits)
            tables.append(table)
            left += [(f.obs, why) for f, why in superseded]
    return tables, left


# ----------------------------------------------------------------------------------------- files

def _cell(value, is_indicator: bool) -> str:
    return value if is_indicator else csv_cell(value)


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def _text(v) -> str:
    return "" if _missing(v) else str(v)


def _report_label(report: dict) -> str:
    title = report.get("title") or report.get("report_id") or ""
    when = report.get("report_date")
    return f"{title} ({pd.Timestamp(when):%d %b %Y})" if not _missing(when) else str(title)


def provenance(table: Table, data: marts.Marts) -> list[dict]:
    """One row per published figure: its cell and where it comes from. A suppressed cell shows ``c``
    in value and printed text, and no derivation."""
    out = []
    for (_, indicator), shown in table.cells.items():
        hidden = any(f.suppressed for f in shown)
        for f in shown:
            o = f.obs
            out.append({
                **row_of(table, f), "indicator": indicator,
                "value": SUPPRESSED if hidden else f.cell,
                "observation_id": _text(o.get("observation_id")), "metric_id": f.metric_id,
                "report_id": _text(o.get("report_id")), "source_report": _report_label(data.report(o.get("report_id"))),
                "period": _text(o.get("period_label")), "period_type": _text(o.get("period_type")),
                "source_locator": _text(o.get("source_locator")),
                "printed_text": SUPPRESSED if hidden else _text(o.get("printed_text")),
                "value_status": _text(o.get("value_status")),
                "derivation": "" if hidden else _text(o.get("derivation")),
            })
    order = {c: i for i, c in enumerate(table.indicators)}
    keys = table.columns[:len(table.columns) - len(table.indicators)]
    out.sort(key=lambda p: (tuple(p[k] for k in keys), order[p["indicator"]], p["observation_id"]))
    return out


def _excluded_rows(left: list[tuple[dict, Exclusion]]) -> list[dict]:
    rows = [{
        "observation_id": _text(o.get("observation_id")), "metric_id": _text(o.get("metric_id")),
        "area_name": _text(o.get("area_name")), "period": _text(o.get("period_label")),
        "period_type": _text(o.get("period_type")), "statistic": _text(o.get("statistic")),
        "report_id": _text(o.get("report_id")), "source_locator": _text(o.get("source_locator")),
        "reason_code": why.code, "reason": reason_text(why),
    } for o, why in left]
    return sorted(rows, key=lambda r: (r["reason_code"], r["metric_id"], r["observation_id"]))
