"""Export assets: files made from the marts, written into the build exports folder.

Each calls the matching function of ``orchestration.exports`` with the build database and the build
exports folder (``warehouse/.build/exports``); ``publish`` later swaps that folder into place.
"""


import csv
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, MetadataValue, asset

from orchestration.assets.dbt import MART_KEYS, MANIFEST, downstream_anchor_keys
from orchestration.resources.warehouse import WarehouseResource
from orchestration.warehouse_db import md_counts, row_counts

EXPORTS_GROUP = "exports"
EXPORTS = {
    "export_tables": "Every mart as CSV and Parquet.",
    "export_spreadsheet": "The Education Scorecard workbook (xlsx).",
    "export_scorecard_html": "The scorecard as a static HTML page.",
    "export_open_data": "Open-data (EES tidy format) files with metadata.",
}
EXPORT_KEYS = [AssetKey(name) for name in EXPORTS]


def _file_rows(path: Path) -> int | None:
    try:
        if path.suffix.lower() == ".csv":
            with open(path, newline="", encoding="utf-8") as fh:
                return max(sum(1 for _ in csv.reader(fh)) - 1, 0)
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
    except Exception:  # noqa: BLE001 - metadata only
        return None
    return None


def files_metadata(files: list[Path], out_dir: Path) -> dict[str, Any]:
    files = [Path(f) for f in files]
    lines = ["| file | bytes | rows |", "| --- | --- | --- |"]
    total = 0
    for f in files:
        size = f.stat().st_size if f.exists() else 0
        total += size
        rows = _file_rows(f)
        try:
            shown = f.relative_to(out_dir)
        except ValueError:
            shown = f
        lines.append(f"| {shown} | {size} | {'' if rows is None else rows} |")
    return {
        "files_written": len(files),
        "bytes_written": total,
        "files": MetadataValue.md("\n".join(lines)) if files else MetadataValue.md("(no files)"),
        "out_dir": MetadataValue.path(str(out_dir)),
    }


def mart_row_counts(db_path: Path) -> dict[str, int]:
    nodes = [
        n
        for n in MANIFEST.get("nodes", {}).values()
        if n.get("resource_type") == "model" and (n.get("config") or {}).get("schema") == "marts"
    ]
    counts = row_counts(db_path, [(n["schema"], n.get("alias") or n["name"]) for n in nodes])
    return {f"{schema}.{name}": n for (schema, name), n in sorted(counts.items())}


def _build_export_asset(name: str, description: str) -> AssetsDefinition:
    @asset(
        name=name,
        group_name=EXPORTS_GROUP,
        deps=downstream_anchor_keys(),
        kinds={"file"},
        description=f"{description} Written to the build exports folder; published by `publish`. "
        f"Depends on every mart ({len(MART_KEYS)} now).",
    )
    def _export(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
        import orchestration.exports as exports_module  # looked up at run time (tests may patch it)

        paths = warehouse.paths()
        db_path = paths.build_db if paths.build_db.exists() else paths.published_db
        out_dir = paths.build_exports
        out_dir.mkdir(parents=True, exist_ok=True)
        context.log.info(f"{name}: reading {db_path}, writing under {out_dir}")
        files = list(getattr(exports_module, name)(db_path, out_dir) or [])
        metadata = files_metadata(files, out_dir)
        metadata["source_db"] = MetadataValue.path(str(db_path))
        counts = mart_row_counts(db_path)
        if counts:
            metadata["mart_row_counts"] = MetadataValue.md(md_counts(counts, "mart"))
        return MaterializeResult(metadata=metadata)

    return _export


export_assets = [_build_export_asset(name, description) for name, description in EXPORTS.items()]
