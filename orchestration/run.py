"""Run the pipeline headless: ``python -m orchestration.run [--force]`` (what ``make run`` calls).

1. Take the run lock (another run in progress: say which, exit 3, touch nothing; a dead run's lock:
   mark that run failed and clear its leftovers).
2. When the published release was built from exactly today's inputs, say so and stop (exit 0);
   ``--force`` rebuilds anyway.
3. The gate's file checks (declarations, structure, provenance, report fingerprints), before dbt
   parses anything: a finding stops the run here (exit 1), naming file, row and column.
4. The dbt manifest (the one the last parse saved when nothing dbt reads changed, else ``dbt parse`` in
   this process), then the Dagster job ``full_refresh`` in-process (its dbt build starts from that
   manifest) against the instance in ``DAGSTER_HOME`` (so the run shows in ``make ui``), and a summary.

Exit codes: 0 published (or already current), 1 failed (nothing published; the summary is also
appended to warehouse/logs/run_failures.log), 2 the dbt project could not be parsed, 3 another run is
in progress.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections import Counter

from scorecard import env, freshness, lock
from scorecard.paths import WarehousePaths, warehouse_paths


def _metadata_value(metadata, key, default=None):
    entry = metadata.get(key)
    if entry is None:
        return default
    return getattr(entry, "value", entry)


def _print_success_summary(result, paths: WarehousePaths, elapsed: float) -> None:
    from orchestration.summary import figures_captured, reconciliation_counts
    from scorecard.duck import tables_per_schema

    by_key = {}
    for event in result.get_asset_materialization_events():
        mat = event.event_specific_data.materialization
        by_key[mat.asset_key.to_user_string()] = mat.metadata
    checks = result.get_asset_check_evaluations()
    failed = [c for c in checks if not c.passed]

    print("")
    print(f"full_refresh succeeded in {elapsed:.0f}s (run {result.run_id})")
    validation = by_key.get("seed_validation", {})
    if validation:
        print(f"  validation:         {_metadata_value(validation, 'suites', 0)} suites, "
              f"{_metadata_value(validation, 'expectations', 0)} expectations, "
              f"{_metadata_value(validation, 'blocking_findings', 0)} blocking / "
              f"{_metadata_value(validation, 'informational_findings', 0)} non-blocking findings")
        print(f"  provenance:         {_metadata_value(validation, 'provenance', '?')}")
    published = by_key.get("publish", {})
    if not published:
        print("  published:          nothing (no publish step in this run)")
        return
    print(f"  published:          release {_metadata_value(published, 'release')} "
          f"(database and exports together, DuckDB storage {_metadata_value(published, 'storage_version')})")
    per_schema = tables_per_schema(paths.published_db)
    if per_schema:
        print("  tables+views:       " + ", ".join(f"{schema} {n}" for schema, n in per_schema.items()))
    else:
        groups = Counter(key.split("/")[0] for key in by_key if "/" in key)
        print("  assets built:       " + ", ".join(f"{g} {n}" for g, n in sorted(groups.items())))
    print(f"  dbt tests / checks: {len(checks) - len(failed)} passed, {len(failed)} failed")
    for check in failed[:10]:
        print(f"    - FAILED {check.asset_key.to_user_string()}:{check.check_name}")
    reconciliation = reconciliation_counts(paths.published_db)
    if reconciliation is not None:
        print("  reconciliation:     " + ", ".join(f"{status} {n}" for status, n in reconciliation.items()))
    captured = figures_captured(paths.published_db)
    if captured is not None:
        print(f"  figures captured:   {sum(r[2] for r in captured)} printed, {sum(r[3] for r in captured)} unavailable "
              f"as printed, {sum(r[4] for r in captured)} derived (marts.mart_capture_summary)")
        print(f"    {'report / table':<58} {'printed':>7} {'n/a':>5} {'derived':>7}")
        for report_id in dict.fromkeys(r[0] for r in captured):
            rows = [r for r in captured if r[0] == report_id]
            print(f"    {report_id:<58} {sum(r[2] for r in rows):>7} {sum(r[3] for r in rows):>5} {sum(r[4] for r in rows):>7}")
            for _, table, p, u, d in rows:
                print(f"      {table:<56} {p:>7} {u:>5} {d:>7}")
    files = sum(int(_metadata_value(md, "files_written", 0) or 0) for key, md in by_key.items() if key.startswith("exports/"))
    print(f"  files written:      {files}")
    print(f"  warehouse:          {paths.published_db}")
    print(f"  exports:            {paths.published_exports}")


def _fail(paths: WarehousePaths, run_id: str, summary: str, elapsed: float) -> int:
    from orchestration.sensors.failure_log import append_failure

    append_failure(paths.failure_log, run_id, summary)
    print("")
    print(f"full_refresh FAILED after {elapsed:.0f}s")
    print(summary)
    print(f"(also written to {paths.failure_log})")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when the published warehouse is current")
    args = parser.parse_args(argv)
    # dbt and Dagster allocate millions of short-lived objects: at Python's default (a collection every
    # 700 allocations) the cyclic collector ran about 3,000 times a run, 2.5 s; every 20,000 it costs
    # about 1 s, at the same peak memory
    gc.set_threshold(20_000, *gc.get_threshold()[1:])
    env.apply()
    started = time.monotonic()
    paths = warehouse_paths()
    try:
        stale = lock.acquire(paths.lock_file, command="make run")
    except lock.RunInProgress as exc:
        print(exc)
        return 3
    try:
        return _run(paths, stale, args.force, started)
    finally:
        lock.release(paths.lock_file)


def _run(paths: WarehousePaths, stale: dict | None, force: bool, started: float) -> int:
    if stale:
        from dagster import DagsterInstance

        from orchestration.resources.warehouse import clear_stale_run

        with DagsterInstance.get() as instance:
            for line in clear_stale_run(instance, stale, paths):
                print(line)

    state = freshness.check(paths)
    if state.current and not force:
        print(f"{state.message()}: nothing to do (make run FORCE=1 rebuilds anyway)")
        print(f"  warehouse: {paths.published_db}\n  exports:   {paths.published_exports}")
        return 0
    print(state.message() if not force else "rebuilding everything (--force)")

    from expectations import gate
    from expectations.findings import describe

    checked = gate.run(paths.seeds_dir, paths.reports_dir)
    if not checked.success:
        header = (f"the gate stopped the run before dbt parsed anything: {len(checked.blocking)} blocking finding(s) "
                  f"in {len({f.file for f in checked.blocking})} file(s)")
        summary = describe(checked.blocking, header) + (
            "\nnothing was published: the published warehouse and exports are unchanged")
        return _fail(paths, "(before the Dagster run)", summary, time.monotonic() - started)

    from orchestration.project import ParseError, parsed_manifest

    try:
        parsed_manifest()  # kept in memory: the dbt build below starts from it
    except ParseError as exc:
        print(f"dbt parse failed, nothing was run or published:\n{exc}")
        return 2

    from dagster import DagsterInstance

    from orchestration.definitions import defs
    from orchestration.selection import run_selection
    from orchestration.sensors.failure_log import failure_summary

    job = defs.resolve_job_def("full_refresh")
    selection, why = run_selection(state, force)
    print(f"building {why}")
    with DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            asset_selection=selection,
            tags={"trigger": "make run", "changed": ",".join(state.changed), "scope": "full" if selection is None else "partial"},
            run_config={"loggers": {"console": {"config": {"log_level": os.environ.get("SCORECARD_LOG_LEVEL", "INFO")}}}},
        )
        elapsed = time.monotonic() - started
        if result.success:
            _print_success_summary(result, paths, elapsed)
            return 0
        return _fail(paths, result.run_id, failure_summary(instance, result.run_id), elapsed)


def exit_now(code: int) -> None:
    """End the command without tearing the interpreter down: freeing the objects of Dagster, dbt and
    pandas one by one at exit took about 1.5 s, a tenth of a run. Everything the run writes is closed
    by then (databases, the release, Dagster's event log); the exit handlers still run (logging's
    flush among them) and the output is flushed."""
    import atexit

    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main(sys.argv[1:]))
