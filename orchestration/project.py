"""The dbt project as Dagster sees it: one cached ``DbtProject`` for the repository root, and its
manifest, parsed only when it is not current.

The dbt project lives at the repository root (``dbt_project.yml``, models under ``dbt_project/``) and
its profile is kept in the repo too (``profiles.yml``). ``DBT_TARGET_PATH`` moves the artifacts
folder (default ``./target``). ``dbt parse`` runs when the manifest is missing or was parsed from
other inputs (the dbt project, the seeds and their declarations, the dbt target and the settings
models read): a stamp beside the manifest records the fingerprint it was parsed from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

from dagster_dbt import DbtProject

from scorecard import env, paths
from scorecard.fingerprint import SETTINGS, tree

STAMP = "scorecard_parse.json"


class ParseError(RuntimeError):
    """dbt could not parse the project; the message is dbt's own output."""


def dbt_executable() -> str:
    """The dbt next to this interpreter (``.venv/bin/dbt``) when the venv is not activated."""
    local = Path(sys.executable).parent / "dbt"
    if local.exists():
        return str(local)
    return shutil.which("dbt") or "dbt"


def _parse_inputs() -> str:
    """What the manifest depends on: the dbt files, the seeds folder dbt reads, target and settings."""
    digest = hashlib.sha256()
    for root in ([paths.DBT_PROJECT_FILE, paths.REPO_ROOT / "profiles.yml", paths.DBT_DIR], [paths.SEEDS_DIR]):
        digest.update(tree(root, paths.REPO_ROOT)[0].encode())
    digest.update(paths.dbt_target_name().encode())
    for key in SETTINGS:
        digest.update(f"{key}={os.environ.get(key, '')}".encode())
    return digest.hexdigest()


def manifest_is_current() -> bool:
    target = paths.dbt_target_path()
    try:
        stamp = json.loads((target / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (target / "manifest.json").exists() and stamp.get("inputs") == _parse_inputs()


def parse(force: bool = False) -> Path:
    """``dbt parse`` unless the manifest is current; returns the manifest path. Parses with the dbt
    profile the build uses (the build database), so dbt's partial parsing stays valid for the build."""
    env.apply()
    target = paths.dbt_target_path()
    manifest = target / "manifest.json"
    if not force and manifest_is_current():
        return manifest
    inputs = _parse_inputs()
    proc = subprocess.run(
        [dbt_executable(), "parse", "--quiet", "--target", paths.dbt_target_name()],
        cwd=paths.REPO_ROOT, capture_output=True, text=True,
        env={**os.environ, "SCORECARD_DUCKDB": str(paths.warehouse_paths().build_db)},
    )
    if proc.returncode != 0 or not manifest.exists():
        raise ParseError((proc.stdout + proc.stderr).strip() or f"dbt parse exited {proc.returncode}")
    (target / STAMP).write_text(json.dumps({"inputs": inputs}), encoding="utf-8")
    return manifest


@cache
def get_dbt_project() -> DbtProject:
    """The cached ``DbtProject``, its manifest parsed first when it is not current. When the parse
    fails but an earlier manifest exists (a seed the gate will refuse), the definitions load from that
    one and the run's gate reports the problem; with no manifest at all the error is raised."""
    try:
        parse()
    except ParseError:
        if not (paths.dbt_target_path() / "manifest.json").exists():
            raise
    return DbtProject(project_dir=paths.REPO_ROOT, profiles_dir=paths.REPO_ROOT, target_path=paths.dbt_target_path())
