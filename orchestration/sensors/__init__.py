"""Sensors: refresh when the inputs change; log every failed run.

``inputs_changed`` starts ``full_refresh`` when the published warehouse is no longer current (the same
test ``make run`` uses: ``scorecard.freshness``): a seed, a report text, a model or macro, the code or
the pinned environment changed since the published release. It does not start a run while one is in
progress, and it requests each change once (the cursor is the inputs' fingerprint).
"""

import hashlib
import json
import os

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    JobDefinition,
    RunFailureSensorContext,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SkipReason,
    run_failure_sensor,
    sensor,
)

from orchestration.sensors.failure_log import append_failure, failure_summary
from scorecard import freshness
from scorecard.paths import warehouse_paths

IN_PROGRESS = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]
SENSOR_ENV = "SCORECARD_FILE_SENSOR"


def _default_status() -> DefaultSensorStatus:
    off = os.environ.get(SENSOR_ENV, "").lower() in ("0", "off", "stopped", "false")
    return DefaultSensorStatus.STOPPED if off else DefaultSensorStatus.RUNNING


def inputs_key(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]


def build_inputs_sensor(job: JobDefinition):
    @sensor(
        name="inputs_changed",
        job=job,
        minimum_interval_seconds=60,
        default_status=_default_status(),
        description=(
            "Starts full_refresh when the published warehouse is no longer current: a seed, a report text, a model "
            "or macro, the pipeline's code or its pinned environment changed since the published release. On by "
            f"default (so a new report goes in without anyone starting a run); {SENSOR_ENV}=off starts it stopped."
        ),
    )
    def inputs_changed(context: SensorEvaluationContext):
        state = freshness.check(warehouse_paths())
        if state.current:
            return SkipReason(state.message())
        key = inputs_key(state.inputs)
        if context.cursor == key:
            return SkipReason(f"{state.message()}; a run for these inputs was already requested")
        running = context.instance.get_runs(RunsFilter(job_name=job.name, statuses=IN_PROGRESS), limit=1)
        if running:
            return SkipReason(f"{state.message()}; run {running[0].run_id} is in progress, retrying later")
        from orchestration.selection import run_selection

        selection, why = run_selection(state)
        context.update_cursor(key)
        return RunRequest(run_key=f"inputs-{key}", asset_selection=selection,
                          tags={"trigger": "inputs_changed", "changed": ",".join(state.changed), "scope": why[:200]})

    return inputs_changed


@run_failure_sensor(
    name="log_run_failures",
    default_status=DefaultSensorStatus.RUNNING,
    description="Appends a readable summary of every failed run to warehouse/logs/run_failures.log (on by default).",
)
def log_run_failures(context: RunFailureSensorContext):
    summary = failure_summary(context.instance, context.dagster_run.run_id)
    log_path = warehouse_paths().failure_log
    if append_failure(log_path, context.dagster_run.run_id, summary):
        context.log.info(f"wrote failure summary of {context.dagster_run.run_id} to {log_path}")


__all__ = ["build_inputs_sensor", "log_run_failures"]
