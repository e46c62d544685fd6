"""Atomic publish: the last asset of the run swaps the build outputs into place.

* database: ``os.replace(warehouse/.build/scorecard.duckdb, warehouse/scorecard.duckdb)`` - an atomic
  rename on one filesystem; a reader holding the old file keeps its (now unlinked) inode and works on.
* exports: the published folder is renamed aside, the build folder renamed in, the old one deleted.

``publish`` depends on every mart and every export asset, so it runs only when all of them succeeded;
when anything before it fails, the published database and exports stay byte for byte as they were.
"""


import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from orchestration.assets.dbt import downstream_anchor_keys
from orchestration.assets.exports import EXPORT_KEYS
from orchestration.resources.warehouse import WarehousePaths, WarehouseResource
from orchestration.warehouse_db import figures_captured, md_counts, reconciliation_counts, tables_per_schema

PUBLISH_GROUP = "publish"


def _checkpoint(db_path: Path) -> None:
    """Fold a leftover WAL into the file so the single file is the whole database.

    dbt closes its connection cleanly (which checkpoints), so normally there is no WAL and nothing
    is opened here."""
    wal = db_path.with_name(db_path.name + ".wal")
    if not wal.exists():
        return
    con = duckdb.connect(str(db_path))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    if wal.exists():
        raise RuntimeError(f"{wal} is still there after a checkpoint: is another process writing {db_path}?")


def publish_database(paths: WarehousePaths) -> bool:
    if not paths.build_db.exists():
        return False
    _checkpoint(paths.build_db)
    paths.published_db.parent.mkdir(parents=True, exist_ok=True)
    stale_wal = paths.published_db.with_name(paths.published_db.name + ".wal")
    if stale_wal.exists():
        stale_wal.unlink()
    os.replace(paths.build_db, paths.published_db)
    return True


def _overlay_missing(published: Path, build: Path) -> int:
    """Copy into the build folder the published files it lacks (a partial run re-made some exports)."""
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


def publish_exports(paths: WarehousePaths, run_id: str, complete: bool) -> bool:
    build, published = paths.build_exports, paths.published_exports
    if not build.is_dir():
        return False
    if not complete:
        _overlay_missing(published, build)
    published.parent.mkdir(parents=True, exist_ok=True)
    tag = run_id[:8]
    incoming = build
    try:
        if os.stat(build).st_dev != os.stat(published.parent).st_dev:
            incoming = published.parent / f".{published.name}.incoming-{tag}"
            shutil.copytree(build, incoming)
            shutil.rmtree(build)
    except FileNotFoundError:
        pass
    aside = published.parent / f".{published.name}.old-{tag}"
    if published.exists():
        os.rename(published, aside)
    try:
        os.rename(incoming, published)
    except OSError:
        if aside.exists() and not published.exists():
            os.rename(aside, published)  # put the old folder back
        raise
    if aside.exists():
        shutil.rmtree(aside, ignore_errors=True)
    return True


@asset(
    key="publish",
    group_name=PUBLISH_GROUP,
    deps=[*downstream_anchor_keys(), *EXPORT_KEYS],
    kinds={"duckdb"},
    description=(
        "Atomically publish the build: os.replace the build DuckDB file over the published one and swap "
        "the exports folder. Runs only when validation, dbt build/tests and every export succeeded."
    ),
)
def publish(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    paths = warehouse.paths()
    selection = context.run.asset_selection
    complete = selection is None or set(EXPORT_KEYS) <= set(selection)
    db_published = publish_database(paths) if warehouse.is_duckdb else False
    exports_published = publish_exports(paths, context.run_id, complete)
    context.log.info(
        f"published database: {paths.published_db if db_published else 'unchanged'}; "
        f"exports: {paths.published_exports if exports_published else 'unchanged'}"
    )
    metadata: dict = {
        "published_db": MetadataValue.path(str(paths.published_db)),
        "published_exports": MetadataValue.path(str(paths.published_exports)),
        "database_replaced": db_published,
        "exports_replaced": exports_published,
        "published_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    if paths.published_db.exists():
        metadata["db_bytes"] = paths.published_db.stat().st_size
        per_schema = tables_per_schema(paths.published_db)
        if per_schema:
            metadata["relations_per_schema"] = MetadataValue.md(md_counts(per_schema, "schema", "tables/views"))
        reconciliation = reconciliation_counts(paths.published_db)
        if reconciliation is not None:
            metadata["reconciliation_by_status"] = MetadataValue.md(md_counts(reconciliation, "status"))
            for status, n in reconciliation.items():
                metadata[f"reconciliation_{status}"] = n
        captured = figures_captured(paths.published_db)
        if captured is not None:
            lines = ["| report | table | printed | unavailable | derived |", "| --- | --- | --- | --- | --- |"]
            lines += [f"| {r} | {t} | {p} | {u} | {d} |" for r, t, p, u, d in captured]
            metadata["figures_captured"] = MetadataValue.md("\n".join(lines))
            metadata["figures_printed"] = sum(row[2] for row in captured)
    if paths.published_exports.is_dir():
        metadata["export_files"] = sum(1 for f in paths.published_exports.rglob("*") if f.is_file())
    return MaterializeResult(metadata=metadata)
