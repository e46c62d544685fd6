"""Run the whole pipeline headless: ``python -m orchestration.run`` (what ``make run`` calls).

Re-parses the dbt project, loads the Dagster definitions and executes the ``full_refresh`` job
in-process against the instance in ``DAGSTER_HOME`` (so the run shows in ``make ui``), then prints a
short summary. Exit code 0 when the run succeeded and everything was published, 1 when it failed
(the failure summary is printed and appended to warehouse/logs/run_failures.log), 2 when the dbt
project could not even be parsed.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

from orchestration.project import REPO_ROOT

QUIET_ENV = {
    "DO_NOT_TRACK": "1",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "DAGSTER_DISABLE_TELEMETRY": "1",
    "DBT_PROFILES_DIR": str(REPO_ROOT),
    "DBT_PROJECT_DIR": str(REPO_ROOT),
}


def _metadata_value(metadata, key, default=None):
    entry = metadata.get(key)
    if entry is None:
        return default
    return getattr(entry, "value", entry)


def _print_success_summary(result, paths, elapsed: float) -> None:
    from orchestration.warehouse_db import figures_captured, reconciliation_counts, tables_per_schema

    materializations = result.get_asset_materialization_events()
    by_key = {}
    for event in materializations:
        mat = event.event_specific_data.materialization
        by_key[mat.asset_key.to_user_string()] = mat.metadata
    checks = result.get_asset_check_evaluations()
    passed = sum(1 for c in checks if c.passed)
    failed = [c for c in checks if not c.passed]

    print("")
    print(f"full_refresh succeeded in {elapsed:.0f}s (run {result.run_id})")
    validation = by_key.get("seed_validation", {})
    if validation:
        docs = _metadata_value(validation, "data_docs")
        print(
            f"  GX validation:      {_metadata_value(validation, 'suites', 0)} suites, "
            f"{_metadata_value(validation, 'expectations', 0)} expectations, "
            f"{_metadata_value(validation, 'blocking_failures', 0)} blocking / "
            f"{_metadata_value(validation, 'warnings', 0)} non-blocking findings"
            + (f"; data docs: {docs}" if docs else "")
        )
    per_schema = tables_per_schema(paths.published_db) if paths.published_db.exists() else {}
    if per_schema:
        print("  tables+views built: " + ", ".join(f"{schema} {n}" for schema, n in per_schema.items()))
    else:
        groups = Counter(key.split("/")[0] for key in by_key if "/" in key)
        print("  assets built:       " + ", ".join(f"{g} {n}" for g, n in sorted(groups.items())))
    print(f"  dbt tests / checks: {passed} passed, {len(failed)} failed")
    for check in failed[:10]:
        print(f"    - FAILED {check.asset_key.to_user_string()}:{check.check_name}")
    reconciliation = reconciliation_counts(paths.published_db)
    if reconciliation is not None:
        print("  reconciliation:     " + ", ".join(f"{status} {n}" for status, n in reconciliation.items()))
    captured = figures_captured(paths.published_db)
    if captured is not None:
        printed = sum(r[2] for r in captured)
        print(f"  figures captured:   {printed} printed, {sum(r[3] for r in captured)} unavailable as printed, "
              f"{sum(r[4] for r in captured)} derived (marts.mart_capture_summary)")
        print(f"    {'report / table':<58} {'printed':>7} {'n/a':>5} {'derived':>7}")
        for report_id in dict.fromkeys(r[0] for r in captured):
            rows = [r for r in captured if r[0] == report_id]
            print(f"    {report_id:<58} {sum(r[2] for r in rows):>7} {sum(r[3] for r in rows):>5} {sum(r[4] for r in rows):>7}")
            for _, table, p, u, d in rows:
                print(f"      {table:<56} {p:>7} {u:>5} {d:>7}")
    files = sum(int(_metadata_value(md, "files_written", 0) or 0) for key, md in by_key.items() if key.startswith("export_"))
    print(f"  files written:      {files}")
    print(f"  warehouse:          {paths.published_db}")
    print(f"  exports:            {paths.published_exports}")


def main(argv: list[str] | None = None) -> int:
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DAGSTER_HOME", str(REPO_ROOT / ".dagster_home"))
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")

    from orchestration.project import prepare_manifest

    started = time.monotonic()
    try:
        prepare_manifest()
    except Exception as exc:  # noqa: BLE001 - report and stop
        print(f"dbt parse failed, nothing was run or published:\n{exc}")
        return 2

    from dagster import DagsterInstance

    from orchestration.definitions import defs
    from orchestration.resources.warehouse import resolve_paths
    from orchestration.sensors.failure_log import append_failure, failure_summary

    job = defs.resolve_job_def("full_refresh")
    paths = resolve_paths()
    with DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={"trigger": "make run"},
            run_config={"loggers": {"console": {"config": {"log_level": os.environ.get("SCORECARD_LOG_LEVEL", "INFO")}}}},
        )
        elapsed = time.monotonic() - started
        if result.success:
            _print_success_summary(result, paths, elapsed)
            return 0
        summary = failure_summary(instance, result.run_id)
        append_failure(paths.failure_log, result.run_id, summary)
        print("")
        print(f"full_refresh FAILED after {elapsed:.0f}s")
        print(summary)
        print(f"(also written to {paths.failure_log})")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
