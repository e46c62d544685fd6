"""Materialise every saved query of the semantic layer as a table in schema ``metrics``.

MetricFlow writes the SQL (``explain``: the engine plans the query, nothing is executed through it)
from the dbt semantic manifest; DuckDB runs it in the build database. Each table holds the saved
query's rows, plus one ``Total`` row computed by the metric layer itself at the coarser grain (every
group-by column 'Total') when the saved query asks for one (``config.meta.total_row``: a partition
such as school types at one date, where a total means something) and the metric layer gives a value
there: ratio metrics are ratios of sums, correct at any grain; a published-rate metric gives NULL at a
coarser grain (it is never averaged), so no total row is written for it. Values are the metric layer's, not rounded; the table
and column comments say what each holds.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

SCHEMA = "metrics"
TOTAL = "Total"
# MetricFlow's SQL for each saved query, beside the semantic manifest it was written from: planning the
# queries (and importing MetricFlow) is most of this step's time, and the SQL only changes with the
# semantic manifest, the saved queries or MetricFlow itself
COMPILED = "scorecard_metric_sql.json"


@dataclass(frozen=True)
class SavedQuery:
    name: str
    description: str
    metrics: tuple[str, ...]
    group_by: tuple[str, ...]
    where: tuple[str, ...]
    total_row: bool = False


class _ExplainOnlyClient:
    """The SQL dialect for MetricFlow's planner; queries are run by DuckDB directly, never through it."""

    def __init__(self) -> None:
        from metricflow.protocols.sql_client import SqlEngine
        from metricflow.sql.render.duckdb_renderer import DuckDbSqlPlanRenderer

        self.sql_engine_type = SqlEngine.DUCKDB
        self.sql_plan_renderer = DuckDbSqlPlanRenderer()

    def query(self, *args, **kwargs):  # pragma: no cover - never called by explain
        raise NotImplementedError

    execute = dry_run = query

    def close(self) -> None:
        return None

    def render_bind_parameter_key(self, bind_parameter_key: str) -> str:
        return f"${bind_parameter_key}"


def saved_queries(semantic_manifest: Path, manifest: Path) -> list[SavedQuery]:
    doc = json.loads(Path(semantic_manifest).read_text(encoding="utf-8"))
    dbt = json.loads(Path(manifest).read_text(encoding="utf-8"))
    meta = {sq["name"]: (sq.get("config") or {}).get("meta") or {} for sq in dbt.get("saved_queries", {}).values()}
    out = []
    for sq in doc.get("saved_queries", []):
        params = sq.get("query_params") or {}
        where = tuple(w.get("where_sql_template") for w in ((params.get("where") or {}).get("where_filters") or []))
        out.append(SavedQuery(sq["name"], (sq.get("description") or "").strip(), tuple(params.get("metrics") or ()),
                              tuple(params.get("group_by") or ()), where, bool(meta.get(sq["name"], {}).get("total_row"))))
    return out


def _engine(semantic_manifest: Path):
    from metricflow.engine.metricflow_engine import MetricFlowEngine
    from metricflow_semantics.model.dbt_manifest_parser import parse_manifest_from_dbt_generated_manifest
    from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup

    manifest = parse_manifest_from_dbt_generated_manifest(Path(semantic_manifest).read_text(encoding="utf-8"))
    return MetricFlowEngine(SemanticManifestLookup(manifest), _ExplainOnlyClient())


def _sql(engine, **request) -> str:
    from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

    statement = engine.explain(MetricFlowQueryRequest.create(**request)).sql_statement
    if statement.bind_parameter_set.param_dict:
        raise ValueError(f"the metric SQL needs bind parameters: {statement.bind_parameter_set}")
    return statement.sql


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def compiled_sql(target_dir: Path) -> dict[str, dict]:
    """{saved query: {"query": its fields, "grouped": SQL, "total": SQL of its total row or None}}: from
    ``COMPILED`` when it was written from the same semantic manifest, saved queries and MetricFlow
    version, else planned by MetricFlow now (and saved)."""
    semantic_manifest = Path(target_dir) / "semantic_manifest.json"
    queries = saved_queries(semantic_manifest, Path(target_dir) / "manifest.json")
    key = hashlib.sha256(semantic_manifest.read_bytes())
    key.update(json.dumps([asdict(q) for q in queries]).encode())
    key.update(importlib.metadata.version("metricflow").encode())
    path = Path(target_dir) / COMPILED
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved.get("key") == key.hexdigest():
            return saved["queries"]
    except (OSError, ValueError):
        pass
    engine = _engine(semantic_manifest)
    compiled = {
        q.name: {"query": asdict(q), "grouped": _sql(engine, saved_query_name=q.name),
                 "total": _sql(engine, metric_names=list(q.metrics), where_constraints=list(q.where) or None)
                 if q.total_row and q.group_by else None}
        for q in queries
    }
    partial = path.with_name(f".{COMPILED}.{os.getpid()}")
    partial.write_text(json.dumps({"key": key.hexdigest(), "queries": compiled}), encoding="utf-8")
    os.replace(partial, path)
    return compiled


def materialise(db_path: Path, target_dir: Path) -> dict[str, int]:
    """Create ``metrics.<saved query>`` for every saved query in the (build) database, from the dbt
    artifacts in ``target_dir`` (semantic_manifest.json, manifest.json); returns the rows per table."""
    written: dict[str, int] = {}
    con = duckdb.connect(str(db_path))
    try:
        con.execute(f"create schema if not exists {SCHEMA}")
        for compiled in compiled_sql(target_dir).values():
            sq = SavedQuery(**{k: tuple(v) if isinstance(v, list) else v for k, v in compiled["query"].items()})
            grouped = compiled["grouped"]
            table = f"{SCHEMA}.{_quote(sq.name)}"
            con.execute(f"create or replace table {table} as {grouped}")
            types = {r[0]: r[1] for r in con.execute(f"describe {table}").fetchall()}
            columns = list(types)
            metric_columns = [c for c in columns if c in sq.metrics]
            group_columns = [c for c in columns if c not in sq.metrics]
            totals = None
            if compiled["total"] and group_columns:
                total_sql = compiled["total"]
                totals = con.execute(f"select {', '.join(_quote(m) for m in metric_columns)} from ({total_sql})").fetchone()
            if totals is not None and any(v is not None for v in totals):
                values = [f"'{TOTAL}'" if types[c] == "VARCHAR" else "null" for c in group_columns]
                con.execute(f"insert into {table} ({', '.join(_quote(c) for c in group_columns + metric_columns)}) "
                            f"values ({', '.join(values + ['?'] * len(metric_columns))})", list(totals))
            comment = (sq.description or sq.name) + (
                f" One row per {', '.join(group_columns)}" + (f"; the '{TOTAL}' row holds the metric layer's answer "
                                                             "over all of them (a ratio of sums)" if totals else "")
                + ". Built from the MetricFlow saved query of the same name.")
            con.execute(f"comment on table {table} is '{comment.replace(chr(39), chr(39) * 2)}'")
            for c in columns:
                what = "the metric" if c in sq.metrics else "group-by dimension"
                con.execute(f"comment on column {table}.{_quote(c)} is '{what} {c}'")
            written[sq.name] = int(con.execute(f"select count(*) from {table}").fetchone()[0])
        con.execute("checkpoint")
    finally:
        con.close()
    return written

