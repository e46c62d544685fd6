"""The EES metadata file of a data file (``<name>.meta.csv``): one row per filter and indicator.

Columns (ud.html, *Mandatory EES metadata columns*; eesyscreener ``req_meta_cols`` and
``optional_meta_cols``): ``col_name``, ``col_type`` (Filter / Indicator), ``label``,
``indicator_grouping``, ``indicator_unit`` (blank, ``%``, ``pp``, ``£``, ``£m``), ``indicator_dp``,
``filter_hint``, ``filter_grouping_column`` and ``filter_default`` (``Total`` for every filter: the
standard's aggregate item and the table tool's default). Time and geography columns are not described.

``indicator_dp`` is the most decimals the reports print the indicator's figures with
(``printed_decimals``), so EES shows them as printed; the data file keeps the values as stored.
"""

from __future__ import annotations

from .ees_filters import TOTAL, spec
from .ees_tables import Table

META_COLUMNS = ["col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp",
                "filter_hint", "filter_grouping_column", "filter_default"]
UNITS = {"percent": "%", "percentage_points": "pp", "gbp_m": "£m", "gbp": "£"}
GROUPING = {"percent": "Percentages", "count": "Numbers", "percentage_points": "Percentage points",
            "gbp_m": "Money", "gbp": "Money", "days": "Days", "ratio": "Ratios"}
UNIT_WORDS = {"percent": "%", "percentage_points": "percentage points", "count": "number", "gbp_m": "£m",
              "gbp": "£", "days": "days", "ratio": "ratio"}


def indicator_label(table: Table, indicator: str, metrics: dict) -> str:
    figures = table.figures[indicator]
    f = figures[0]
    m = metrics.get(f.metric_id, {})
    label = str(m.get("metric_name") or f.metric_id)
    extras = []
    if indicator != f.metric_id:
        if f.unit and m.get("unit") and f.unit != m.get("unit"):
            extras.append(UNIT_WORDS.get(f.unit, f.unit))
        if indicator.endswith("_target") and not f.metric_id.endswith("_target"):
            extras.append("target")
    if indicator in table.scope:
        extras.append(table.scope[indicator])
    return f"{label} ({'; '.join(extras)})" if extras else label


def meta_rows(table: Table, metrics: dict) -> list[list]:
    rows = []
    for col in table.filters:
        s = spec(col, table.filter_keys.get(col))
        rows.append([col, "Filter", s.label, "", "", "", s.hint, "", TOTAL])
    for indicator in table.indicators:
        figures = table.figures[indicator]
        unit = figures[0].unit or ""
        decimals = [f.decimals for f in figures if f.decimals is not None]
        dp = max(decimals) if decimals else 0
        rows.append([indicator, "Indicator", indicator_label(table, indicator, metrics),
                     GROUPING.get(unit, "Other"), UNITS.get(unit, ""), str(dp), "", "", ""])
    seen: dict[str, int] = {}
    for row in rows:  # labels must be unique in a file (eesyscreener check_meta_dupe_label)
        seen[row[2]] = seen.get(row[2], 0) + 1
    for row in rows:
        if seen[row[2]] > 1:
            row[2] = f"{row[2]} [{row[0]}]"
    return rows
