"""Schedules: a weekly full refresh."""

from __future__ import annotations

from dagster import DefaultScheduleStatus, JobDefinition, ScheduleDefinition


def weekly_full_refresh_schedule(job: JobDefinition) -> ScheduleDefinition:
    return ScheduleDefinition(
        name="weekly_full_refresh",
        job=job,
        cron_schedule="0 6 * * 1",  # Monday 06:00
        execution_timezone="Europe/London",
        default_status=DefaultScheduleStatus.STOPPED,
        description="Rebuild, validate, export and publish the warehouse every Monday at 06:00 (London).",
    )
