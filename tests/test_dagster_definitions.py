"""The Dagster code location loads and has the expected assets, checks, job, schedule and sensors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance, build_sensor_context

from scorecard import catalog

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
    files = catalog.report_files()
    assert files
    for source_file, rows in files.items():
        key = AssetKey(["report_files", Path(source_file).stem])
        node = graph.get(key)
        assert node.group_name == "source_reports"
        assert not node.is_materializable  # external: the files are not made by the pipeline
        metadata = node.metadata
        assert "path" in metadata and "titles" in metadata and "meeting_dates" in metadata
        for row in rows:
            assert row["report_id"] in metadata["report_ids"]


def test_seed_assets_depend_on_validation_and_reports(dagster_defs, dbt_manifest):
    graph = dagster_defs.resolve_asset_graph()
    seed_reports = {s.name: catalog.cited_reports(s) for s in catalog.load().seeds.values()}
    seeds = _manifest_nodes(dbt_manifest, "seed")
    assert seeds
    for node in seeds:
        key = AssetKey(["raw", node["name"]])
        asset = graph.get(key)
        assert asset.group_name == "raw"
        parents = asset.parent_keys
        assert AssetKey("seed_validation") in parents
        report_parents = {k for k in parents if k.path[0] == "report_files"}
        if seed_reports.get(node["name"]):
            assert report_parents, f"{key.to_user_string()} has no report upstream"
    assert graph.get(AssetKey("seed_validation")).group_name == "validation"


def test_model_groups_and_marts_feed_exports(dagster_defs, dbt_manifest):
    graph = dagster_defs.resolve_asset_graph()
    models = _manifest_nodes(dbt_manifest, "model")
    marts = [m for m in models if m["config"].get("schema") == "marts"]
    for model in models:
        key = AssetKey([model["config"]["schema"], model["name"]])
        assert graph.get(key).group_name in ("staging", "intermediate", "marts", "semantic")
    EXPORT_KEYS = [k for k in graph.get_all_asset_keys() if k.path[0] == "exports"]
    manifest = json.loads(dbt_manifest.read_text(encoding="utf-8"))
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert {k.path[-1] for k in EXPORT_KEYS} == set(exposures)  # one export asset per exposure
    read_by_exports = set()
    for key in EXPORT_KEYS:
        node = graph.get(key)
        assert node.group_name == "exports"
        exposure = exposures[key.path[-1]]
        wanted = {AssetKey([manifest["nodes"][uid]["config"]["schema"], manifest["nodes"][uid]["name"]])
                  for uid in exposure["depends_on"]["nodes"]}
        read_by_exports |= wanted
        if (exposure.get("meta") or exposure.get("config", {}).get("meta") or {}).get("includes_metric_tables"):
            wanted |= {k for k in graph.get_all_asset_keys() if k.path[0] == "metrics"}
        assert set(node.parent_keys) == wanted  # an export depends on exactly what its exposure reads
    assert {AssetKey(["marts", m["name"]]) for m in marts} - read_by_exports == set(), "a mart no export reads"
    assert set(EXPORT_KEYS) == set(graph.get(AssetKey("publish")).parent_keys)


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
    sensor = dagster_defs.resolve_sensor_def("inputs_changed")
    assert sensor.minimum_interval_seconds == 60
    assert dagster_defs.resolve_sensor_def("log_run_failures")


def test_inputs_sensor_requests_a_run_only_when_the_published_warehouse_is_not_current(
        dagster_defs, full_run, tmp_path, monkeypatch):
    """The sensor asks the same question as make run (scorecard.freshness): current -> skip."""
    for key, value in full_run["env"].items():
        monkeypatch.setenv(key, value)
    sensor = dagster_defs.resolve_sensor_def("inputs_changed")
    with DagsterInstance.ephemeral() as instance:
        current = sensor.evaluate_tick(build_sensor_context(instance=instance, cursor=None))
        assert not current.run_requests and "is current" in (current.skip_message or "")
        seeds = tmp_path / "seeds"
        shutil.copytree(ROOT / "seeds", seeds)
        path = seeds / "osc_2023_11_scorecard" / "osc_2023_11_scorecard__absence_rate.csv"
        path.write_text(path.read_text(encoding="utf-8").replace("8.2%", "8.3%"), encoding="utf-8")
        monkeypatch.setenv("SCORECARD_SEEDS_DIR", str(seeds))
        changed = sensor.evaluate_tick(build_sensor_context(instance=instance, cursor=None))
        assert len(changed.run_requests) == 1 and changed.run_requests[0].tags["changed"] == "seeds"
        again = sensor.evaluate_tick(build_sensor_context(instance=instance, cursor=changed.cursor))
        assert not again.run_requests  # each change is requested once


def test_weekly_schedule_skips_when_current(dagster_defs, full_run, monkeypatch):
    from dagster import build_schedule_context

    for key, value in full_run["env"].items():
        monkeypatch.setenv(key, value)
    schedule = dagster_defs.resolve_schedule_def("weekly_full_refresh")
    with DagsterInstance.ephemeral() as instance:
        data = schedule.evaluate_tick(build_schedule_context(instance=instance))
    assert not data.run_requests and "is current" in (data.skip_message or "")


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


@pytest.mark.slow  # a `dagster` process each, loading the code location (7 s): run in CI by make test-slow
@pytest.mark.parametrize(
    "command, names",
    [
        (["schedule", "list"], ["weekly_full_refresh"]),
        (["sensor", "list"], ["inputs_changed", "log_run_failures"]),
    ],
)
def test_dagster_cli_lists(command, names, dbt_target_dir, tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    out = _dagster_cli(command, dbt_target_dir, home)
    for name in names:
        assert name in out
