"""Apply the disclosure rule (``disclosure.py``) to the warehouse: to every figure of the printed
tables, and through them to the observations of ``fct_metric_observations``.

Structure read from the printed tables:

* row groups: in a value column, the rows of a printed block down to its total row are that total's
  components; a total row is one the warehouse flags (``is_total_row``), one labelled "... total", or
  an unflagged last row equal to the sum of the rows above it;
* column groups: in a row, ``<p>_total`` is the total of the other ``<p>_*`` columns (Ofsted grades)
  and ``<p>_all_<s>`` of the ``<p>_<x>_<s>`` columns (female / male);
* shares: the percentage printed in the same cell as a count ("1 33%"), or in the ``<p>_pct`` column
  beside ``<p>_no``, is computed from that count.

Observations not read from a printed table (running text) get the primary rule; an observation derived
from a cell is suppressed when a figure of that cell is; a share whose numerator is a count of children
from 1 to the threshold is suppressed.
"""

from __future__ import annotations

import re

import pandas as pd

from . import warehouse
from .config import DisclosureConfig, counts_children
from .disclosure import suppress

_TOTAL_LABEL = re.compile(r"\btotal\b", re.IGNORECASE)
FIG_COLUMNS = ["source_table", "source_line", "source_column", "figure_role", "value", "unit", "metric_id",
               "row_label", "table_title", "block", "is_total_row", "numerator"]


def figure_id(source_table: str, source_line: int, source_column: str, role: str) -> str:
    return f"{source_table}|{int(source_line)}|{source_column}|{role}"


def structure(figs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cells, groups) for ``disclosure.suppress`` from printed figures (columns ``FIG_COLUMNS``;
    ``metric_id`` and ``is_total_row`` optional)."""
    figs = figs.copy()
    for c in FIG_COLUMNS:
        if c not in figs.columns:
            figs[c] = None
    figs["cell_id"] = [figure_id(t, l, c, r) for t, l, c, r in
                       zip(figs["source_table"], figs["source_line"], figs["source_column"], figs["figure_role"])]
    records = warehouse.records(figs)
    counts = [r for r in records if r["figure_role"] == "count"]
    groups: list[tuple[str, str, str]] = []

    # row groups: per (table, column), in printed order, split into blocks (title + block)
    by_column: dict[tuple, list[dict]] = {}
    for r in counts:
        by_column.setdefault((r["source_table"], r["source_column"]), []).append(r)
    for (table, column), rows in by_column.items():
        rows.sort(key=lambda r: r["source_line"])
        segment = [f"{_s(r['table_title'])}|{_s(r['block'])}" for r in rows]
        members: list[dict] = []
        for i, row in enumerate(rows):
            if members and segment[i] != segment[i - 1]:
                members = []
            last_in_segment = i == len(rows) - 1 or segment[i + 1] != segment[i]
            total = bool(row.get("is_total_row") is True or _TOTAL_LABEL.search(_s(row["row_label"])))
            if not total and last_in_segment and len(members) >= 2:
                known = [m["value"] for m in members if _num(m["value"])]
                total = len(known) == len(members) and _num(row["value"]) and abs(sum(known) - row["value"]) < 1e-9
            if total and members:
                gid = f"row|{table}|{column}|{row['source_line']}"
                groups.append((gid, row["cell_id"], "total"))
                groups += [(gid, m["cell_id"], "component") for m in members]
                members = []
            elif not total:
                members.append(row)

    # column groups: per (table, line)
    by_line: dict[tuple, dict[str, str]] = {}
    for r in counts:
        by_line.setdefault((r["source_table"], r["source_line"]), {})[r["source_column"]] = r["cell_id"]
    for (table, line), cols in by_line.items():
        for col, cid in cols.items():
            m = re.fullmatch(r"(.+)_total", col)
            if m:
                comps = [c for c in cols if c != col and c.startswith(m.group(1) + "_")]
            else:
                m = re.fullmatch(r"(.+)_all_(.+)", col)
                if not m:
                    continue
                pat = re.compile(re.escape(m.group(1)) + r"_[^_]+_" + re.escape(m.group(2)))
                comps = [c for c in cols if c != col and pat.fullmatch(c)]
            if comps:
                gid = f"col|{table}|{line}|{col}"
                groups.append((gid, cid, "total"))
                groups += [(gid, cols[c], "component") for c in comps]

    # shares of counts: the same cell, or <p>_no beside <p>_pct
    count_ids = {r["cell_id"] for r in counts}
    share_of = []
    for r in records:
        base = None
        if r["figure_role"] == "share":
            same = figure_id(r["source_table"], r["source_line"], r["source_column"], "count")
            pct = re.fullmatch(r"(.+)_pct", str(r["source_column"]))
            beside = figure_id(r["source_table"], r["source_line"], pct.group(1) + "_no", "count") if pct else None
            base = same if same in count_ids else (beside if beside in count_ids else None)
        share_of.append(base)
    figs["share_of"] = share_of
    return figs, pd.DataFrame(groups, columns=["group_id", "cell_id", "role"])


def protect_figures(figs: pd.DataFrame, config: DisclosureConfig) -> pd.DataFrame:
    """Printed figures with ``suppressed`` / ``suppression`` decided."""
    cells, groups = structure(figs)
    cells["is_child_count"] = [
        unit == "count" and counts_children(metric if isinstance(metric, str) else None, table, column)
        for unit, metric, table, column in zip(cells["unit"], cells["metric_id"], cells["source_table"], cells["source_column"])
    ]
    out = suppress(cells, groups, config.threshold)
    if config.enabled:
        # a share whose numerator is a count of children from 1 to the threshold
        small = [
            not hidden and role == "share" and _num(num) and 1 <= num <= config.threshold
            and counts_children(metric if isinstance(metric, str) else None, table, column)
            for hidden, role, num, metric, table, column in zip(
                out["suppressed"], out["figure_role"], out["numerator"], out["metric_id"], out["source_table"],
                out["source_column"])
        ]
        out.loc[small, "suppression"] = "derived"
        out.loc[small, "suppressed"] = True
    return out


def protect_observations(obs: pd.DataFrame, protected_figs: pd.DataFrame | None, config: DisclosureConfig) -> pd.Series:
    """A boolean Series (index of ``obs``): the observations the public exports must show as 'c'."""
    out = pd.Series(False, index=obs.index)
    if not config.enabled or obs.empty:
        return out
    hidden_figs: set[str] = set()
    hidden_cells: set[tuple] = set()
    if protected_figs is not None and len(protected_figs):
        hid = protected_figs[protected_figs["suppressed"]]
        hidden_figs = set(hid["cell_id"])
        hidden_cells = set(zip(hid["source_table"], hid["source_line"].astype(int), hid["source_column"]))
    t = config.threshold
    role = obs["figure_role"] if "figure_role" in obs.columns else pd.Series(None, index=obs.index)
    numerator = obs["numerator"] if "numerator" in obs.columns else pd.Series(None, index=obs.index, dtype=float)
    child_metric = {m: counts_children(m) for m in obs["metric_id"].dropna().unique()}
    for idx, table, line, column, r, status, metric, unit, value, num in zip(
            obs.index, obs["source_table"], obs["source_line"], obs["source_column"], role, obs["value_status"],
            obs["metric_id"], obs["unit"], obs["value"], numerator):
        in_table = isinstance(table, str) and isinstance(column, str) and pd.notna(line)
        if in_table:
            if isinstance(r, str) and figure_id(table, int(line), column, r) in hidden_figs:
                out[idx] = True
                continue
            if status == "derived" and (table, int(line), column) in hidden_cells:
                out[idx] = True
                continue
        child = child_metric.get(metric, True)
        if unit == "count" and child and pd.notna(value) and 1 <= value <= t:
            out[idx] = True
        elif unit == "percent" and child and num is not None and pd.notna(num) and 1 <= num <= t:
            out[idx] = True
    return out


def _s(v) -> str:
    return v if isinstance(v, str) else ""


def _num(v) -> bool:
    return v is not None and not pd.isna(v)
