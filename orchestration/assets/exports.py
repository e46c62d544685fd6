"""Export assets: one per dbt exposure (``dbt_project/models/exposures.yml``), written into the build area.

The exposure is the one declaration of an export: its name (the asset key ``exports/<name>``), label,
description and the marts it reads (the asset's dependencies, so lineage runs report -> seed -> mart
-> export). ``exporters.EXPORTERS`` maps each exposure to the function that writes it.
"""

from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, MetadataValue, asset

import exporters
from orchestration.assets.dbt import MANIFEST, TRANSLATOR
from orchestration.assets.metrics import METRIC_KEYS
from orchestration.resources.warehouse import WarehouseResource

EXPORTS_GROUP = "exports"


def _exposures() -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in MANIFEST.get("exposures", {}).values()}


def export_key(name: str) -> AssetKey:
    return AssetKey(["exports", name])


def _file_rows(path: Path) -> int | None:
    try:
        if path.suffix == ".csv":
            with open(path, encoding="utf-8") as fh:
                return max(sum(1 for _ in fh) - 1, 0)
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, ValueError):
        return None
    return None


def files_metadata(files: list[Path], out_dir: Path) -> dict[str, Any]:
    lines = ["| file | bytes | rows |", "| --- | --- | --- |"]
    total = 0
    for f in files:
        size = f.stat().st_size if f.exists() else 0
        total += size
        rows = _file_rows(f)
        shown = f.relative_to(out_dir) if f.is_relative_to(out_dir) else f
        lines.append(f"| {shown} | {size} | {'' if rows is None else rows} |")
    return {"files_written": len(files), "bytes_written": total, "files": MetadataValue.md("\n".join(lines))}


def _build_export_asset(name: str, exposure: dict[str, Any]) -> AssetsDefinition:
    nodes = MANIFEST.get("nodes", {})
    deps = [TRANSLATOR.get_asset_key(nodes[uid]) for uid in exposure.get("depends_on", {}).get("nodes", []) if uid in nodes]
    if (exposure.get("meta") or {}).get("includes_metric_tables"):
        deps += METRIC_KEYS  # the metric layer's tables (schema metrics) are exported with the marts

    @asset(
        key=export_key(name),
        group_name=EXPORTS_GROUP,
        deps=deps,
        kinds={"file"},
        description=f"{exposure.get('label') or name}: {exposure.get('description') or ''} "
                    f"Written to the build area; `publish` releases it with the database.",
        metadata={"exposure": name, "reads": ", ".join(d.to_user_string() for d in deps)},
    )
    def _export(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
        paths = warehouse.paths()
        db_path = paths.build_db if paths.build_db.exists() else paths.published_db
        out_dir = paths.build_exports
        out_dir.mkdir(parents=True, exist_ok=True)
        context.log.info(f"{name}: reading {db_path}, writing under {out_dir}")
        files = list(exporters.EXPORTERS[name](db_path, out_dir) or [])
        return MaterializeResult(metadata=files_metadata(files, out_dir))

    return _export


export_assets = [_build_export_asset(name, exposure) for name, exposure in sorted(_exposures().items())]
EXPORT_KEYS = [export_key(name) for name in sorted(_exposures())]
