"""The Dagster code location: `dagster dev -m orchestration.definitions` (make ui).

Lineage: reports/<file> (external) + seed_validation -> raw/<seed> -> staging/... -> intermediate/...
-> marts/... -> export_* -> publish. One job, ``full_refresh`` (every asset, in-process executor:
DuckDB takes one writer per file), a weekly schedule and two sensors.
"""

from __future__ import annotations

from dagster import AssetSelection, Definitions, define_asset_job, in_process_executor

from orchestration.assets import all_assets
from orchestration.checks import all_asset_checks
from orchestration.resources import build_resources
from orchestration.schedules import weekly_full_refresh_schedule
from orchestration.sensors import build_file_change_sensor, log_run_failures

full_refresh = define_asset_job(
    name="full_refresh",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description=(
        "Validate the seeds (GX), dbt build (seeds, models, tests) into warehouse/.build, write the "
        "exports, then publish atomically. Nothing is published unless every step succeeds."
    ),
)

defs = Definitions(
    assets=all_assets(),
    asset_checks=all_asset_checks,
    jobs=[full_refresh],
    schedules=[weekly_full_refresh_schedule(full_refresh)],
    sensors=[build_file_change_sensor(full_refresh), log_run_failures],
    resources=build_resources(),
    executor=in_process_executor,
)
