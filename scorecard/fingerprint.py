"""Fingerprints of a run's inputs: what a published release was built from.

A run compares the fingerprint of its inputs with the one recorded in the published release: when
nothing differs, the published warehouse is current and the run stops there (``--force`` rebuilds
anyway). The inputs, by category (a change in any file of a category changes its hash):

* ``seeds``: every file under the seeds folder (CSVs and their declarations);
* ``reports``: the report text files the registry names (their bytes);
* ``dbt``: ``dbt_project.yml``, ``profiles.yml`` and everything under ``dbt_project/``;
* ``code``: the Python packages that validate, build, export and publish (``bi``, ``expectations``,
  ``exporters``, ``metric_tables``, ``orchestration``, ``scorecard``);
* ``environment``: ``pyproject.toml``, ``constraints.txt`` and the SCORECARD_* settings that change
  what a run produces.

Content hashes (SHA-256), never modification times: a checkout or a copy does not look changed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from scorecard.catalog import report_files
from scorecard.paths import DBT_DIR, REPO_ROOT, WarehousePaths

CODE_PACKAGES = ("bi", "expectations", "exporters", "metric_tables", "orchestration", "scorecard")
# settings that change what is built or published (paths only move it)
SETTINGS = ("SCORECARD_TARGET", "SCORECARD_UNCHECKED", "SCORECARD_SUPPRESSION_THRESHOLD", "SCORECARD_POSTGRES_URL")
_SKIP_PARTS = {"__pycache__", ".pytest_cache"}


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not (_SKIP_PARTS & set(p.parts))
                  and not p.name.startswith(".") and not p.name.endswith("~"))


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex), read in blocks: seeds, reports, code; bulk inputs included."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree(roots: list[Path], base: Path) -> tuple[str, dict[str, str]]:
    digest = hashlib.sha256()
    files: dict[str, str] = {}
    for root in roots:
        for path in _files(root):
            try:
                name = str(path.relative_to(base))
            except ValueError:
                name = str(path)
            h = file_hash(path)
            files[name] = h
            digest.update(f"{name}\0{h}\n".encode())
        if not root.exists():
            digest.update(f"{root}\0(absent)\n".encode())
    return digest.hexdigest(), files


def inputs(paths: WarehousePaths) -> dict:
    """{category: hash} plus ``seed_files`` ({file: hash}, to say which seeds changed)."""
    seeds_hash, seed_files = tree([paths.seeds_dir], paths.seeds_dir)
    try:
        reports = [paths.reports_dir / name for name in report_files(paths.seeds_dir)]
    except (OSError, KeyError, UnicodeDecodeError):
        reports = []
    reports_hash, _ = tree(reports, paths.reports_dir)
    dbt_hash, _ = tree([REPO_ROOT / "dbt_project.yml", REPO_ROOT / "profiles.yml", DBT_DIR], REPO_ROOT)
    code_hash, _ = tree([REPO_ROOT / p for p in CODE_PACKAGES], REPO_ROOT)
    env = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        path = REPO_ROOT / name
        env.update(path.read_bytes() if path.exists() else b"")
    for key in SETTINGS:
        env.update(f"{key}={os.environ.get(key, '')}\n".encode())
    return {"seeds": seeds_hash, "reports": reports_hash, "dbt": dbt_hash, "code": code_hash,
            "environment": env.hexdigest(), "seed_files": seed_files}


def changed(old: dict | None, new: dict) -> list[str]:
    """The categories whose hash differs (every category when there is nothing to compare with)."""
    categories = [k for k in new if k != "seed_files"]
    if not old:
        return categories
    return [k for k in categories if old.get(k) != new.get(k)]
