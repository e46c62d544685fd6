"""The warehouse resource: where a run builds and publishes (``scorecard.paths``), the dbt target, and
the run lock that keeps one run at a time.

The lock is taken when a run initialises its resources (before any step) and released when the run
ends. A run that finds another run holding it fails at once, naming that process, touching nothing.
A run that finds a dead run's lock marks that run failed in the run history and clears what it left.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator

from dagster import ConfigurableResource, DagsterRunStatus, Failure, InitResourceContext

from scorecard import env, lock, release
from scorecard.paths import REPO_ROOT, WarehousePaths, warehouse_paths

IN_PROGRESS = (DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
               DagsterRunStatus.STARTED)


def clear_stale_run(instance, stale: dict, paths: WarehousePaths) -> list[str]:
    """A run that died (killed, machine restarted): mark it failed in the run history and remove what it
    left (its build area, an interrupted publish). Returns what was done, for the log."""
    done = [f"a previous run died without finishing (pid {stale.get('pid', '?')}, started {stale.get('started_at', '?')})"]
    run_id = stale.get("run_id")
    if run_id and instance is not None:
        run = instance.get_run_by_id(run_id)
        if run is not None and run.status in IN_PROGRESS:
            instance.report_run_failed(run, "marked failed by the next run: the process died before finishing "
                                            "(its run lock was left behind)")
            done.append(f"run {run_id} marked failed in the run history")
    if paths.build_dir.exists():
        shutil.rmtree(paths.build_dir, ignore_errors=True)
        done.append(f"build area {paths.build_dir} cleared")
    for leftover in release.clear_incoming(paths):
        done.append(f"removed {leftover}")
    return done


class WarehouseResource(ConfigurableResource):
    """Build and publish locations of the DuckDB warehouse (environment, see ``scorecard.paths``), the
    dbt target, and the run lock."""

    target: str = "duckdb"

    def paths(self) -> WarehousePaths:
        return warehouse_paths()

    @property
    def is_duckdb(self) -> bool:
        return self.target == "duckdb"

    def setup_for_execution(self, context: InitResourceContext) -> None:
        paths = self.paths()
        run_id = context.run_id or ""
        try:
            stale = lock.acquire(paths.lock_file, command="dagster run", run_id=run_id)
        except lock.RunInProgress as exc:
            raise Failure(description=str(exc)) from None
        if stale:
            for line in clear_stale_run(context.instance, stale, paths):
                context.log.warning(line)

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        lock.release(self.paths().lock_file)

    def start_build(self, from_published: bool = False) -> WarehousePaths:
        """An empty build area for this run; for a partial run (a subset of the dbt assets) it starts
        with a copy of the published database, which the run updates."""
        paths = self.paths()
        shutil.rmtree(paths.build_dir, ignore_errors=True)
        paths.build_dir.mkdir(parents=True, exist_ok=True)
        if from_published and self.is_duckdb and paths.published_db.exists():
            shutil.copy2(paths.published_db.resolve(), paths.build_db)
        return paths

    def prepare_database(self, fresh: bool) -> WarehousePaths:
        """The build database of the dbt build: a fresh build starts from nothing; a partial one from the
        copy of the published database the run started with (made now if the run did not)."""
        paths = self.paths()
        paths.build_dir.mkdir(parents=True, exist_ok=True)
        if fresh or not paths.build_db.exists():
            for suffix in ("", ".wal", ".tmp"):
                stale = paths.build_db.with_name(paths.build_db.name + suffix)
                if stale.is_dir():
                    shutil.rmtree(stale)
                elif stale.exists():
                    stale.unlink()
        if not fresh and not paths.build_db.exists() and self.is_duckdb and paths.published_db.exists():
            shutil.copy2(paths.published_db.resolve(), paths.build_db)
        return paths

    @contextlib.contextmanager
    def dbt_environment(self) -> Iterator[WarehousePaths]:
        """Environment for a dbt build, which runs in this process and reads its profile's ``env_var``
        from ``os.environ``: ``SCORECARD_DUCKDB`` points at the build database (set for the block)."""
        paths = self.paths()
        overrides = {"SCORECARD_DUCKDB": str(paths.build_db), "SCORECARD_TARGET": self.target}
        if self.target == "spark":
            # local Spark (dbt-spark, method: session): its warehouse and metastore beside the build,
            # bound to loopback; the profile's log4j path is relative to the project directory
            overrides.update(
                SCORECARD_SPARK_DIR=str((paths.build_dir / "spark").resolve()),
                SPARK_LOCAL_IP="127.0.0.1",
                DBT_PROJECT_DIR=str(REPO_ROOT),
            )
        with env.overridden(**overrides):
            yield paths
