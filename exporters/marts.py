"""What the exporters read: the ``marts`` schema of a built warehouse, never ``raw``, ``staging`` or
``intermediate`` (a test keeps it so). Loaded once per warehouse file and process: the four exports of
one run read the same build.

``Marts.observations`` is ``fct_metric_observations`` with ``fct_disclosure``'s decision on each figure
(``is_suppressed``, ``suppression``); ``printed_cells`` with ``printed_tables`` and ``printed_columns``
lay the printed tables out again; ``publication`` says what the warehouse was checked against.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scorecard import duck

SCHEMA = duck.MARTS
SUPPRESSED_MARKER = "c"  # the DfE / GSS symbol for a confidential (suppressed) value
UNAVAILABLE_MARKER = "x"  # the EES symbol for not available (printed as N/a, blank, Currently Unavailable)
# Every mart the loader reads: the workbook, page and open-data exposures (dbt_project/models/exposures.yml)
# depend on exactly these (a test keeps the two the same).
READS = ("fct_metric_observations", "fct_disclosure", "dim_metric", "dim_report", "dim_area", "dim_printed_tables",
         "dim_printed_columns", "fct_printed_cells", "fct_reconciliation", "mart_ehcp_timeliness", "mart_ofsted",
         "dim_publication")


@dataclass
class Marts:
    observations: pd.DataFrame
    metrics: pd.DataFrame
    reports: pd.DataFrame
    areas: pd.DataFrame
    printed_tables: pd.DataFrame
    printed_columns: pd.DataFrame
    printed_cells: pd.DataFrame
    reconciliation: pd.DataFrame
    ehcp_timeliness: pd.DataFrame
    ofsted: pd.DataFrame
    publication: dict
    _metrics: dict = field(default_factory=dict, repr=False)
    _reports: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._metrics = {r["metric_id"]: r for r in duck.records(self.metrics)}
        self._reports = {r["report_id"]: r for r in duck.records(self.reports)}

    def metric(self, metric_id: str) -> dict:
        return self._metrics.get(metric_id, {"metric_id": metric_id})

    def report(self, report_id: str) -> dict:
        return self._reports.get(report_id, {"report_id": report_id})

    @property
    def checked(self) -> bool:
        return bool(self.publication.get("checked_against_reports", False))

    @property
    def suppression_threshold(self) -> int:
        return int(self.publication.get("suppression_threshold") or 0)


def missing(value) -> bool:
    """None, NaN, NA or NaT: a cell the marts leave empty."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


_CACHE: dict[tuple, Marts] = {}


def load(db_path: Path) -> Marts:
    st = os.stat(db_path)
    key = (str(Path(db_path).resolve()), st.st_mtime_ns, st.st_size)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _load(Path(db_path))
    return _CACHE[key]


def _load(db_path: Path) -> Marts:
    with duck.connect(db_path) as con:
        def read(name: str, order_by: str = "") -> pd.DataFrame:
            df = duck.read(con, SCHEMA, name, order_by)
            return df if df is not None else pd.DataFrame()

        observations = con.execute(
            f"select o.*, coalesce(d.is_suppressed, false) as is_suppressed, d.suppression "
            f"from {duck.relation(SCHEMA, 'fct_metric_observations')} o "
            f"left join {duck.relation(SCHEMA, 'fct_disclosure')} d using (observation_id)"
        ).df()
        publication = duck.records(read("dim_publication"))
        return Marts(
            observations=observations,
            metrics=read("dim_metric", "order by sort_order, metric_id"),
            reports=read("dim_report", "order by report_date, report_id"),
            areas=read("dim_area"),
            printed_tables=read("dim_printed_tables", "order by report_id, first_line"),
            printed_columns=read("dim_printed_columns", "order by source_table, column_role, column_position"),
            printed_cells=read("fct_printed_cells", "order by source_table, source_line, column_position"),
            reconciliation=read("fct_reconciliation"),
            ehcp_timeliness=read("mart_ehcp_timeliness"),
            ofsted=read("mart_ofsted"),
            publication=publication[0] if publication else {},
        )
