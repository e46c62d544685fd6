"""The dbt project as assets: `dbt build` (seeds, models, and dbt tests as asset checks).

dbt runs in the step's own process (``orchestration.resources.dbt``). The build writes into the *build*
database (``warehouse/.build/scorecard.duckdb``), never the published one: ``SCORECARD_DUCKDB`` points at
the build file while dbt runs. A full build starts from an empty file; a partial one (what changed, or a
subset of dbt assets picked in the UI) from a copy of the published file. dbt's unit tests run when what
they test changed since the published release (``Freshness.unit_tests_reason``). Row counts are read
after dbt has finished, read-only.
"""


import json
import time
from collections.abc import Mapping
from typing import Any

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetMaterialization,
    Failure,
    MetadataValue,
    Output,
)
from dagster_dbt import dbt_assets

from orchestration.assets.translator import ScorecardTranslator, layer_of
from orchestration.project import get_dbt_project
from orchestration.resources.dbt import DbtBuild, DbtResource
from orchestration.resources.warehouse import WarehouseResource
from orchestration.summary import md_counts, profiles, reconciliation_counts
from scorecard import freshness

DBT_PROJECT = get_dbt_project()
TRANSLATOR = ScorecardTranslator()
MANIFEST: dict[str, Any] = json.loads(DBT_PROJECT.manifest_path.read_text(encoding="utf-8"))

_ASSET_NODES = [
    node
    for node in MANIFEST.get("nodes", {}).values()
    if node.get("resource_type") in ("seed", "model", "snapshot")
    and (node.get("config") or {}).get("enabled", True)
]


def _key(node: Mapping[str, Any]) -> AssetKey:
    return TRANSLATOR.get_asset_key(node)


SEED_KEYS: list[AssetKey] = sorted((_key(n) for n in _ASSET_NODES if n["resource_type"] == "seed"), key=str)
MODEL_KEYS: list[AssetKey] = sorted((_key(n) for n in _ASSET_NODES if n["resource_type"] != "seed"), key=str)
KEY_BY_UNIQUE_ID: dict[str, AssetKey] = {n["unique_id"]: _key(n) for n in _ASSET_NODES}
MART_KEYS: list[AssetKey] = sorted(
    (_key(n) for n in _ASSET_NODES if n["resource_type"] != "seed" and layer_of(n) == "marts"), key=str
)


def _failure_summary(build: DbtBuild, manifest: Mapping[str, Any]) -> str:
    lines: list[str] = []
    run_results = build.run_results()
    nodes = manifest.get("nodes", {})
    failed, skipped = [], 0
    for result in run_results.get("results", []):
        status = str(result.get("status"))
        if status == "skipped":
            skipped += 1
        if status not in ("error", "fail", "runtime error"):
            continue
        node = nodes.get(result.get("unique_id"), {})
        message = " ".join(str(result.get("message") or "").split())[:400]
        if node.get("resource_type") == "test":
            parents = [node.get("attached_node")] if node.get("attached_node") else [
                uid for uid in (node.get("depends_on") or {}).get("nodes", []) if uid in nodes
            ]
            on = ", ".join(
                f"{nodes[uid].get('schema')}.{nodes[uid].get('name')}" for uid in parents if uid in nodes
            ) or "?"
            column = node.get("column_name")
            where = f" column {column}" if column else ""
            n_fail = result.get("failures")
            failures = f", {n_fail} failing row(s)" if n_fail not in (None, 0) else ""
            failed.append(f"  - dbt test {node.get('name')} on {on}{where}: {status.upper()}{failures} - {message}")
        else:
            failed.append(
                f"  - {node.get('resource_type', 'node')} {node.get('schema')}.{node.get('name')}: {status.upper()} - {message}"
            )
    header = f"dbt build failed ({len(failed)} failing node(s), {skipped} skipped downstream)"
    lines.append(header)
    lines.extend(failed)
    if not failed and build.error is not None:
        lines.append(str(getattr(build.error, "description", None) or build.error))
    return "\n".join(lines)


@dbt_assets(
    manifest=DBT_PROJECT.manifest_path,
    dagster_dbt_translator=TRANSLATOR,
    name="scorecard_dbt",
)
def scorecard_dbt(context: AssetExecutionContext, dbt: DbtResource, warehouse: WarehouseResource):
    # context.assets_def is the subsetted definition in a partial run: compare with the full one
    selected = set(context.selected_asset_keys)
    fresh = selected >= set(scorecard_dbt.keys)
    paths = warehouse.prepare_database(fresh=fresh)
    context.log.info(
        f"dbt build (target {warehouse.target}) into {paths.build_db} "
        f"({'fresh database' if fresh or not paths.published_db.exists() else 'copy of the published database'})"
    )
    unit_tests = freshness.check(paths).unit_tests_reason()
    context.log.info(f"dbt unit tests: run ({unit_tests})" if unit_tests else
                     "dbt unit tests: not run (the dbt project, environment and seed declarations are the published "
                     "release's, whose build ran them)")
    started = time.monotonic()
    with warehouse.dbt_environment():
        build = dbt.build(context, MANIFEST, TRANSLATOR, DBT_PROJECT.target_path,
                          () if unit_tests else ("--exclude-resource-type", "unit_test"))
    succeeded = build.success
    context.log.info(f"dbt build {'succeeded' if succeeded else 'FAILED'} in {time.monotonic() - started:.1f}s")
    events = list(build.dagster_events(context, MANIFEST, TRANSLATOR, DBT_PROJECT))

    nodes = MANIFEST.get("nodes", {})
    counts: dict[tuple[str, str], dict] = {}
    if warehouse.is_duckdb:
        relations = []
        for event in events:
            if isinstance(event, (Output, AssetMaterialization)) and "unique_id" in event.metadata:
                node = nodes.get(event.metadata["unique_id"].value, {})
                # tables (seeds, marts) and staging views; other views can be costly to count
                if node and (node.get("config", {}).get("materialized") != "view" or layer_of(node) == "staging"):
                    relations.append((node["schema"], node.get("alias") or node["name"]))
        started = time.monotonic()
        counts = profiles(paths.build_db, relations)
        reconciliation = reconciliation_counts(paths.build_db)
        context.log.info(f"profiled {len(counts)} relations in {time.monotonic() - started:.1f}s")
    else:
        reconciliation = None

    for event in events:
        if isinstance(event, (Output, AssetMaterialization)) and "unique_id" in event.metadata:
            node = nodes.get(event.metadata["unique_id"].value, {})
            extra: dict[str, Any] = {}
            relation = (node.get("schema"), node.get("alias") or node.get("name"))
            for key, value in counts.get(relation, {}).items():
                extra[key] = MetadataValue.md(value) if key == "preview" else value
            if node.get("name") == "fct_reconciliation" and reconciliation:
                extra["reconciliation_by_status"] = MetadataValue.md(md_counts(reconciliation, "status"))
            if extra:
                event = event.with_metadata({**event.metadata, **extra})
        yield event

    if not succeeded:
        raise Failure(description=_failure_summary(build, MANIFEST))
