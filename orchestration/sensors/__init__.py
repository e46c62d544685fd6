"""Sensors: refresh when a seed or report file changes; log every failed run."""


import hashlib
import os
from pathlib import Path

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    JobDefinition,
    RunFailureSensorContext,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    run_failure_sensor,
    sensor,
)

from orchestration.project import REPO_ROOT
from orchestration.resources.warehouse import resolve_paths
from orchestration.sensors.failure_log import append_failure, failure_summary

IN_PROGRESS = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
]


def watched_dirs() -> list[Path]:
    """seeds/ (and SCORECARD_SEEDS_DIR when it points elsewhere) and the reports folder."""
    paths = resolve_paths()
    dirs = [REPO_ROOT / "seeds", paths.seeds_dir, paths.reports_dir]
    return list(dict.fromkeys(d.resolve() for d in dirs))


def _watched(path: Path, root: Path) -> bool:
    # editor swap/backup files and hidden files do not count as a change
    parts = path.relative_to(root).parts
    return path.is_file() and not any(p.startswith(".") for p in parts) and not path.name.endswith("~")


def files_fingerprint(dirs: list[Path]) -> tuple[str, int]:
    """sha256 over (path, mtime_ns, size) of every file under the folders; and the file count."""
    digest = hashlib.sha256()
    count = 0
    for root in dirs:
        digest.update(f"root:{root}\n".encode())
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if _watched(p, root)):
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\t{stat.st_mtime_ns}\t{stat.st_size}\n".encode())
            count += 1
    return digest.hexdigest(), count


def _default_status() -> DefaultSensorStatus:
    off = os.environ.get("SCORECARD_FILE_SENSOR", "").lower() in ("0", "off", "stopped", "false")
    return DefaultSensorStatus.STOPPED if off else DefaultSensorStatus.RUNNING


def build_file_change_sensor(job: JobDefinition):
    @sensor(
        name="seed_or_report_files_changed",
        job=job,
        minimum_interval_seconds=60,
        default_status=_default_status(),
        description=(
            "Starts full_refresh when any file under seeds/ or the reports folder is added, removed or "
            "modified (cursor: sha256 of paths, mtimes and sizes). The first tick only records the state."
        ),
    )
    def seed_or_report_files_changed(context: SensorEvaluationContext):
        fingerprint, count = files_fingerprint(watched_dirs())
        if context.cursor is None:
            return SensorResult(skip_reason=SkipReason(f"baseline recorded ({count} files)"), cursor=fingerprint)
        if context.cursor == fingerprint:
            return SkipReason(f"no change in {count} files")
        running = context.instance.get_runs(RunsFilter(job_name=job.name, statuses=IN_PROGRESS), limit=1)
        if running:
            return SkipReason(f"files changed, but run {running[0].run_id} of {job.name} is in progress; retrying later")
        return SensorResult(
            run_requests=[RunRequest(run_key=f"files-{fingerprint[:16]}", tags={"trigger": "file_change"})],
            cursor=fingerprint,
        )

    return seed_or_report_files_changed


@run_failure_sensor(
    name="log_run_failures",
    default_status=DefaultSensorStatus.RUNNING,
    description="Appends a readable summary of every failed run to warehouse/logs/run_failures.log.",
)
def log_run_failures(context: RunFailureSensorContext):
    summary = failure_summary(context.instance, context.dagster_run.run_id)
    log_path = resolve_paths().failure_log
    if append_failure(log_path, context.dagster_run.run_id, summary):
        context.log.info(f"wrote failure summary of {context.dagster_run.run_id} to {log_path}")


__all__ = ["build_file_change_sensor", "files_fingerprint", "log_run_failures", "watched_dirs"]
