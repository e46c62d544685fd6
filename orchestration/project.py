"""The dbt project as Dagster sees it: one cached ``DbtProject`` for the repository root, and its
manifest, parsed only when it is not current.

The dbt project lives at the repository root (``dbt_project.yml``, models under ``dbt_project/``) and
its profile is kept in the repo too (``profiles.yml``). ``DBT_TARGET_PATH`` moves the artifacts
folder (default ``./target``). ``dbt parse`` runs when the manifest is missing or was parsed from
other inputs (the dbt project, the seeds and their declarations, the dbt target and the settings
models read): a stamp beside the manifest records the fingerprint it was parsed from.

dbt runs inside the calling process (dbt's programmatic API, ``dbtRunner``): no interpreter start or
imports per command, and a build starts from the parsed ``Manifest`` instead of parsing again (the
object is kept in memory, and saved beside manifest.json for the next process). dbt-duckdb keeps its
database open after a command; ``invoke`` closes it, so the process can open the file again and
another process can take the write lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from dagster_dbt import DbtProject

from scorecard import env, paths
from scorecard.fingerprint import SETTINGS, tree

STAMP = "scorecard_parse.json"
# the parsed Manifest object, saved beside manifest.json: a new process loads it in a tenth of a second
# instead of parsing again (partially, about 1.5 s), when its key matches (see _manifest_key)
SAVED_MANIFEST = "scorecard_manifest.pickle"

# the manifest this process parsed or loaded last, with its key
_PARSED: dict[str, Any] = {}


class ParseError(RuntimeError):
    """dbt could not parse the project; the message is dbt's own error output."""


def close_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open for the process after a command (its connection
    manager holds one environment per process, dbt-duckdb 1.11)."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter only
        return
    with DuckDBConnectionManager._LOCK:
        environment, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None
        if environment is not None:
            environment.close()


def invoke(args: list[str], *, callbacks: tuple = (), manifest: Any = None):
    """One dbt command in this process; with ``manifest`` (a parsed ``Manifest``) dbt does not parse.
    Returns dbt's ``dbtRunnerResult`` (``success``, ``result``, ``exception``)."""
    from dbt.cli.main import dbtRunner

    env.apply()
    try:
        return dbtRunner(manifest=manifest, callbacks=list(callbacks)).invoke(
            [*args, "--project-dir", os.environ["DBT_PROJECT_DIR"], "--profiles-dir", os.environ["DBT_PROFILES_DIR"]])
    finally:
        close_duckdb()


def _parse_inputs() -> str:
    """What the manifest depends on: the dbt files, the seeds folder dbt reads, target and settings."""
    digest = hashlib.sha256()
    for root in ([paths.DBT_PROJECT_FILE, paths.REPO_ROOT / "profiles.yml", paths.DBT_DIR], [paths.SEEDS_DIR]):
        digest.update(tree(root, paths.REPO_ROOT)[0].encode())
    digest.update(paths.dbt_target_name().encode())  # SCORECARD_TARGET, with its default
    for key in SETTINGS:
        if key != "SCORECARD_TARGET":
            digest.update(f"{key}={os.environ.get(key, '')}".encode())
    return digest.hexdigest()


def manifest_is_current(inputs: str | None = None) -> bool:
    target = paths.dbt_target_path()
    try:
        stamp = json.loads((target / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (target / "manifest.json").exists() and stamp.get("inputs") == (inputs or _parse_inputs())


def _manifest_key(inputs: str) -> str:
    """What a parsed ``Manifest`` object depends on beyond the parse inputs: the database it names (the
    build database's file name: the build itself points ``SCORECARD_DUCKDB`` at it), the project and
    profile folders, the Spark schema, and the versions of Python, dbt and its adapters (a saved
    object is only loaded by the same ones)."""
    import importlib.metadata
    import sys

    parts = [inputs, paths.warehouse_paths().build_db.stem, sys.version]
    parts += [f"{key}={os.environ.get(key, '')}" for key in ("DBT_PROJECT_DIR", "DBT_PROFILES_DIR", "SCORECARD_SPARK_SCHEMA")]
    for dist in ("dbt-core", "dbt-duckdb", "dbt-spark"):
        try:
            parts.append(f"{dist}={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{dist}=absent")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _load_saved(key: str) -> Any:
    """The saved ``Manifest`` when it was saved under ``key``, else None."""
    target = paths.dbt_target_path()
    try:
        stamp = json.loads((target / STAMP).read_text(encoding="utf-8"))
        if stamp.get("manifest_key") != key:
            return None
        with open(target / SAVED_MANIFEST, "rb") as fh:
            fields = pickle.load(fh)
        from dbt.contracts.graph.manifest import Manifest

        return Manifest(**fields)
    except Exception:  # absent, unreadable or from other code: parse instead
        return None


def _save(manifest: Any) -> None:
    """Save the ``Manifest``'s data fields (its lookups are caches it rebuilds; dbt 1.11's own
    ``__reduce_ex__`` passes them positionally into the wrong fields, so the object is not pickled
    as a whole)."""
    import dataclasses

    fields = {f.name: getattr(manifest, f.name) for f in dataclasses.fields(manifest)
              if f.init and not f.name.startswith("_")}
    target = paths.dbt_target_path()
    partial = target / f".{SAVED_MANIFEST}.{os.getpid()}"
    with open(partial, "wb") as fh:
        pickle.dump(fields, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, target / SAVED_MANIFEST)


def _parse(inputs: str) -> Any:
    """``dbt parse`` into the target folder (dbt parses partially from its previous state there), with
    the profile the build uses (the build database); returns the ``Manifest`` and saves it."""
    target = paths.dbt_target_path()
    errors: list[str] = []

    def collect(event) -> None:
        if event.info.level == "error":
            errors.append(event.info.msg)

    with env.overridden(SCORECARD_DUCKDB=str(paths.warehouse_paths().build_db)):
        result = invoke(["parse", "--log-level", "none", "--target", paths.dbt_target_name(),
                         "--target-path", str(target)], callbacks=(collect,))
    if not result.success or not (target / "manifest.json").exists():
        raise ParseError("\n".join(errors) or str(result.exception or "dbt parse failed"))
    key = _manifest_key(inputs)
    _save(result.result)
    (target / STAMP).write_text(json.dumps({"inputs": inputs, "manifest_key": key}), encoding="utf-8")
    _PARSED.clear()
    _PARSED.update(key=key, manifest=result.result)
    return result.result


def parse(force: bool = False) -> Path:
    """``dbt parse`` unless the manifest is current; returns the manifest path."""
    env.apply()
    inputs = _parse_inputs()
    if force or not manifest_is_current(inputs):
        _parse(inputs)
    return paths.dbt_target_path() / "manifest.json"


def parsed_manifest() -> Any:
    """The ``Manifest`` of today's inputs, for a build in this process: the one this process parsed or
    loaded when nothing has changed since, else the one saved by the last parse when it was parsed
    from the same inputs, else a (partial) parse now."""
    env.apply()
    inputs = _parse_inputs()
    key = _manifest_key(inputs)
    if _PARSED.get("key") == key:
        return _PARSED["manifest"]
    manifest = _load_saved(key) if manifest_is_current(inputs) else None
    if manifest is None:
        return _parse(inputs)
    _PARSED.clear()
    _PARSED.update(key=key, manifest=manifest)
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
