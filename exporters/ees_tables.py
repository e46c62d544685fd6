"""Open-data tables: figures placed into EES data files, one row per time, place and filter items, one
column per indicator.

A file holds the figures of one area (the reports' area), one metric domain and one time-identifier
family (``ees_time.FAMILY``), and of indicators split by the same filters (``ees_filters.collapse``);
indicators split alike share a file only while at most a third of its indicator cells are ``z``
(``cluster``), so a file is not mostly ``z``. An indicator cell with no figure is

* ``x`` (not available) when the indicator has figures for the same filter items at another time or
  place: the reports do not publish this one;
* ``z`` (not applicable) when the indicator has no figure for those filter items at all.

A filter whose items have no ``Total`` (the reports publish no aggregate) gets ``Total`` rows whose
cells are all ``x``, so that every filter has the standard's default item; nothing is computed.

Two figures for one cell with the same value share it (the provenance lists both); with different
values, the one from the later snapshot, then the later report, is published and the other left out
as ``superseded`` (EES holds one value per cell). A cell is ``c`` when any figure in it is suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import ees_filters
from .ees_filters import TOTAL
from .ees_geography import GEOGRAPHY, columns_for, level_rank
from .ees_time import IDENTIFIER_ORDER, Exclusion, TimeSlot

NOT_APPLICABLE = "z"
NOT_AVAILABLE = "x"
SUPPRESSED = "c"
TIME = ["time_period", "time_identifier"]
# indicators share a file only while at most a third of its indicator cells are z (not applicable)
MAX_NOT_APPLICABLE = 1 / 3


@dataclass
class Figure:
    """One observation placed in the open data."""
    obs: dict
    area: str  # file-name prefix: the slug of the report's area
    domain: str
    slot: TimeSlot
    geo: dict
    indicator: str
    metric_id: str
    unit: str
    filters: dict[str, str]  # filter column -> item (absent: Total)
    keys: dict[str, str]  # filter column -> breakdown key it came from
    cell: str  # the value as published, or c / x
    decimals: int | None
    sort_order: int = 0

    @property
    def suppressed(self) -> bool:
        return self.cell == SUPPRESSED


@dataclass
class Table:
    name: str
    area: str
    domain: str
    family: str
    filters: list[str]
    indicators: list[str]
    columns: list[str]
    rows: list[dict]  # column -> text
    cells: dict[tuple, list[Figure]]  # (row key, indicator) -> figures shown in that cell
    figures: dict[str, list[Figure]] = field(default_factory=dict)  # indicator -> its figures
    scope: dict[str, str] = field(default_factory=dict)  # indicator -> scope text for its label
    filter_keys: dict[str, str] = field(default_factory=dict)  # filter column -> breakdown key


def _geo_key(geo: dict) -> tuple:
    return (level_rank(geo["geographic_level"]), geo["geographic_level"], *(geo[c] for c in GEOGRAPHY))


def _row_key(f: Figure, splits: tuple[str, ...]) -> tuple:
    return (f.slot.time_period, f.slot.time_identifier, _geo_key(f.geo),
            tuple(f.filters.get(c, TOTAL) for c in splits))


def _sort_key(key: tuple) -> tuple:
    period, identifier, geo, items = key
    return (period, IDENTIFIER_ORDER.get(identifier, 99), geo, tuple((i != TOTAL, i) for i in items))


def _stamp(v) -> pd.Timestamp:
    try:
        if v is not None and not pd.isna(v):
            return pd.Timestamp(v)
    except (TypeError, ValueError):
        pass
    return pd.Timestamp.min


def _priority(f: Figure) -> tuple:
    """Higher wins a contested cell: a figure over 'not available', the later snapshot or period end,
    the later report, then the later printed line (for a stable choice)."""
    o = f.obs
    line = o.get("source_line")
    return (f.cell != NOT_AVAILABLE, _stamp(o.get("period_end")), _stamp(o.get("report_date")),
            int(line) if line is not None and not pd.isna(line) else -1, str(o.get("observation_id")))


def _resolve(figures: list[Figure]) -> tuple[list[Figure], list[tuple[Figure, Exclusion]]]:
    """(figures shown in the cell, figures left out) for the figures of one cell."""
    if len(figures) == 1:
        return figures, []
    ranked = sorted(figures, key=_priority, reverse=True)
    winner = ranked[0]
    shown = [f for f in ranked if _same_value(f, winner)]
    left = [(f, Exclusion("superseded", f"by observation {winner.obs.get('observation_id')}"))
            for f in ranked if f not in shown]
    return shown, left


def _same_value(a: Figure, b: Figure) -> bool:
    va, vb = a.obs.get("value"), b.obs.get("value")
    if va is None or vb is None or pd.isna(va) or pd.isna(vb):
        return a.cell == b.cell
    return abs(float(va) - float(vb)) < 1e-9


def group_indicators(figures: list[Figure]) -> dict[tuple[str, ...], list[str]]:
    """{filter columns that split them: indicators} for the figures of one area, domain and family."""
    by_indicator: dict[str, list[Figure]] = {}
    for f in figures:
        by_indicator.setdefault(f.indicator, []).append(f)
    groups: dict[tuple[str, ...], list[str]] = {}
    for indicator, mine in by_indicator.items():
        collapsed = ees_filters.collapse([f.filters for f in mine])
        groups.setdefault(collapsed.splits, []).append(indicator)
    return groups


def not_applicable_share(shapes: dict[str, set[tuple]], indicators: list[str]) -> float:
    """Share of ``z`` cells if these indicators shared a file (``shapes``: indicator -> its row keys)."""
    rows = set().union(*(shapes[i] for i in indicators))
    if not rows:
        return 0.0
    z = 0
    for i in indicators:
        items = {k[3] for k in shapes[i]}
        z += sum(1 for k in rows - shapes[i] if k[3] not in items)
    return z / (len(rows) * len(indicators))


def cluster(figures: list[Figure], splits: tuple[str, ...], max_share: float = MAX_NOT_APPLICABLE) -> list[list[str]]:
    """Indicators split by the same filters, in files whose share of ``z`` cells stays at or below
    ``max_share``: each indicator (most rows first) joins the first file it keeps under the bound."""
    shapes: dict[str, set[tuple]] = {}
    order: dict[str, int] = {}
    for f in figures:
        shapes.setdefault(f.indicator, set()).add(_row_key(f, splits))
        order.setdefault(f.indicator, f.sort_order)
    clusters: list[list[str]] = []
    for indicator in sorted(shapes, key=lambda i: (-len(shapes[i]), order[i], i)):
        for c in clusters:
            if not_applicable_share(shapes, c + [indicator]) <= max_share:
                c.append(indicator)
                break
        else:
            clusters.append([indicator])
    return clusters


def build_table(name: str, figures: list[Figure], splits: tuple[str, ...]) -> tuple[Table, list]:
    """One data file from the figures of its indicators (all split by ``splits``), and the figures left
    out as superseded."""
    contested: dict[tuple, list[Figure]] = {}
    for f in figures:
        contested.setdefault((_row_key(f, splits), f.indicator), []).append(f)
    cells: dict[tuple, list[Figure]] = {}
    left_out: list[tuple[Figure, Exclusion]] = []
    for cell_key, mine in contested.items():
        shown, left = _resolve(mine)
        cells[cell_key] = shown
        left_out += left

    by_indicator: dict[str, list[Figure]] = {}
    for shown in cells.values():
        for f in shown:
            by_indicator.setdefault(f.indicator, []).append(f)
    indicators = sorted(by_indicator, key=lambda i: (by_indicator[i][0].sort_order, i))
    scope, filter_keys = {}, {}
    for indicator, mine in by_indicator.items():
        collapsed = ees_filters.collapse([f.filters for f in mine])
        breakdown_keys = {k: v for f in mine for k, v in f.keys.items()}
        filter_keys.update({c: breakdown_keys[c] for c in collapsed.splits if c in breakdown_keys})
        text = ees_filters.scope_text({c: v for c, v in collapsed.scope.items() if v != TOTAL}, breakdown_keys)
        if text:
            scope[indicator] = text

    row_keys = {k for k, _ in cells}
    added: set[tuple] = set()
    for j in range(len(splits)):
        if not any(k[3][j] == TOTAL for k in row_keys):
            # the reports publish no total for this filter: a Total row, all "not available", gives the
            # filter its default item (ud.html, Aggregates and default filters)
            totals = {(period, ident, geo, items[:j] + (TOTAL,) + items[j + 1:])
                      for period, ident, geo, items in row_keys}
            added |= totals
            row_keys |= totals
    row_keys = sorted(row_keys, key=_sort_key)
    levels = {k[2][1] for k in row_keys}
    geo_cols = columns_for(levels)
    columns = TIME + ["geographic_level"] + geo_cols + list(splits) + indicators
    items_with = {i: {k[3] for k, ind in cells if ind == i} for i in indicators}
    rows = []
    for key in row_keys:
        period, identifier, geo, items = key
        geo_values = dict(zip(GEOGRAPHY, geo[2:]))
        row = {"time_period": period, "time_identifier": identifier, "geographic_level": geo[1],
               **{c: geo_values[c] for c in geo_cols}, **dict(zip(splits, items))}
        for i in indicators:
            shown = cells.get((key, i))
            if shown:
                row[i] = SUPPRESSED if any(f.suppressed for f in shown) else shown[0].cell
            else:
                row[i] = NOT_AVAILABLE if key in added or items in items_with[i] else NOT_APPLICABLE
        rows.append(row)
    first = figures[0]
    table = Table(name, first.area, first.domain, first.slot.family, list(splits), indicators, columns, rows,
                  cells, by_indicator, scope, filter_keys)
    return table, left_out


def row_of(table: Table, f: Figure) -> dict:
    """The data row a figure sits in (its key columns)."""
    key = _row_key(f, tuple(table.filters))
    period, identifier, geo, items = key
    geo_values = dict(zip(GEOGRAPHY, geo[2:]))
    keep = set(table.columns)
    out = {"time_period": period, "time_identifier": identifier, "geographic_level": geo[1],
           **{c: v for c, v in geo_values.items() if c in keep}, **dict(zip(table.filters, items))}
    return out
