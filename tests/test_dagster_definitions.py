"""The Dagster code location loads and has the expected assets, checks, job, schedule and sensors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance, build_sensor_context

from orchestration import seed_catalog

ROOT = Path(__file__).resolve().parents[1]


def _manifest_nodes(manifest_path: Path, resource_type: str) -> list[dict]:
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return [n for n in manifest["nodes"].values() if n["resource_type"] == resource_type]


def test_definitions_load(dagster_defs):
    graph = dagster_defs.resolve_asset_graph()
    assert graph.get_all_asset_keys()
    job = dagster_defs.resolve_job_def("full_refresh")
    assert job.executor_def.name == "in_process"


def test_report_assets_one_per_file(dagster_defs):
    graph = dagster_defs.resolve_asset_graph()
    files = seed_catalog.report_files()
    assert files
    for source_file, rows in files.items():
        key = AssetKey(["reports", Path(source_file).stem])
        node = graph.get(key)
        assert node.group_name == "reports"
        assert not node.is_materializable  # external: the files are not made by the pipeline
        metadata = node.metadata
        assert "path" in metadata and "titles" in metadata and "meeting_dates" in metadata
        for row in rows:
            assert row["report_id"] in metadata["report_ids"]


def test_seed_assets_depend_on_validation_and_reports(dagster_defs, dbt_manifest):
    graph = dagster_defs.resolve_asset_graph()
    seed_reports = seed_catalog.seed_report_ids()
    seeds = _manifest_nodes(dbt_manifest, "seed")
    assert seeds
    for node in seeds:
        key = AssetKey(["raw", node["name"]])
        asset = graph.get(key)
        assert asset.group_name == "raw"
        parents = asset.parent_keys
        assert AssetKey("seed_validation") in parents
        report_parents = {k for k in parents if k.path[0] == "reports"}
        if seed_reports.get(node["name"]):
            assert report_parents, f"{key.to_user_string()} has no report upstream"
    assert graph.get(AssetKey("seed_validation")).group_name == "validation"


def test_model_groups_and_marts_feed_exports(dagster_defs, dbt_manifest):
    graph = dagster_defs.resolve_asset_graph()
    models = _manifest_nodes(dbt_manifest, "model")
    marts = [m for m in models if m["config"].get("schema") == "marts"]
    for model in models:
        key = AssetKey([model["config"]["schema"], model["name"]])
        assert graph.get(key).group_name in ("staging", "intermediate", "marts")
    export_keys = [AssetKey(n) for n in ("export_tables", "export_spreadsheet", "export_scorecard_html", "export_open_data")]
    for key in export_keys:
        node = graph.get(key)
        assert node.group_name == "exports"
        for mart in marts:
            assert AssetKey(["marts", mart["name"]]) in node.parent_keys
    publish_parents = graph.get(AssetKey("publish")).parent_keys
    assert set(export_keys) <= publish_parents
    for mart in marts:
        assert AssetKey(["marts", mart["name"]]) in publish_parents


def test_dbt_tests_are_asset_checks(dagster_defs, dbt_manifest):
    tests = _manifest_nodes(dbt_manifest, "test")
    graph = dagster_defs.resolve_asset_graph()
    check_names = {key.name for key in graph.asset_check_keys}
    assert "published_warehouse_has_every_mart" in check_names
    attached = [t for t in tests if t.get("attached_node")]
    for test in attached:
        assert test["name"] in check_names


def test_schedule_and_sensors(dagster_defs):
    schedule = dagster_defs.resolve_schedule_def("weekly_full_refresh")
    assert schedule.cron_schedule == "0 6 * * 1"
    assert schedule.execution_timezone == "Europe/London"
    assert schedule.job_name == "full_refresh"
    sensor = dagster_defs.resolve_sensor_def("seed_or_report_files_changed")
    assert sensor.minimum_interval_seconds == 60
    assert dagster_defs.resolve_sensor_def("log_run_failures")


def test_file_change_sensor_requests_a_run(dagster_defs, tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    reports = tmp_path / "reports"
    seeds.mkdir()
    reports.mkdir()
    (seeds / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (reports / "r.txt").write_text("report\n", encoding="utf-8")
    monkeypatch.setenv("SCORECARD_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("SCORECARD_REPORTS_DIR", str(reports))
    sensor = dagster_defs.resolve_sensor_def("seed_or_report_files_changed")
    with DagsterInstance.ephemeral() as instance:
        first = sensor.evaluate_tick(build_sensor_context(instance=instance, cursor=None))
        assert not first.run_requests and first.cursor
        same = sensor.evaluate_tick(build_sensor_context(instance=instance, cursor=first.cursor))
        assert not same.run_requests
        time.sleep(0.01)
        (reports / "r.txt").write_text("report, revised\n", encoding="utf-8")
        changed = sensor.evaluate_tick(build_sensor_context(instance=instance, cursor=first.cursor))
        assert len(changed.run_requests) == 1
        assert changed.run_requests[0].job_name in (None, "full_refresh")
        assert changed.cursor != first.cursor


def _dagster_cli(args: list[str], dbt_target_dir: Path, home: Path) -> str:
    env = {**os.environ, "DAGSTER_HOME": str(home), "DBT_TARGET_PATH": str(dbt_target_dir)}
    dagster = Path(sys.executable).parent / "dagster"
    proc = subprocess.run(
        [str(dagster), *args, "-m", "orchestration.definitions"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.mark.parametrize(
    "command, names",
    [
        (["schedule", "list"], ["weekly_full_refresh"]),
        (["sensor", "list"], ["seed_or_report_files_changed", "log_run_failures"]),
    ],
)
def test_dagster_cli_lists(command, names, dbt_target_dir, tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    out = _dagster_cli(command, dbt_target_dir, home)
    for name in names:
        assert name in out
