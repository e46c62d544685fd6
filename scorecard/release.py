"""Publishing a run as one release: the database and every export change together or not at all.

Layout, in the published database's folder (``warehouse/`` by default)::

    releases/<release id>/scorecard.duckdb   the database, in a storage version DuckDB 1.1+ clients read
    releases/<release id>/exports/           every export of the same run
    releases/<release id>/release.json       run id, time, what was checked, the inputs' fingerprints
    releases/<release id>/manifest.json      the dbt manifest the release was built from
    current -> releases/<release id>         the published release (a symlink)
    scorecard.duckdb -> current/scorecard.duckdb
    <exports path> -> <warehouse>/current/exports   (``exports/`` at the project root by default)

``publish`` assembles the new release completely in ``releases/.incoming-<id>/``, renames it into
place, and then switches ``current`` with one atomic rename. Until that rename nothing a reader can
see has changed; after it, the database and the exports are both the new ones. Any failure before
the switch removes the incoming folder and leaves the previous release exactly as it was. The stable
paths are links created once (a first publish over an older project layout moves the old files into
a release of their own, then links them, before anything else changes). Readers that hold an open
file keep working after a switch; the oldest releases beyond ``KEEP`` are removed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from scorecard.paths import WarehousePaths

KEEP = 3
STORAGE_VERSION = "v1.1.0"  # DuckDB 1.1 and later (the drivers BI tools ship) can read the published file
RELEASE_FILE = "release.json"
MANIFEST_FILE = "manifest.json"
INCOMING = ".incoming-"


class PublishError(RuntimeError):
    """Nothing was published; the message says why. The previous release is unchanged."""


@dataclass(frozen=True)
class Published:
    release_id: str
    path: Path
    info: dict


def current_release(paths: WarehousePaths) -> Published | None:
    """The published release, or None when nothing is published yet (or only an older layout is)."""
    target = paths.current
    if not target.is_symlink() and not target.is_dir():
        return None
    folder = target.resolve()
    try:
        info = json.loads((folder / RELEASE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    return Published(folder.name, folder, info)


def _link(path: Path, target: Path) -> None:
    """Make ``path`` a symlink to ``target`` (relative where possible), replacing a link atomically."""
    try:
        value = os.path.relpath(target, path.parent)
    except ValueError:
        value = str(target)
    tmp = path.with_name(f".{path.name}.link-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(value, tmp)
    os.replace(tmp, path)


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def preflight(paths: WarehousePaths) -> list[str]:
    """Everything publish needs to be able to do, checked before anything is built or moved. Returns
    the problems (empty when publish can go ahead)."""
    problems = []
    warehouse = paths.warehouse_dir
    existing = warehouse if warehouse.exists() else next((p for p in warehouse.parents if p.exists()), warehouse)
    if not _writable(existing):
        problems.append(f"{existing} is not writable: the warehouse folder cannot be created or written")
    if paths.releases_dir.exists() and not _writable(paths.releases_dir):
        problems.append(f"{paths.releases_dir} is not writable")
    for stable, what in ((paths.published_db, "database"), (paths.published_exports, "exports")):
        if stable.is_symlink():
            continue
        parent = stable.parent
        if stable.exists() and not _writable(parent):
            problems.append(f"the published {what} {stable} is from an older layout and its folder {parent} is not "
                            f"writable, so it cannot be replaced by the link into the release: make {parent} writable "
                            f"or move {stable} away")
        elif not stable.exists():
            probe = parent if parent.exists() else next((p for p in parent.parents if p.exists()), parent)
            if not _writable(probe):
                problems.append(f"cannot create the link {stable} (the published {what}): {probe} is not writable")
    return problems


def _migrate_legacy(paths: WarehousePaths) -> None:
    """A first publish over the older layout (a plain database file and exports folder): move them into
    a release of their own and link them, so readers see no change before the real switch."""
    legacy_db = paths.published_db.exists() and not paths.published_db.is_symlink()
    legacy_exports = paths.published_exports.exists() and not paths.published_exports.is_symlink()
    if not (legacy_db or legacy_exports) or paths.current.is_symlink():
        return
    release = paths.releases_dir / ("legacy-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ"))
    release.mkdir(parents=True)
    moved: list[tuple[Path, Path]] = []
    try:
        if legacy_db:
            os.rename(paths.published_db, release / paths.published_db.name)
            moved.append((release / paths.published_db.name, paths.published_db))
        if legacy_exports:
            shutil.move(str(paths.published_exports), str(release / "exports"))
            moved.append((release / "exports", paths.published_exports))
        (release / RELEASE_FILE).write_text(json.dumps({"release_id": release.name, "legacy": True}), encoding="utf-8")
        _link(paths.current, release)
        if legacy_db:
            _link(paths.published_db, paths.current / paths.published_db.name)
        if legacy_exports:
            _link(paths.published_exports, paths.current / "exports")
    except OSError:
        for src, dst in reversed(moved):
            if dst.is_symlink():
                dst.unlink()
            shutil.move(str(src), str(dst))
        if paths.current.is_symlink():
            paths.current.unlink()
        shutil.rmtree(release, ignore_errors=True)
        raise


def write_database(build_db: Path, out: Path) -> None:
    """Copy the build database into ``out`` in the storage version DuckDB 1.1+ reads. The build is
    attached under its own catalog name, so views (which name that catalog) resolve while copied and
    again when the published file (the same file name) is opened."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(f"attach '{_sql(build_db)}' as {build_db.stem} (read_only)")
        con.execute(f"attach '{_sql(out)}' as published_copy (storage_version '{STORAGE_VERSION}')")
        con.execute(f"copy from database {build_db.stem} to published_copy")
        con.execute("detach published_copy")  # checkpoints: the file alone is the whole database
    finally:
        con.close()


def _sql(path: Path) -> str:
    return str(path).replace("'", "''")


def publish(paths: WarehousePaths, run_id: str, info: dict, manifest: Path | None = None) -> Published:
    """Publish the build (``paths.build_db`` and ``paths.build_exports``) as one new release."""
    problems = preflight(paths)
    if problems:
        raise PublishError("; ".join(problems))
    if not paths.build_db.exists():
        raise PublishError(f"there is no build database at {paths.build_db}")
    if not paths.build_exports.is_dir():
        raise PublishError(f"there are no build exports at {paths.build_exports}")
    now = dt.datetime.now(dt.UTC)
    release_id = f"{now:%Y%m%dT%H%M%SZ}-{run_id[:8]}"
    paths.releases_dir.mkdir(parents=True, exist_ok=True)
    clear_incoming(paths)
    _migrate_legacy(paths)
    incoming = paths.releases_dir / f"{INCOMING}{release_id}"
    final = paths.releases_dir / release_id
    try:
        incoming.mkdir()
        write_database(paths.build_db, incoming / paths.published_db.name)
        _place_exports(paths.build_exports, incoming / "exports")
        if manifest is not None and manifest.exists():
            shutil.copy2(manifest, incoming / MANIFEST_FILE)
        record = {"release_id": release_id, "run_id": run_id, "published_at": now.isoformat(timespec="seconds"),
                  "storage_version": STORAGE_VERSION, **info}
        (incoming / RELEASE_FILE).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
        os.rename(incoming, final)
    except BaseException as exc:
        shutil.rmtree(incoming, ignore_errors=True)
        if isinstance(exc, OSError):
            raise PublishError(f"could not assemble release {release_id}: {exc}") from exc
        raise
    try:
        _link(paths.current, final)  # the switch: one atomic rename
    except OSError as exc:
        shutil.rmtree(final, ignore_errors=True)
        raise PublishError(f"could not switch {paths.current} to release {release_id}: {exc}") from exc
    for stable, target in ((paths.published_db, paths.current / paths.published_db.name),
                           (paths.published_exports, paths.current / "exports")):
        if not stable.is_symlink():
            stable.parent.mkdir(parents=True, exist_ok=True)
            _link(stable, target)
    _prune(paths, keep=final)
    shutil.rmtree(paths.build_dir, ignore_errors=True)
    return Published(release_id, final, record)


def _place_exports(build: Path, target: Path) -> None:
    try:
        os.rename(build, target)
    except OSError:  # another file system
        shutil.copytree(build, target)
        shutil.rmtree(build, ignore_errors=True)


def clear_incoming(paths: WarehousePaths) -> list[Path]:
    """Remove what an interrupted publish left (incoming folders, temporary links)."""
    removed = []
    if paths.releases_dir.is_dir():
        for folder in paths.releases_dir.glob(f"{INCOMING}*"):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    for parent in {paths.warehouse_dir, paths.published_exports.parent}:
        for tmp in parent.glob(".*.link-*") if parent.is_dir() else ():
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _prune(paths: WarehousePaths, keep: Path) -> None:
    releases = sorted((p for p in paths.releases_dir.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.stat().st_mtime)
    for old in releases[:-KEEP]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
