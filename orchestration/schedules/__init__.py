"""Schedules: a weekly refresh, when something changed.

``weekly_full_refresh`` is off by default (DefaultScheduleStatus.STOPPED): the ``inputs_changed``
sensor already starts a run whenever an input changes, so the schedule is a backstop an officer turns
on in the UI. When it fires and the published warehouse is current, it skips (the same test as
``make run`` and the sensor) and says so.
"""

from dagster import DefaultScheduleStatus, JobDefinition, RunRequest, ScheduleEvaluationContext, SkipReason, schedule

from scorecard import freshness
from scorecard.paths import warehouse_paths


def weekly_full_refresh_schedule(job: JobDefinition):
    @schedule(
        name="weekly_full_refresh",
        job=job,
        cron_schedule="0 6 * * 1",  # Monday 06:00
        execution_timezone="Europe/London",
        default_status=DefaultScheduleStatus.STOPPED,
        description=("Every Monday at 06:00 (London), rebuild, validate, export and publish when any input changed "
                     "since the published release; skips when it is current. Off by default: the inputs_changed "
                     "sensor already refreshes on every change."),
    )
    def weekly_full_refresh(context: ScheduleEvaluationContext):
        state = freshness.check(warehouse_paths())
        if state.current:
            return SkipReason(state.message())
        from orchestration.selection import run_selection

        selection, why = run_selection(state)
        return RunRequest(asset_selection=selection,
                          tags={"trigger": "weekly_full_refresh", "changed": ",".join(state.changed), "scope": why[:200]})

    return weekly_full_refresh
