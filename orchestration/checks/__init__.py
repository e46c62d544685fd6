"""Asset checks beyond the dbt tests (which dagster-dbt turns into checks on each dbt asset)."""


from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, MetadataValue, asset_check, multi_asset_check

from orchestration import seed_catalog
from orchestration.assets.dbt import MANIFEST
from orchestration.assets.reports import report_asset_key
from orchestration.resources.warehouse import WarehouseResource
from orchestration.warehouse_db import read_only, relation_exists


@asset_check(
    asset="publish",
    name="published_warehouse_has_every_mart",
    description="The published DuckDB file opens read-only and holds every mart model of the manifest.",
)
def published_warehouse_has_every_mart(warehouse: WarehouseResource) -> AssetCheckResult:
    paths = warehouse.paths()
    if not warehouse.is_duckdb:
        return AssetCheckResult(passed=True, metadata={"skipped": f"target {warehouse.target}"})
    marts = sorted(
        (n["schema"], n.get("alias") or n["name"])
        for n in MANIFEST.get("nodes", {}).values()
        if n.get("resource_type") == "model" and (n.get("config") or {}).get("schema") == "marts"
    )
    if not paths.published_db.exists():
        return AssetCheckResult(passed=False, description=f"{paths.published_db} does not exist")
    with read_only(paths.published_db) as con:
        missing = [f"{s}.{n}" for s, n in marts if not relation_exists(con, s, n)]
    return AssetCheckResult(
        passed=not missing,
        metadata={
            "marts_expected": len(marts),
            "missing": ", ".join(missing) or "-",
            "published_db": MetadataValue.path(str(paths.published_db)),
        },
    )


_REPORT_SPECS = {
    report_asset_key(source_file): AssetCheckSpec(
        name="report_file_present",
        asset=report_asset_key(source_file),
        description="The report text file named in seeds/reports.csv is in the reports folder.",
        blocking=False,
    )
    for source_file in seed_catalog.report_files()
}


@multi_asset_check(specs=list(_REPORT_SPECS.values()), name="report_files_present")
def report_files_present(warehouse: WarehouseResource):
    reports_dir = warehouse.paths().reports_dir
    for source_file in seed_catalog.report_files():
        path = reports_dir / source_file
        yield AssetCheckResult(
            asset_key=report_asset_key(source_file),
            check_name="report_file_present",
            passed=path.is_file(),
            severity=AssetCheckSeverity.ERROR,
            metadata={"path": MetadataValue.path(str(path))},
        )


all_asset_checks = [published_warehouse_has_every_mart, report_files_present]

__all__ = ["all_asset_checks"]
