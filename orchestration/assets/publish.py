"""Publish: the last asset of a run releases the build database and every export as one
(``scorecard.release``), and, when ``SCORECARD_POSTGRES_URL`` names a server, the marts there too.

It depends on every export, so it runs only when validation, the dbt build and its tests, and every
export succeeded. A failure at any point before the switch leaves the published release exactly as it
was, and the asset says so.
"""

import json
import os
import shutil
from pathlib import Path

from dagster import AssetExecutionContext, Failure, MaterializeResult, MetadataValue, asset

from orchestration.assets.dbt import DBT_PROJECT
from orchestration.assets.exports import EXPORT_KEYS
from orchestration.assets.run_scope import builds_all_of
from orchestration.assets.validation import RUN_INPUTS
from orchestration.resources.warehouse import WarehouseResource
from orchestration.summary import figures_captured, md_counts, reconciliation_counts
from scorecard import release
from scorecard.duck import tables_per_schema

PUBLISH_GROUP = "publish"


def _overlay_missing(published: Path, build: Path) -> int:
    """Copy into the build exports the published files it lacks (a partial run re-made some exports)."""
    copied = 0
    if not published.is_dir():
        return copied
    for src in published.rglob("*"):
        if src.is_file():
            dst = build / src.relative_to(published)
            if not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
                copied += 1
    return copied


@asset(
    key="publish",
    group_name=PUBLISH_GROUP,
    deps=EXPORT_KEYS,
    kinds={"duckdb"},
    description=(
        "Release the build: the database (in a storage version DuckDB 1.1+ reads) and every export go into a new "
        "release folder, then one atomic switch of warehouse/current publishes them together. Runs only when "
        "validation, the dbt build with its tests and every export succeeded."
    ),
)
def publish(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    paths = warehouse.paths()
    if not builds_all_of(context, EXPORT_KEYS):
        _overlay_missing(paths.published_exports, paths.build_exports)
    try:
        run_inputs = json.loads((paths.build_dir / RUN_INPUTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        run_inputs = {}
    info = {"provenance_checked": run_inputs.get("provenance_checked", False),
            "provenance_note": run_inputs.get("provenance_note", ""), "inputs": run_inputs.get("inputs", {}),
            "job": context.job_name}
    if not warehouse.is_duckdb:
        return MaterializeResult(metadata={"published": False, "reason": f"target {warehouse.target}: nothing to publish"})
    try:
        done = release.publish(paths, context.run_id, info, DBT_PROJECT.manifest_path)
    except release.PublishError as exc:
        raise Failure(description=f"nothing was published: {exc}. The published warehouse and exports are "
                                  f"unchanged.") from None
    context.log.info(f"published release {done.release_id}: {paths.published_db} and {paths.published_exports}")
    metadata = {
        "release": done.release_id,
        "release_folder": MetadataValue.path(str(done.path)),
        "published_db": MetadataValue.path(str(paths.published_db)),
        "published_exports": MetadataValue.path(str(paths.published_exports)),
        "provenance": info["provenance_note"],
        "storage_version": release.STORAGE_VERSION,
    }
    per_schema = tables_per_schema(paths.published_db)
    if per_schema:
        metadata["relations_per_schema"] = MetadataValue.md(md_counts(per_schema, "schema", "tables/views"))
    reconciliation = reconciliation_counts(paths.published_db)
    if reconciliation is not None:
        metadata["reconciliation_by_status"] = MetadataValue.md(md_counts(reconciliation, "status"))
    captured = figures_captured(paths.published_db)
    if captured is not None:
        metadata["figures_printed"] = sum(row[2] for row in captured)
    url = os.environ.get(POSTGRES_ENV)
    if url:
        metadata.update(_publish_to_postgres(context, paths.published_db, url, done.release_id))
    return MaterializeResult(metadata=metadata)


POSTGRES_ENV = "SCORECARD_POSTGRES_URL"


def _publish_to_postgres(context: AssetExecutionContext, db_path: Path, url: str, release_id: str) -> dict:
    """The marts and metric tables of the new release into the PostgreSQL server BI tools read (its own
    atomic swap: a failure leaves the server's previous copy in place), with the relationships of the
    dbt project as foreign keys."""
    from bi.keys import foreign_keys
    from bi.publish import describe_target
    from bi.publish import publish as publish_to_pg

    target = describe_target(url)  # never shows a password
    try:
        summary = publish_to_pg(db_path, url, echo=context.log.info,
                                foreign_keys=foreign_keys(DBT_PROJECT.manifest_path))
    except Exception as exc:
        raise Failure(description=f"release {release_id} was published (database and exports), but copying it to "
                                  f"PostgreSQL at {target} failed: {type(exc).__name__}: {exc}. The server keeps its "
                                  f"previous copy.") from None
    rows = getattr(summary, "rows", {}) or {}
    return {"postgres": target, "postgres_tables": len(rows)}
