"""The printed cells of the captured tables and the figures they carry.

Cells come from the loaded seeds (schema ``raw``: the printed text, verbatim, with the row labels and
the printed column order), figures from ``marts.fct_metric_observations`` (which cell each figure is
read from: ``source_table``, ``source_line``, ``source_column``, ``figure_role``). Reading the seed
tables rather than the staging views keeps the exports fast (the views re-parse every cell).

A cell carries at most two figures, a ``share`` and a ``count`` ("25.0% (697)" carries both); a figure
is keyed by (source_table, source_line, source_column, figure_role).
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from . import layout, warehouse

RAW = "raw"
PROVENANCE = ("report_id", "section", "table_title", "block", "source_line")
KEY = ["source_table", "source_line", "source_column", "figure_role"]
FIGURE_ROLES = ("share", "count")
UNAVAILABLE_TEXT = {"n/a", "not available", "currently unavailable"}


def figure_observations(obs: pd.DataFrame | None) -> pd.DataFrame:
    """Observations read from a printed table cell (figure_role share or count), one per figure."""
    cols = KEY + ["observation_id", "metric_id", "value", "unit", "value_status", "is_total_row", "derivation"]
    if obs is None or obs.empty:
        return pd.DataFrame(columns=cols)
    o = obs.copy()
    if "figure_role" not in o.columns:
        o["figure_role"] = [figure_role(r) for r in warehouse.records(o)]
    o = o[o["source_table"].notna() & o["source_column"].notna() & o["source_line"].notna()
          & o["figure_role"].isin(FIGURE_ROLES)]
    for c in cols:
        if c not in o.columns:
            o[c] = None
    o = o.assign(source_line=o["source_line"].astype(int))
    return o[cols].drop_duplicates(KEY, keep="first").reset_index(drop=True)


def figure_role(row: dict) -> str | None:
    """The printed figure an observation is read from: 'share' or 'count' (None otherwise)."""
    role = row.get("figure_role")
    if isinstance(role, str) and role:
        return role if role in FIGURE_ROLES else None
    if row.get("value_status") == "derived":
        return None
    return "count" if row.get("unit") in ("count", "gbp", "gbp_m") else "share"


def seed_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Loaded table seeds (they carry the provenance columns)."""
    out = []
    for name in warehouse.tables(con, RAW):
        cols = {c for c, _ in warehouse.columns(con, RAW, name)}
        if set(PROVENANCE) <= cols:
            out.append(name)
    return out


def read_table(con: duckdb.DuckDBPyConnection, table: str, value_columns: set[str]) -> tuple[pd.DataFrame, list[str], list[str]]:
    """A seed table as printed: (rows, label columns, value columns), both in printed order.

    Value columns are the columns the warehouse reads figures from; the other non-provenance columns
    are row labels."""
    cols = [c for c, _ in warehouse.columns(con, RAW, table)]
    values = [c for c in cols if c in value_columns]
    labels = [c for c in cols if c not in PROVENANCE and c not in value_columns]
    df = con.execute(f"select * from {warehouse.relation(con, RAW, table)}").df()
    df["source_line"] = df["source_line"].astype(int)
    return df.sort_values("source_line", kind="stable").reset_index(drop=True), labels, values


def cells_of(table: str, df: pd.DataFrame, labels: list[str], values: list[str],
             fig_index: dict[tuple, dict]) -> pd.DataFrame:
    """One row per printed cell, with its pattern and the figures' values (printed_percent / printed_number)."""
    rows = []
    for rec in warehouse.records(df):
        line = int(rec["source_line"])
        row_label = " | ".join(_s(rec.get(l)) for l in labels) if len(labels) > 1 else (_s(rec.get(labels[0])) if labels else "")
        for pos, col in enumerate(values, start=1):
            text = _s(rec.get(col))
            share = fig_index.get((table, line, col, "share"))
            count = fig_index.get((table, line, col, "count"))
            rows.append({
                "source_table": table, "report_id": rec.get("report_id"), "section": rec.get("section"),
                "table_title": rec.get("table_title"), "block": rec.get("block"), "source_line": line,
                "row_label": row_label, **{l: rec.get(l) for l in labels},
                "column_name": col, "column_position": pos, "cell_text": text,
                "cell_pattern": pattern(text, share, count),
                "printed_percent": _value(share), "printed_number": _value(count),
                "share_unit": share.get("unit") if share else None,
                "is_provisional": text.endswith("*"),
            })
    return pd.DataFrame(rows)


def pattern(text: str, share: dict | None, count: dict | None) -> str:
    """The printed-cell pattern (names as in the dbt macro ``printed_cell_pattern``), from the text and
    the figures the warehouse reads from it."""
    t = text.strip()
    if t == "":
        return "blank"
    if t in ("-", "–"):
        return "dash"
    if t.lower() in UNAVAILABLE_TEXT:
        return "unavailable"
    has_share = share is not None and _value(share) is not None
    has_count = count is not None and _value(count) is not None and count.get("value_status") != "derived"
    core = t.rstrip("*").strip()
    if has_share and has_count:
        return "percent_count" if re.match(r"^[0-9.,]+%\s*\(", core) else "count_percent"
    if core.lower().startswith("just over"):
        return "just_over_percent"
    if "£" in core:
        return "money_millions" if core.endswith("m") else "money"
    if "(as of" in core:
        return "number_as_of"
    if core.endswith("+"):
        return "at_least"
    if core.endswith("%"):
        return "percent"
    return "number"


def bare_number_unit(source_table: str, column: str, observed_unit: str | None) -> str:
    """What a bare printed number is: the warehouse's unit for it, else the scorecard layout's, else a count."""
    if observed_unit:
        return observed_unit
    unit = layout.number_unit(layout.table_layout(source_table), column)
    if unit:
        return unit
    if re.search(r"(_pct|_rate|percent|share)$", column):
        return "percent"
    return "count"


def _s(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    return str(v).strip()


def _value(fig: dict | None) -> float | None:
    if not fig:
        return None
    v = fig.get("value")
    return None if v is None or pd.isna(v) else float(v)
