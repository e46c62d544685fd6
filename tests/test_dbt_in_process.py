"""dbt inside the run's own process (``orchestration.project``, ``orchestration.resources.dbt``): the
parsed manifest saved for the next process and loaded only under its own key, dbt-duckdb's database
closed after each command, dbt's unit tests run only when what they test changed, and the metric
layer's SQL reused until the semantic manifest changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from scorecard import env
from scorecard.freshness import Freshness
from scorecard.release import Published


def test_the_saved_manifest_is_the_parsed_one_and_only_loads_under_its_key(project, dbt_target_dir):
    inputs = project._parse_inputs()
    assert project.manifest_is_current(inputs)
    loaded = project._load_saved(project._manifest_key(inputs))
    assert loaded is not None, "the session parse saves its Manifest beside manifest.json"
    written = json.loads((dbt_target_dir / "manifest.json").read_text(encoding="utf-8"))
    assert {uid: n.checksum.checksum for uid, n in loaded.nodes.items()} == {
        uid: n["checksum"]["checksum"] for uid, n in written["nodes"].items()}
    for collection in ("macros", "saved_queries", "semantic_models", "unit_tests", "exposures"):
        assert set(getattr(loaded, collection)) == set(written[collection]), collection
    # the lookups dbt builds from the data (dbt 1.11's own pickling shifts them into the wrong fields)
    mart = next(n for n in loaded.nodes.values() if n.resource_type == "model" and n.name == "fct_metric_observations")
    assert loaded.ref_lookup.find("fct_metric_observations", None, None, loaded) is mart
    saved_query = next(iter(loaded.saved_queries.values()))
    assert loaded.saved_query_lookup.find(saved_query.name, None, loaded) is saved_query
    assert project._load_saved("a key from other inputs") is None


def test_an_unreadable_saved_manifest_is_parsed_again(project, dbt_target_dir, tmp_path, monkeypatch):
    target = tmp_path / "target"
    shutil.copytree(dbt_target_dir, target, ignore=shutil.ignore_patterns("scorecard_dbt"))
    (target / project.SAVED_MANIFEST).write_bytes(b"not a pickle")
    monkeypatch.setenv("DBT_TARGET_PATH", str(target))
    monkeypatch.setattr(project, "_PARSED", {})
    manifest = project.parsed_manifest()
    assert "model.scorecard.fct_metric_observations" in manifest.nodes
    assert project._load_saved(project._manifest_key(project._parse_inputs())) is not None, "saved again"


def test_a_dbt_command_leaves_the_database_closed_for_this_process(project, tmp_path):
    db = tmp_path / "scorecard.duckdb"
    with env.overridden(SCORECARD_DUCKDB=str(db)):
        result = project.invoke(["show", "--inline", "select 42 as answer", "--log-level", "none"],
                                manifest=project.parsed_manifest())
    assert result.success, result.exception
    # a read-only connection has another configuration: DuckDB refuses it while dbt's is still open
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select 1").fetchone() == (1,)


def _freshness(changed: list[str], seed_files_before: dict, seed_files_now: dict, published: bool = True) -> Freshness:
    info = {"inputs": {"seed_files": seed_files_before}}
    return Freshness(False, Published("r1", Path("."), info) if published else None,
                     {"seed_files": seed_files_now}, changed)


def test_unit_tests_run_only_when_what_they_test_changed():
    assert _freshness([], {}, {}, published=False).unit_tests_reason() == "nothing is published yet"
    assert "dbt" in _freshness(["dbt"], {}, {}).unit_tests_reason()
    assert "environment" in _freshness(["environment"], {}, {}).unit_tests_reason()
    declaration = _freshness(["seeds"], {"a/_a__seeds.yml": "1", "a/a.csv": "1"}, {"a/_a__seeds.yml": "2", "a/a.csv": "1"})
    assert "seed declaration a/_a__seeds.yml" in declaration.unit_tests_reason()
    # a seed's content, a report, the pipeline's Python: the unit tests' fixtures are static
    content = _freshness(["seeds", "reports", "code"], {"a/a.csv": "1"}, {"a/a.csv": "2"})
    assert content.unit_tests_reason() is None


def test_the_metric_sql_is_reused_until_the_semantic_manifest_changes(published_warehouse, tmp_path, monkeypatch):
    from metric_tables import materialise
    from orchestration.assets.dbt import DBT_PROJECT

    used = DBT_PROJECT.manifest_path.parent  # where the full run's metric tables step read and wrote
    target = tmp_path / "target"
    target.mkdir()
    for name in ("semantic_manifest.json", "manifest.json", materialise.COMPILED):
        shutil.copy2(used / name, target / name)
    planned = json.loads((target / materialise.COMPILED).read_text(encoding="utf-8"))["queries"]

    def no_planning(*_args, **_kwargs):
        raise AssertionError("MetricFlow was asked to plan the queries again")

    monkeypatch.setattr(materialise, "_engine", no_planning)
    assert materialise.compiled_sql(target) == planned
    semantic = target / "semantic_manifest.json"
    semantic.write_text(semantic.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="plan the queries again"):
        materialise.compiled_sql(target)


@pytest.mark.parametrize("index_memory_mb, checkpoints", [("0", True), ("256", False)])
def test_primary_key_indexes_are_checkpointed_out_of_memory_past_their_size(
        project, published_warehouse, tmp_path, index_memory_mb, checkpoints):
    """After a mart's primary key, the post-hook checkpoints (outside the model's transaction) once the
    indexes held in DuckDB's memory reach SCORECARD_INDEX_MEMORY_MB; below it nothing waits."""
    db = tmp_path / "scorecard.duckdb"
    shutil.copyfile(published_warehouse, db)
    statements: list[str] = []

    def collect(event) -> None:
        if event.info.name == "SQLQuery":
            statements.append(" ".join(event.data.sql.split()).lower())

    with env.overridden(SCORECARD_DUCKDB=str(db), SCORECARD_INDEX_MEMORY_MB=index_memory_mb):
        result = project.invoke(["run", "--select", "dim_metric", "--target-path", str(tmp_path / "target"),
                                 "--log-path", str(tmp_path), "--log-level", "none"],
                                callbacks=(collect,), manifest=project.parsed_manifest())
    assert result.success, result.exception
    key = next(i for i, s in enumerate(statements) if "add primary key (metric_id)" in s)
    checkpoint = [i for i, s in enumerate(statements) if s.endswith("force checkpoint")]
    assert bool(checkpoint) == checkpoints, statements[-5:]
    if checkpoints:  # after the model's commit: a checkpoint cannot run inside a transaction
        assert any(s == "commit" for s in statements[key:checkpoint[0]]), statements[key:checkpoint[0] + 1]
