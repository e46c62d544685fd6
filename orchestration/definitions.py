"""The Dagster code location: `dagster dev -m orchestration.definitions` (make ui).

Lineage: report_files/<file> (external) -> seed_validation (the gate) -> raw/<seed> -> staging/... ->
intermediate/... -> marts/... -> exports/<exposure> -> publish. One job, ``full_refresh`` (in-process
executor: DuckDB takes one writer per file), a weekly schedule (off by default) and two sensors (on).
"""

from __future__ import annotations

from dagster import AssetSelection, Definitions, define_asset_job, in_process_executor

from orchestration.assets import all_assets
from orchestration.checks import GX_CHECK_KEYS, all_asset_checks
from orchestration.resources import build_resources
from orchestration.schedules import weekly_full_refresh_schedule
from orchestration.sensors import build_inputs_sensor, log_run_failures
from scorecard import env

env.apply()

full_refresh = define_asset_job(
    name="full_refresh",
    # the gate records every seed's Great Expectations check itself, before the seeds load
    selection=AssetSelection.all() - AssetSelection.checks(*GX_CHECK_KEYS),
    executor_def=in_process_executor,
    description=(
        "Validate the seeds (the gate), dbt build (seeds, models, tests) into the build area, write the exports, "
        "then publish them together as one release. Nothing is published unless every step succeeds; "
        "one run at a time."
    ),
)

defs = Definitions(
    assets=all_assets(),
    asset_checks=all_asset_checks,
    jobs=[full_refresh],
    schedules=[weekly_full_refresh_schedule(full_refresh)],
    sensors=[build_inputs_sensor(full_refresh), log_run_failures],
    resources=build_resources(),
    executor=in_process_executor,
)
