"""Shared test setup: quiet tools, and a parsed dbt manifest before the Dagster definitions load.

The manifest is written into a session temp folder (``DBT_TARGET_PATH`` for the parse only), so the
tests never touch ``<repo>/target`` that a developer may be using.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

QUIET_ENV = {
    "DO_NOT_TRACK": "1",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "DAGSTER_DISABLE_TELEMETRY": "1",
    "DBT_PROFILES_DIR": str(ROOT),
}
for _key, _value in QUIET_ENV.items():
    os.environ.setdefault(_key, _value)

QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def dbt_executable() -> str:
    local = Path(sys.executable).parent / "dbt"
    return str(local) if local.exists() else "dbt"


@pytest.fixture(scope="session")
def session_warehouse_dir(tmp_path_factory) -> Path:
    """Where pipeline tests put the published warehouse (SCORECARD_DUCKDB=<this>/scorecard.duckdb)."""
    return tmp_path_factory.mktemp("warehouse")


@pytest.fixture(scope="session")
def dbt_target_dir(tmp_path_factory, session_warehouse_dir) -> Path:
    """`dbt parse` into a session temp folder; returns that folder (holds manifest.json).

    The parse sees the profile of the pipeline tests' build database (<warehouse>/.build/), so
    dbt's partial parse stays valid when they run `dbt build`."""
    target = tmp_path_factory.mktemp("dbt_target")
    env = {
        **os.environ,
        **QUIET_ENV,
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target),
        "SCORECARD_DUCKDB": str(session_warehouse_dir / ".build" / "scorecard.duckdb"),
    }
    proc = subprocess.run(
        [dbt_executable(), "parse", "--quiet", "--target", os.environ.get("SCORECARD_TARGET") or "duckdb"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0 or not (target / "manifest.json").exists():
        pytest.fail(f"dbt parse failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return target


@pytest.fixture(scope="session")
def dbt_manifest(dbt_target_dir: Path) -> Path:
    return dbt_target_dir / "manifest.json"


@pytest.fixture(scope="session")
def dagster_defs(dbt_target_dir: Path):
    """The loaded ``orchestration.definitions.defs`` (manifest from the session parse)."""
    saved = os.environ.get("DBT_TARGET_PATH")
    os.environ["DBT_TARGET_PATH"] = str(dbt_target_dir)
    try:
        from orchestration import project

        if "orchestration.definitions" not in sys.modules:
            project.get_dbt_project.cache_clear()
        from orchestration.definitions import defs
    finally:
        if saved is None:
            os.environ.pop("DBT_TARGET_PATH", None)
        else:
            os.environ["DBT_TARGET_PATH"] = saved
    return defs


@pytest.fixture(scope="session")
def full_run(dagster_defs, dbt_target_dir, session_warehouse_dir, tmp_path_factory):
    """One full run of the `full_refresh` job (validate, dbt build with every test, exports, publish)
    into temp paths, shared by the tests that need a published warehouse and exports. The env overrides
    apply only while the job runs; tests that run the job again set them themselves."""
    from dagster import DagsterInstance

    base = tmp_path_factory.mktemp("pipeline")
    env = {
        "SCORECARD_DUCKDB": str(session_warehouse_dir / "scorecard.duckdb"),
        "SCORECARD_EXPORTS_DIR": str(base / "exports"),
        "DBT_TARGET_PATH": str(dbt_target_dir),  # dbt runs go in subfolders; reuses the partial parse
    }
    instance = DagsterInstance.ephemeral()
    job = dagster_defs.resolve_job_def("full_refresh")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        for key in ("SCORECARD_SEEDS_DIR", "SCORECARD_BUILD_DIR", "SCORECARD_LOGS_DIR"):
            mp.delenv(key, raising=False)
        started = time.monotonic()
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET_RUN_CONFIG)
        elapsed = time.monotonic() - started
    yield {"base": base, "env": env, "instance": instance, "job": job, "defs": dagster_defs,
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
