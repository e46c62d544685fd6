"""The whole pipeline, in-process, against temp warehouse/exports paths (env overrides).

1. A full run succeeds: validation, dbt build (every dbt test passes as an asset check), exports,
   publish; the published DuckDB file holds every mart and the build file is gone.
2. A broken seed (in a copy of seeds/, SCORECARD_SEEDS_DIR) fails the run at ``seed_validation``
   with file/row/column in the message; nothing downstream runs, and the published database and
   exports are byte-identical before and after.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterEventType, build_run_status_sensor_context

from expectations.bad_input import CASES as BAD_INPUT_CASES
from expectations.bad_input import REPORT_CASES, break_reports, break_seed
from scorecard.paths import reports_dir

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
LOG_LEVEL = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _tree_digest(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def pipeline(full_run):
    """The session's full run (tests/conftest.py)."""
    return full_run


def _failure_text(result) -> str:
    parts = []
    for event in result.all_events:
        if event.event_type == DagsterEventType.STEP_FAILURE:
            data = event.event_specific_data
            if data.user_failure_data and data.user_failure_data.description:
                parts.append(data.user_failure_data.description)
            if data.error:
                parts.append(data.error.to_string())
    return "\n".join(parts)


def test_full_refresh_succeeds_and_publishes(pipeline, dbt_manifest):
    result = pipeline["result"]
    assert result.success, _failure_text(result)

    checks = result.get_asset_check_evaluations()
    failed = [f"{c.asset_key.to_user_string()}:{c.check_name}" for c in checks if not c.passed]
    assert not failed, failed
    manifest = json.loads(dbt_manifest.read_text(encoding="utf-8"))
    dbt_tests = [n for n in manifest["nodes"].values() if n["resource_type"] == "test" and n.get("attached_node")]
    assert len(checks) >= len(dbt_tests)

    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert AssetKey("seed_validation") in materialized
    assert AssetKey("publish") in materialized
    for name in ("tables", "scorecard_workbook", "scorecard_page", "open_data"):
        assert AssetKey(["exports", name]) in materialized

    warehouse = Path(pipeline["env"]["SCORECARD_DUCKDB"])
    assert warehouse.exists()
    assert not (warehouse.parent / ".build").exists(), "the build area should be gone once published"
    assert warehouse.is_symlink() and Path(pipeline["env"]["SCORECARD_EXPORTS_DIR"]).is_symlink()
    assert Path(pipeline["env"]["SCORECARD_EXPORTS_DIR"]).is_dir()
    marts = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["config"].get("schema") == "marts"]
    seeds = [n for n in manifest["nodes"].values() if n["resource_type"] == "seed"]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = {(s, t) for s, t in con.execute("select table_schema, table_name from information_schema.tables").fetchall()}
    finally:
        con.close()
    for node in marts + seeds:
        assert (node["schema"], node.get("alias") or node["name"]) in tables
    print(f"\nfull run: {pipeline['elapsed']:.1f}s, {len(checks)} checks passed")


def _run_on_broken_seeds(pipeline, tmp_path: Path, monkeypatch, case: str):
    """Break a copy of the seeds (expectations.bad_input), run the job on it through the real gate,
    and check that the published warehouse and exports are byte-for-byte unchanged."""
    assert pipeline["result"].success, "the full run must succeed first"
    warehouse = Path(pipeline["env"]["SCORECARD_DUCKDB"])
    exports = Path(pipeline["env"]["SCORECARD_EXPORTS_DIR"])
    db_before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    exports_before = _tree_digest(exports)

    for key, value in pipeline["env"].items():
        monkeypatch.setenv(key, value)
    if case in REPORT_CASES:
        if not reports_dir().is_dir():
            pytest.skip("the reports folder is absent: report breakages cannot be tried")
        monkeypatch.delenv("SCORECARD_UNCHECKED", raising=False)
        broken = tmp_path / "reports"
        shutil.copytree(reports_dir(), broken)
        breakage = break_reports(broken, case)
        monkeypatch.setenv("SCORECARD_REPORTS_DIR", str(broken))
    else:
        broken = tmp_path / "seeds"
        shutil.copytree(ROOT / "seeds", broken)
        breakage = break_seed(broken, case)
        if breakage.rule == "provenance" and not reports_dir().is_dir():
            pytest.skip("the reports folder is absent: a changed printed value cannot be found out")
        monkeypatch.setenv("SCORECARD_SEEDS_DIR", str(broken))
    monkeypatch.setenv("SCORECARD_GX_DATA_DOCS", "0")  # the findings are what matters here
    result = pipeline["job"].execute_in_process(
        instance=pipeline["instance"], raise_on_error=False, run_config=LOG_LEVEL
    )

    assert not result.success
    failed_steps = [e.step_key for e in result.all_events if e.event_type == DagsterEventType.STEP_FAILURE]
    assert failed_steps == ["seed_validation"]
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert not materialized, f"nothing may be (re)built after a failed validation: {materialized}"
    text = _failure_text(result)
    assert Path(breakage.file).name in text and f"rule {breakage.rule}" in text, text[:2000]
    if breakage.row:
        assert f"row {breakage.row}" in text, text[:2000]
    assert breakage.column in text, text[:2000]
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == db_before
    assert _tree_digest(exports) == exports_before
    return result, breakage


def test_broken_seed_stops_at_validation_and_the_failure_is_logged(pipeline, tmp_path, monkeypatch):
    result, breakage = _run_on_broken_seeds(pipeline, tmp_path, monkeypatch, "wrong_type")

    # the run-failure sensor writes a readable summary to <warehouse>/logs/run_failures.log
    instance = pipeline["instance"]
    defs_sensor = pipeline["defs"].resolve_sensor_def("log_run_failures")
    run = instance.get_run_by_id(result.run_id)
    failure_event = next(e for e in result.all_events if e.event_type == DagsterEventType.RUN_FAILURE)
    context = build_run_status_sensor_context(
        sensor_name="log_run_failures", dagster_event=failure_event, dagster_instance=instance, dagster_run=run
    ).for_run_failure()
    defs_sensor(context)
    log = Path(pipeline["env"]["SCORECARD_DUCKDB"]).parent / "logs" / "run_failures.log"
    content = log.read_text(encoding="utf-8")
    assert result.run_id in content
    assert "seed_validation" in content and Path(breakage.file).stem in content and breakage.column in content


@pytest.mark.parametrize("case", [c for c in (*BAD_INPUT_CASES, *REPORT_CASES) if c != "wrong_type"])
def test_every_bad_input_stops_the_run_and_loses_nothing(pipeline, tmp_path, monkeypatch, case):
    """Each other breakage of expectations.bad_input (of the seeds, or of the reports folder), through
    the real job: it stops at the gate, names the file, and the published release is unchanged."""
    _run_on_broken_seeds(pipeline, tmp_path, monkeypatch, case)
