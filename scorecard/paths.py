"""Where things are: the project's folders, the reports, and the warehouse a run builds and publishes.

Every location can be moved with an environment variable, read when it is used (a test moves them all):

| what                         | env                     | default                                      |
| ---------------------------- | ----------------------- | -------------------------------------------- |
| published database           | SCORECARD_DUCKDB        | <repo>/warehouse/scorecard.duckdb            |
| published exports            | SCORECARD_EXPORTS_DIR   | <repo>/exports                               |
| build area (one run's work)  | SCORECARD_BUILD_DIR     | <published database folder>/.build           |
| seeds the gate validates     | SCORECARD_SEEDS_DIR     | <repo>/seeds                                 |
| report text files            | SCORECARD_REPORTS_DIR   | <repo>/../shared/reports                     |
| run logs                     | SCORECARD_LOGS_DIR      | <published database folder>/logs             |
| dbt artifacts (manifest)     | DBT_TARGET_PATH         | <repo>/target                                |

A published warehouse is a release: ``<warehouse>/releases/<id>/`` holds the database, the exports and
``release.json``; ``<warehouse>/current`` points at one release, and the published database and exports
paths are links through ``current`` (see ``scorecard.release``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
DBT_DIR = REPO_ROOT / "dbt_project"
MACROS_DIR = DBT_DIR / "macros"
DBT_PROJECT_FILE = REPO_ROOT / "dbt_project.yml"
DEFAULT_REPORTS_DIR = REPO_ROOT.parent / "shared" / "reports"


def _from_env(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    if not value:
        return default
    path = Path(value).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


def seeds_dir() -> Path:
    return _from_env("SCORECARD_SEEDS_DIR", SEEDS_DIR)


def reports_dir() -> Path:
    """The folder of report text files (``SCORECARD_REPORTS_DIR``, default ``../shared/reports``)."""
    return _from_env("SCORECARD_REPORTS_DIR", DEFAULT_REPORTS_DIR)


def dbt_target_path() -> Path:
    """Where dbt writes its artifacts (``DBT_TARGET_PATH``, default ``<repo>/target``)."""
    return _from_env("DBT_TARGET_PATH", REPO_ROOT / "target")


def dbt_target_name() -> str:
    """The dbt target (profiles.yml output): ``SCORECARD_TARGET``, default duckdb."""
    return os.environ.get("SCORECARD_TARGET") or "duckdb"


@dataclass(frozen=True)
class WarehousePaths:
    published_db: Path
    published_exports: Path
    build_dir: Path
    seeds_dir: Path
    reports_dir: Path
    logs_dir: Path

    @property
    def warehouse_dir(self) -> Path:
        return self.published_db.parent

    @property
    def releases_dir(self) -> Path:
        return self.warehouse_dir / "releases"

    @property
    def current(self) -> Path:
        """The link to the published release."""
        return self.warehouse_dir / "current"

    @property
    def build_db(self) -> Path:
        # The build database keeps the published file's name: dbt-duckdb qualifies view SQL with the
        # catalog name (the file stem), so a view built here still resolves once published.
        return self.build_dir / self.published_db.name

    @property
    def build_exports(self) -> Path:
        return self.build_dir / "exports"

    @property
    def validation_dir(self) -> Path:
        return self.warehouse_dir / "validation"

    @property
    def lock_file(self) -> Path:
        return self.warehouse_dir / ".run.lock"

    @property
    def failure_log(self) -> Path:
        return self.logs_dir / "run_failures.log"


def warehouse_paths() -> WarehousePaths:
    published_db = _from_env("SCORECARD_DUCKDB", REPO_ROOT / "warehouse" / "scorecard.duckdb")
    return WarehousePaths(
        published_db=published_db,
        published_exports=_from_env("SCORECARD_EXPORTS_DIR", REPO_ROOT / "exports"),
        build_dir=_from_env("SCORECARD_BUILD_DIR", published_db.parent / ".build"),
        seeds_dir=seeds_dir(),
        reports_dir=reports_dir(),
        logs_dir=_from_env("SCORECARD_LOGS_DIR", published_db.parent / "logs"),
    )
