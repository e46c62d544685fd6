"""The metric layer's answers as tables: one asset per MetricFlow saved query (``metrics/<name>``),
materialised into schema ``metrics`` of the build database by ``metric_tables.materialise``, after the
dbt build and before the exports (the tables export writes them as CSV and Parquet too)."""

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from metric_tables.materialise import SCHEMA, materialise
from orchestration.assets.dbt import DBT_PROJECT, MANIFEST, TRANSLATOR
from orchestration.resources.warehouse import WarehouseResource

METRICS_GROUP = "metric_layer"


def _semantic_model_deps(saved_query: dict) -> list[AssetKey]:
    """The dbt models behind a saved query (through its metrics' semantic models)."""
    nodes, seen = MANIFEST.get("nodes", {}), set()
    stack = list((saved_query.get("depends_on") or {}).get("nodes", []))
    keys = set()
    while stack:
        uid = stack.pop()
        if uid in seen:
            continue
        seen.add(uid)
        if uid in nodes:
            keys.add(TRANSLATOR.get_asset_key(nodes[uid]))
            continue
        for collection in ("semantic_models", "metrics"):
            node = MANIFEST.get(collection, {}).get(uid)
            if node:
                stack += (node.get("depends_on") or {}).get("nodes", [])
    return sorted(keys, key=str)


SAVED_QUERIES = {sq["name"]: sq for sq in MANIFEST.get("saved_queries", {}).values()}
METRIC_KEYS = [AssetKey([SCHEMA, name]) for name in sorted(SAVED_QUERIES)]


@multi_asset(
    name="metric_tables",
    specs=[
        AssetSpec(AssetKey([SCHEMA, name]), group_name=METRICS_GROUP, kinds={"duckdb"},
                  deps=_semantic_model_deps(sq),
                  description=f"{(sq.get('description') or '').strip()} The MetricFlow saved query `{name}`, "
                              f"materialised as table {SCHEMA}.{name} for BI tools.")
        for name, sq in sorted(SAVED_QUERIES.items())
    ],
)
def metric_tables(context: AssetExecutionContext, warehouse: WarehouseResource):
    paths = warehouse.paths()
    if not warehouse.is_duckdb or not paths.build_db.exists():
        context.log.info("no DuckDB build database: the metric tables are not materialised")
        return
    rows = materialise(paths.build_db, DBT_PROJECT.manifest_path.parent)
    for name, n in rows.items():
        yield MaterializeResult(asset_key=AssetKey([SCHEMA, name]), metadata={"dagster/row_count": n})
