"""The dbt project as Dagster sees it: one cached ``DbtProject`` for the repository root.

The dbt project lives at the repository root (``dbt_project.yml``, models under ``dbt_project/``) and
its profile is kept in the repo too (``profiles.yml``). ``DBT_TARGET_PATH`` moves the artifacts
folder (default ``./target``); the manifest is read from there when the definitions load.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from functools import lru_cache
from pathlib import Path

from dagster_dbt import DbtProject

REPO_ROOT = Path(__file__).resolve().parents[1]


def dbt_executable() -> str:
    """The dbt next to this interpreter (``.venv/bin/dbt``) when the venv is not activated."""
    local = Path(sys.executable).parent / "dbt"
    if local.exists():
        return str(local)
    return shutil.which("dbt") or "dbt"


def _put_interpreter_bin_on_path() -> None:
    # dagster-dbt's manifest preparer runs plain `dbt`; `make run` calls .venv/bin/python without
    # activating the venv, so make sure the venv's bin folder is on PATH.
    bin_dir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if (Path(bin_dir) / "dbt").exists() and bin_dir not in path.split(os.pathsep):
        os.environ["PATH"] = bin_dir + (os.pathsep + path if path else "")


_put_interpreter_bin_on_path()


def dbt_target_path() -> Path:
    """Where dbt writes its artifacts (``DBT_TARGET_PATH``, default ``<repo>/target``)."""
    raw = os.environ.get("DBT_TARGET_PATH") or "target"
    path = Path(raw)
    return path if path.is_absolute() else REPO_ROOT / path


def dbt_target_name() -> str:
    """The dbt target (profiles.yml output): SCORECARD_TARGET, default duckdb."""
    return os.environ.get("SCORECARD_TARGET") or "duckdb"


@contextlib.contextmanager
def _parse_environment():
    """Parse with the dbt profile the build will use (SCORECARD_DUCKDB = the build database), so
    dbt's partial parsing stays valid for `dbt build` instead of re-parsing the whole project."""
    from orchestration.resources.warehouse import resolve_paths

    saved = os.environ.get("SCORECARD_DUCKDB")
    os.environ["SCORECARD_DUCKDB"] = str(resolve_paths().build_db)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SCORECARD_DUCKDB", None)
        else:
            os.environ["SCORECARD_DUCKDB"] = saved


@lru_cache(maxsize=None)
def get_dbt_project() -> DbtProject:
    """The cached ``DbtProject``; under ``dagster dev`` the manifest is re-parsed on load.

    Outside ``dagster dev`` a missing manifest is parsed once too, so the definitions always load
    on a fresh checkout (``make run`` re-parses explicitly before loading them).
    """
    project = DbtProject(
        project_dir=REPO_ROOT,
        profiles_dir=REPO_ROOT,
        target_path=dbt_target_path(),
        # the same --target as `dbt build` (dbt's partial-parse check hashes the CLI target)
        prepare_project_cli_args=["parse", "--quiet", "--target", dbt_target_name()],
    )
    with _parse_environment():
        project.prepare_if_dev()
        if not project.manifest_path.exists():
            project.preparer.prepare(project)
    return project


def prepare_manifest() -> Path:
    """Run ``dbt parse`` now (whatever the environment) and return the manifest path."""
    project = get_dbt_project()
    with _parse_environment():
        project.preparer.prepare(project)
    return project.manifest_path
