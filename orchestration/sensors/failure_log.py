"""A readable summary of a failed run, appended to ``warehouse/logs/run_failures.log``.

Used by the run-failure sensor (runs launched from the UI, the schedule or the file sensor) and by
``python -m orchestration.run`` (``make run``). One entry per run id.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dagster import DagsterEventType, DagsterInstance


def _step_error_text(event) -> str:
    data = event.event_specific_data
    parts: list[str] = []
    user = getattr(data, "user_failure_data", None)
    if user is not None and user.description:
        parts.append(user.description.strip())
    error = getattr(data, "error", None)
    if error is not None:
        cls = error.cls_name or "Error"
        message = (error.message or "").strip()
        if not parts or (cls != "Failure" and message and message not in parts[0]):
            parts.append(f"{cls}: {message}" if cls not in message else message)
        cause = error.cause
        while cause is not None and not user:
            parts.append(f"caused by {cause.cls_name}: {(cause.message or '').strip()}")
            cause = cause.cause
    return "\n".join(parts) or (event.message or "").strip()


def _planned_steps(instance: DagsterInstance, run) -> set[str]:
    try:
        snapshot = instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)
        return {step.key for step in snapshot.steps}
    except Exception:  # a summary without this line is still useful
        return set()


def failure_summary(instance: DagsterInstance, run_id: str) -> str:
    run = instance.get_run_by_id(run_id)
    job_name = run.job_name if run else "?"
    lines = [
        f"run {run_id} (job {job_name}) FAILED at "
        f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}"
    ]
    records = instance.all_logs(run_id)
    failed_steps, skipped_steps, run_failure, published = [], [], None, None
    started_steps: set[str] = set()
    for record in records:
        event = record.dagster_event
        if event is None:
            continue
        if event.event_type == DagsterEventType.ASSET_MATERIALIZATION and event.asset_key is not None \
                and event.asset_key.to_user_string() == "publish":
            published = event.event_specific_data.materialization.metadata.get("release")
        if event.event_type == DagsterEventType.STEP_START and event.step_key:
            started_steps.add(event.step_key)
        if event.event_type == DagsterEventType.STEP_FAILURE:
            failed_steps.append(event)
        elif event.event_type == DagsterEventType.STEP_SKIPPED:
            skipped_steps.append(event.step_key)
        elif event.event_type == DagsterEventType.RUN_FAILURE:
            run_failure = event
    for event in failed_steps:
        lines.append(f"failed step: {event.step_key}")
        text = _step_error_text(event)
        lines.extend("  " + line for line in text.splitlines())
    if not failed_steps and run_failure is not None:
        lines.append(f"run failure: {(run_failure.message or '').strip()}")
        data = run_failure.event_specific_data
        error = getattr(data, "error", None)
        if error is not None:
            lines.append(f"  {error.cls_name}: {(error.message or '').strip()}")
    not_run = set(skipped_steps) | (_planned_steps(instance, run) - started_steps)
    if not_run:
        lines.append("not run because of the failure: " + ", ".join(sorted(not_run)))
    if published is not None:
        lines.append(f"release {getattr(published, 'value', published)} WAS published before the failure: the "
                     f"published warehouse and exports are that release, together")
    else:
        lines.append("nothing was published: the published warehouse and exports are unchanged (a run publishes "
                     "only when every step before it succeeded, with one atomic switch)")
    return "\n".join(lines)


def append_failure(log_path: Path, run_id: str, summary: str) -> bool:
    """Append the summary unless this run id is already logged. Returns True when written."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    if log_path.exists() and f"run {run_id} " in log_path.read_text(encoding="utf-8", errors="replace"):
        return False
    with open(log_path, "a", encoding="utf-8") as fh:
        fh.write("=" * 100 + "\n" + summary.rstrip() + "\n")
    return True
