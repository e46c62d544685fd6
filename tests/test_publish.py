"""One run at a time, and a release that is published whole or not at all (scorecard.lock,
scorecard.release), through the real job where a user would meet them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterEventType, DagsterRunStatus

from scorecard import lock, release
from scorecard.paths import REPO_ROOT, warehouse_paths

pytestmark = pytest.mark.slow
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _digest(path: Path) -> dict[str, str]:
    if path.is_file():
        return {"": hashlib.sha256(path.read_bytes()).hexdigest()}
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def _published(env: dict) -> tuple[dict, dict]:
    return _digest(Path(env["SCORECARD_DUCKDB"])), _digest(Path(env["SCORECARD_EXPORTS_DIR"]))


def _failure_text(result) -> str:
    parts = []
    for event in result.all_events:
        if event.event_type in (DagsterEventType.STEP_FAILURE, DagsterEventType.RUN_FAILURE):
            data = event.event_specific_data
            user = getattr(data, "user_failure_data", None)
            if user is not None and user.description:
                parts.append(user.description)
            error = getattr(data, "error", None)
            if error is not None:
                parts.append(error.to_string())
            parts.append(event.message or "")
    return "\n".join(parts)


@pytest.fixture
def run_env(full_run, monkeypatch):
    assert full_run["result"].success
    for key, value in full_run["env"].items():
        monkeypatch.setenv(key, value)
    return full_run


HOLD_LOCK = textwrap.dedent("""
    import sys, time
    from scorecard import lock
    lock.acquire(sys.argv[1], command="a long run (test)")
    print("held", flush=True)
    time.sleep(60)
""")


def test_a_second_run_says_which_run_is_in_progress_and_touches_nothing(run_env):
    paths = warehouse_paths()
    before = _published(run_env["env"])
    paths.build_dir.mkdir(parents=True, exist_ok=True)
    marker = paths.build_dir / "first-run-is-working-here"
    marker.write_text("x", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(paths.lock_file)], cwd=REPO_ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_env["job"].execute_in_process(instance=run_env["instance"], raise_on_error=False,
                                                   run_config=QUIET)
        assert not result.success
        text = _failure_text(result)
        assert "another run is in progress" in text and f"pid {holder.pid}" in text, text[:1500]
        assert not result.get_asset_materialization_events()
        cli = subprocess.run([sys.executable, "-m", "orchestration.run"], cwd=REPO_ROOT, capture_output=True,
                             text=True, env={**os.environ}, timeout=120)
        assert cli.returncode == 3, cli.stdout + cli.stderr
        assert "another run is in progress" in cli.stdout and str(holder.pid) in cli.stdout
        assert marker.exists(), "the first run's build area was touched"
        assert _published(run_env["env"]) == before
    finally:
        holder.kill()
        holder.wait()
        shutil.rmtree(paths.build_dir, ignore_errors=True)


def test_a_dead_run_is_marked_failed_and_its_leftovers_cleared(run_env, tmp_path, monkeypatch):
    from dagster._core.events import DagsterEvent

    paths = warehouse_paths()
    instance = run_env["instance"]
    dead = instance.create_run_for_job(run_env["job"], run_config=QUIET)
    instance.report_dagster_event(DagsterEvent(DagsterEventType.RUN_START.value, job_name=dead.job_name), dead.run_id)
    assert instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.STARTED
    # the process was killed: its lock description stays behind, the kernel released the lock itself
    paths.lock_file.write_text(json.dumps({"pid": 999999, "host": "gone", "started_at": "earlier",
                                           "run_id": dead.run_id}), encoding="utf-8")
    (paths.build_dir / "leftover").mkdir(parents=True, exist_ok=True)
    incoming = paths.releases_dir / f"{release.INCOMING}killed"
    incoming.mkdir(parents=True, exist_ok=True)
    # the next run (here one the gate stops) finds it before anything else, marks it failed, clears it
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO_ROOT / "seeds", seeds)
    (seeds / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    monkeypatch.setenv("SCORECARD_SEEDS_DIR", str(seeds))
    result = run_env["job"].execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET)
    assert not result.success and "extra.csv" in _failure_text(result)
    assert instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.FAILURE
    assert not (paths.build_dir / "leftover").exists() and not incoming.exists()
    assert not lock.holds(paths.lock_file) and paths.lock_file.read_text(encoding="utf-8") == ""


def _prepare_build(paths) -> None:
    """A complete build area, as a run leaves it just before publish: a copy of the published release."""
    shutil.rmtree(paths.build_dir, ignore_errors=True)
    paths.build_dir.mkdir(parents=True)
    shutil.copy2(paths.published_db.resolve(), paths.build_db)
    shutil.copytree(paths.published_exports.resolve(), paths.build_exports)


def _publish_only(run_env):
    from dagster import AssetKey

    return run_env["job"].execute_in_process(instance=run_env["instance"], raise_on_error=False, run_config=QUIET,
                                             asset_selection=[AssetKey("publish")])


def test_a_publish_that_fails_half_way_leaves_the_previous_release_whole(run_env, monkeypatch):
    paths = warehouse_paths()
    before = _published(run_env["env"])
    current = paths.current.resolve()
    _prepare_build(paths)

    def fail(*_args):
        raise OSError("the disk filled up between the database and the exports")

    monkeypatch.setattr(release, "_place_exports", fail)
    result = _publish_only(run_env)
    assert not result.success
    text = _failure_text(result)
    assert "nothing was published" in text and "disk filled up" in text, text[:1500]
    assert _published(run_env["env"]) == before and paths.current.resolve() == current
    assert not list(paths.releases_dir.glob(f"{release.INCOMING}*")), "an incoming release was left behind"
    from orchestration.sensors.failure_log import failure_summary

    summary = failure_summary(run_env["instance"], result.run_id)
    assert "nothing was published" in summary and "WAS published" not in summary


def test_an_unwritable_export_target_stops_publish_before_anything_changes(run_env, monkeypatch):
    paths = warehouse_paths()
    before = _published(run_env["env"])
    _prepare_build(paths)
    monkeypatch.setenv("SCORECARD_EXPORTS_DIR", "/dev/null/exports")  # its folder is a file: nothing can go there
    result = _publish_only(run_env)
    assert not result.success
    text = _failure_text(result)
    assert "nothing was published" in text and "/dev/null" in text, text[:1500]
    monkeypatch.setenv("SCORECARD_EXPORTS_DIR", run_env["env"]["SCORECARD_EXPORTS_DIR"])
    assert _published(run_env["env"]) == before
    assert not list(paths.releases_dir.glob(f"{release.INCOMING}*"))
    shutil.rmtree(paths.build_dir, ignore_errors=True)


def test_the_published_file_is_in_a_storage_version_duckdb_1_1_reads(published_warehouse):
    header = published_warehouse.resolve().read_bytes()[:64]
    assert int.from_bytes(header[12:20], "little") == 64  # 64: DuckDB 1.x storage; 999: the 2.0 format
    with duckdb.connect(str(published_warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_metric_observations").fetchone()[0] > 1000
