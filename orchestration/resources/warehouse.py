"""Where the warehouse is built, where it is published, and which dbt target builds it.

Every path can be set on the resource; a field left unset falls back to an environment variable,
read when the run uses it (so a test can move everything with env overrides):

| field                  | env                      | default                                   |
| ---------------------- | ------------------------ | ----------------------------------------- |
| published_db_path      | SCORECARD_DUCKDB         | <repo>/warehouse/scorecard.duckdb         |
| build_dir              | SCORECARD_BUILD_DIR      | <published db folder>/.build              |
| build_db_path          | -                        | <build_dir>/<published db file name>      |
| build_exports_dir      | -                        | <build_dir>/exports                       |
| published_exports_dir  | SCORECARD_EXPORTS_DIR    | <repo>/exports                            |
| seeds_dir              | SCORECARD_SEEDS_DIR      | <repo>/seeds (what the validation gate reads) |
| reports_dir            | SCORECARD_REPORTS_DIR    | <repo>/../shared/reports                  |
| logs_dir               | SCORECARD_LOGS_DIR       | <published db folder>/logs                |
| target                 | (SCORECARD_TARGET, read in definitions.py) | duckdb               |

The build database keeps the published file's name (``scorecard.duckdb``): dbt-duckdb qualifies
view SQL with the catalog name, which is the file stem, so a view built in the build file still
resolves once the file is renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from dagster import ConfigurableResource

from orchestration.project import REPO_ROOT


def _resolve(raw: str | os.PathLike | None, env: str | None, default: Path) -> Path:
    value = raw if raw not in (None, "") else (os.environ.get(env) if env else None)
    if value in (None, ""):
        return default
    path = Path(value).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


@dataclass(frozen=True)
class WarehousePaths:
    published_db: Path
    build_db: Path
    published_exports: Path
    build_exports: Path
    seeds_dir: Path
    reports_dir: Path
    logs_dir: Path

    @property
    def build_dir(self) -> Path:
        return self.build_db.parent

    @property
    def failure_log(self) -> Path:
        return self.logs_dir / "run_failures.log"


def resolve_paths(
    published_db_path: str | None = None,
    build_dir: str | None = None,
    build_db_path: str | None = None,
    build_exports_dir: str | None = None,
    published_exports_dir: str | None = None,
    seeds_dir: str | None = None,
    reports_dir: str | None = None,
    logs_dir: str | None = None,
) -> WarehousePaths:
    published_db = _resolve(published_db_path, "SCORECARD_DUCKDB", REPO_ROOT / "warehouse" / "scorecard.duckdb")
    build = _resolve(build_dir, "SCORECARD_BUILD_DIR", published_db.parent / ".build")
    return WarehousePaths(
        published_db=published_db,
        build_db=_resolve(build_db_path, None, build / published_db.name),
        published_exports=_resolve(published_exports_dir, "SCORECARD_EXPORTS_DIR", REPO_ROOT / "exports"),
        build_exports=_resolve(build_exports_dir, None, build / "exports"),
        seeds_dir=_resolve(seeds_dir, "SCORECARD_SEEDS_DIR", REPO_ROOT / "seeds"),
        reports_dir=_resolve(reports_dir, "SCORECARD_REPORTS_DIR", REPO_ROOT.parent / "shared" / "reports"),
        logs_dir=_resolve(logs_dir, "SCORECARD_LOGS_DIR", published_db.parent / "logs"),
    )


class WarehouseResource(ConfigurableResource):
    """Build/publish locations of the DuckDB warehouse and its exports, and the dbt target."""

    published_db_path: Optional[str] = None
    build_dir: Optional[str] = None
    build_db_path: Optional[str] = None
    build_exports_dir: Optional[str] = None
    published_exports_dir: Optional[str] = None
    seeds_dir: Optional[str] = None
    reports_dir: Optional[str] = None
    logs_dir: Optional[str] = None
    target: str = "duckdb"

    def paths(self) -> WarehousePaths:
        return resolve_paths(
            published_db_path=self.published_db_path,
            build_dir=self.build_dir,
            build_db_path=self.build_db_path,
            build_exports_dir=self.build_exports_dir,
            published_exports_dir=self.published_exports_dir,
            seeds_dir=self.seeds_dir,
            reports_dir=self.reports_dir,
            logs_dir=self.logs_dir,
        )

    @property
    def is_duckdb(self) -> bool:
        return self.target == "duckdb"

    def prepare_build(self, fresh: bool) -> WarehousePaths:
        """Start a build: clear the build area; a fresh build starts from an empty database,
        a partial one (a subset of dbt assets) from a copy of the published database."""
        paths = self.paths()
        paths.build_dir.mkdir(parents=True, exist_ok=True)
        for suffix in ("", ".wal", ".tmp"):
            stale = paths.build_db.with_name(paths.build_db.name + suffix)
            if stale.is_dir():
                shutil.rmtree(stale)
            elif stale.exists():
                stale.unlink()
        if paths.build_exports.exists():
            shutil.rmtree(paths.build_exports)
        if not fresh and self.is_duckdb and paths.published_db.exists():
            shutil.copy2(paths.published_db, paths.build_db)
        return paths

    @contextlib.contextmanager
    def dbt_environment(self) -> Iterator[WarehousePaths]:
        """Environment for a dbt build: ``SCORECARD_DUCKDB`` points at the build database.

        ``DbtCliResource.cli`` (dagster-dbt 0.29) copies ``os.environ`` into the dbt subprocess and
        takes no env argument, so the variables are set for the duration of the block and restored.
        """
        paths = self.paths()
        overrides = {"SCORECARD_DUCKDB": str(paths.build_db), "SCORECARD_TARGET": self.target}
        if self.target == "spark":
            # local Spark (dbt-spark, method: session): its warehouse and metastore beside the build,
            # bound to loopback; the profile's log4j path is relative to the project directory
            overrides.update(
                SCORECARD_SPARK_DIR=str((paths.build_db.parent / "spark").resolve()),
                SPARK_LOCAL_IP="127.0.0.1",
                DBT_PROJECT_DIR=str(REPO_ROOT),
            )
        saved = {key: os.environ.get(key) for key in overrides}
        os.environ.update(overrides)
        try:
            yield paths
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
