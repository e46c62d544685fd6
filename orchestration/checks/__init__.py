"""Asset checks beyond the dbt tests (which dagster-dbt turns into checks on each dbt asset).

* ``great_expectations`` on every seed: its Great Expectations suite and the gate's file checks. The
  gate (``seed_validation``) records each seed's result before anything loads; running the check on
  its own (from the UI) validates the seeds again.
* ``matches_fingerprint`` on every report file: the file is there and is the text it was captured
  from (``reports.csv`` source_sha256).
* ``published_warehouse_has_every_mart`` on ``publish``.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    MetadataValue,
    asset_check,
    multi_asset_check,
)

from expectations import fingerprints
from orchestration.assets.dbt import MART_KEYS, SEED_KEYS
from orchestration.assets.reports import report_asset_key
from orchestration.assets.validation import GX_CHECK, findings_table
from orchestration.resources.warehouse import WarehouseResource
from scorecard import catalog, duck

GX_SPECS = [
    AssetCheckSpec(
        name=GX_CHECK, asset=key, blocking=False,
        description=f"The validation gate on seed {key.path[-1]}: its file's structure, every printed cell on its "
                    "cited report line, and its Great Expectations suite (columns, keys, printed-cell patterns, "
                    "ranges, the table's arithmetic from table_checks). Recorded by seed_validation before the seed loads.",
    )
    for key in SEED_KEYS
]


@multi_asset_check(specs=GX_SPECS, name="great_expectations_suites", can_subset=True)
def great_expectations_suites(context: AssetCheckExecutionContext, warehouse: WarehouseResource):
    from expectations.validate import validate_seeds

    result = validate_seeds(warehouse.paths().seeds_dir, build_docs=False)
    for check_key in context.selected_asset_check_keys:
        name = check_key.asset_key.path[-1]
        mine = result.of_seed(name)
        blocking = [f for f in mine if f.blocking]
        yield AssetCheckResult(asset_key=check_key.asset_key, check_name=GX_CHECK, passed=not blocking,
                               severity=AssetCheckSeverity.ERROR,
                               metadata={"expectations": result.expectations_per_suite.get(name, 0),
                                         "blocking_findings": len(blocking), "failing_rows": findings_table(mine)})


_REPORT_SPECS = [
    AssetCheckSpec(name="matches_fingerprint", asset=report_asset_key(source_file), blocking=False,
                   description="The report text file is in the reports folder and is byte for byte the text its "
                               "figures were captured from (SHA-256 recorded in seeds/reports.csv).")
    for source_file in catalog.report_files()
]


@multi_asset_check(specs=_REPORT_SPECS, name="report_fingerprints")
def report_fingerprints(warehouse: WarehouseResource):
    paths = warehouse.paths()
    rows = list(enumerate(catalog.registry(paths.seeds_dir).values(), start=2))
    problems = fingerprints.check(rows, paths.reports_dir, "reports.csv")
    for source_file, registry_rows in catalog.report_files(paths.seeds_dir).items():
        ids = {r["report_id"] for r in registry_rows}
        mine = [f for f in problems if f.value == source_file or source_file in f.message]
        yield AssetCheckResult(
            asset_key=report_asset_key(source_file), check_name="matches_fingerprint", passed=not mine,
            severity=AssetCheckSeverity.ERROR,
            metadata={"path": MetadataValue.path(str(paths.reports_dir / source_file)), "report_ids": ", ".join(sorted(ids)),
                      "problem": mine[0].message if mine else "-"},
        )


@asset_check(
    asset="publish",
    name="published_warehouse_has_every_mart",
    description="The published DuckDB file opens read-only and holds every mart model of the manifest.",
)
def published_warehouse_has_every_mart(warehouse: WarehouseResource) -> AssetCheckResult:
    paths = warehouse.paths()
    if not warehouse.is_duckdb:
        return AssetCheckResult(passed=True, metadata={"skipped": f"target {warehouse.target}"})
    if not paths.published_db.exists():
        return AssetCheckResult(passed=False, description=f"{paths.published_db} does not exist")
    with duck.connect(paths.published_db) as con:
        missing = [k.to_user_string() for k in MART_KEYS if not duck.exists(con, k.path[0], k.path[-1])]
    return AssetCheckResult(passed=not missing, metadata={"marts_expected": len(MART_KEYS), "missing": ", ".join(missing) or "-"})


GX_CHECK_KEYS = [spec.key for spec in GX_SPECS]
all_asset_checks = [great_expectations_suites, report_fingerprints, published_warehouse_has_every_mart]

__all__ = ["GX_CHECK_KEYS", "all_asset_checks"]
