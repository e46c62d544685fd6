"""Shared test setup: the project's environment, a parsed dbt manifest before the Dagster definitions
load, and one full pipeline run shared by every test that needs a published warehouse.

The manifest is parsed into a session temp folder (``DBT_TARGET_PATH``) and the run publishes into
temp folders, so the tests never touch ``<repo>/target``, ``warehouse/`` or ``exports/`` that a
developer may be using. Without the reports folder (``../shared/reports``, or SCORECARD_REPORTS_DIR)
the shared run is an explicit opt-out run (SCORECARD_UNCHECKED=1) and the tests that need the reports
skip, saying why.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from scorecard import env, paths

env.apply()

ROOT = paths.REPO_ROOT
REPORTS_PRESENT = paths.reports_dir().is_dir()
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def needs_reports() -> Path:
    folder = paths.reports_dir()
    if not folder.is_dir():
        pytest.skip(f"report folder {folder} is absent: provenance cannot be checked (set SCORECARD_REPORTS_DIR)")
    return folder


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    return needs_reports()


@pytest.fixture(scope="session")
def session_warehouse_dir(tmp_path_factory) -> Path:
    """Where pipeline tests put the published warehouse (SCORECARD_DUCKDB=<this>/scorecard.duckdb)."""
    return tmp_path_factory.mktemp("warehouse")


@pytest.fixture(scope="session")
def dbt_target_dir(tmp_path_factory, session_warehouse_dir) -> Path:
    """``dbt parse`` into a session temp folder; returns that folder (holds manifest.json). The parse
    sees the profile of the pipeline tests' build database, so dbt's partial parse stays valid when
    they run ``dbt build``."""
    from orchestration.project import parse

    target = tmp_path_factory.mktemp("dbt_target")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DBT_TARGET_PATH", str(target))
        mp.setenv("DBT_LOG_PATH", str(target))
        mp.setenv("SCORECARD_DUCKDB", str(session_warehouse_dir / "scorecard.duckdb"))
        parse(force=True)
    return target


@pytest.fixture
def project(dbt_target_dir, monkeypatch):
    """``orchestration.project`` (dbt in this process) on the session's parse: its target folder.
    (tests/test_incremental.py has a ``project`` of its own: a copy of the repository.)"""
    from orchestration import project

    monkeypatch.setenv("DBT_TARGET_PATH", str(dbt_target_dir))
    return project


@pytest.fixture(scope="session")
def dbt_manifest(dbt_target_dir: Path) -> Path:
    return dbt_target_dir / "manifest.json"


@pytest.fixture(scope="session")
def dagster_defs(dbt_target_dir: Path):
    """The loaded ``orchestration.definitions.defs`` (manifest from the session parse)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DBT_TARGET_PATH", str(dbt_target_dir))
        from orchestration import project

        if "orchestration.definitions" not in sys.modules:
            project.get_dbt_project.cache_clear()
        from orchestration.definitions import defs
    return defs


@pytest.fixture(scope="session")
def pipeline_env(session_warehouse_dir, dbt_target_dir, tmp_path_factory) -> dict[str, str]:
    """The environment of the shared run (the published warehouse and exports in temp folders)."""
    base = tmp_path_factory.mktemp("pipeline")
    run_env = {
        "SCORECARD_DUCKDB": str(session_warehouse_dir / "scorecard.duckdb"),
        "SCORECARD_EXPORTS_DIR": str(base / "exports"),
        "DBT_TARGET_PATH": str(dbt_target_dir),  # the build writes into a subfolder; reuses the parse
        "SCORECARD_GX_DATA_DOCS": "0",
    }
    if not REPORTS_PRESENT:
        run_env["SCORECARD_UNCHECKED"] = "1"
    return run_env


@pytest.fixture(scope="session")
def full_run(dagster_defs, pipeline_env):
    """One full run of the `full_refresh` job (validate, dbt build with every test, exports, publish)
    into temp paths, shared by the tests that need a published warehouse and exports. The env overrides
    apply only while the job runs; tests that run the job again set them themselves."""
    from dagster import DagsterInstance

    instance = DagsterInstance.ephemeral()
    job = dagster_defs.resolve_job_def("full_refresh")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in pipeline_env.items():
            mp.setenv(key, value)
        for key in ("SCORECARD_SEEDS_DIR", "SCORECARD_BUILD_DIR", "SCORECARD_LOGS_DIR"):
            mp.delenv(key, raising=False)
        started = time.monotonic()
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET_RUN_CONFIG)
        elapsed = time.monotonic() - started
    yield {"env": pipeline_env, "instance": instance, "job": job, "defs": dagster_defs,
           "result": result, "elapsed": elapsed}
    instance.dispose()


@pytest.fixture(scope="session")
def published_warehouse(full_run) -> Path:
    """The DuckDB file the full run published (fails the test if the run failed)."""
    if not full_run["result"].success:
        pytest.fail("the full pipeline run failed; see tests/test_pipeline.py for its failure text")
    return Path(full_run["env"]["SCORECARD_DUCKDB"])


@pytest.fixture(scope="session")
def published_exports(full_run, published_warehouse) -> Path:
    return Path(full_run["env"]["SCORECARD_EXPORTS_DIR"])


os.environ.setdefault("SCORECARD_FILE_SENSOR", "off")


@pytest.fixture(scope="session")
def warehouse(published_warehouse) -> Path:
    """The warehouse of the session's full pipeline run; SCORECARD_TEST_DUCKDB points the export tests
    at another one."""
    reuse = os.environ.get("SCORECARD_TEST_DUCKDB")
    return Path(reuse) if reuse else published_warehouse


@pytest.fixture(scope="session")
def exports(warehouse, tmp_path_factory):
    """Every export (exporters.EXPORTERS) written again from the session's warehouse into a temp folder:
    (folder, {exporter name: files written}, seconds taken)."""
    from exporters import EXPORTERS

    out = tmp_path_factory.mktemp("exports")
    written, start = {}, time.perf_counter()
    for name, export in EXPORTERS.items():
        written[name] = export(warehouse, out)
    return out, written, time.perf_counter() - start
