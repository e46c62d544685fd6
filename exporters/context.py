"""What the public exports read from the warehouse, loaded once, with disclosure decided."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from . import printed, protect, warehouse
from .config import DisclosureConfig, load_config


@dataclass
class PrintedTable:
    name: str
    cells: pd.DataFrame  # one row per printed cell (printed.cells_of)
    labels: list[str]
    values: list[str]


@dataclass
class PublicData:
    config: DisclosureConfig
    observations: pd.DataFrame | None  # marts.fct_metric_observations (+ 'suppressed')
    metrics: pd.DataFrame | None  # marts.dim_metric
    reports: pd.DataFrame | None  # marts.dim_report (or the loaded registry)
    tables: dict[str, PrintedTable]  # every captured table the warehouse reads figures from
    figures: pd.DataFrame  # every printed figure (+ 'cell_id', 'suppressed', 'suppression')
    fig_index: dict = field(default_factory=dict)  # figure key -> observation record

    def __post_init__(self) -> None:
        f = self.figures
        self._hidden = set(f.loc[f["suppressed"].astype(bool), "cell_id"]) if len(f) else set()
        self._reports = {}
        if self.reports is not None and "report_id" in self.reports.columns:
            self._reports = {r["report_id"]: r for r in warehouse.records(self.reports)}
        self._metrics = {}
        if self.metrics is not None and "metric_id" in self.metrics.columns:
            self._metrics = {r["metric_id"]: r for r in warehouse.records(self.metrics)}

    def report_row(self, report_id: str) -> dict:
        return self._reports.get(report_id, {"report_id": report_id})

    def metric_row(self, metric_id: str) -> dict:
        return self._metrics.get(metric_id, {"metric_id": metric_id})

    def figure_suppressed(self, table: str, line: int, column: str, role: str) -> bool:
        return protect.figure_id(table, line, column, role) in self._hidden


def _reports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    for schema, name in (("marts", "dim_report"), ("staging", "stg_reports__registry"), ("raw", "reports")):
        df = warehouse.read(con, schema, name)
        if df is not None:
            return df
    return None


_CACHE: dict[tuple, PublicData] = {}


def load(con: duckdb.DuckDBPyConnection, config: DisclosureConfig | None = None,
         db_path: Path | None = None) -> PublicData:
    """Everything the public exports need. With ``db_path``, the result is reused by the next export
    of the same, unchanged file (the four exports run one after another on one build)."""
    config = config or load_config()
    key = None
    if db_path is not None:
        st = os.stat(db_path)
        key = (str(Path(db_path).resolve()), st.st_mtime_ns, st.st_size, config)
        if key in _CACHE:
            return _CACHE[key]
    data = _load(con, config)
    if key is not None:
        _CACHE.clear()
        _CACHE[key] = data
    return data


def _load(con: duckdb.DuckDBPyConnection, config: DisclosureConfig) -> PublicData:
    obs = warehouse.read(con, warehouse.MARTS, "fct_metric_observations")
    metrics = warehouse.read(con, warehouse.MARTS, "dim_metric")
    figs = printed.figure_observations(obs)
    fig_index = {tuple(r[k] for k in printed.KEY): r for r in warehouse.records(figs)}
    value_columns: dict[str, set[str]] = {}
    for t, c in zip(figs["source_table"], figs["source_column"]):
        value_columns.setdefault(t, set()).add(c)
    tables: dict[str, PrintedTable] = {}
    for name in printed.seed_tables(con):
        if name not in value_columns:
            continue  # text tables (action plans, work programme): no figures
        df, labels, values = printed.read_table(con, name, value_columns[name])
        tables[name] = PrintedTable(name, printed.cells_of(name, df, labels, values, fig_index), labels, values)

    # printed figures with the row context the disclosure structure needs
    context = {}
    for t in tables.values():
        rows = t.cells[["source_table", "source_line", "row_label", "table_title", "block"]]
        for r in warehouse.records(rows.drop_duplicates(["source_table", "source_line"])):
            context[(r["source_table"], r["source_line"])] = r
    numerators = {}
    if obs is not None and "numerator" in obs.columns:
        numerators = dict(zip(obs["observation_id"], obs["numerator"]))
    figs = figs.assign(
        row_label=[context.get((t, l), {}).get("row_label", "") for t, l in zip(figs["source_table"], figs["source_line"])],
        table_title=[context.get((t, l), {}).get("table_title") for t, l in zip(figs["source_table"], figs["source_line"])],
        block=[context.get((t, l), {}).get("block") for t, l in zip(figs["source_table"], figs["source_line"])],
        numerator=[numerators.get(i) for i in figs["observation_id"]],
    )
    figs = figs[figs["value"].notna() & (figs["value_status"] != "derived")]
    protected = protect.protect_figures(figs, config)
    if obs is not None:
        obs = obs.copy()
        obs["suppressed"] = protect.protect_observations(obs, protected, config)
    return PublicData(config, obs, metrics, _reports(con), tables, protected, fig_index)
